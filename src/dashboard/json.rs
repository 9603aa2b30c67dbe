//! Checked reading of untrusted JSON objects: typed field access whose errors carry a JSON path
//! (`panels[3].gridPos.w must be …`), and notices for unknown fields. Shared by the dashboard and
//! snapshot readers.

use serde_json::{Map, Value};

/// Most notices kept; the rest are counted in one final line.
const MAX_NOTICES: usize = 100;

/// Notices collected while reading (unknown fields, values that were adjusted).
#[derive(Debug)]
pub(crate) struct Notes {
    list: Vec<String>,
    dropped: usize,
    cap: usize,
}

impl Default for Notes {
    fn default() -> Self {
        Notes::with_cap(MAX_NOTICES)
    }
}

impl Notes {
    /// Keeps at most `cap` notices.
    pub(crate) fn with_cap(cap: usize) -> Notes {
        Notes { list: Vec::new(), dropped: 0, cap }
    }

    pub(crate) fn push(&mut self, s: String) {
        if self.list.len() < self.cap {
            self.list.push(s);
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    pub(crate) fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.list.push(format!("… and {} more notices.", self.dropped));
        }
        self.list
    }
}

/// `path.key`, or `key` at the root.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `path[i]`.
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// What kind of JSON value this is, for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first `n` characters of `s` (never splits a character), with `…` when cut.
pub(crate) fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or("")),
        None => s.to_string(),
    }
}

/// An object being read, with its path.
pub(crate) struct Obj<'a> {
    pub(crate) map: &'a Map<String, Value>,
    pub(crate) path: String,
}

impl<'a> Obj<'a> {
    /// `v` as an object; keys not in `known` are reported once each in `notes` (then ignored).
    pub(crate) fn new(v: &'a Value, path: &str, known: &[&str], notes: &mut Notes) -> Result<Obj<'a>, String> {
        let Value::Object(map) = v else {
            let what = if path.is_empty() { "The dashboard" } else { path };
            return Err(format!("{what} must be an object, not {}", type_name(v)));
        };
        for k in map.keys() {
            if !known.contains(&k.as_str()) {
                notes.push(format!("{}: unknown field ignored", join(path, &clip(k, 60))));
            }
        }
        Ok(Obj { map, path: path.to_string() })
    }

    pub(crate) fn p(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The value of `key`; `null` counts as missing.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// An optional string of at most `max` characters.
    pub(crate) fn opt_str(&self, key: &str, max: usize) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                let n = s.chars().count();
                if n > max {
                    Err(format!("{} is too long ({n} characters, at most {max})", self.p(key)))
                } else {
                    Ok(Some(s.clone()))
                }
            }
            Some(v) => Err(format!("{} must be a string, not {}", self.p(key), type_name(v))),
        }
    }

    /// A string, empty when missing.
    pub(crate) fn str(&self, key: &str, max: usize) -> Result<String, String> {
        Ok(self.opt_str(key, max)?.unwrap_or_default())
    }

    /// A string that must be present.
    pub(crate) fn req_str(&self, key: &str, max: usize) -> Result<String, String> {
        self.opt_str(key, max)?.ok_or_else(|| format!("{} is missing", self.p(key)))
    }

    pub(crate) fn bool(&self, key: &str, default: bool) -> Result<bool, String> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(format!("{} must be true or false, not {}", self.p(key), type_name(v))),
        }
    }

    /// An optional whole number in `lo..=hi`.
    pub(crate) fn opt_u32(&self, key: &str, lo: u32, hi: u32) -> Result<Option<u32>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(x) if x >= u64::from(lo) && x <= u64::from(hi) => Ok(u32::try_from(x).ok()),
                _ => Err(format!("{} must be a whole number in {lo}..{hi} (got {n})", self.p(key))),
            },
            Some(v) => Err(format!("{} must be a number, not {}", self.p(key), type_name(v))),
        }
    }

    /// A whole number in `lo..=hi` that must be present.
    pub(crate) fn req_u32(&self, key: &str, lo: u32, hi: u32) -> Result<u32, String> {
        self.opt_u32(key, lo, hi)?.ok_or_else(|| format!("{} is missing", self.p(key)))
    }

    /// An optional finite number.
    pub(crate) fn opt_f64(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(format!("{} must be a finite number", self.p(key))),
            },
            Some(v) => Err(format!("{} must be a number, not {}", self.p(key), type_name(v))),
        }
    }

    /// An array of at most `max` items (empty when missing).
    pub(crate) fn arr(&self, key: &str, max: usize) -> Result<&'a [Value], String> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(a)) if a.len() > max => {
                Err(format!("{} has {} items, at most {max} are allowed", self.p(key), a.len()))
            }
            Some(Value::Array(a)) => Ok(a.as_slice()),
            Some(v) => Err(format!("{} must be an array, not {}", self.p(key), type_name(v))),
        }
    }

    /// An array of strings (each at most `max_len` characters).
    pub(crate) fn str_list(&self, key: &str, max: usize, max_len: usize) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for (i, v) in self.arr(key, max)?.iter().enumerate() {
            match v {
                Value::String(s) if s.chars().count() <= max_len => out.push(s.clone()),
                Value::String(_) => {
                    return Err(format!("{} is too long (at most {max_len} characters)", index(&self.p(key), i)))
                }
                _ => return Err(format!("{} must be a string, not {}", index(&self.p(key), i), type_name(v))),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_never_splits_characters() {
        assert_eq!(clip("héllo", 2), "hé…");
        assert_eq!(clip("ab", 5), "ab");
        assert_eq!(clip("😀😀😀", 1), "😀…");
    }

    #[test]
    fn notes_are_capped() {
        let mut n = Notes::default();
        for i in 0..150 {
            n.push(format!("n{i}"));
        }
        let v = n.finish();
        assert_eq!(v.len(), MAX_NOTICES + 1);
        assert_eq!(v.last().map(String::as_str), Some("… and 50 more notices."));
    }

    #[test]
    fn typed_access_reports_paths() {
        let v: Value = serde_json::json!({"a": "x", "n": 30, "f": 1.5, "b": 1, "l": ["a", 2], "z": null});
        let mut notes = Notes::default();
        let o = Obj::new(&v, "panels[3]", &["a", "n", "f", "b", "l"], &mut notes).unwrap();
        assert_eq!(notes.finish(), vec!["panels[3].z: unknown field ignored".to_string()]);
        assert_eq!(o.opt_u32("n", 1, 24).unwrap_err(), "panels[3].n must be a whole number in 1..24 (got 30)");
        assert_eq!(o.opt_u32("f", 1, 24).unwrap_err(), "panels[3].f must be a whole number in 1..24 (got 1.5)");
        assert_eq!(o.bool("b", false).unwrap_err(), "panels[3].b must be true or false, not a number");
        assert_eq!(o.str_list("l", 10, 10).unwrap_err(), "panels[3].l[1] must be a string, not a number");
        assert_eq!(o.req_str("missing", 10).unwrap_err(), "panels[3].missing is missing");
        assert_eq!(o.str("z", 10).unwrap(), "");
        assert_eq!(o.str("a", 0).unwrap_err(), "panels[3].a is too long (1 characters, at most 0)");
        assert!(Obj::new(&Value::Null, "", &[], &mut Notes::default()).is_err());
    }
}
