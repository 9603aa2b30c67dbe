//! How a dashboard panel becomes requests — pure, host-tested: per query, the datasource it asks (its
//! own or a `$ds` variable's pick), whether that is asked live or stood in for by demo data, the window,
//! the step, the interpolated text and the data kind asked. `http::panel` runs each planned query; the
//! UI draws what comes back and decides nothing per backend.

use crate::dashboard::panel_time::panel_window;
use crate::dashboard::{interpolate, Builtins, DatasourceKind, Panel, PanelKind, PanelQuery};
use crate::datasource::health::Health;
use crate::datasource::{Datasources, TraceBackend};
use crate::demo;
use crate::telemetry::TraceId;
use crate::time::TimeRange;
use crate::view::dash::{panel_step, trace_id_query};

/// The dashboard-wide inputs of a plan.
#[derive(Clone, Copy, Debug)]
pub struct PlanEnv<'a> {
    pub range: &'a TimeRange,
    pub from_ms: i64,
    pub to_ms: i64,
    /// `(name, values)` with All already resolved.
    pub vars: &'a [(String, Vec<String>)],
    pub health: &'a Health,
    pub width_px: u32,
    /// When the window was resolved, and the time zone's offset: a panel's own relative time counts from them.
    pub now_ms: i64,
    pub tz_offset_min: i32,
}

/// The data a query asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Time series from a metrics datasource (a range query, or one value per series when `instant`).
    Series { instant: bool },
    /// Time series from a log query that counts (LogQL's `count_over_time`, LogsQL's `stats`).
    LogSeries { instant: bool },
    /// Log lines, newest first.
    Lines { limit: u32 },
    /// One trace (the query is a trace ID).
    Trace(TraceId),
    /// A trace search.
    Traces { limit: u32 },
}

/// One query, ready to send.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub ref_id: String,
    pub signal: DatasourceKind,
    /// The query text with variables filled in.
    pub expr: String,
    /// The legend template with variables filled in.
    pub legend: String,
    pub start_ms: i64,
    pub end_ms: i64,
    /// 0 for lines and traces.
    pub step_ms: i64,
    /// The settings the request goes with (the query's datasource in place of the default).
    pub ds: Datasources,
    /// The named datasource asked (variables filled in); empty = the default of its signal.
    pub source: String,
    /// Asked live; when false, recorded demo data stands in (nothing configured answers).
    pub live: bool,
    /// The trace backend that answers (None: demo data).
    pub traces: Option<TraceBackend>,
    /// What is asked, or why this query cannot be sent (shown at the panel, prefixed with its ref).
    pub ask: Result<Ask, String>,
}

impl Planned {
    /// An instant query (for what the panel reports it sent).
    pub fn instant(&self) -> bool {
        matches!(self.ask, Ok(Ask::Series { instant: true } | Ask::LogSeries { instant: true }))
    }
}

/// A panel's plan: its queries and the window it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelPlan {
    pub start_ms: i64,
    pub end_ms: i64,
    pub queries: Vec<Planned>,
    /// Queries that are not sent at all (`"B: Tempo queries are not shown in this panel kind"`).
    pub refused: Vec<String>,
}

/// Demo data is recorded over a fixed window: a relative range that cannot be asked live shows it.
fn window(range: &TimeRange, live: bool, from: i64, to: i64) -> (i64, i64) {
    if !live && range.is_relative() {
        (demo::START_MS, demo::END_MS)
    } else {
        (from, to)
    }
}

/// Whether the default datasource of a signal answers.
fn default_live(h: &Health, signal: DatasourceKind) -> bool {
    match signal {
        DatasourceKind::Prometheus => h.prometheus,
        DatasourceKind::Loki => h.loki,
        DatasourceKind::Tempo => h.traces.is_some(),
    }
}

/// The data kind a query of `signal` asks for in a panel of `kind`, or why it cannot be shown there.
fn ask_for(kind: PanelKind, q: &PanelQuery, expr: &str, live: bool) -> Result<Ask, String> {
    match kind {
        PanelKind::Logs => Ok(Ask::Lines { limit: q.limit.unwrap_or(200).clamp(1, 5000) }),
        PanelKind::Traces => Ok(match trace_id_query(expr) {
            // A trace ID (16 or 32 hex digits, as Grafana's trace panel takes it) shows that one trace.
            Some(id) => Ask::Trace(id),
            None => Ask::Traces { limit: q.limit.unwrap_or(20).clamp(1, 1000) },
        }),
        _ => match q.datasource {
            DatasourceKind::Tempo => Err(format!("{} queries are not shown in this panel kind", q.datasource.label())),
            // A log query that counts: the logs backend's matrix is drawn as Prometheus' is.
            DatasourceKind::Loki => Ok(Ask::LogSeries { instant: q.instant }),
            // Demo data has no instant answers: a range query stands in (tables reduce it).
            DatasourceKind::Prometheus => Ok(Ask::Series { instant: q.instant && live }),
        },
    }
}

