//! A correlation workspace in a snapshot (the `workspace` object of a snapshot file): which workspace it was
//! (a trace, or a service over a window, and the selected window), the trace with every span, its log lines,
//! each service's RED chart (series with their legend and unit) and the listed traces, each part with the
//! error it showed instead. The snapshot's `fromMs`/`toMs` are the charts' window; its dashboard is a stand-in
//! (no panels) whose title names the workspace, so snapshots are listed, stored and read as one kind.

use serde::{Deserialize, Serialize};

use super::snapshot::{SnapLog, SnapSeries, SnapTrace, SNAPSHOT_VERSION};
use super::snapshot_trace::SnapTraceSpans;
use crate::telemetry::{LogEntry, Series, Trace, TraceSummary};
use crate::view::units::Unit;

/// Most log lines kept in a workspace snapshot.
pub const MAX_SNAPSHOT_LINES: usize = 20_000;

/// What one correlation workspace showed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapWorkspace {
    /// The trace of the workspace; empty for a service over a window.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trace_id: String,
    /// The service of a window (or whose chart a selection was made on).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub service: String,
    /// The window selected on a chart (epoch ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<(i64, i64)>,
    /// Lines without a trace ID shown (the window form).
    pub untraced: bool,
    pub trace: Part<SnapTraceSpans>,
    pub logs: Part<Vec<SnapLog>>,
    /// Log lines left out beyond [`MAX_SNAPSHOT_LINES`].
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped_lines: usize,
    pub charts: Vec<SnapChart>,
    /// The traces listed (the window's, or the selection's other traces).
    pub traces: Part<Vec<SnapTrace>>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One part of the workspace as it was: not there (not loaded, or not asked), its data, or its error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Part<T> {
    #[default]
    None,
    Data(T),
    Error(String),
}

impl<T> Part<T> {
    /// From a workspace part's state (`None`: still loading or not asked).
    pub fn of<U>(r: Option<Result<&U, &String>>, f: impl FnOnce(&U) -> T) -> Part<T> {
        match r {
            None => Part::None,
            Some(Ok(u)) => Part::Data(f(u)),
            Some(Err(e)) => Part::Error(e.clone()),
        }
    }

    /// Back to a part's state: `None` when there was none.
    pub fn to_result<U>(&self, f: impl FnOnce(&T) -> U) -> Option<Result<U, String>> {
        match self {
            Part::None => None,
            Part::Data(t) => Some(Ok(f(t))),
            Part::Error(e) => Some(Err(e.clone())),
        }
    }
}

/// One service's chart: its series (`refId` is the legend) and their units, or its error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapChart {
    pub service: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub series: Vec<SnapSeries>,
    /// Per series: its unit's id (`ms`, `reqps`, …; see `view::units`).
    pub units: Vec<String>,
    /// What went wrong with some of its queries (the others drawn).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// A chart's series as drawn: each with its legend and unit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartSeries {
    pub series: Vec<Series>,
    pub legends: Vec<String>,
    pub units: Vec<Unit>,
}

impl SnapChart {
    pub fn new(service: &str, r: Result<&ChartSeries, &String>) -> SnapChart {
        match r {
            Err(e) => SnapChart { service: service.to_string(), error: Some(e.clone()), ..SnapChart::default() },
            Ok(c) => SnapChart {
                service: service.to_string(),
                error: None,
                series: c.series.iter().enumerate().map(|(i, s)| SnapSeries::from_series(c.legends.get(i).map_or("", |l| l), s)).collect(),
                units: c.units.iter().map(|u| u.id().to_string()).collect(),
                problems: Vec::new(),
            },
        }
    }

    /// Back to the chart's series (an unknown unit id reads as `fallback`), or its error.
    pub fn to_chart(&self, fallback: Unit) -> Result<ChartSeries, String> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        Ok(ChartSeries {
            series: self.series.iter().map(SnapSeries::to_series).collect(),
            legends: self.series.iter().map(|s| s.ref_id.clone()).collect(),
            units: (0..self.series.len()).map(|i| self.units.get(i).and_then(|u| Unit::from_id(u)).unwrap_or(fallback)).collect(),
        })
    }
}

impl SnapWorkspace {
    /// Log lines as kept (the first [`MAX_SNAPSHOT_LINES`]; `dropped_lines` counts the rest).
    pub fn set_logs(&mut self, r: Option<Result<&Vec<LogEntry>, &String>>) {
        self.dropped_lines = match r {
            Some(Ok(l)) => l.len().saturating_sub(MAX_SNAPSHOT_LINES),
            _ => 0,
        };
        self.logs = Part::of(r, |l: &Vec<LogEntry>| l.iter().take(MAX_SNAPSHOT_LINES).map(SnapLog::from_entry).collect());
    }

    pub fn set_trace(&mut self, r: Option<Result<&Trace, &String>>) {
        self.trace = Part::of(r, SnapTraceSpans::from_trace);
    }

