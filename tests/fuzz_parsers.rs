//! Seeded fuzzing of every parser that reads outside input, starting from the recorded fixtures: no panics,
//! errors with a message, and results that keep their invariants (sorted points, sane spans, a consistent
//! trace model, charts that draw).

mod common;

use common::{display_ok, fixtures, mutate, parsed_ok, seed_of, take_parsed_ok, Report, Rng};
use plotters::prelude::*;
use serde_json::{json, Value};
use trifocal::backends::loki::LokiResult;
use trifocal::backends::{jaeger, loki, otlp, prometheus, tempo, trace_file, ApiError};
use trifocal::chart::axis_range::AxisBounds;
use trifocal::chart::theme::ChartTheme;
use trifocal::chart::timeseries::{draw, DrawStyle, TimeSeriesSpec};
use trifocal::telemetry::{AttrValue, Exemplar, LogResult, SeriesResult, Trace, TraceSummary, ValueKind};
use trifocal::view::exemplars::ExemplarOwner;
use trifocal::view::palette::Palette;
use trifocal::view::series_view::prepare;
use trifocal::view::trace::collapse::{visible_rows, Collapsed};
use trifocal::view::trace::find::{find, FindQuery};
use trifocal::view::trace::viewport::{span_geometry, ticks, TimeWindow};
use trifocal::view::trace::{critical_path, stats, OrphanMode, TraceModel};
use trifocal::view::units::Unit;

const CONTENT_TYPES: &[&str] = &["application/json", "", "text/plain; charset=utf-8", "application/json; charset=utf-8"];

/// Runs `cases` mutations of every seed text (plus the seed itself and truncations at every `len/truncs`-th
/// char) through `check`. Returns the number of cases.
fn fuzz(name: &str, seeds: &[(String, String)], cases: usize, truncs: usize, check: impl Fn(&mut Rng, &str) -> Result<(), String>) -> usize {
    let mut report = Report::new(name);
    take_parsed_ok();
    for (file, text) in seeds {
        let tag = format!("{name}/{file}");
        let seed = seed_of(&tag, usize::MAX);
        report.case(seed, text, || check(&mut Rng::new(seed), text));
        let chars: Vec<char> = text.chars().collect();
        let step = (chars.len() / truncs.max(1)).max(1);
        for (k, at) in (0..chars.len()).step_by(step).enumerate() {
            let cut: String = chars[..at].iter().collect();
            let seed = seed_of(&format!("{tag}/trunc"), k);
            report.case(seed, &cut, || check(&mut Rng::new(seed), &cut));
        }
        for i in 0..cases {
            let seed = seed_of(&tag, i);
            let mut rng = Rng::new(seed);
            let input = mutate(&mut rng, text);
            report.case(seed, &input, || check(&mut rng, &input));
        }
    }
    let accepted = take_parsed_ok();
    let cases = report.finish();
    // The mutations must leave enough inputs readable for the Ok paths (and their invariants) to be tested.
    assert!(accepted * 20 >= cases, "{name}: only {accepted} of {cases} cases were accepted");
    eprintln!("  {name}: {cases} cases, {accepted} accepted");
    cases
}

/// An accepted input with nothing more to check.
fn ok() -> Result<(), String> {
    parsed_ok();
    Ok(())
}

fn ct(rng: &mut Rng) -> &'static str {
    CONTENT_TYPES[rng.below(CONTENT_TYPES.len())]
}

fn err_ok(e: &ApiError) -> Result<(), String> {
    display_ok(e)?;
    // The body excerpt is bounded, so a huge answer cannot flood the page.
    let n = e.to_string().chars().count();
    if n > 3000 {
        return Err(format!("error message of {n} chars: {}", common::clip(&e.to_string(), 200)));
    }
    Ok(())
}

// ---------------------------------------------------------------- series

fn series_ok(r: &SeriesResult) -> Result<(), String> {
    parsed_ok();
    for (i, s) in r.series.iter().enumerate() {
        if let Some(w) = s.points.windows(2).find(|w| w[0].t_ms > w[1].t_ms) {
            return Err(format!("series {i}: points out of order ({} after {})", w[1].t_ms, w[0].t_ms));
        }
    }
    match r.kind {
        ValueKind::Vector if r.series.iter().any(|s| s.points.len() > 1) => Err("vector series with several points".into()),
        ValueKind::Scalar if r.series.len() != 1 => Err(format!("scalar with {} series", r.series.len())),
        ValueKind::String if r.text.is_none() || !r.series.is_empty() => Err("string result without text".into()),
        _ => Ok(()),
    }
}

