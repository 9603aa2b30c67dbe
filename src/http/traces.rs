//! Trace data from Tempo or Jaeger (whichever is configured or answers), or the recorded demo trace.

use super::{send, send_fed, Abort};
use crate::backends::jaeger;
use crate::backends::tempo;
use crate::backends::ApiError;
use crate::datasource::{Datasources, TraceBackend};
use crate::demo;
use crate::telemetry::{Trace, TraceId, TraceSummary};

/// Finds which trace server answers: the configured one, or under `Auto` Tempo then Jaeger.
pub async fn detect(ds: &Datasources) -> Option<TraceBackend> {
    let abort = Abort::new();
    let try_tempo = async {
        send(&ds.tempo, &tempo::request::buildinfo(), &ds.headers(), &abort, ds.limits().within(5))
            .await
            .map(|r| r.status == 200 && r.body.contains("version"))
            .unwrap_or(false)
    };
    let try_jaeger = async {
        send(&ds.jaeger, &jaeger::request::services(), &ds.headers(), &abort, ds.limits().within(5))
            .await
            .map(|r| jaeger::convert::answers_services(r.status, &r.content_type, &r.body))
            .unwrap_or(false)
    };
    match ds.traces {
        TraceBackend::Tempo => try_tempo.await.then_some(TraceBackend::Tempo),
        TraceBackend::Jaeger => try_jaeger.await.then_some(TraceBackend::Jaeger),
        TraceBackend::Auto => {
            if try_tempo.await {
                Some(TraceBackend::Tempo)
            } else if try_jaeger.await {
                Some(TraceBackend::Jaeger)
            } else {
                None
            }
        }
    }
}

/// Loads a trace: Tempo's v2 API falling back to v1; Jaeger's v3 (OTLP) API falling back to the classic one.
/// `backend` None means demo mode.
pub async fn trace_by_id(ds: &Datasources, backend: Option<TraceBackend>, id: TraceId, abort: &Abort) -> Result<(Trace, Option<String>), ApiError> {
    let h = ds.headers();
    match backend {
        None => {
            let body = super::demo::body(demo::TEMPO_TRACE_V2, abort).await?;
            let t = tempo::convert::parse_trace(200, "application/json", &body)?;
            let note = if id.to_hex() == demo::FEATURED_TRACE_ID {
                "Demo data: a trace recorded from a real Tempo. Connect a stack to see live traces.".to_string()
            } else {
                format!("Demo data: no trace backend answered, so this shows the recorded trace {} instead of {}.", demo::FEATURED_TRACE_ID, id.to_hex())
            };
            Ok((t, Some(note)))
        }
        Some(TraceBackend::Jaeger) => {
            // Read span by span while the answer arrives; an answer the fast reader leaves alone is read whole.
            let mut reader = jaeger::convert::trace_v3_stream();
            let r = send_fed(&ds.jaeger, &jaeger::request::trace_v3(id), &h, abort, ds.limits(), &mut |piece| reader.feed(piece)).await?;
            if r.response.status == 200 {
                let read = match reader.finish() {
                    Some(t) => {
                        crate::browser::mark("trifocal:trace-streamed");
                        Ok(t)
                    }
                    None => {
                        let (status, content_type) = (r.response.status, r.response.content_type.clone());
                        jaeger::convert::parse_trace_v3(status, &content_type, &r.text().await?)
                    }
                };
                if let Ok(t) = read {
                    if !t.spans.is_empty() {
                        return Ok((t, None));
                    }
                }
            }
            let r = send(&ds.jaeger, &jaeger::request::trace_classic(id), &h, abort, ds.limits()).await?;
            Ok((jaeger::convert::parse_trace_classic(r.status, &r.content_type, &r.body)?, None))
        }
        Some(_) => {
            let r = send(&ds.tempo, &tempo::request::trace_v2(id), &h, abort, ds.limits()).await?;
            if r.status == 404 && !r.body.to_ascii_lowercase().contains("trace not found") {
                // An older Tempo without the v2 API.
                let r = send(&ds.tempo, &tempo::request::trace_v1(id), &h, abort, ds.limits()).await?;
                return Ok((tempo::convert::parse_trace(r.status, &r.content_type, &r.body)?, None));
            }
            Ok((tempo::convert::parse_trace(r.status, &r.content_type, &r.body)?, None))
        }
    }
}

/// Whether the trace backend has a trace, for a span link to it: the trace is asked for with a 1 MB limit and
/// a 10 s timeout, so a big linked trace is not read whole (an answer over the limit means it exists). Read
/// the answer with `view::trace::detail::LinkTarget::from_fetch`. Demo mode has no other trace to check.
pub async fn trace_exists(ds: &Datasources, backend: Option<TraceBackend>, id: TraceId, abort: &Abort) -> Result<(), ApiError> {
    if backend.is_none() {
        return Err(ApiError::Network("no trace backend".into()));
    }
    let small = Datasources { max_answer_mb: 1, timeout_s: ds.limits().timeout_s.min(10), ..ds.clone() };
    trace_by_id(&small, backend, id, abort).await.map(|_| ())
}

/// Jaeger's services, for the search form.
pub async fn jaeger_services(ds: &Datasources, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let r = send(&ds.jaeger, &jaeger::request::services(), &ds.headers(), abort, ds.limits().within(20)).await?;
    jaeger::convert::parse_strings(r.status, &r.content_type, &r.body)
}

