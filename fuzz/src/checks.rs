//! What each fuzz target checks: every parser of outside input must return (not panic), errors must be
//! short sentences, and what parses must keep its invariants (sorted samples, a well-nested trace model,
//! dashboards and links that survive a write and a re-read, query tokens that tile the text).
//!
//! Input layout: the first byte picks the parser (and content type) within a target, the rest is the body
//! as (lossy) UTF-8. `scripts/fuzz.sh` seeds each target's corpus with the recorded fixtures in this layout.

use trifocal::backends::loki::LokiResult;
use trifocal::backends::{alertmanager, jaeger, loki, otlp, prometheus, tempo, trace_file, victorialogs, ApiError};
use trifocal::dashboard::{grafana, perses, snapshot, validate, variables};
use trifocal::lang::{self, Lang, Sources};
use trifocal::telemetry::{LogResult, SeriesResult, Trace, TraceSummary};
use trifocal::time::duration::{format_duration, parse_duration};
use trifocal::time::{TimeExpr, TimeRange};
use trifocal::url_state;
use trifocal::view::trace::collapse::{visible_rows, Collapsed};
use trifocal::view::trace::find::{find, FindQuery};
use trifocal::view::trace::{critical_path, stats, OrphanMode, TraceModel};

/// The targets, in the order `scripts/fuzz.sh` runs them; each has a `fuzz_targets/<name>.rs`.
pub const TARGETS: &[&str] = &["prometheus", "loki", "victorialogs", "alerts", "traces", "dashboard", "grafana", "url_state", "query_lang", "time"];

/// How many parsers each target chooses between with its first byte.
pub fn parsers(target: &str) -> u8 {
    match target {
        "prometheus" => 6,
        "loki" => 4,
        "victorialogs" => 4,
        "alerts" => 6,
        "traces" => 8,
        "dashboard" => 2,
        "query_lang" => 4,
        "time" => 3,
        _ => 1,
    }
}

const CONTENT_TYPES: &[&str] = &["application/json", "", "text/plain; charset=utf-8", "text/html"];

/// `Ok(true)`: the input was read and kept its invariants; `Ok(false)`: it was refused with a proper
/// message; `Err`: an invariant broke (a crash for libFuzzer).
pub type Outcome = Result<bool, String>;

/// Runs `data` through `target`. `Err` names the broken invariant.
pub fn check(target: &str, data: &[u8]) -> Outcome {
    let (sel, body) = match data.split_first() {
        Some((s, rest)) => (*s, String::from_utf8_lossy(rest)),
        None => (0, "".into()),
    };
    let pick = sel % parsers(target).max(1);
    let ct = CONTENT_TYPES[(sel as usize / 16) % CONTENT_TYPES.len()];
    match target {
        "prometheus" => prometheus_body(pick, ct, &body),
        "loki" => loki_body(pick, ct, &body),
        "victorialogs" => victorialogs_body(pick, ct, &body),
        "alerts" => alerts_body(pick, ct, &body),
        "traces" => trace_body(pick, ct, &body),
        "dashboard" => dashboard_text(pick, &body),
        "grafana" => grafana_text(&body),
        "url_state" => url_fragment(&body),
        "query_lang" => query_text(pick, &body),
        "time" => time_text(pick, &body),
        other => Err(format!("unknown target {other}")),
    }
}

fn error_ok(e: &ApiError) -> Outcome {
    let text = e.to_string();
    if text.trim().is_empty() {
        return Err(format!("empty error message for {e:?}"));
    }
    let n = text.chars().count();
    if n > 3000 {
        return Err(format!("error message of {n} chars"));
    }
    Ok(false)
}

fn text_error_ok(e: &str) -> Outcome {
    if e.trim().is_empty() {
        return Err("empty error message".into());
    }
    if e.chars().count() > 3000 {
        return Err(format!("error message of {} chars", e.chars().count()));
    }
    Ok(false)
}

fn series_ok(r: &SeriesResult) -> Outcome {
    for (i, s) in r.series.iter().enumerate() {
        if s.points.windows(2).any(|w| w[0].t_ms > w[1].t_ms) {
            return Err(format!("series {i}: samples not sorted by time"));
        }
    }
    Ok(true)
}

fn logs_ok(r: &LogResult) -> Outcome {
    let asc = r.entries.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns);
    let desc = r.entries.windows(2).all(|w| w[0].ts_ns >= w[1].ts_ns);
    if !asc && !desc {
        return Err("log entries sorted in neither direction".into());
    }
    Ok(true)
}