/// Prepares and draws the series on an SVG backend with random options.
fn chart_ok(rng: &mut Rng, r: &SeriesResult, exemplars: &[Exemplar]) -> Result<(), String> {
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for p in r.series.iter().flat_map(|s| &s.points) {
        lo = lo.min(p.t_ms);
        hi = hi.max(p.t_ms);
    }
    if lo > hi || rng.chance(20) {
        lo = rng.i64() / 1_000_000;
        hi = lo.saturating_add(rng.below(10_000_000) as i64);
    }
    let width = *rng.pick(&[0u32, 1, 37, 400]);
    let names: Vec<String> = r.series.iter().map(|_| if rng.chance(30) { "{{job}} x".into() } else { String::new() }).collect();
    let mut views = prepare(&r.series, &names, lo, hi, width, Palette::default());
    // Units per series (a right axis, or three units on one), exemplars owned by any series or none.
    for v in views.iter_mut() {
        v.unit = rng.chance(50).then(|| *rng.pick(&Unit::ALL));
        v.hidden = rng.chance(20);
    }
    let owners: Vec<ExemplarOwner> = exemplars
        .iter()
        .map(|_| match rng.below(3) {
            0 => ExemplarOwner::Series(rng.below(views.len() + 2)),
            1 => ExemplarOwner::Unmatched(Some(rng.below(views.len() + 2))),
            _ => ExemplarOwner::Unmatched(None),
        })
        .collect();
    if views.len() != r.series.len() {
        return Err("prepare lost series".into());
    }
    for v in &views {
        if v.points.windows(2).any(|w| w[0].t_ms > w[1].t_ms) {
            return Err(format!("view {} has points out of order", v.key));
        }
    }
    let theme = ChartTheme::dark();
    let size = *rng.pick(&[(300u32, 150u32), (60, 40), (1, 1)]);
    let mut svg = String::new();
    let res = {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let spec = TimeSeriesSpec {
            views: &views,
            exemplars,
            exemplar_owners: &owners,
            start_ms: lo,
            end_ms: hi,
            unit: *rng.pick(&Unit::ALL),
            log_scale: rng.chance(30),
            style: *rng.pick(&[DrawStyle::Lines, DrawStyle::Points, DrawStyle::Bars, DrawStyle::Stacked]),
            theme: &theme,
            tz_offset_min: *rng.pick(&[0, 330, -720, 840]),
            selection: rng.chance(20).then_some((lo, hi)),
            thresholds: None,
            bounds: AxisBounds {
                min: *rng.pick(&[None, Some(0.0), Some(-1e308), Some(f64::NAN)]),
                max: *rng.pick(&[None, Some(100.0), Some(0.0), Some(f64::INFINITY)]),
                soft_min: *rng.pick(&[None, Some(-5.0)]),
                soft_max: *rng.pick(&[None, Some(1e300)]),
            },
        };
        draw(&area, &spec)
    };
    match res {
        Err(e) if e.trim().is_empty() => Err("chart error without a message".into()),
        Err(_) => Ok(()),
        Ok(layout) => {
            let (x0, y0, x1, y1) = layout.plot;
            if x0 > x1 || y0 > y1 || x1 > size.0 as i32 || y1 > size.1 as i32 {
                return Err(format!("plot rectangle {:?} outside {size:?}", layout.plot));
            }
            if layout.exemplar_xy.len() != exemplars.len() {
                return Err("exemplar positions do not match exemplars".into());
            }
            if layout.end_ms <= layout.start_ms {
                return Err(format!("x axis {}..{}", layout.start_ms, layout.end_ms));
            }
            Ok(())
        }
    }
}