/// Jaeger's calls between services in `[end_ms - lookback_ms, end_ms]` (for the service map).
pub async fn jaeger_dependencies(ds: &Datasources, end_ms: i64, lookback_ms: i64, abort: &Abort) -> Result<Vec<crate::telemetry::ServiceCall>, ApiError> {
    let r = send(&ds.jaeger, &jaeger::request::dependencies(end_ms, lookback_ms), &ds.headers(), abort, ds.limits()).await?;
    jaeger::convert::parse_dependencies(r.status, &r.content_type, &r.body)
}

/// Searches traces. Tempo takes TraceQL; Jaeger takes service/operation/tags.
pub async fn search_tempo(ds: &Datasources, live: bool, traceql: &str, start_ms: i64, end_ms: i64, limit: u32, abort: &Abort) -> Result<Vec<TraceSummary>, ApiError> {
    if !live {
        let body = super::demo::body(demo::TEMPO_SEARCH, abort).await?;
        return tempo::convert::parse_search(200, "application/json", &body);
    }
    let req = tempo::request::search(traceql, start_ms / 1000, (end_ms + 999) / 1000, limit, 3);
    let r = send(&ds.tempo, &req, &ds.headers(), abort, ds.limits()).await?;
    tempo::convert::parse_search(r.status, &r.content_type, &r.body)
}

/// Tempo's attribute names seen in the range, as written in TraceQL (for autocomplete).
pub async fn tempo_tags(ds: &Datasources, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let req = tempo::tags::tags_request(start_ms / 1000, (end_ms + 999) / 1000);
    let r = send(&ds.tempo, &req, &ds.headers(), abort, ds.limits().within(20)).await?;
    tempo::tags::parse_tags(r.status, &r.content_type, &r.body)
}

/// The values of one attribute (`resource.service.name`, `span.http.route`) seen in the range.
pub async fn tempo_tag_values(ds: &Datasources, attribute: &str, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let req = tempo::tags::tag_values_request(attribute, start_ms / 1000, (end_ms + 999) / 1000);
    let r = send(&ds.tempo, &req, &ds.headers(), abort, ds.limits().within(20)).await?;
    tempo::tags::parse_tag_values(r.status, &r.content_type, &r.body)
}

/// Jaeger's search. A search for failed spans (`error=true`) keeps only the traces with a failed span of the
/// service, and when Jaeger's answer has none, looks among the service's latest traces without the tag
/// (`backends::jaeger::errors`: its in-memory storage cannot search by error).
pub async fn search_jaeger(ds: &Datasources, q: &jaeger::request::JaegerSearch, abort: &Abort) -> Result<Vec<TraceSummary>, ApiError> {
    use jaeger::errors::{keep_failed, wants_errors, without_error_tag};
    let r = send(&ds.jaeger, &jaeger::request::search(q), &ds.headers(), abort, ds.limits()).await?;
    if !wants_errors(q) {
        return jaeger::convert::parse_search_classic(r.status, &r.content_type, &r.body);
    }
    let found = keep_failed(jaeger::convert::parse_search_traces(r.status, &r.content_type, &r.body)?, q);
    if !found.is_empty() {
        return Ok(jaeger::convert::summaries(&found));
    }
    let r = send(&ds.jaeger, &jaeger::request::search(&without_error_tag(q)), &ds.headers(), abort, ds.limits()).await?;
    let found = keep_failed(jaeger::convert::parse_search_traces(r.status, &r.content_type, &r.body)?, q);
    Ok(jaeger::convert::summaries(&found))
}

/// Jaeger's operations of one service, for the search form.
pub async fn jaeger_operations(ds: &Datasources, service: &str, abort: &Abort) -> Result<Vec<String>, ApiError> {
    let r = send(&ds.jaeger, &jaeger::form::operations(service), &ds.headers(), abort, ds.limits().within(20)).await?;
    jaeger::convert::parse_strings(r.status, &r.content_type, &r.body)
}

/// The services the trace backend lists: Jaeger's services, or Tempo's `resource.service.name` values seen in
/// the range.
pub async fn services(ds: &Datasources, backend: TraceBackend, start_ms: i64, end_ms: i64, abort: &Abort) -> Result<Vec<String>, ApiError> {
    match backend {
        TraceBackend::Jaeger => jaeger_services(ds, abort).await,
        _ => tempo_tag_values(ds, "resource.service.name", start_ms, end_ms, abort).await,
    }
}

/// A TraceQL search against the live trace backend: Tempo takes it as is; Jaeger gets the search terms it
/// reads as (`backends::jaeger::traceql`). Err is a sentence: the backend's failure, or what Jaeger cannot express.
pub async fn search_traceql(ds: &Datasources, backend: TraceBackend, traceql: &str, start_ms: i64, end_ms: i64, limit: u32, abort: &Abort) -> Result<Vec<TraceSummary>, String> {
    match backend {
        TraceBackend::Jaeger => {
            let terms = jaeger::traceql::to_terms(traceql)?;
            let (q, _) = jaeger::terms::parse_terms(&terms, start_ms, end_ms, limit);
            search_jaeger(ds, &q, abort).await.map_err(|e| e.to_string())
        }
        _ => search_tempo(ds, true, traceql, start_ms, end_ms, limit, abort).await.map_err(|e| e.to_string()),
    }
}