fn prometheus_body(pick: u8, ct: &str, body: &str) -> Outcome {
    use prometheus::convert as c;
    let status = if body.len().is_multiple_of(7) { 400 } else { 200 };
    error_ok(&ApiError::from_body(status, ct, body))?;
    match pick {
        0 => c::parse_query(200, ct, body).map_or_else(|e| error_ok(&e), |r| series_ok(&r)),
        1 => match c::parse_exemplars(200, ct, body) {
            Err(e) => error_ok(&e),
            Ok(list) if list.windows(2).any(|w| w[0].t_ms > w[1].t_ms) => Err("exemplars not sorted by time".into()),
            Ok(_) => Ok(true),
        },
        2 => c::parse_strings(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        3 => c::parse_series(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        4 => c::parse_metadata(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        _ => c::parse_buildinfo(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
    }
}

/// Prometheus' rules and alerts, Alertmanager's groups, silences, a created silence's id and its status.
fn alerts_body(pick: u8, ct: &str, body: &str) -> Outcome {
    use prometheus::rules as r;
    let status = if body.len().is_multiple_of(7) { 400 } else { 200 };
    match pick {
        0 => r::parse_rules(status, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        1 => r::parse_alerts(status, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        2 => alertmanager::parse_groups(status, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        3 => alertmanager::parse_silences(status, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        4 => alertmanager::parse_created(status, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        _ => alertmanager::parse_status(status, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
    }
}

fn loki_body(pick: u8, ct: &str, body: &str) -> Outcome {
    use loki::convert as c;
    match pick {
        0 => match c::parse_query(200, ct, body, &["trace_id", "traceID", ""]) {
            Err(e) => error_ok(&e),
            Ok(LokiResult::Logs(l)) => logs_ok(&l),
            Ok(LokiResult::Metric(m)) => series_ok(&m),
        },
        1 => c::parse_strings(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        2 => c::parse_series(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        _ => c::parse_buildinfo(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
    }
}

fn victorialogs_body(pick: u8, ct: &str, body: &str) -> Outcome {
    use victorialogs::convert as c;
    let status = if body.len().is_multiple_of(7) { 400 } else { 200 };
    match pick {
        0 => c::parse_query(status, ct, body, &["trace_id", ""], body.len() % 2 == 0).map_or_else(|e| error_ok(&e), |l| logs_ok(&l)),
        1 => c::parse_hits(200, ct, body).map_or_else(|e| error_ok(&e), |r| series_ok(&r)),
        2 => c::parse_values(200, ct, body).map_or_else(|e| error_ok(&e), |_| Ok(true)),
        _ => {
            let _ = victorialogs::wire::parse_stream(body);
            Ok(c::health_ok(200, body))
        }
    }
}

fn trace_body(pick: u8, ct: &str, body: &str) -> Outcome {
    match pick {
        0 => tempo::convert::parse_trace(200, ct, body).map_or_else(|e| error_ok(&e), |t| trace_ok(&t)),
        1 => tempo::convert::parse_search(200, ct, body).map_or_else(|e| error_ok(&e), |l| summaries_ok(&l)),
        2 => jaeger::convert::parse_trace_v3(200, ct, body).map_or_else(|e| error_ok(&e), |t| trace_ok(&t)),
        3 => jaeger::convert::parse_trace_classic(200, ct, body).map_or_else(|e| error_ok(&e), |t| trace_ok(&t)),
        4 => jaeger::convert::parse_search_classic(200, ct, body).map_or_else(|e| error_ok(&e), |l| summaries_ok(&l)),
        5 => match jaeger::convert::parse_strings(200, ct, body) {
            Err(e) => error_ok(&e),
            Ok(l) if l.windows(2).any(|w| w[0] >= w[1]) => Err("service list not sorted and deduplicated".into()),
            Ok(_) => Ok(true),
        },
        6 => match trace_file::parse_trace_file(body) {
            Err(e) => text_error_ok(&e),
            Ok(t) if t.spans.is_empty() => Err("a trace file read with no spans".into()),
            Ok(t) => trace_ok(&t),
        },
        _ => otlp::parse_traces_data(body).map_or_else(|e| text_error_ok(&e), |t| trace_ok(&t)),
    }
}

fn summaries_ok(list: &[TraceSummary]) -> Outcome {
    match list.iter().find(|s| !s.duration_ms.is_finite() || s.duration_ms < 0.0) {
        Some(s) => Err(format!("trace {} has duration {}", s.trace_id, s.duration_ms)),
        None => Ok(true),
    }
}

/// The trace model is well nested in both orphan modes; critical path, collapse, find and stats run on it.
fn trace_ok(t: &Trace) -> Outcome {
    if let Some(s) = t.spans.iter().find(|s| s.end_ns < s.start_ns) {
        return Err(format!("span {} ends before it starts", s.span_id.to_hex()));
    }
    for mode in [OrphanMode::AsRoots, OrphanMode::UnderPlaceholder] {
        let m = TraceModel::build_with(t, mode);
        let n = m.rows.len();
        let placeholders = m.rows.iter().filter(|r| r.span.is_none()).count();
        if n != t.spans.len() + placeholders {
            return Err(format!("{mode:?}: {n} rows for {} spans", t.spans.len()));
        }
        for (r, row) in m.rows.iter().enumerate() {
            let end = row.subtree_end as usize;
            if end <= r || end > n {
                return Err(format!("{mode:?}: row {r} has subtree end {end} of {n}"));
            }
            if let Some(p) = row.parent_row {
                let parent = m.rows.get(p as usize).ok_or("parent row out of range")?;
                if p as usize >= r || (parent.subtree_end as usize) < end || row.depth != parent.depth + 1 {
                    return Err(format!("{mode:?}: row {r} badly nested under {p}"));
                }
            }
        }
        if critical_path(&m, t).len() != n {
            return Err("critical path length differs from the rows".into());
        }
        let mut c = Collapsed::default();
        c.collapse_all(&m);
        let vis = visible_rows(&m, &c);
        if vis.windows(2).any(|w| w[0] >= w[1]) || vis.iter().any(|&r| r as usize >= n) {
            return Err("visible rows are not an increasing subset of the rows".into());
        }
        let found = find(&m, t, &FindQuery::parse("duration>1ms status=error"));
        if found.iter().any(|&r| r as usize >= n) {
            return Err("find returned a row out of range".into());
        }
        let _ = stats(t, &m);
    }
    Ok(true)
}

/// A dashboard that reads is valid, and reads back equal after being written; same for snapshots.
fn dashboard_text(pick: u8, text: &str) -> Outcome {
    if pick == 0 {
        match validate::parse_dashboard(text) {
            Err(e) => text_error_ok(&e),
            Ok((d, _)) => {
                validate::check(&d).map_err(|e| format!("a parsed dashboard fails its own check: {e}"))?;
                let json = validate::to_json(&d);
                let (again, _) = validate::parse_dashboard(&json).map_err(|e| format!("written dashboard does not read back: {e}"))?;
                if again != d {
                    return Err("dashboard changed after a write and a re-read".into());
                }
                let vars = d.variable_values();
                for p in d.all_panels() {
                    for q in &p.queries {
                        let _ = variables::interpolate(&q.expr, &vars, &variables::Builtins::new(0, 3_600_000, 15_000, Some(15_000)));
                        let _ = variables::referenced_variables(&q.expr);
                    }
                }
                Ok(true)
            }
        }
    } else {
        match snapshot::parse_snapshot(text) {
            Err(e) => text_error_ok(&e),
            Ok((s, _)) => {
                let json = snapshot::snapshot_to_json(&s);
                let (again, _) = snapshot::parse_snapshot(&json).map_err(|e| format!("written snapshot does not read back: {e}"))?;
                if again != s {
                    return Err("snapshot changed after a write and a re-read".into());
                }
                Ok(true)
            }
        }
    }
}

/// An imported Grafana or Perses dashboard is a valid Trifocal dashboard that survives a write and a re-read.
fn grafana_text(text: &str) -> Outcome {
    // The Perses import takes the same inputs (imports of other tools' dashboards) and keeps the same promises.
    let perses = import_ok(perses::import_perses(text))?;
    let grafana = import_ok(grafana::import_grafana(text))?;
    Ok(perses || grafana)
}

fn import_ok(result: Result<grafana::Import, String>) -> Outcome {
    match result {
        Err(e) => text_error_ok(&e),
        Ok(imp) => {
            validate::check(&imp.dashboard).map_err(|e| format!("imported dashboard fails the check: {e}"))?;
            let json = validate::to_json(&imp.dashboard);
            let (again, _) = validate::parse_dashboard(&json).map_err(|e| format!("imported dashboard does not read back: {e}"))?;
            if again != imp.dashboard {
                return Err("imported dashboard changed after a write and a re-read".into());
            }
            if imp.notices.iter().any(|n| n.trim().is_empty()) {
                return Err("an empty import notice".into());
            }
            let _ = imp.dashboard.variable_values();
            Ok(true)
        }
    }
}

/// A decoded link encodes to a link that decodes to the same route, without notices.
fn url_fragment(frag: &str) -> Outcome {
    let d = url_state::decode(frag);
    if d.notices.iter().any(|n| n.trim().is_empty()) {
        return Err("an empty notice".into());
    }
    let link = url_state::encode(&d.route);
    let again = url_state::decode(&link);
    if again.route != d.route {
        return Err(format!("route changed after encode/decode: {link:?}"));
    }
    if !again.notices.is_empty() {
        return Err(format!("re-decoding {link:?} gave notices {:?}", again.notices));
    }
    Ok(true)
}

/// Tokens tile the text, highlighting covers it, problems and completion ranges lie on char boundaries.
fn query_text(pick: u8, text: &str) -> Outcome {
    let text: String = text.chars().take(4000).collect();
    let lang = [Lang::PromQL, Lang::LogQL, Lang::TraceQL, Lang::LogsQL][pick as usize % 4];
    let mut at = 0;
    for t in lang::tokenize(lang, &text) {
        if t.start != at || t.end < t.start || !text.is_char_boundary(t.end) {
            return Err(format!("{lang:?}: token {}..{} after {at}", t.start, t.end));
        }
        at = t.end;
    }
    if at != text.len() {
        return Err(format!("{lang:?}: tokens end at {at} of {}", text.len()));
    }
    let mut at = 0;
    for (_, r) in lang::highlight(lang, &text) {
        if r.start != at {
            return Err(format!("{lang:?}: highlight gap at {at}"));
        }
        at = r.end;
    }
    if at != text.len() {
        return Err(format!("{lang:?}: highlight ends at {at} of {}", text.len()));
    }
    for p in lang::check(lang, &text) {
        if p.range.end > text.len() || !text.is_char_boundary(p.range.start) || !text.is_char_boundary(p.range.end) || p.message.trim().is_empty() {
            return Err(format!("{lang:?}: problem {:?} {:?}", p.range, p.message));
        }
    }
    let names = vec!["up".to_string(), "http_requests_total".to_string(), "service_name".to_string()];
    let sources = Sources { metrics: &names, labels: &names, values: &names, ..Sources::default() };
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let stride = (boundaries.len() / 24).max(1);
    for &cursor in boundaries.iter().step_by(stride) {
        let ctx = lang::context_at(lang, &text, cursor);
        if ctx.replace.start > ctx.replace.end || ctx.replace.end > text.len() || !text.is_char_boundary(ctx.replace.start) || !text.is_char_boundary(ctx.replace.end) {
            return Err(format!("{lang:?}: completion range {:?} at {cursor}", ctx.replace));
        }
        if let Some(s) = lang::suggest(&ctx, &sources).first() {
            let (new_text, caret) = lang::apply(&text, s, ctx.replace.clone());
            if caret > new_text.len() || !new_text.is_char_boundary(caret) {
                return Err(format!("{lang:?}: caret {caret} after applying {:?}", s.label));
            }
        }
    }
    let _ = lang::promql_build::first_metric(&text);
    let _ = lang::promql_build::bucket_selector(&text);
    let _ = lang::promql_build::histogram_counts_unit(&text);
    let _ = variables::parse_variable_query(&text);
    Ok(true)
}

/// Time expressions, ranges and durations: what parses prints back to itself; nothing overflows.
fn time_text(pick: u8, text: &str) -> Outcome {
    let nows = [0, 1_700_000_000_123, i64::MAX, i64::MIN];
    match pick {
        0 => match TimeExpr::parse(text) {
            Err(e) => text_error_ok(&e),
            Ok(e) => {
                for now in nows {
                    let _ = (e.resolve(now, 330), e.resolve_end(now, i32::MIN));
                }
                let back = TimeExpr::parse(&e.to_string()).map_err(|err| format!("{e} does not parse back: {err}"))?;
                if back != e {
                    return Err(format!("{e} parses back as {back:?}"));
                }
                Ok(true)
            }
        },
        1 => {
            let (from, to) = text.split_once('|').unwrap_or((text, "now"));
            match TimeRange::parse(from, to) {
                Err(e) => text_error_ok(&e),
                Ok(r) => {
                    for now in nows {
                        let _ = r.resolve(now, -720);
                        let _ = r.shift(now, 0, true);
                        let _ = r.zoom_out(now, 0, 2.0);
                    }
                    let _ = r.label();
                    Ok(true)
                }
            }
        }
        _ => match parse_duration(text) {
            Some(ms) if ms < 0 => Err(format!("negative duration {ms}")),
            Some(ms) if parse_duration(&format_duration(ms)) != Some(ms) => Err(format!("{ms} ms does not survive format/parse")),
            _ => Ok(true),
        },
    }
}
