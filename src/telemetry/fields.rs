//! A log line's own fields (structured metadata, parsed fields): a small name-sorted list, cheap to build per
//! line (one allocation for the list, one per value; names shared between lines), read like [`Labels`].

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Labels;

/// Name → value pairs sorted by name, each name once (a later insert replaces the value, as in a map).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields(Vec<(Arc<str>, Box<str>)>);

impl Fields {
    pub fn new() -> Fields {
        Fields::default()
    }

    /// Pairs in any order, names possibly repeated (the last value of a name wins), into fields: exactly one
    /// allocation for the list.
    pub fn from_pairs(mut pairs: Vec<(Arc<str>, Box<str>)>) -> Fields {
        if !pairs.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: a repeated name's pairs keep their order, and the last of each run is kept.
            crate::sort::by(&mut pairs, |a, b| a.0.cmp(&b.0));
            let mut kept: Vec<(Arc<str>, Box<str>)> = Vec::with_capacity(pairs.len());
            for p in pairs {
                match kept.last_mut() {
                    Some(last) if last.0 == p.0 => *last = p,
                    _ => kept.push(p),
                }
            }
            pairs = kept;
        }
        Fields(pairs)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.binary_search_by(|(k, _)| (**k).cmp(name)).ok().map(|i| &*self.0[i].1)
    }

    pub fn insert(&mut self, name: impl Into<Arc<str>>, value: impl Into<Box<str>>) {
        let name = name.into();
        match self.0.binary_search_by(|(k, _)| (**k).cmp(&*name)) {
            Ok(i) => self.0[i].1 = value.into(),
            Err(i) => self.0.insert(i, (name, value.into())),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Pairs in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (&**k, &**v))
    }

    /// As a plain map (a snapshot's file).
    pub fn to_map(&self) -> BTreeMap<String, String> {
        self.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }
}

impl From<Labels> for Fields {
    fn from(l: Labels) -> Fields {
        Fields(l.0.into_iter().map(|(k, v)| (Arc::from(k), v.into_boxed_str())).collect())
    }
}

impl<K: Into<Arc<str>>, V: Into<Box<str>>> FromIterator<(K, V)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Fields::from_pairs(iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

/// Most field names kept to share (an answer's lines repeat a few names).
const SHARED_NAMES: usize = 64;

thread_local! {
    static NAMES: std::cell::RefCell<Vec<Arc<str>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A field name, shared with the lines read before that had it (no string made per line for it).
pub fn shared_name(name: &str) -> Arc<str> {
    NAMES.with_borrow_mut(|names| match names.iter().find(|n| ***n == *name) {
        Some(n) => Arc::clone(n),
        None => {
            let n: Arc<str> = Arc::from(name);
            if names.len() < SHARED_NAMES {
                names.push(Arc::clone(&n));
            }
            n
        }
    })
}

/// Something fields are looked up in by name: a stream's labels or a line's own fields.
pub trait FieldSet {
    fn field(&self, name: &str) -> Option<&str>;
    fn is_empty_set(&self) -> bool;
    fn pairs(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_>;
}

/// Both sets read through their own `get`, `is_empty` and `iter`.
macro_rules! field_set {
    ($t:ty) => {
        impl FieldSet for $t {
            fn field(&self, name: &str) -> Option<&str> {
                self.get(name)
            }
            fn is_empty_set(&self) -> bool {
                self.is_empty()
            }
            fn pairs(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
                Box::new(self.iter())
            }
        }
    };
}
field_set!(Labels);
field_set!(Fields);

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(k: &str, v: &str) -> (Arc<str>, Box<str>) {
        (Arc::from(k), Box::from(v))
    }

    #[test]
    fn a_name_read_again_is_the_one_read_before() {
        let (a, b) = (shared_name("trace_id"), shared_name(&String::from("trace_id")));
        assert!(Arc::ptr_eq(&a, &b) && &*a == "trace_id");
        assert_eq!(&*shared_name("span_id"), "span_id");
    }

    #[test]
    fn fields_read_as_a_map_of_the_same_pairs() {
        // Unsorted, with a repeated name: as many inserts into a map, in the same order.
        let pairs = [("b", "1"), ("a", "2"), ("c", "3"), ("a", "4"), ("b", "5"), ("", "6")];
        let from_pairs = Fields::from_pairs(pairs.iter().map(|(k, v)| pair(k, v)).collect());
        let mut inserted = Fields::new();
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            inserted.insert(k, v);
            map.insert(k.to_string(), v.to_string());
        }
        for f in [&from_pairs, &inserted] {
            assert_eq!(f.to_map(), map);
            assert_eq!(f.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["", "a", "b", "c"]);
            assert_eq!((f.get("a"), f.get("b"), f.get("d"), f.len()), (Some("4"), Some("5"), None, 4));
        }
        assert_eq!(from_pairs, inserted);
        assert_eq!(Fields::from(Labels(map.clone())).to_map(), map);
        assert!(Fields::new().is_empty() && Fields::from_pairs(Vec::new()).get("a").is_none());
    }
}
