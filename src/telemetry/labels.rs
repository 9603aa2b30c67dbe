//! A label set: sorted name → value pairs, as Prometheus and Loki use them.

use std::collections::BTreeMap;
use std::fmt;

/// Sorted label set. Sorting makes equal sets compare and hash equal and gives a stable display order.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Labels(pub BTreeMap<String, String>);

impl Labels {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), value.into());
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Labels {
    /// Inserted one by one (a later duplicate name replaces the earlier value, as `BTreeMap::from_iter` does):
    /// `collect` into a map sorts its pairs first with a stable sort compiled for this pair type (docs/decisions/0011).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = BTreeMap::new();
        map.extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
        Labels(map)
    }
}

/// Prometheus style: `name{a="1", b="2"}` without the name; `{}` when empty.
impl fmt::Display for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))?;
        }
        f.write_str("}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collected_pairs_are_sorted_by_name_and_a_later_duplicate_wins() {
        let l: Labels = [("job", "api"), ("instance", "a:1"), ("job", "web")].into_iter().collect();
        assert_eq!(l.iter().collect::<Vec<_>>(), vec![("instance", "a:1"), ("job", "web")]);
        assert_eq!(l.to_string(), r#"{instance="a:1", job="web"}"#);
    }
}