    pub fn set_traces(&mut self, r: Option<Result<&Vec<TraceSummary>, &String>>) {
        self.traces = Part::of(r, |l: &Vec<TraceSummary>| l.iter().map(SnapTrace::from_summary).collect());
    }

    pub fn log_entries(&self) -> Option<Result<Vec<LogEntry>, String>> {
        self.logs.to_result(|l| l.iter().map(SnapLog::to_entry).collect())
    }

    pub fn trace(&self) -> Option<Result<Trace, String>> {
        self.trace.to_result(SnapTraceSpans::to_trace)
    }

    /// The listed traces (those whose stored ID is not hex are left out).
    pub fn trace_list(&self) -> Option<Result<Vec<TraceSummary>, String>> {
        self.traces.to_result(|l| l.iter().filter_map(SnapTrace::to_summary).collect())
    }

    /// What the workspace was, for the snapshot's title and id: the trace ID or the service.
    fn name(&self) -> (String, String) {
        if self.trace_id.is_empty() {
            (format!("Correlation workspace: {}", self.service), format!("correlate-{}", uid_part(&self.service)))
        } else {
            (format!("Correlation workspace: trace {}", self.trace_id), format!("correlate-{}", uid_part(&self.trace_id)))
        }
    }
}

/// Letters, digits, `-`, `_`, `.` of `s` (others as `-`), at most 48 characters: a dashboard uid's alphabet.
fn uid_part(s: &str) -> String {
    let p: String = s.chars().take(48).map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' }).collect();
    if p.is_empty() {
        "workspace".into()
    } else {
        p
    }
}

#[cfg(test)]
impl super::snapshot::Snapshot {
    /// A snapshot of a correlation workspace whose charts cover `from_ms..to_ms`, as the dashboard model
    /// writes it: the reference `workspace_snapshot_json` is held to.
    pub fn of_workspace(w: SnapWorkspace, captured_at_ms: i64, from_ms: i64, to_ms: i64) -> Self {
        let (title, uid) = w.name();
        let dashboard = super::schema::Dashboard { uid, title, panels: Vec::new(), ..Default::default() };
        Self { snapshot_version: SNAPSHOT_VERSION, captured_at_ms, from_ms, to_ms, variables: Vec::new(), dashboard, data: Vec::new(), workspace: Some(w) }
    }
}

/// A workspace snapshot file as the workspace page reads it: its times and its workspace. The stand-in
/// dashboard and the rest are skipped unread, so the trace part never holds the dashboard model's reader
/// (the Dashboards page imports the file with [`super::snapshot::parse_snapshot`], the one full reader).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceFile {
    pub snapshot_version: u32,
    pub captured_at_ms: i64,
    pub from_ms: i64,
    pub to_ms: i64,
    /// `None` in a dashboard's snapshot.
    #[serde(default)]
    pub workspace: Option<SnapWorkspace>,
}

/// Reads a stored snapshot for the workspace page.
pub fn read_workspace_file(text: &str) -> Result<WorkspaceFile, String> {
    let f: WorkspaceFile = serde_json::from_str(text).map_err(|e| format!("The snapshot is not valid JSON: {e}"))?;
    if f.snapshot_version != SNAPSHOT_VERSION {
        return Err(format!("snapshotVersion is {}; this version of Trifocal reads version {SNAPSHOT_VERSION}", f.snapshot_version));
    }
    Ok(f)
}

/// The file of workspace `w` (its charts over `from_ms..to_ms`) and its name, written without the dashboard
/// model's writer: the same JSON as [`Snapshot::of_workspace`] written by `snapshot_to_json`.
pub fn workspace_snapshot_json(w: &SnapWorkspace, captured_at_ms: i64, from_ms: i64, to_ms: i64) -> (String, String) {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out<'a> {
        snapshot_version: u32,
        captured_at_ms: i64,
        from_ms: i64,
        to_ms: i64,
        variables: [(); 0],
        dashboard: serde_json::Value,
        data: [(); 0],
        workspace: &'a SnapWorkspace,
    }
    let (title, uid) = w.name();
    // A dashboard with no panels, as `Dashboard { uid, title, ..default }` is written (schema version 2).
    let dashboard = serde_json::json!({
        "kind": "Dashboard", "schemaVersion": 2, "metadata": {"name": uid},
        "spec": {"display": {"name": title}, "time": {"from": "now-6h", "to": "now"}, "panels": {}, "layouts": []}
    });
    let out = Out { snapshot_version: SNAPSHOT_VERSION, captured_at_ms, from_ms, to_ms, variables: [], dashboard, data: [], workspace: w };
    (uid, serde_json::to_string(&out).unwrap_or_default())
}

#[cfg(test)]
#[path = "snapshot_workspace_tests.rs"]
mod tests;