#[test]
fn prometheus_parsers() {
    let all = fixtures("prometheus");
    let pick = |names: &[&str]| -> Vec<(String, String)> { all.iter().filter(|(f, _)| names.iter().any(|n| f == n)).cloned().collect() };
    let queries = pick(&[
        "query_range_matrix.json",
        "query_range_matrix_rate.json",
        "query_range_matrix_tempo_spanmetrics.json",
        "query_vector.json",
        "query_scalar.json",
        "query_string.json",
        "query_range_empty.json",
        "error_bad_query.json",
        "error_execution_many_to_many.json",
    ]);
    let mut n = 0;
    n += fuzz("prom.parse_query", &queries, 170, 30, |rng, body| match prometheus::convert::parse_query(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(r) => {
            series_ok(&r)?;
            if rng.chance(15) {
                chart_ok(rng, &r, &[])?;
            }
            Ok(())
        }
    });
    let exemplars = pick(&["query_exemplars.json", "query_exemplars_counter.json"]);
    n += fuzz("prom.parse_exemplars", &exemplars, 200, 20, |rng, body| match prometheus::convert::parse_exemplars(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(list) => {
            parsed_ok();
            if list.windows(2).any(|w| w[0].t_ms > w[1].t_ms) {
                return Err("exemplars not sorted by time".into());
            }
            if rng.chance(10) {
                let series = prometheus::convert::parse_query(200, "application/json", &all.iter().find(|(f, _)| f == "query_range_matrix.json").unwrap().1)
                    .map_err(|e| e.to_string())?;
                chart_ok(rng, &series, &list)?;
            }
            Ok(())
        }
    });
    let strings = pick(&["labels.json", "label_values.json", "label_values_metric_names.json", "labels_matched.json"]);
    n += fuzz("prom.parse_strings", &strings, 250, 20, |rng, body| match prometheus::convert::parse_strings(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(_) => ok(),
    });
    n += fuzz("prom.parse_series", &pick(&["series.json"]), 400, 40, |rng, body| match prometheus::convert::parse_series(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(_) => ok(),
    });
    n += fuzz("prom.parse_metadata", &pick(&["metadata.json"]), 400, 40, |rng, body| match prometheus::convert::parse_metadata(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(_) => ok(),
    });
    n += fuzz("prom.parse_buildinfo", &pick(&["buildinfo.json"]), 400, 40, |rng, body| match prometheus::convert::parse_buildinfo(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(_) => ok(),
    });
    eprintln!("prometheus parsers: {n} cases");
}

// ---------------------------------------------------------------- logs

fn logs_ok(r: &LogResult) -> Result<(), String> {
    parsed_ok();
    let asc = r.entries.windows(2).all(|w| w[0].ts_ns <= w[1].ts_ns);
    let desc = r.entries.windows(2).all(|w| w[0].ts_ns >= w[1].ts_ns);
    if !asc && !desc {
        return Err("log entries are not sorted in either direction".into());
    }
    Ok(())
}

#[test]
fn loki_parsers() {
    let all = fixtures("loki");
    let pick = |names: &[&str]| -> Vec<(String, String)> { all.iter().filter(|(f, _)| names.iter().any(|n| f == n)).cloned().collect() };
    let queries = pick(&[
        "query_range_streams.json",
        "query_range_streams_categorized.json",
        "query_range_streams_structured_metadata.json",
        "query_range_streams_json_filter.json",
        "query_trace_logs.json",
        "query_range_matrix.json",
        "query_vector.json",
    ]);
    let mut n = 0;
    n += fuzz("loki.parse_query", &queries, 170, 30, |rng, body| {
        let fields: &[&str] = match rng.below(3) {
            0 => &[],
            1 => &["trace_id"],
            _ => &["", "traceID", "\u{202e}", "x"],
        };
        match loki::convert::parse_query(200, ct(rng), body, fields) {
            Err(e) => err_ok(&e),
            Ok(LokiResult::Logs(l)) => logs_ok(&l),
            Ok(LokiResult::Metric(m)) => {
                series_ok(&m)?;
                if rng.chance(10) {
                    chart_ok(rng, &m, &[])?;
                }
                Ok(())
            }
        }
    });
    n += fuzz("loki.parse_strings", &pick(&["labels.json", "label_values.json"]), 400, 20, |rng, body| {
        match loki::convert::parse_strings(200, ct(rng), body) {
            Err(e) => err_ok(&e),
            Ok(_) => ok(),
        }
    });
    n += fuzz("loki.parse_series", &pick(&["series.json"]), 400, 40, |rng, body| match loki::convert::parse_series(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(_) => ok(),
    });
    n += fuzz("loki.parse_buildinfo", &pick(&["buildinfo.json"]), 400, 40, |rng, body| match loki::convert::parse_buildinfo(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(_) => ok(),
    });
    eprintln!("loki parsers: {n} cases");
}

// ---------------------------------------------------------------- traces