/// Whether everything `panel` asks its backends for is metric series (or nothing): false for a panel that
/// shows log lines or traces, counts log lines (a log query in a metrics panel), or reads the trace backend or
/// the alerts API by itself (node graph, alert list). The dashboard's release build fetches the code of the
/// other kinds only for a dashboard that has such a panel.
pub fn metrics_only(panel: &Panel) -> bool {
    match panel.kind {
        PanelKind::Logs | PanelKind::Traces | PanelKind::NodeGraph | PanelKind::AlertList => false,
        PanelKind::Text | PanelKind::Row => true,
        PanelKind::TimeSeries | PanelKind::Stat | PanelKind::Table | PanelKind::Heatmap => {
            panel.queries.iter().all(|q| q.datasource != DatasourceKind::Loki)
        }
    }
}

/// Plans `panel`'s queries (hidden and empty ones skipped; logs and traces panels run their first).
pub fn plan_panel(panel: &Panel, env: &PlanEnv<'_>, ds: &Datasources) -> PanelPlan {
    // The panel's own relative time and time shift replace the dashboard's window.
    let (from_ms, to_ms) = panel_window(panel.time_from.as_deref(), panel.time_shift.as_deref(), (env.from_ms, env.to_ms), env.now_ms, env.tz_offset_min);
    let own = PlanEnv { from_ms, to_ms, ..*env };
    let env = &own;
    let mut plan = PanelPlan { start_ms: env.from_ms, end_ms: env.to_ms, queries: Vec::new(), refused: Vec::new() };
    if !panel.kind.has_queries() {
        return plan;
    }
    let one = matches!(panel.kind, PanelKind::Logs | PanelKind::Traces);
    let queries = panel.queries.iter().filter(|q| !q.hidden && !q.expr.trim().is_empty()).take(if one { 1 } else { usize::MAX });
    // The window of a panel follows its panel kind's default datasource, as the first query sees it.
    let panel_signal = panel.kind.default_datasource();
    (plan.start_ms, plan.end_ms) = window(env.range, default_live(env.health, panel_signal), env.from_ms, env.to_ms);
    let mut first = true;
    for q in queries {
        // The datasource: a `$ds` variable is filled in with the dashboard-wide values.
        let b0 = Builtins::new(env.from_ms, env.to_ms, 60_000, None);
        let source = interpolate(&q.source, env.vars, &b0);
        let (qds, named) = match ds.with_source(q.datasource, &source) {
            Ok(x) => x,
            Err(e) => {
                plan.refused.push(format!("{}: {e}", q.ref_id));
                continue;
            }
        };
        let live = named || default_live(env.health, q.datasource);
        let traces = if named { Some(qds.traces).filter(|t| *t != TraceBackend::Auto) } else { env.health.traces };
        let (start, end) = window(env.range, live, env.from_ms, env.to_ms);
        if first {
            (plan.start_ms, plan.end_ms) = (start, end);
            first = false;
        }
        let step = match panel.kind {
            PanelKind::Traces => 60_000,
            _ => panel_step(end - start, env.width_px, panel, q),
        };
        let b = Builtins::new(start, end, step, None);
        let expr = interpolate(&q.expr, env.vars, &b);
        let ask = ask_for(panel.kind, q, &expr, live);
        if let Err(why) = &ask {
            if !matches!(panel.kind, PanelKind::Logs | PanelKind::Traces) {
                plan.refused.push(format!("{}: {why}", q.ref_id));
                continue;
            }
        }
        let series = matches!(ask, Ok(Ask::Series { .. } | Ask::LogSeries { .. }));
        plan.queries.push(Planned {
            ref_id: q.ref_id.clone(),
            signal: q.datasource,
            legend: if series { interpolate(&q.legend, env.vars, &b) } else { String::new() },
            expr,
            start_ms: start,
            end_ms: end,
            step_ms: if series { step } else { 0 },
            ds: qds,
            source: if named { source.trim().to_string() } else { String::new() },
            live,
            traces,
            ask,
        });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{Variable, VariableKind};
    use crate::datasource::sources::{Source, SourceKind};

    const FROM: i64 = 1_750_000_000_000;
    const TO: i64 = FROM + 3_600_000;

    fn health(all: bool) -> Health {
        Health { checked: true, prometheus: all, loki: all, traces: all.then_some(TraceBackend::Jaeger), ..Health::default() }
    }

    fn panel(kind: PanelKind, queries: Vec<PanelQuery>) -> Panel {
        Panel { kind, queries, ..Panel::default() }
    }

    fn plan(p: &Panel, h: &Health, vars: &[(String, Vec<String>)], ds: &Datasources) -> PanelPlan {
        let range = TimeRange::last("1h").unwrap();
        plan_panel(p, &PlanEnv { range: &range, from_ms: FROM, to_ms: TO, vars, health: h, width_px: 1200, now_ms: TO, tz_offset_min: 0 }, ds)
    }

    fn staging() -> Datasources {
        let p2 = Source { uid: "p2".into(), name: "Prometheus 2.42".into(), kind: SourceKind::Prometheus, url: "/api/prometheus-2".into(), ..Source::default() };
        Datasources { sources: vec![p2], ..Datasources::default() }
    }

    #[test]
    fn a_metrics_panel_plans_each_query_with_its_step_legend_and_variables() {
        let mut a = PanelQuery::new("A", DatasourceKind::Prometheus, "rate(x{job=\"$job\"}[$__rate_interval])");
        a.legend = "{{instance}} $job".into();
        let hidden = PanelQuery { hidden: true, ..PanelQuery::new("B", DatasourceKind::Prometheus, "up") };
        let c = PanelQuery { instant: true, ..PanelQuery::new("C", DatasourceKind::Prometheus, "up") };
        let p = panel(PanelKind::TimeSeries, vec![a, hidden, c]);
        let vars = vec![("job".to_string(), vec!["api".to_string()])];
        let got = plan(&p, &health(true), &vars, &Datasources::default());
        assert_eq!((got.start_ms, got.end_ms), (FROM, TO));
        assert_eq!(got.queries.len(), 2);
        let a = &got.queries[0];
        assert!(a.expr.starts_with("rate(x{job=\"api\"}["), "{}", a.expr);
        assert_eq!(a.legend, "{{instance}} api");
        // An hour over 1200 px: Grafana's auto step rounds 3 s up to 5 s.
        assert_eq!(a.step_ms, 5_000);
        assert_eq!((a.ask.clone(), a.live, a.ds.prometheus.as_str()), (Ok(Ask::Series { instant: false }), true, "/api/prometheus"));
        assert_eq!(got.queries[1].ask, Ok(Ask::Series { instant: true }));
    }

    #[test]
    fn with_nothing_answering_demo_data_stands_in_over_its_recorded_window() {
        let c = PanelQuery { instant: true, ..PanelQuery::new("A", DatasourceKind::Prometheus, "up") };
        let got = plan(&panel(PanelKind::Table, vec![c]), &health(false), &[], &Datasources::default());
        assert_eq!((got.start_ms, got.end_ms), (demo::START_MS, demo::END_MS));
        let q = &got.queries[0];
        assert!(!q.live);
        // Demo data has no instant answers: a range query stands in.
        assert_eq!(q.ask, Ok(Ask::Series { instant: false }));
    }

    #[test]
    fn a_ds_variable_switches_the_datasource_a_query_asks() {
        let q = PanelQuery { source: "$ds".into(), ..PanelQuery::new("A", DatasourceKind::Prometheus, "up") };
        let p = panel(PanelKind::TimeSeries, vec![q]);
        let ds = staging();
        let pick = |v: &str| plan(&p, &health(true), &[("ds".to_string(), vec![v.to_string()])], &ds);
        assert_eq!(pick("Prometheus").queries[0].ds.prometheus, "/api/prometheus");
        assert_eq!(pick("Prometheus 2.42").queries[0].ds.prometheus, "/api/prometheus-2");
        // The name asked, for "Open in Explore" on the same datasource; the default has none.
        assert_eq!(pick("Prometheus 2.42").queries[0].source, "Prometheus 2.42");
        assert_eq!(pick("Prometheus").queries[0].source, "");
        // A named datasource is asked live even when the default one does not answer.
        let got = plan(&p, &health(false), &[("ds".to_string(), vec!["Prometheus 2.42".to_string()])], &ds);
        assert!(got.queries[0].live);
        assert_eq!((got.start_ms, got.end_ms), (FROM, TO));
        let gone = pick("Prometheus 9");
        assert!(gone.queries.is_empty());
        assert_eq!(gone.refused, vec!["A: No datasource “Prometheus 9” is configured: add it under Settings → Datasources.".to_string()]);
        // A variable the dashboard does not define stays `$ds`, which names nothing.
        let undefined = plan(&p, &health(true), &[], &ds);
        assert!(undefined.refused[0].contains("$ds is a variable"), "{:?}", undefined.refused);
        let _ = Variable { kind: VariableKind::Datasource { datasource: DatasourceKind::Prometheus, regex: String::new() }, ..Variable::default() };
    }

    #[test]
    fn logs_and_traces_panels_run_their_first_query_with_their_limits() {
        let l = PanelQuery { limit: Some(90_000), ..PanelQuery::new("A", DatasourceKind::Loki, "{app=\"x\"}") };
        let got = plan(&panel(PanelKind::Logs, vec![l, PanelQuery::new("B", DatasourceKind::Loki, "{a=\"b\"}")]), &health(true), &[], &Datasources::default());
        assert_eq!(got.queries.len(), 1);
        assert_eq!((got.queries[0].ask.clone(), got.queries[0].step_ms), (Ok(Ask::Lines { limit: 5000 }), 0));
        let id = "4bf92f3577b34da6a3ce929d0e0e4736";
        let t = plan(&panel(PanelKind::Traces, vec![PanelQuery::new("A", DatasourceKind::Tempo, id)]), &health(true), &[], &Datasources::default());
        assert_eq!(t.queries[0].ask, Ok(Ask::Trace(TraceId::parse_hex(id).unwrap())));
        assert_eq!(t.queries[0].traces, Some(TraceBackend::Jaeger));
        let s = plan(&panel(PanelKind::Traces, vec![PanelQuery::new("A", DatasourceKind::Tempo, "{ status = error }")]), &health(true), &[], &Datasources::default());
        assert_eq!(s.queries[0].ask, Ok(Ask::Traces { limit: 20 }));
    }

    #[test]
    fn a_metrics_panel_draws_log_counts_and_refuses_trace_queries() {
        let p = panel(
            PanelKind::TimeSeries,
            vec![PanelQuery::new("A", DatasourceKind::Loki, "sum(count_over_time({a=\"b\"}[1m]))"), PanelQuery::new("B", DatasourceKind::Tempo, "{}")],
        );
        let got = plan(&p, &health(true), &[], &Datasources::default());
        assert_eq!(got.queries.len(), 1);
        assert_eq!(got.queries[0].ask, Ok(Ask::LogSeries { instant: false }));
        assert_eq!(got.refused, vec!["B: Tempo queries are not shown in this panel kind".to_string()]);
    }

    #[test]
    fn metrics_only_agrees_with_what_the_plan_asks() {
        // Every kind with one query of each datasource (and one of each pair): metrics only exactly when every
        // planned query asks for metric series (a refused one asks nothing); the kinds that read a backend by
        // themselves are never metrics only, text and rows always.
        let q = |ds: DatasourceKind, r: &str| {
            let expr = if ds == DatasourceKind::Tempo { "4bf92f3577b34da6a3ce929d0e0e4736" } else { "up" };
            PanelQuery::new(r, ds, expr)
        };
        let mut checked = 0;
        for kind in PanelKind::ALL {
            for a in DatasourceKind::ALL {
                for b in [None, Some(DatasourceKind::Prometheus), Some(DatasourceKind::Loki)] {
                    let mut queries = vec![q(a, "A")];
                    queries.extend(b.map(|b| q(b, "B")));
                    let p = panel(kind, queries);
                    let expected = match kind {
                        PanelKind::NodeGraph | PanelKind::AlertList => false,
                        PanelKind::Text | PanelKind::Row => true,
                        _ => plan(&p, &health(true), &[], &Datasources::default()).queries.iter().all(|q| matches!(q.ask, Ok(Ask::Series { .. }))),
                    };
                    assert_eq!(metrics_only(&p), expected, "{kind:?} {a:?} {b:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 90);
        // The cases spelled out: a Loki count in a time series needs the logs code, a refused Tempo query does not.
        assert!(!metrics_only(&panel(PanelKind::TimeSeries, vec![q(DatasourceKind::Prometheus, "A"), q(DatasourceKind::Loki, "B")])));
        assert!(metrics_only(&panel(PanelKind::Stat, vec![q(DatasourceKind::Tempo, "A")])));
        assert!(!metrics_only(&panel(PanelKind::Logs, vec![])));
    }

    #[test]
    fn a_panel_with_its_own_time_asks_for_its_own_window() {
        let mut p = panel(PanelKind::TimeSeries, vec![PanelQuery::new("A", DatasourceKind::Prometheus, "up")]);
        p.time_from = Some("15m".into());
        p.time_shift = Some("1h".into());
        let got = plan(&p, &health(true), &[], &Datasources::default());
        let want = (TO - 15 * 60_000 - 3_600_000, TO - 3_600_000);
        assert_eq!((got.start_ms, got.end_ms), want);
        assert_eq!((got.queries[0].start_ms, got.queries[0].end_ms), want);
        // The step follows the panel's 15 minutes, not the dashboard's hour.
        let plain = plan(&panel(PanelKind::TimeSeries, vec![PanelQuery::new("A", DatasourceKind::Prometheus, "up")]), &health(true), &[], &Datasources::default());
        assert!(got.queries[0].step_ms < plain.queries[0].step_ms, "{} vs {}", got.queries[0].step_ms, plain.queries[0].step_ms);
    }
}
