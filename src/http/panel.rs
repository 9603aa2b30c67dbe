//! Runs one planned panel query (`datasource::plan`) against its datasource and returns neutral data:
//! the one place where a panel's request meets a backend kind.

use crate::backends::jaeger::terms::parse_terms;
use crate::backends::ApiError;
use crate::datasource::plan::{Ask, Planned};
use crate::datasource::TraceBackend;
use crate::telemetry::{LogEntry, Series, Trace, TraceSummary};
use crate::view::dash::traceql_to_terms;

use super::{logs, metrics, traces, Abort};

/// What a panel query returned, with the note to show (demo data, a service picked for Jaeger).
#[derive(Debug)]
pub enum Answer {
    Series(Vec<Series>),
    Lines(Vec<LogEntry>),
    Trace(Box<Trace>),
    Traces(Vec<TraceSummary>),
}

/// Which runner a planned query needs: in the release build the dashboard carries only the series runner, the
/// log and trace runners (and their readers) come with the panels that need them (`ui::panels::late`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runner {
    Series,
    Logs,
    Traces,
}

/// The runner of `p` (a refused query is answered by the series runner: its reason, at once).
pub fn runner(p: &Planned) -> Runner {
    match p.ask {
        Ok(Ask::Series { .. }) | Err(_) => Runner::Series,
        Ok(Ask::LogSeries { .. } | Ask::Lines { .. }) => Runner::Logs,
        Ok(Ask::Trace(_) | Ask::Traces { .. }) => Runner::Traces,
    }
}

/// Runs `p` (whose `ask` is `Ok`; a refused one returns its reason as `Unsupported`).
pub async fn run(p: &Planned, abort: &Abort) -> Result<(Answer, Option<String>), ApiError> {
    match runner(p) {
        Runner::Series => run_series(p, abort).await,
        Runner::Logs => run_logs(p, abort).await,
        Runner::Traces => run_traces(p, abort).await,
    }
}

/// Runs a metric query (`Runner::Series`); any other ask is refused with its reason.
pub async fn run_series(p: &Planned, abort: &Abort) -> Result<(Answer, Option<String>), ApiError> {
    let ask = p.ask.clone().map_err(ApiError::Unsupported)?;
    match ask {
        Ask::Series { instant } => {
            let (ds, live) = (&p.ds, p.live);
            let a = if instant {
                metrics::query_instant(ds, live, &p.expr, p.end_ms, abort).await?
            } else {
                metrics::query_range(ds, live, &p.expr, p.start_ms, p.end_ms, p.step_ms, abort).await?
            };
            Ok((Answer::Series(a.result.series), a.demo_note))
        }
        _ => Err(ApiError::Unsupported(WRONG_RUNNER.into())),
    }
}

/// Runs a log query: lines, or series counted from lines (`Runner::Logs`).
pub async fn run_logs(p: &Planned, abort: &Abort) -> Result<(Answer, Option<String>), ApiError> {
    let ask = p.ask.clone().map_err(ApiError::Unsupported)?;
    let (ds, live) = (&p.ds, p.live);
    match ask {
        Ask::LogSeries { instant } => {
            let a = logs::metric_query(ds, live, &p.expr, p.start_ms, p.end_ms, p.step_ms, instant, abort).await?;
            Ok((Answer::Series(a.result.series), a.demo_note))
        }
        Ask::Lines { limit } => {
            let ns = |ms: i64| ms.saturating_mul(1_000_000);
            let a = logs::query(ds, live, &p.expr, ns(p.start_ms), ns(p.end_ms), limit, true, abort, &|_, _| {}).await?;
            Ok((Answer::Lines(a.logs.entries), a.demo_note))
        }
        _ => Err(ApiError::Unsupported(WRONG_RUNNER.into())),
    }
}

/// Runs a trace query: one trace by ID, or a search (`Runner::Traces`).
pub async fn run_traces(p: &Planned, abort: &Abort) -> Result<(Answer, Option<String>), ApiError> {
    let ask = p.ask.clone().map_err(ApiError::Unsupported)?;
    match ask {
        Ask::Trace(id) => {
            let (t, note) = traces::trace_by_id(&p.ds, p.traces, id, abort).await?;
            Ok((Answer::Trace(Box::new(t)), note))
        }
        Ask::Traces { limit } => search(p, limit, abort).await,
        _ => Err(ApiError::Unsupported(WRONG_RUNNER.into())),
    }
}

/// A query given to another kind's runner (a bug of the caller, said in the panel rather than a panic).
const WRONG_RUNNER: &str = "This query was sent to the wrong kind of runner (a bug in Trifocal): reload the page.";

/// A trace search: TraceQL to Tempo (or its recorded answer); to Jaeger as its search terms, with a
/// service picked when the query names none (Jaeger cannot search without one).
async fn search(p: &Planned, limit: u32, abort: &Abort) -> Result<(Answer, Option<String>), ApiError> {
    let ds = &p.ds;
    match p.traces {
        Some(TraceBackend::Jaeger) => {
            let terms = traceql_to_terms(&p.expr).map_err(ApiError::Unsupported)?;
            let (mut js, _ignored) = parse_terms(&terms, p.start_ms, p.end_ms, limit);
            let mut note = None;
            if js.service.is_empty() {
                if let Ok(list) = traces::jaeger_services(ds, abort).await {
                    js.service = list.into_iter().find(|s| s != "jaeger").unwrap_or_default();
                }
                note = Some(format!("Jaeger needs a service: showing {}.", js.service));
            }
            Ok((Answer::Traces(traces::search_jaeger(ds, &js, abort).await?), note))
        }
        live => {
            let list = traces::search_tempo(ds, live.is_some(), &p.expr, p.start_ms, p.end_ms, limit, abort).await?;
            let note = live.is_none().then(|| "Demo data: no trace backend answered, so this shows a recorded search.".to_string());
            Ok((Answer::Traces(list), note))
        }
    }
}