/// The model of a parsed trace keeps its invariants under both orphan modes; critical path, collapse, find,
/// stats and geometry run on it.
fn trace_ok(rng: &mut Rng, t: &Trace) -> Result<(), String> {
    parsed_ok();
    if t.warnings.len() > 25 {
        return Err(format!("{} warnings (they are capped)", t.warnings.len()));
    }
    if let Some(w) = t.warnings.iter().find(|w| w.trim().is_empty() || w.chars().count() > 1000) {
        return Err(format!("empty or huge warning: {}", common::clip(w, 200)));
    }
    for (i, s) in t.spans.iter().enumerate() {
        if s.end_ns < s.start_ns {
            return Err(format!("span {i} ends before it starts ({} < {})", s.end_ns, s.start_ns));
        }
    }
    for mode in [OrphanMode::AsRoots, OrphanMode::UnderPlaceholder] {
        let m = TraceModel::build_with(t, mode);
        model_ok(rng, t, &m, mode)?;
    }
    Ok(())
}

fn model_ok(rng: &mut Rng, t: &Trace, m: &TraceModel, mode: OrphanMode) -> Result<(), String> {
    let n = m.rows.len();
    let placeholders = m.rows.iter().filter(|r| r.span.is_none()).count();
    if n != t.spans.len() + placeholders {
        return Err(format!("{mode:?}: {n} rows for {} spans and {placeholders} placeholders", t.spans.len()));
    }
    if mode == OrphanMode::AsRoots && placeholders > 0 {
        return Err("placeholders in AsRoots mode".into());
    }
    if m.row_of_span.len() != t.spans.len() {
        return Err("row_of_span has the wrong length".into());
    }
    for (i, &r) in m.row_of_span.iter().enumerate() {
        if m.rows.get(r as usize).and_then(|row| row.span) != Some(i) {
            return Err(format!("{mode:?}: row_of_span[{i}] = {r} does not show span {i}"));
        }
    }
    for (r, row) in m.rows.iter().enumerate() {
        let end = row.subtree_end as usize;
        if end <= r || end > n {
            return Err(format!("{mode:?}: row {r} subtree_end {end} of {n}"));
        }
        match row.parent_row {
            Some(p) => {
                let p = p as usize;
                let parent = m.rows.get(p).ok_or("parent row out of range")?;
                if p >= r || (parent.subtree_end as usize) < end || row.depth != parent.depth + 1 {
                    return Err(format!("{mode:?}: row {r} badly nested under {p}"));
                }
            }
            None if row.depth != 0 => return Err(format!("{mode:?}: root row {r} at depth {}", row.depth)),
            None => {}
        }
        if row.self_time_ns < 0 {
            return Err(format!("row {r} negative self time"));
        }
        if m.children(r as u32).count() != row.child_count as usize {
            return Err(format!("{mode:?}: row {r} child_count {} differs from children()", row.child_count));
        }
    }
    if m.duration_ns() < 0 {
        return Err("negative trace duration".into());
    }
    let cp = critical_path(m, t);
    if cp.len() != n {
        return Err("critical path length differs from rows".into());
    }
    // Collapse some rows: visible rows are increasing, in range, and never inside a collapsed subtree.
    let mut c = Collapsed::default();
    if n > 0 {
        for _ in 0..rng.below(4) {
            c.collapse(rng.below(n) as u32);
        }
        if rng.chance(10) {
            c.collapse_all(m);
        }
    }
    let vis = visible_rows(m, &c);
    if vis.windows(2).any(|w| w[0] >= w[1]) || vis.iter().any(|&r| r as usize >= n) {
        return Err("visible rows not an increasing subset of the rows".into());
    }
    if n > 0 && vis.first() != Some(&0) {
        return Err("the first row is not visible".into());
    }
    for &r in &vis {
        if m.ancestors(r).iter().any(|&a| c.is_collapsed(a)) {
            return Err(format!("row {r} is visible inside a collapsed row"));
        }
    }
    // Find with words taken from the trace and odd text.
    let mut queries: Vec<String> = vec!["duration>1ms".into(), "status=error".into(), "\"".into(), "=".into(), "duration>=".into(), "kind=server x".into()];
    if let Some(s) = t.spans.get(rng.below(t.spans.len().max(1))) {
        queries.push(s.name.clone());
        queries.push(format!("service={}", s.service));
        queries.push(format!("span={}", s.span_id.to_hex()));
        if let Some(a) = s.attributes.first() {
            queries.push(format!("{}=\"{}\"", a.key, a.value));
        }
    }
    let q = rng.pick(&queries).clone();
    let q = if rng.chance(50) { mutate(rng, &q) } else { q };
    let found = find(m, t, &FindQuery::parse(&q));
    if found.windows(2).any(|w| w[0] >= w[1]) || found.iter().any(|&r| r as usize >= n) {
        return Err(format!("find({q:?}) returned rows out of order or range"));
    }
    let _ = stats(t, m);
    let window = *rng.pick(&[TimeWindow::FULL, TimeWindow { start: 0.25, end: 0.5 }, TimeWindow { start: f64::NAN, end: 2.0 }, TimeWindow { start: 0.9, end: 0.1 }]);
    for r in 0..n.min(20) {
        if let Some((x, w)) = span_geometry(m, t, r as u32, &window) {
            if !x.is_finite() || !w.is_finite() || w < 0.0 {
                return Err(format!("row {r} geometry ({x}, {w})"));
            }
        }
    }
    let _ = ticks(&window, m.duration_ns(), 1 + rng.below(10));
    Ok(())
}

