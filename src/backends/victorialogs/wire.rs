//! Exact shapes of VictoriaLogs' answers: a query answers JSON lines (one object per log line, every value a
//! string: `_time`, `_msg`, `_stream`, `_stream_id` and the fields), hits and field lists answer one JSON
//! object. `_stream` is the stream's fields as text, `{name="value",…}`, read by [`parse_stream`]. The app
//! reads them with `read.rs`; the serde readers here are the tests' oracle and the bench's peer only.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::telemetry::Labels;

/// `{"hits":[{"fields":{"level":"info"},"timestamps":["2026-…Z",…],"values":[3,…],"total":N},…]}`.
#[derive(Debug, Deserialize)]
pub struct Hits {
    #[serde(default, deserialize_with = "crate::backends::prometheus::wire::null_as_empty")]
    pub hits: Vec<HitSeries>,
}

/// One group of hits: its field values, the bucket start times (RFC 3339) and the count per bucket.
#[derive(Debug, Deserialize)]
pub struct HitSeries {
    #[serde(default, deserialize_with = "labels_or_null")]
    pub fields: Labels,
    #[serde(default, deserialize_with = "crate::backends::prometheus::wire::null_as_empty")]
    pub timestamps: Vec<String>,
    #[serde(default, deserialize_with = "crate::backends::prometheus::wire::null_as_empty")]
    pub values: Vec<f64>,
}

/// `{"values":[{"value":"search-service","hits":6528},…]}` of the field name and value lists.
#[derive(Debug, Deserialize)]
pub struct ValueList {
    #[serde(default, deserialize_with = "crate::backends::prometheus::wire::null_as_empty")]
    pub values: Vec<ValueHits>,
}

#[derive(Debug, Deserialize)]
pub struct ValueHits {
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub hits: u64,
}

fn labels_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Labels, D::Error> {
    Ok(Option::<Labels>::deserialize(d)?.unwrap_or_default())
}

/// One line of a query answer: its fields in the order written, each name with its value as text (numbers
/// and booleans written out; `None` for null, arrays and objects). Text is borrowed from the answer where it
/// has no escapes, so a 100k-line answer is read without a string per field.
#[derive(Debug, Default)]
pub struct Row<'a>(pub Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>);

/// A line read by serde ([`Row`]'s `Deserialize`), its error as serde says it: `read::row`'s oracle.
#[doc(hidden)]
pub fn row_serde(line: &str) -> Result<Row<'_>, String> {
    serde_json::from_str(line).map_err(|e| crate::backends::error::json_error(&e))
}

impl<'de> Deserialize<'de> for Row<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = Row<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object of fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row<'de>, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(Text(k)) = map.next_key::<Text<'de>>()? {
                    let FieldText(v) = map.next_value()?;
                    fields.push((k, v));
                }
                Ok(Row(fields))
            }
        }
        d.deserialize_map(RowVisitor)
    }
}

/// A string, borrowed when it can be.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A field's value as text: strings as they are, numbers and booleans written out, anything else none.
struct FieldText<'a>(Option<Cow<'a, str>>);

impl<'de> Deserialize<'de> for FieldText<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<FieldText<'de>, E> {
                Ok(FieldText(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldText<'de>, E> {
                Ok(FieldText(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<FieldText<'de>, E> {
                Ok(FieldText(Some(Cow::Owned(v))))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FieldText<'de>, E> {
                Ok(FieldText(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldText<'de>, E> {
                Ok(FieldText(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldText<'de>, E> {
                Ok(FieldText(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FieldText<'de>, E> {
                Ok(FieldText(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<FieldText<'de>, E> {
                Ok(FieldText(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldText<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FieldText(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldText<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(FieldText(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a `_stream` value, `{job="trifocal-gen",level="info"}`, into its fields: names up to `=`, values
/// double-quoted with backslash escapes. None when the text is not of that shape.
pub fn parse_stream(text: &str) -> Option<Labels> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut out = Labels::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let name = rest[..eq].trim();
        if name.is_empty() {
            return None;
        }
        let after_eq = rest[eq + 1..].trim_start();
        let mut chars = after_eq.char_indices();
        if chars.next()?.1 != '"' {
            return None;
        }
        let mut value = String::new();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => value.push(chars.next()?.1),
                '"' => {
                    end = Some(i + 1);
                    break;
                }
                c => value.push(c),
            }
        }
        out.insert(name, value);
        rest = after_eq[end?..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
        } else if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_text_is_read_into_fields() {
        let l = parse_stream(r#"{job="trifocal-gen",level="info",service_name="search-ui"}"#).unwrap();
        assert_eq!((l.get("job"), l.get("level"), l.get("service_name"), l.len()), (Some("trifocal-gen"), Some("info"), Some("search-ui"), 3));
        let l = parse_stream(r#"{ a = "x\"y,z}" , b="é\\" }"#).unwrap();
        assert_eq!((l.get("a"), l.get("b")), (Some("x\"y,z}"), Some("é\\")));
        assert_eq!(parse_stream("{}"), Some(Labels::new()));
        for bad in ["", "x", "{a}", "{a=b}", "{=\"b\"}", "{a=\"b\" c=\"d\"}", "{a=\"b", "{a=\"\\", "{a=\"b\",}x"] {
            assert_eq!(parse_stream(bad), None, "{bad}");
        }
    }

    #[test]
    fn hits_and_values_tolerate_nulls() {
        let h: Hits = serde_json::from_str(r#"{"hits":[{"fields":null,"timestamps":null,"values":[1],"total":1}]}"#).unwrap();
        assert!(h.hits[0].fields.is_empty() && h.hits[0].timestamps.is_empty() && h.hits[0].values == [1.0]);
        let v: ValueList = serde_json::from_str(r#"{"values":null}"#).unwrap();
        assert!(v.values.is_empty());
    }
}
