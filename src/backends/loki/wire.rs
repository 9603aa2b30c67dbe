//! Exact JSON shapes of Loki's query API (`/loki/api/v1/*`). The app reads them with `read.rs`; their serde
//! derives are the tests' record of how answers were read before. Metric results reuse Prometheus' wire types
//! (Loki writes them the same way).

use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::backends::prometheus::wire::{null_as_empty, MatrixSeries, Sample, StringSample, VectorSample};
use crate::telemetry::{shared_name, Fields, Labels};

/// `{"status":"success","data":{...},"warnings":[...]}`. Loki sends errors as plain text, not in here.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    #[serde(default)]
    pub status: String,
    #[serde(default = "none")]
    pub data: Option<T>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub warnings: Vec<String>,
}

fn none<T>() -> Option<T> {
    None
}

/// `data` of `/loki/api/v1/query_range` and `/query`: `{"resultType":..., "result":..., "stats":{...}}`.
/// `encodingFlags` and `stats` are skipped.
#[derive(Debug, Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
pub enum QueryData {
    Streams(#[serde(deserialize_with = "null_as_empty")] Vec<Stream>),
    Matrix(#[serde(deserialize_with = "null_as_empty")] Vec<MatrixSeries>),
    Vector(#[serde(deserialize_with = "null_as_empty")] Vec<VectorSample>),
    Scalar(Sample),
    String(StringSample),
}

/// One stream: `{"stream":{labels},"values":[[ts, line], ...]}`.
#[derive(Debug, Deserialize)]
pub struct Stream {
    #[serde(default)]
    pub stream: Labels,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub values: Vec<Entry>,
}

/// `["<ns>", "<line>"]`, or with `categorize-labels` `["<ns>", "<line>", {"structuredMetadata":{..},"parsed":{..}}]`.
/// `ts_ns` is None when the timestamp was unreadable.
#[derive(Debug, PartialEq)]
pub struct Entry {
    pub ts_ns: Option<i64>,
    pub line: String,
    pub categories: Option<Categories>,
}

/// The third element of a categorized entry.
#[derive(Debug, Default, PartialEq, Deserialize)]
pub struct Categories {
    #[serde(default, rename = "structuredMetadata", deserialize_with = "label_map")]
    pub structured_metadata: Fields,
    #[serde(default, deserialize_with = "label_map")]
    pub parsed: Fields,
}

/// `/loki/api/v1/status/buildinfo` (no envelope).
#[derive(Debug, Deserialize)]
pub struct BuildInfo {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub revision: String,
}

/// Parses a nanosecond timestamp string (digits, optional leading `-`); None if it is anything else.
pub fn parse_ns(s: &str) -> Option<i64> {
    s.trim().parse::<i64>().ok()
}

struct TsVisitor;

impl<'de> Visitor<'de> for TsVisitor {
    type Value = Option<i64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a nanosecond timestamp")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<i64>, E> {
        Ok(parse_ns(s))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<i64>, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<i64>, E> {
        Ok(i64::try_from(v).ok())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<i64>, E> {
        // A float cannot carry nanosecond precision; treat as unreadable rather than guess.
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }
}

struct Ts(Option<i64>);

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ts, D::Error> {
        d.deserialize_any(TsVisitor).map(Ts)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a [timestamp, line] or [timestamp, line, {categories}] array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
        let ts: Ts = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let line: String = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
        let categories: Option<MaybeCategories> = seq.next_element()?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Entry { ts_ns: ts.0, line, categories: categories.and_then(|c| c.0) })
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        d.deserialize_seq(EntryVisitor)
    }
}

/// The third element of an entry: the categories when it is an object, None for anything else (ignored).
struct MaybeCategories(Option<Categories>);

impl<'de> Deserialize<'de> for MaybeCategories {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MaybeCategories, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeCategories;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of label categories")
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<MaybeCategories, M::Error> {
                Categories::deserialize(de::value::MapAccessDeserializer::new(map)).map(|c| MaybeCategories(Some(c)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MaybeCategories, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeCategories(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<MaybeCategories, E> {
                Ok(MaybeCategories(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<MaybeCategories, E> {
                Ok(MaybeCategories(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<MaybeCategories, E> {
                Ok(MaybeCategories(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<MaybeCategories, E> {
                Ok(MaybeCategories(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<MaybeCategories, E> {
                Ok(MaybeCategories(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<MaybeCategories, E> {
                Ok(MaybeCategories(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A field name, shared with the lines before that had it (no string made per line for it).
struct Name(Arc<str>);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Name, E> {
                Ok(Name(shared_name(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A label map whose values may be any JSON (strings kept, numbers/bools written as text, others skipped),
/// or `null`.
fn label_map<'de, D: Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Fields;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map of labels")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Fields, E> {
            Ok(Fields::new())
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Fields, M::Error> {
            let mut out = Fields::new();
            while let Some(Name(k)) = map.next_key::<Name>()? {
                match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(s) => out.insert(k, s),
                    serde_json::Value::Number(n) => out.insert(k, n.to_string()),
                    serde_json::Value::Bool(b) => out.insert(k, b.to_string()),
                    _ => {}
                }
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_with_and_without_categories() {
        let v: Vec<Entry> = serde_json::from_str(
            r#"[["1795453970304193550","a"],["12","b",{"structuredMetadata":{"trace_id":"ab"},"parsed":{"n":1}}],["x","c"],[5,"d",null],["6","e","junk",[1],{}]]"#,
        )
        .unwrap();
        assert_eq!(v[0], Entry { ts_ns: Some(1_795_453_970_304_193_550), line: "a".into(), categories: None });
        let c = v[1].categories.as_ref().unwrap();
        assert_eq!(c.structured_metadata.get("trace_id"), Some("ab"));
        assert_eq!(c.parsed.get("n"), Some("1"));
        assert_eq!(v[2].ts_ns, None);
        assert_eq!(v[3].ts_ns, Some(5));
        assert_eq!(v[3].categories, None);
        assert_eq!(v[4], Entry { ts_ns: Some(6), line: "e".into(), categories: None });
        assert!(serde_json::from_str::<Entry>(r#"["1"]"#).is_err());
        assert!(serde_json::from_str::<Entry>(r#"["1", 2]"#).is_err());
    }

    #[test]
    fn streams_data_skips_flags_and_stats() {
        let d: QueryData = serde_json::from_str(
            r#"{"resultType":"streams","encodingFlags":["categorize-labels"],"result":[{"stream":{"a":"1"},"values":[["1","x"]]}],"stats":{"summary":{}}}"#,
        )
        .unwrap();
        assert!(matches!(d, QueryData::Streams(s) if s.len() == 1 && s[0].values.len() == 1));
    }
}
