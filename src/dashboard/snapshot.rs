//! Snapshots: a dashboard plus the data its panels showed, in one versioned JSON file
//! (`"snapshotVersion": 1`) that opens with no backend (e.g. embedded in a docs site). A correlation
//! workspace is kept the same way, its data in `workspace` (`snapshot_workspace`).
//!
//! Format notes (stable): points are `[t_ms, value]` with non-finite values as the strings `"NaN"`,
//! `"+Inf"`, `"-Inf"`; histogram samples (native histograms) are `{"t": t_ms, "count": n, "sum": n,
//! "buckets": [[boundary rule 0..3, lower, upper, count], …]}` with numbers written the same way; log timestamps are nanoseconds as decimal strings (exact in JavaScript too); trace
//! ids are lower-case hex.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeTuple, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json::{index, type_name, Notes, Obj};
use super::schema::Dashboard;
pub use super::snapshot_trace::SnapTraceSpans;
pub use super::snapshot_workspace::SnapWorkspace;
use super::validate::read_dashboard;
use crate::telemetry::{Boundary, Fields, HistogramBucket, HistogramPoint, Labels, LogEntry, LogLevel, Point, Series, TraceId, TraceSummary};

/// The version written into every snapshot; [`parse_snapshot`] rejects others.
pub const SNAPSHOT_VERSION: u32 = 1;
/// Largest snapshot text accepted (bytes).
pub const MAX_SNAPSHOT_BYTES: usize = 64 * 1024 * 1024;

/// A dashboard with its data at one moment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub snapshot_version: u32,
    /// When the data was captured (epoch ms; the UI passes its clock).
    pub captured_at_ms: i64,
    /// The resolved time range the data covers (epoch ms).
    pub from_ms: i64,
    pub to_ms: i64,
    /// Variable values used for the queries, in dashboard order.
    pub variables: Vec<SnapVariable>,
    pub dashboard: Dashboard,
    /// One entry per panel that had data (or an error).
    pub data: Vec<PanelData>,
    /// A correlation workspace's data (its dashboard is then a stand-in with no panels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<SnapWorkspace>,
}

impl Snapshot {
    /// A snapshot of `dashboard` with its current variable selection.
    pub fn new(dashboard: Dashboard, captured_at_ms: i64, from_ms: i64, to_ms: i64, data: Vec<PanelData>) -> Snapshot {
        let variables =
            dashboard.variables.iter().map(|v| SnapVariable { name: v.name.clone(), values: v.current.clone() }).collect();
        Snapshot { snapshot_version: SNAPSHOT_VERSION, captured_at_ms, from_ms, to_ms, variables, dashboard, data, workspace: None }
    }

    /// The data of one panel.
    pub fn panel_data(&self, panel_id: u32) -> Option<&PanelData> {
        self.data.iter().find(|d| d.panel_id == panel_id)
    }
}

/// A variable's values when the snapshot was taken.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapVariable {
    pub name: String,
    pub values: Vec<String>,
}

/// What one panel showed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PanelData {
    pub panel_id: u32,
    /// The error the panel showed instead of data, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<SnapSeries>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<SnapLog>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub traces: Vec<SnapTrace>,
    /// The one trace a traces panel showed when its query was a trace ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<SnapTraceSpans>,
}

/// One series of a query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapSeries {
    pub ref_id: String,
    pub labels: BTreeMap<String, String>,
    pub points: Vec<SnapPoint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub histograms: Vec<SnapHistogram>,
}

/// One histogram sample of a series.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapHistogram {
    pub t: i64,
    pub count: SnapNum,
    pub sum: SnapNum,
    pub buckets: Vec<(u8, SnapNum, SnapNum, SnapNum)>,
}

/// A number that may be non-finite, written as a JSON number or `"NaN"`, `"+Inf"`, `"-Inf"`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SnapNum(pub f64);

impl Serialize for SnapNum {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            v if v.is_finite() => s.serialize_f64(v),
            v if v.is_nan() => s.serialize_str("NaN"),
            v if v > 0.0 => s.serialize_str("+Inf"),
            _ => s.serialize_str("-Inf"),
        }
    }
}

impl<'de> Deserialize<'de> for SnapNum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        number_of(&v).map(SnapNum).map_err(de::Error::custom)
    }
}

/// A snapshot number: a JSON number or one of the strings `"NaN"`, `"+Inf"`, `"-Inf"` (or a number's text).
fn number_of(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| "point value out of range".to_string()),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "+Inf" | "Inf" => Ok(f64::INFINITY),
            "-Inf" => Ok(f64::NEG_INFINITY),
            other => other.parse::<f64>().map_err(|_| "point value is not a number".to_string()),
        },
        other => Err(format!("point value must be a number, not {}", type_name(other))),
    }
}