fn summaries_ok(list: &[TraceSummary]) -> Result<(), String> {
    parsed_ok();
    for s in list {
        if !s.duration_ms.is_finite() || s.duration_ms < 0.0 {
            return Err(format!("summary {} duration {}", s.trace_id, s.duration_ms));
        }
    }
    Ok(())
}

/// A Jaeger classic body (`{"data":[{traceID, spans, processes}]}`) with the spans of a real trace.
fn classic_from(t: &Trace) -> String {
    let mut processes = serde_json::Map::new();
    let spans: Vec<Value> = t
        .spans
        .iter()
        .map(|s| {
            let pid = format!("p{}", processes.len());
            let pid = processes
                .iter()
                .find(|(_, v)| v["serviceName"] == &*s.service)
                .map(|(k, _)| k.clone())
                .unwrap_or_else(|| {
                    processes.insert(pid.clone(), json!({"serviceName": &*s.service, "tags": [{"key":"host.name","type":"string","value":"web-01"}]}));
                    pid
                });
            let tags: Vec<Value> = s
                .attributes
                .iter()
                .map(|a| match &a.value {
                    AttrValue::Int(i) => json!({"key": a.key, "type": "int64", "value": i}),
                    AttrValue::Float(x) => json!({"key": a.key, "type": "float64", "value": x}),
                    AttrValue::Bool(b) => json!({"key": a.key, "type": "bool", "value": b}),
                    v => json!({"key": a.key, "type": "string", "value": v.to_string()}),
                })
                .chain([json!({"key":"span.kind","type":"string","value":"server"})])
                .collect();
            let refs: Vec<Value> = s
                .parent_id
                .map(|p| json!({"refType":"CHILD_OF","traceID": t.trace_id.map(|x| x.to_hex()), "spanID": p.to_hex()}))
                .into_iter()
                .collect();
            json!({
                "traceID": t.trace_id.map(|x| x.to_hex()), "spanID": s.span_id.to_hex(), "operationName": s.name,
                "references": refs, "startTime": s.start_ns / 1000, "duration": s.duration_ns() / 1000, "processID": pid,
                "tags": tags, "logs": [{"timestamp": s.start_ns / 1000, "fields": [{"key":"event","type":"string","value":"x"}]}]
            })
        })
        .collect();
    json!({"data":[{"traceID": t.trace_id.map(|x| x.to_hex()), "spans": spans, "processes": processes, "warnings": null}],
           "total":0,"limit":0,"offset":0,"errors":null})
    .to_string()
}

struct TraceSeeds {
    v2: String,
    v1: String,
    large_v2: String,
    otlp: String,
    v3: String,
    classic: String,
}

fn trace_seeds() -> TraceSeeds {
    let all = fixtures("tempo");
    let get = |n: &str| all.iter().find(|(f, _)| f == n).map(|(_, t)| t.clone()).unwrap();
    let v2 = get("trace_by_id_v2.json");
    let v: Value = serde_json::from_str(&v2).unwrap();
    let otlp = v["trace"].to_string();
    let v3 = json!({"result": v["trace"]}).to_string();
    let t = tempo::convert::parse_trace(200, "application/json", &v2).unwrap();
    TraceSeeds { v1: get("trace_by_id.json"), large_v2: get("trace_large_v2.json"), classic: classic_from(&t), v2, otlp, v3 }
}

fn one(name: &str, text: &str) -> Vec<(String, String)> {
    vec![(name.to_string(), text.to_string())]
}

