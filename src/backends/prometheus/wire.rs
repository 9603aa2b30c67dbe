//! Exact JSON shapes of the Prometheus HTTP API (`/api/v1/*`), as serde types. Loki's metric results reuse them.
//!
//! Samples are decoded without a per-point allocation: the value string (`"1.5"`, `"NaN"`, `"+Inf"`) is
//! parsed while serde still holds it.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;

use crate::telemetry::Labels;

/// `{"status":"success"|"error","data":...,"errorType":...,"error":...,"warnings":[...],"infos":[...]}`.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    #[serde(default)]
    pub status: String,
    #[serde(default = "none")]
    pub data: Option<T>,
    #[serde(default, rename = "errorType")]
    pub error_type: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub warnings: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub infos: Vec<String>,
}

fn none<T>() -> Option<T> {
    None
}

/// `null` or a missing field reads as an empty list.
pub fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `data` of `/api/v1/query` and `/api/v1/query_range`: `{"resultType": ..., "result": ...}`.
#[derive(Debug, Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
pub enum QueryData {
    Matrix(#[serde(deserialize_with = "null_as_empty")] Vec<MatrixSeries>),
    Vector(#[serde(deserialize_with = "null_as_empty")] Vec<VectorSample>),
    Scalar(Sample),
    String(StringSample),
}

/// One series of a range result: `{"metric":{...},"values":[[t,"v"],...],"histograms":[...]}`.
#[derive(Debug, Deserialize)]
pub struct MatrixSeries {
    #[serde(default)]
    pub metric: Labels,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub values: Vec<Sample>,
    /// Native histogram samples (Prometheus 3, or 2.40+ with the feature on): `[[t, {...}], ...]`.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub histograms: Vec<HistogramSample>,
}

/// One series of an instant result: `{"metric":{...},"value":[t,"v"]}` or `"histogram":[t,{...}]`.
#[derive(Debug, Deserialize)]
pub struct VectorSample {
    #[serde(default)]
    pub metric: Labels,
    #[serde(default)]
    pub value: Option<Sample>,
    #[serde(default)]
    pub histogram: Option<HistogramSample>,
}

/// `[<unix seconds>, {"count":"12","sum":"3.5","buckets":[[0,"0.5","1","4"],...]}]`: one native histogram
/// sample. `t` is NaN when the timestamp was unreadable.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramSample {
    pub t: f64,
    pub h: WireHistogram,
}

/// The histogram object of a sample. Count and sum are strings holding floats (`"NaN"` too); `buckets` is
/// missing when every bucket is empty.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct WireHistogram {
    #[serde(default = "nan")]
    pub count: NumStr,
    #[serde(default = "nan")]
    pub sum: NumStr,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub buckets: Vec<WireBucket>,
}

fn nan() -> NumStr {
    NumStr(f64::NAN)
}

/// `[<boundary rule 0..3>, "<lower>", "<upper>", "<count>"]`. An unknown rule reads as 255.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WireBucket {
    pub rule: u8,
    pub lower: f64,
    pub upper: f64,
    pub count: f64,
}

impl Default for NumStr {
    fn default() -> Self {
        NumStr(f64::NAN)
    }
}

struct BucketVisitor;

impl<'de> Visitor<'de> for BucketVisitor {
    type Value = WireBucket;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a [boundary_rule, \"lower\", \"upper\", \"count\"] bucket")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WireBucket, A::Error> {
        let rule: NumStr = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let lower: NumStr = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
        let upper: NumStr = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(2, &self))?;
        let count: NumStr = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(3, &self))?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        let rule = if (0.0..=3.0).contains(&rule.0) && rule.0.fract() == 0.0 { rule.0 as u8 } else { u8::MAX };
        Ok(WireBucket { rule, lower: lower.0, upper: upper.0, count: count.0 })
    }
}

impl<'de> Deserialize<'de> for WireBucket {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<WireBucket, D::Error> {
        d.deserialize_seq(BucketVisitor)
    }
}

struct HistogramSampleVisitor;

impl<'de> Visitor<'de> for HistogramSampleVisitor {
    type Value = HistogramSample;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a [timestamp, {histogram}] pair")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HistogramSample, A::Error> {
        let t: Secs = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let h: WireHistogram = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(HistogramSample { t: t.0, h })
    }
}

impl<'de> Deserialize<'de> for HistogramSample {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<HistogramSample, D::Error> {
        d.deserialize_seq(HistogramSampleVisitor)
    }
}