impl SnapSeries {
    pub fn from_series(ref_id: &str, s: &Series) -> SnapSeries {
        SnapSeries {
            ref_id: ref_id.to_string(),
            labels: s.labels.0.clone(),
            points: s.points.iter().map(|p| SnapPoint(p.t_ms, p.v)).collect(),
            histograms: s
                .histograms
                .iter()
                .map(|h| SnapHistogram {
                    t: h.t_ms,
                    count: SnapNum(h.count),
                    sum: SnapNum(h.sum),
                    buckets: h.buckets.iter().map(|b| (boundary_code(b.boundary), SnapNum(b.lower), SnapNum(b.upper), SnapNum(b.count))).collect(),
                })
                .collect(),
        }
    }

    pub fn to_series(&self) -> Series {
        Series {
            labels: Labels(self.labels.clone()),
            points: self.points.iter().map(|p| Point { t_ms: p.0, v: p.1 }).collect(),
            histograms: self
                .histograms
                .iter()
                .map(|h| HistogramPoint {
                    t_ms: h.t,
                    count: h.count.0,
                    sum: h.sum.0,
                    buckets: h
                        .buckets
                        .iter()
                        .filter_map(|&(rule, l, u, c)| Some(HistogramBucket { boundary: Boundary::from_code(rule)?, lower: l.0, upper: u.0, count: c.0 }))
                        .collect(),
                })
                .collect(),
        }
    }
}

fn boundary_code(b: Boundary) -> u8 {
    match b {
        Boundary::OpenLower => 0,
        Boundary::OpenUpper => 1,
        Boundary::OpenBoth => 2,
        Boundary::ClosedBoth => 3,
    }
}

/// `[t_ms, value]`; non-finite values are written as `"NaN"`, `"+Inf"`, `"-Inf"`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SnapPoint(pub i64, pub f64);

impl Serialize for SnapPoint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(2)?;
        t.serialize_element(&self.0)?;
        if self.1.is_finite() {
            t.serialize_element(&self.1)?;
        } else if self.1.is_nan() {
            t.serialize_element("NaN")?;
        } else if self.1 > 0.0 {
            t.serialize_element("+Inf")?;
        } else {
            t.serialize_element("-Inf")?;
        }
        t.end()
    }
}

impl<'de> Deserialize<'de> for SnapPoint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SnapPoint;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a point [t_ms, value]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SnapPoint, A::Error> {
                let t: i64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let v: Value = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
                let v = number_of(&v).map_err(de::Error::custom)?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(SnapPoint(t, v))
            }
        }
        d.deserialize_seq(V)
    }
}

/// One log line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapLog {
    /// Nanoseconds since the epoch, as a decimal string.
    #[serde(with = "ns_string")]
    pub ts_ns: i64,
    pub line: String,
    /// Stream labels.
    pub labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// `trace`, `debug`, `info`, `warn`, `error`, `fatal`, `unknown`.
    pub level: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
}

impl SnapLog {
    pub fn from_entry(e: &LogEntry) -> SnapLog {
        SnapLog {
            ts_ns: e.ts_ns,
            line: e.line.clone(),
            labels: e.stream.0.clone(),
            metadata: e.metadata.to_map(),
            level: e.level.as_str().to_string(),
            trace_id: e.trace_id.map(|t| t.to_hex()),
        }
    }

    /// Back to a log entry (parsed fields are not stored; the UI re-parses lines when needed).
    pub fn to_entry(&self) -> LogEntry {
        LogEntry {
            ts_ns: self.ts_ns,
            line: self.line.clone(),
            stream: Arc::new(Labels(self.labels.clone())),
            metadata: self.metadata.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
            parsed: Fields::new(),
            level: LogLevel::from_name(&self.level),
            trace_id: self.trace_id.as_deref().and_then(TraceId::parse_hex),
        }
    }
}

pub(crate) mod ns_string {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum N {
            S(String),
            I(i64),
        }
        match N::deserialize(d)? {
            N::I(i) => Ok(i),
            N::S(s) => s.trim().parse().map_err(|_| serde::de::Error::custom(format!("\"{s}\" is not a nanosecond timestamp"))),
        }
    }
}

/// One trace of a trace-search result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapTrace {
    pub trace_id: String,
    pub root_service: String,
    pub root_name: String,
    pub start_ms: i64,
    pub duration_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span_count: Option<u32>,
    pub error: bool,
}