#[test]
fn tempo_parsers() {
    let s = trace_seeds();
    let mut n = 0;
    let seeds = vec![("v2".to_string(), s.v2.clone()), ("v1".to_string(), s.v1.clone())];
    n += fuzz("tempo.parse_trace", &seeds, 320, 30, |rng, body| match tempo::convert::parse_trace(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(t) => trace_ok(rng, &t),
    });
    // The 2,100-span trace: a few mutations only (each parse and model build of 800 kB is slow in debug).
    n += fuzz("tempo.parse_trace.large", &one("large_v2", &s.large_v2), 3, 1, |rng, body| match tempo::convert::parse_trace(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(t) => trace_ok(rng, &t),
    });
    let all = fixtures("tempo");
    let searches: Vec<(String, String)> = all.into_iter().filter(|(f, _)| f.starts_with("search_")).collect();
    n += fuzz("tempo.parse_search", &searches, 180, 20, |rng, body| match tempo::convert::parse_search(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(list) => summaries_ok(&list),
    });
    eprintln!("tempo parsers: {n} cases");
}

#[test]
fn jaeger_parsers() {
    let s = trace_seeds();
    let mut n = 0;
    n += fuzz("jaeger.parse_trace_v3", &one("v3", &s.v3), 500, 40, |rng, body| {
        // Sometimes two chunks in a row, as a streaming server sends them.
        let body = if rng.chance(10) { format!("{body}\n{body}") } else { body.to_string() };
        match jaeger::convert::parse_trace_v3(200, ct(rng), &body) {
            Err(e) => err_ok(&e),
            Ok(t) => trace_ok(rng, &t),
        }
    });
    n += fuzz("jaeger.parse_trace_classic", &one("classic", &s.classic), 500, 40, |rng, body| {
        match jaeger::convert::parse_trace_classic(200, ct(rng), body) {
            Err(e) => err_ok(&e),
            Ok(t) => trace_ok(rng, &t),
        }
    });
    n += fuzz("jaeger.parse_search_classic", &one("classic", &s.classic), 400, 20, |rng, body| {
        match jaeger::convert::parse_search_classic(200, ct(rng), body) {
            Err(e) => err_ok(&e),
            Ok(list) => {
                if list.windows(2).any(|w| w[0].start_ms < w[1].start_ms) {
                    return Err("search results not newest first".into());
                }
                summaries_ok(&list)
            }
        }
    });
    let services = r#"{"data":["search-ui","search-service","embedding-service","jaeger-all-in-one"],"total":4,"limit":0,"offset":0,"errors":null}"#;
    n += fuzz("jaeger.parse_strings", &one("services", services), 500, 40, |rng, body| match jaeger::convert::parse_strings(200, ct(rng), body) {
        Err(e) => err_ok(&e),
        Ok(list) => {
            parsed_ok();
            if list.windows(2).any(|w| w[0] >= w[1]) {
                return Err("service list not sorted and deduplicated".into());
            }
            Ok(())
        }
    });
    eprintln!("jaeger parsers: {n} cases");
}

#[test]
fn trace_files_and_otlp() {
    let s = trace_seeds();
    let jsonl = {
        let v: Value = serde_json::from_str(&s.otlp).unwrap();
        let mut lines = Vec::new();
        if let Some(list) = v["resourceSpans"].as_array() {
            for rs in list {
                lines.push(json!({"resourceSpans": [rs]}).to_string());
            }
        }
        lines.join("\n")
    };
    let seeds = vec![
        ("otlp".to_string(), s.otlp.clone()),
        ("tempo_v2".to_string(), s.v2.clone()),
        ("tempo_v1".to_string(), s.v1.clone()),
        ("jaeger_v3".to_string(), s.v3.clone()),
        ("jaeger_classic".to_string(), s.classic.clone()),
        ("jsonl".to_string(), jsonl),
    ];
    let mut n = 0;
    n += fuzz("trace_file.parse_trace_file", &seeds, 160, 20, |rng, text| match trace_file::parse_trace_file(text) {
        Err(e) if e.trim().is_empty() => Err("empty error".into()),
        Err(_) => Ok(()),
        Ok(t) if t.spans.is_empty() => Err("Ok with no spans".into()),
        Ok(t) => trace_ok(rng, &t),
    });
    n += fuzz("otlp.parse_traces_data", &one("otlp", &s.otlp), 400, 40, |rng, text| match otlp::parse_traces_data(text) {
        Err(e) if e.trim().is_empty() => Err("empty error".into()),
        Err(_) => Ok(()),
        Ok(t) => trace_ok(rng, &t),
    });
    n += fuzz("otlp.lenient_at", &one("tempo_v2", &s.v2), 300, 10, |rng, text| {
        let pointer = *rng.pick(&["/trace/resourceSpans", "/batches", "", "/", "/trace/0", "~1"]);
        match otlp::convert::lenient_at(text, pointer) {
            Err(e) if e.trim().is_empty() => Err("empty error".into()),
            Err(_) => Ok(()),
            Ok(t) => trace_ok(rng, &t),
        }
    });
    eprintln!("trace files and OTLP: {n} cases");
}