/// `[<unix seconds, float>, "<value>"]`. `t` is NaN when the timestamp was unreadable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub t: f64,
    pub v: f64,
}

/// `[<unix seconds>, "<text>"]` of a string result.
#[derive(Debug, Deserialize)]
pub struct StringSample(pub f64, pub String);

/// One entry of `/api/v1/query_exemplars`: `{"seriesLabels":{...},"exemplars":[...]}`.
#[derive(Debug, Deserialize)]
pub struct ExemplarSeries {
    #[serde(default, rename = "seriesLabels")]
    pub series_labels: Labels,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub exemplars: Vec<WireExemplar>,
}

/// `{"labels":{...},"value":"4.25","timestamp":1795452891.734}`.
#[derive(Debug, Deserialize)]
pub struct WireExemplar {
    #[serde(default)]
    pub labels: Labels,
    pub value: NumStr,
    pub timestamp: f64,
}

/// One entry of `/api/v1/metadata`: `{"type":"counter","help":"...","unit":""}`.
#[derive(Debug, Deserialize)]
pub struct WireMetadata {
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub unit: String,
}

/// A sample value as Prometheus writes it: a string holding a float (`"NaN"`, `"+Inf"`, `"-Inf"` too).
/// A bare JSON number is accepted as well; unreadable text becomes NaN.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumStr(pub f64);

/// Parses Prometheus' float text. Go writes `NaN`, `+Inf`, `-Inf`; other spellings are accepted too.
pub fn parse_float(s: &str) -> f64 {
    match s {
        "NaN" => f64::NAN,
        "+Inf" | "Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        _ => s.trim().parse::<f64>().unwrap_or(f64::NAN),
    }
}

struct NumStrVisitor;

impl<'de> Visitor<'de> for NumStrVisitor {
    type Value = NumStr;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number as a string")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<NumStr, E> {
        Ok(NumStr(parse_float(s)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumStr, E> {
        Ok(NumStr(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumStr, E> {
        Ok(NumStr(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumStr, E> {
        Ok(NumStr(v as f64))
    }
    fn visit_unit<E: de::Error>(self) -> Result<NumStr, E> {
        Ok(NumStr(f64::NAN))
    }
}

impl<'de> Deserialize<'de> for NumStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NumStr, D::Error> {
        d.deserialize_any(NumStrVisitor)
    }
}

/// A timestamp in (float) seconds; a string holding a number is accepted too.
struct Secs(f64);

impl<'de> Deserialize<'de> for Secs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Secs, D::Error> {
        d.deserialize_any(NumStrVisitor).map(|n| Secs(n.0))
    }
}

struct SampleVisitor;

impl<'de> Visitor<'de> for SampleVisitor {
    type Value = Sample;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a [timestamp, \"value\"] pair")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sample, A::Error> {
        let t: Secs = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let v: NumStr = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
        // Tolerate extra elements rather than failing the whole answer.
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Sample { t: t.0, v: v.0 })
    }
}

impl<'de> Deserialize<'de> for Sample {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Sample, D::Error> {
        d.deserialize_seq(SampleVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_read_special_values() {
        let v: Vec<Sample> = serde_json::from_str(r#"[[1.5,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,"1e3"],[5,7],[6,"junk"]]"#).unwrap();
        assert_eq!(v.len(), 6);
        assert!(v[0].v.is_nan());
        assert_eq!(v[0].t, 1.5);
        assert_eq!(v[1].v, f64::INFINITY);
        assert_eq!(v[2].v, f64::NEG_INFINITY);
        assert_eq!(v[3].v, 1000.0);
        assert_eq!(v[4].v, 7.0);
        assert!(v[5].v.is_nan());
        assert!(serde_json::from_str::<Sample>("[1]").is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"a":1}"#).is_err());
    }

    #[test]
    fn result_type_selects_the_variant_and_ignores_other_fields() {
        let d: QueryData = serde_json::from_str(
            r#"{"resultType":"matrix","encodingFlags":["x"],"result":[{"metric":{"a":"1"},"values":[[1,"2"]]}],"stats":{"x":{}}}"#,
        )
        .unwrap();
        match d {
            QueryData::Matrix(s) => assert_eq!(s[0].values, vec![Sample { t: 1.0, v: 2.0 }]),
            other => panic!("{other:?}"),
        }
        let d: QueryData = serde_json::from_str(r#"{"result":[1,"2"],"resultType":"scalar"}"#).unwrap();
        assert!(matches!(d, QueryData::Scalar(Sample { t, v }) if t == 1.0 && v == 2.0));
    }
}