impl SnapTrace {
    pub fn from_summary(t: &TraceSummary) -> SnapTrace {
        SnapTrace {
            trace_id: t.trace_id.to_hex(),
            root_service: t.root_service.clone(),
            root_name: t.root_name.clone(),
            start_ms: t.start_ms,
            duration_ms: if t.duration_ms.is_finite() { t.duration_ms } else { 0.0 },
            span_count: t.span_count,
            error: t.error,
        }
    }

    /// Back to a summary; None when the stored trace id is not hex.
    pub fn to_summary(&self) -> Option<TraceSummary> {
        Some(TraceSummary {
            trace_id: TraceId::parse_hex(&self.trace_id)?,
            root_service: self.root_service.clone(),
            root_name: self.root_name.clone(),
            start_ms: self.start_ms,
            duration_ms: self.duration_ms,
            span_count: self.span_count,
            matched: 0,
            error: self.error,
        })
    }
}

/// Compact JSON of a snapshot (snapshots can be large, so no indentation).
pub fn snapshot_to_json(s: &Snapshot) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Reads a snapshot: the dashboard goes through the same checks as [`super::parse_dashboard`] (paths start
/// with `dashboard.`); data for panels the dashboard does not have is dropped with a notice.
pub fn parse_snapshot(text: &str) -> Result<(Snapshot, Vec<String>), String> {
    if text.len() > MAX_SNAPSHOT_BYTES {
        return Err(format!("The snapshot is too large ({} bytes, at most {} MiB).", text.len(), MAX_SNAPSHOT_BYTES >> 20));
    }
    if text.trim().is_empty() {
        return Err("The snapshot text is empty.".into());
    }
    let v: Value = serde_json::from_str(text).map_err(|e| format!("The snapshot is not valid JSON: {e}"))?;
    let mut notes = Notes::default();
    let o = Obj::new(&v, "", &["snapshotVersion", "capturedAtMs", "fromMs", "toMs", "variables", "dashboard", "data", "workspace"], &mut notes)
        .map_err(|e| e.replace("The dashboard", "The snapshot"))?;
    match o.get("snapshotVersion") {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(SNAPSHOT_VERSION)) => {}
        Some(Value::Number(n)) => {
            return Err(format!("snapshotVersion is {n}; this version of Trifocal reads version {SNAPSHOT_VERSION}"))
        }
        Some(other) => return Err(format!("snapshotVersion must be a number, not {}", type_name(other))),
        None => return Err("snapshotVersion is missing (this is not a Trifocal snapshot)".into()),
    }
    let int = |k: &str| -> Result<i64, String> {
        match o.get(k) {
            Some(Value::Number(n)) => n.as_i64().ok_or_else(|| format!("{k} must be a whole number of milliseconds")),
            Some(other) => Err(format!("{k} must be a number, not {}", type_name(other))),
            None => Err(format!("{k} is missing")),
        }
    };
    let (captured_at_ms, from_ms, to_ms) = (int("capturedAtMs")?, int("fromMs")?, int("toMs")?);
    let dv = o.get("dashboard").ok_or("dashboard is missing")?;
    let dashboard = read_dashboard(dv, "dashboard", &mut notes)?;
    let variables = match o.get("variables") {
        None => Vec::new(),
        Some(vv) => Vec::<SnapVariable>::deserialize(vv).map_err(|e| format!("variables: {e}"))?,
    };
    let mut data = Vec::new();
    // Copies of repeated panels have ids above every panel's (see `repeat::expand`).
    let all = dashboard.all_panels();
    let max_id = all.iter().map(|p| p.id).max().unwrap_or(0);
    let copies = all.iter().filter(|p| p.repeat.is_some()).count().saturating_mul(super::schema::MAX_REPEATS);
    let is_copy = |id: u32| copies > 0 && id > max_id && (id - max_id) as usize <= copies;
    for (i, pv) in o.arr("data", 10_000)?.iter().enumerate() {
        let pd = PanelData::deserialize(pv).map_err(|e| format!("{}: {e}", index("data", i)))?;
        if dashboard.panel(pd.panel_id).is_none() && !is_copy(pd.panel_id) {
            notes.push(format!("{}: panel {} is not in the dashboard; its data was dropped", index("data", i), pd.panel_id));
            continue;
        }
        data.push(pd);
    }
    let workspace = match o.get("workspace") {
        None | Some(Value::Null) => None,
        Some(wv) => Some(SnapWorkspace::deserialize(wv).map_err(|e| format!("workspace: {e}"))?),
    };
    Ok((Snapshot { snapshot_version: SNAPSHOT_VERSION, captured_at_ms, from_ms, to_ms, variables, dashboard, data, workspace }, notes.finish()))
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