// ---------------------------------------------------------------- small text parsers

#[test]
fn api_error_from_body() {
    let mut seeds: Vec<(String, String)> = Vec::new();
    for dir in ["prometheus", "loki", "tempo"] {
        for (f, t) in fixtures(dir) {
            if t.len() < 20_000 {
                seeds.push((format!("{dir}/{f}"), t));
            }
        }
    }
    seeds.push(("html".into(), "<!DOCTYPE html><html><head><title>Sign in – Corp SSO</title></head><body>…</body></html>".into()));
    seeds.push(("nginx".into(), "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n".into()));
    let n = fuzz("ApiError::from_body", &seeds, 40, 8, |rng, body| {
        let status = *rng.pick(&[0u16, 200, 204, 301, 400, 401, 404, 422, 429, 500, 502, 503, 504, 999, u16::MAX]);
        let ct = *rng.pick(&["text/html", "text/plain", "application/json", "", "TEXT/HTML; charset=utf-8", "\u{202e}"]);
        let e = ApiError::from_body(status, ct, body);
        err_ok(&e)?;
        if let ApiError::Html { title, .. } = &e {
            if title.len() > 210 {
                return Err(format!("HTML title of {} bytes", title.len()));
            }
        }
        ok()
    });
    eprintln!("ApiError::from_body: {n} cases");
}

#[test]
fn url_state_decode() {
    use trifocal::url_state::{decode, encode};
    let seeds: Vec<(String, String)> = [
        "#/metrics?from=now-1h&to=now&q.A=rate(http_server_requests_total%5B5m%5D)&legend.A=%7B%7Bservice_name%7D%7D&instant.A=1&hidden.B=0&q.B=up&min_step=15s&refresh=30s&tz=utc",
        "#/logs?from=now-15m&to=now&query=%7Bservice_name%3D%22search-service%22%7D%20%7C%3D%20%22error%22&limit=5000&order=oldest&filter=x&line=1795453063153273726",
        "#/trace/6575de447380ec933e5135e5d844e736?span=a0a41a43ab4337a1&find=duration%3E10ms",
        "#/search?from=2024-01-02%2003:04:05&to=2024-01-03T00:00:00Z&query=%7Bresource.service.name%3D%22x%22%7D&limit=50",
        "#/d/abc123/my-dashboard?var-env=prod&var-env=dev&refresh=5s&from=now-6h%2Fh&to=now%2Fh",
        "#/settings",
        "#/",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| (format!("url{i}"), s.to_string()))
    .collect();
    let n = fuzz("url_state::decode", &seeds, 700, 40, |_, frag| {
        let d = decode(frag);
        if d.notices.len() > 11 || d.notices.iter().any(|n| n.trim().is_empty()) {
            return Err(format!("{} notices, or an empty one", d.notices.len()));
        }
        // What a decoded link encodes to decodes to the same route, without notices.
        let link = encode(&d.route);
        let again = decode(&link);
        if again.route != d.route {
            return Err(format!("route changed after encode/decode: {link:?}\n  {:?}\n  {:?}", d.route, again.route));
        }
        if !again.notices.is_empty() {
            return Err(format!("re-decoding {link:?} gave notices {:?}", again.notices));
        }
        ok()
    });
    eprintln!("url_state::decode: {n} cases");
}

