//! Lenient serde helpers for trace wire formats: numbers sent as strings or numbers, `null` for lists.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A JSON scalar whose type varies between encoders (OTLP JSON writes int64 as strings, protobuf-JSON writes
/// enums as names, some exporters write numbers). Never fails to deserialize: objects and arrays become
/// `Complex`, so one odd field does not reject a whole document.
#[derive(Clone, Debug, PartialEq)]
pub enum Flex {
    Str(String),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    Null,
    Complex,
}

impl Flex {
    /// As a signed 64-bit integer: integers, decimal strings, and floats that are whole and in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Flex::Int(i) => Some(*i),
            Flex::UInt(u) => i64::try_from(*u).ok(),
            Flex::Float(f) => float_to_i64(*f),
            Flex::Str(s) => {
                let s = s.trim();
                s.parse::<i64>().ok().or_else(|| s.parse::<f64>().ok().and_then(float_to_i64))
            }
            _ => None,
        }
    }
    /// As a float: numbers and numeric strings (including `NaN`, `Infinity`, `-Infinity` as protobuf-JSON writes
    /// them).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Flex::Int(i) => Some(*i as f64),
            Flex::UInt(u) => Some(*u as f64),
            Flex::Float(f) => Some(*f),
            Flex::Str(s) => match s.trim() {
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                t => t.parse::<f64>().ok(),
            },
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Flex::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The value as text, for messages.
    pub fn describe(&self) -> String {
        match self {
            Flex::Str(s) => format!("\"{}\"", clip(s, 60)),
            Flex::Int(i) => i.to_string(),
            Flex::UInt(u) => u.to_string(),
            Flex::Float(f) => f.to_string(),
            Flex::Bool(b) => b.to_string(),
            Flex::Null => "null".into(),
            Flex::Complex => "an object".into(),
        }
    }
}

fn float_to_i64(f: f64) -> Option<i64> {
    // i64::MAX as f64 rounds up to 2^63, so the upper bound is exclusive.
    (f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f)).then_some(f as i64)
}

/// Shortens text for a message without splitting a character.
pub fn clip(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

impl<'de> Deserialize<'de> for Flex {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Flex, D::Error> {
        d.deserialize_any(FlexVisitor)
    }
}

struct FlexVisitor;

impl<'de> Visitor<'de> for FlexVisitor {
    type Value = Flex;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flex, E> {
        Ok(Flex::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flex, E> {
        Ok(Flex::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flex, E> {
        Ok(i64::try_from(v).map(Flex::Int).unwrap_or(Flex::UInt(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Flex, E> {
        Ok(Flex::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Flex, E> {
        Ok(Flex::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Flex, E> {
        Ok(Flex::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Flex, E> {
        Ok(Flex::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Flex, E> {
        Ok(Flex::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Flex, D::Error> {
        d.deserialize_any(FlexVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Flex, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Flex::Complex)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flex, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Flex::Complex)
    }
}

/// For `#[serde(default, deserialize_with = "nullable")]`: `null` reads as the default (Jaeger writes
/// `"logs": null`, `"data": null`).
pub fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flex_reads_numbers_in_any_encoding() {
        let v: Vec<Flex> = serde_json::from_str(r#"["1795453063153273726", 12, 1.5e3, "NaN", true, null, {"a":1}, [1], 18446744073709551615]"#).unwrap();
        assert_eq!(v[0].as_i64(), Some(1_795_453_063_153_273_726));
        assert_eq!(v[1].as_i64(), Some(12));
        assert_eq!(v[2].as_i64(), Some(1500));
        assert!(v[3].as_f64().is_some_and(f64::is_nan));
        assert_eq!(v[3].as_i64(), None);
        assert_eq!(v[4], Flex::Bool(true));
        assert_eq!(v[5], Flex::Null);
        assert_eq!(v[6], Flex::Complex);
        assert_eq!(v[7], Flex::Complex);
        assert_eq!(v[8].as_i64(), None);
        assert_eq!(Flex::Float(1e300).as_i64(), None);
        assert_eq!(Flex::Str(" 42 ".into()).as_i64(), Some(42));
    }

    #[test]
    fn clip_keeps_characters_whole() {
        assert_eq!(clip("héllo", 2), "hé…");
        assert_eq!(clip("hé", 5), "hé");
    }
}