#[test]
fn time_parsers() {
    use trifocal::time::duration::{format_duration, parse_duration};
    use trifocal::time::{TimeExpr, TimeRange};
    let exprs: Vec<(String, String)> = [
        "now", "now-6h", "now-1d/d", "now/w", "now-1M/M+2h", "now-5y", "1700000000000", "-1", "2024-01-02 03:04:05", "2024-01-02T03:04:05.123Z",
        "2024-02-29T23:59:59+05:30", "2024-01-02", "now+1s-2m/m",
    ]
    .iter()
    .map(|s| (s.to_string(), s.to_string()))
    .collect();
    let mut n = fuzz("TimeExpr::parse", &exprs, 250, 10, |rng, text| match TimeExpr::parse(text) {
        Err(e) if e.trim().is_empty() => Err("empty error".into()),
        Err(_) => Ok(()),
        Ok(e) => {
            let any = rng.i64();
            let now = *rng.pick(&[0, 1_700_000_000_123, i64::MAX, i64::MIN, any]);
            let tz = *rng.pick(&[0, 330, -720, 840, i32::MAX, i32::MIN]);
            let _ = (e.resolve(now, tz), e.resolve_end(now, tz));
            let back = TimeExpr::parse(&e.to_string()).map_err(|err| format!("{e} does not parse back: {err}"))?;
            if back != e {
                return Err(format!("{e} parses back as {back:?}, was {e:?}"));
            }
            ok()
        }
    });
    let ranges: Vec<(String, String)> = [("now-6h", "now"), ("now-1d/d", "now-1d/d"), ("2024-01-02", "2024-01-03 00:00"), ("1700000000000", "now")]
        .iter()
        .map(|(a, b)| (format!("{a}|{b}"), format!("{a}\u{1}{b}")))
        .collect();
    n += fuzz("TimeRange::parse", &ranges, 300, 5, |rng, text| {
        let (from, to) = text.split_once('\u{1}').unwrap_or((text, "now"));
        match TimeRange::parse(from, to) {
            Err(e) if e.trim().is_empty() => Err("empty error".into()),
            Err(_) => Ok(()),
            Ok(r) => {
                let any = rng.i64();
                let now = *rng.pick(&[1_700_000_000_123, i64::MAX, i64::MIN, any]);
                let tz = *rng.pick(&[0, 330, -720, i32::MIN]);
                let _ = r.resolve(now, tz);
                let _ = r.shift(now, tz, rng.chance(50));
                let _ = r.zoom_out(now, tz, *rng.pick(&[2.0, 0.0, -1.0, f64::NAN, f64::INFINITY, 1e300]));
                let _ = r.label();
                ok()
            }
        }
    });
    let durations: Vec<(String, String)> = ["1h30m", "500ms", "15", "0.5", "1y2w3d4h5m6s7ms", "2d"].iter().map(|s| (s.to_string(), s.to_string())).collect();
    n += fuzz("parse_duration", &durations, 300, 5, |_, text| {
        if let Some(ms) = parse_duration(text) {
            if ms < 0 {
                return Err(format!("negative duration {ms}"));
            }
            let f = format_duration(ms);
            if parse_duration(&f) != Some(ms) {
                return Err(format!("{ms} ms formats as {f:?}, which parses as {:?}", parse_duration(&f)));
            }
            let _ = TimeRange::last(text);
            parsed_ok();
        }
        Ok(())
    });
    eprintln!("time parsers: {n} cases");
}

#[test]
fn find_queries_and_storage() {
    use trifocal::datasource::Datasources;
    use trifocal::view::log_text::{shorten, strip_controls};
    let finds: Vec<(String, String)> = ["duration>10ms service=search-ui \"GET /search\"", "http.route=\"/api/v1/search\" status=error", "kind=client span=a0a41a43ab4337a1"]
        .iter()
        .map(|s| (s.to_string(), s.to_string()))
        .collect();
    let mut n = fuzz("FindQuery::parse", &finds, 400, 10, |_, text| {
        let q = FindQuery::parse(text);
        if text.trim().is_empty() && !q.is_empty() {
            return Err("blank query with terms".into());
        }
        let _ = strip_controls(text);
        let _ = shorten(text, 7);
        ok()
    });
    let stored = Datasources::default().to_storage_json();
    n += fuzz("Datasources::from_storage_json", &one("default", &stored), 600, 40, |_, text| {
        let d = Datasources::from_storage_json(text);
        for (k, v) in d.headers() {
            if k.is_empty() || v.trim() != v {
                return Err(format!("header {k:?}: {v:?}"));
            }
        }
        if Datasources::from_storage_json(&d.to_storage_json()) != d {
            return Err("settings do not survive a save and reload".into());
        }
        ok()
    });
    eprintln!("find queries and storage: {n} cases");
}
