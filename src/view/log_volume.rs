//! Log volume histogram: the LogQL metric query counting a log query's lines per level and step, the
//! request window whose buckets tile the range, and the answer turned into level-coloured series.

use crate::datasource::LogsBackend;
use crate::lang::token::TokenKind;
use crate::lang::{tokenize, Lang};
use crate::telemetry::{Labels, Point, Series, SeriesResult};
use crate::time::duration::format_duration;
use crate::time::step::auto_step;
use crate::view::palette::{self, Palette, Rgb};
use crate::view::series_view::SeriesView;

/// About one bar per this many pixels.
pub const BAR_PX: u32 = 8;

/// What to ask Loki for the volume of a log query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumePlan {
    /// `sum by (level) (count_over_time(<log query> [<step>]))`
    pub query: String,
    /// First and last evaluation times (ns). Each point at `t` counts lines in `(t - step, t]`, so the points
    /// `start_ns, start_ns + step, …, end_ns` count every line of `(start_ns - step, end_ns]`.
    pub start_ns: i64,
    pub end_ns: i64,
    pub step_ms: i64,
}

/// True when the text is a log query (its first meaningful token is the stream selector's `{`), false for a
/// metric query (`rate(…)`, `sum by …`) or an empty text.
pub fn is_log_query(query: &str) -> bool {
    tokenize(Lang::LogQL, query)
        .into_iter()
        .find(|t| !t.kind.is_trivia())
        .is_some_and(|t| t.kind == TokenKind::Punct && t.text(query) == "{")
}

/// The query text without `#` comments (a trailing comment would swallow what is wrapped around it).
fn without_comments(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for t in tokenize(Lang::LogQL, query) {
        match t.kind {
            TokenKind::Comment => out.push(' '),
            _ => out.push_str(t.text(query)),
        }
    }
    out.trim().to_string()
}

/// `sum by (level) (count_over_time(<query> [<step>]))` for a log query; an error for a metric query or an
/// empty one. The whole pipeline is kept (line filters, parsers), so the counts are those of the lines shown;
/// a parser that extracts a `level` field regroups by it.
pub fn volume_query(log_query: &str, step_ms: i64) -> Result<String, String> {
    if log_query.trim().is_empty() {
        return Err("no query".into());
    }
    if !is_log_query(log_query) {
        return Err("a metric query has no log volume".into());
    }
    let q = without_comments(log_query);
    let step = format_duration(step_ms.max(1000));
    Ok(format!("sum by (level) (count_over_time({q} [{step}]))"))
}

/// The volume request for the range `start_ms..end_ms` drawn `width_px` wide: a step of about
/// [`BAR_PX`] pixels, and evaluation points ending at `end` and stepping back until `start` is covered.
pub fn plan(log_query: &str, start_ms: i64, end_ms: i64, width_px: u32) -> Result<VolumePlan, String> {
    let (start_ms, end_ms) = (start_ms.min(end_ms), start_ms.max(end_ms));
    let range = end_ms.saturating_sub(start_ms);
    if range <= 0 {
        return Err("the time range is empty".into());
    }
    let bars = (width_px / BAR_PX).max(1);
    let step_ms = auto_step(range, bars, None);
    let query = volume_query(log_query, step_ms)?;
    // n buckets of `step` ending at `end` cover (end - n*step, end] ⊇ (start, end].
    let n = range / step_ms + i64::from(range % step_ms != 0);
    let first_ms = end_ms.saturating_sub((n - 1).max(0).saturating_mul(step_ms));
    Ok(VolumePlan {
        query,
        start_ns: first_ms.saturating_mul(1_000_000),
        end_ns: end_ms.saturating_mul(1_000_000),
        step_ms,
    })
}

/// The volume request for the logs backend in use. Loki: [`plan`] (a LogQL metric query). VictoriaLogs: its
/// hits of the log query itself by `level`, over exactly `[start, end)` in buckets of the same step (its
/// request starts the buckets at `start`).
pub fn plan_for(backend: LogsBackend, log_query: &str, start_ms: i64, end_ms: i64, width_px: u32) -> Result<VolumePlan, String> {
    match backend {
        LogsBackend::Loki => plan(log_query, start_ms, end_ms, width_px),
        LogsBackend::VictoriaLogs => {
            let (start_ms, end_ms) = (start_ms.min(end_ms), start_ms.max(end_ms));
            let range = end_ms.saturating_sub(start_ms);
            if range <= 0 {
                return Err("the time range is empty".into());
            }
            if log_query.trim().is_empty() {
                return Err("no query".into());
            }
            let step_ms = auto_step(range, (width_px / BAR_PX).max(1), None);
            Ok(VolumePlan {
                query: log_query.trim().to_string(),
                start_ns: start_ms.saturating_mul(1_000_000),
                end_ns: end_ms.saturating_mul(1_000_000),
                step_ms,
            })
        }
    }
}

/// VictoriaLogs' hits (a point per bucket at the bucket's start) as volume series: each point moved to its
/// bucket's end, where a Loki volume point sits, then as [`volume_series`].
pub fn hits_series(result: &SeriesResult, step_ms: i64) -> (Vec<Series>, Vec<String>) {
    let mut moved = result.clone();
    for s in &mut moved.series {
        for p in &mut s.points {
            p.t_ms = p.t_ms.saturating_add(step_ms.max(0));
        }
    }
    volume_series(&moved, step_ms)
}

/// Rank of a level for stacking and legend order: errors at the bottom, unknown last.
pub fn level_rank(level: &str) -> u8 {
    match level.trim().to_ascii_lowercase().as_str() {
        "fatal" | "critical" | "crit" | "panic" | "emerg" | "alert" => 0,
        "error" | "err" | "eror" => 1,
        "warn" | "warning" => 2,
        "info" | "information" | "notice" => 3,
        "debug" | "dbg" => 4,
        "trace" => 5,
        _ => 6,
    }
}

/// The colour of a level in `palette`, matching the log rows' level colours (`--lvl-*` in the stylesheet).
pub fn level_color(level: &str, palette: Palette) -> Rgb {
    palette::level_color(level_rank(level), palette)
}

/// The level a series of the volume answer counts (`unknown` when the lines had no level label).
pub fn series_level(labels: &Labels) -> String {
    match labels.get("level").map(str::trim) {
        Some(l) if !l.is_empty() => l.to_string(),
        _ => "unknown".into(),
    }
}

/// The colour for a prepared volume series (its key is the label set, `{level="error"}`).
pub fn view_color(view: &SeriesView, palette: Palette) -> Option<Rgb> {
    let key = view.key.split('#').next().unwrap_or("");
    let level = key.split("level=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("unknown");
    Some(level_color(level, palette))
}

/// The volume answer as series ordered by level (most severe first, so it stacks at the bottom) with their
/// legends. Each point moves back half a step so its bar sits over the bucket it counts.
pub fn volume_series(result: &SeriesResult, step_ms: i64) -> (Vec<Series>, Vec<String>) {
    let half = step_ms.max(0) / 2;
    let mut out: Vec<(String, Series)> = result
        .series
        .iter()
        .map(|s| {
            let level = series_level(&s.labels);
            let mut labels = Labels::new();
            labels.insert("level", level.clone());
            let points = s.points.iter().map(|p| Point { t_ms: p.t_ms.saturating_sub(half), v: p.v }).collect();
            (level, Series { labels, points, histograms: Vec::new() })
        })
        .collect();
    crate::sort::by(&mut out, |a, b| level_rank(&a.0).cmp(&level_rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
    out.into_iter().map(|(l, s)| (s, l)).unzip()
}

/// Lines counted by the volume series: the sum of every finite, non-negative point.
pub fn total(series: &[Series]) -> u64 {
    series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter(|p| p.v.is_finite() && p.v >= 0.0)
        .map(|p| p.v.round().min(u64::MAX as f64) as u64)
        .fold(0u64, |a, b| a.saturating_add(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::loki::{convert::parse_query, LokiResult};

    #[test]
    fn wraps_a_log_query_keeping_its_pipeline() {
        assert_eq!(
            volume_query("{service_name=\"search-service\"} |= \"error\" | json", 60_000).unwrap(),
            "sum by (level) (count_over_time({service_name=\"search-service\"} |= \"error\" | json [1m]))"
        );
        assert_eq!(volume_query("  {a=\"b\"}\n", 300_000).unwrap(), "sum by (level) (count_over_time({a=\"b\"} [5m]))");
    }

    #[test]
    fn comments_do_not_swallow_the_wrapper() {
        let q = volume_query("{a=\"b\"} # only b\n|= \"x\" # and x", 1000).unwrap();
        assert_eq!(q, "sum by (level) (count_over_time({a=\"b\"}  \n|= \"x\" [1s]))");
        // A `#` inside a string is not a comment.
        let q = volume_query("{a=\"b\"} |= \"#1\"", 1000).unwrap();
        assert!(q.contains("|= \"#1\" [1s]"), "{q}");
    }

    #[test]
    fn metric_and_empty_queries_have_no_volume() {
        assert!(volume_query("rate({a=\"b\"}[5m])", 1000).is_err());
        assert!(volume_query("sum by (level) (count_over_time({a=\"b\"}[1m]))", 1000).is_err());
        assert!(volume_query("   ", 1000).is_err());
        assert!(volume_query("# just a comment", 1000).is_err());
        assert!(is_log_query("# c\n{a=\"b\"}"));
        assert!(!is_log_query(""));
    }

    #[test]
    fn plan_buckets_end_at_the_range_end_and_cover_its_start() {
        // One hour over 960 px: 120 bars → 30 s step (rounded up to a nice step).
        let p = plan("{a=\"b\"}", 0, 3_600_000, 960).unwrap();
        assert_eq!(p.step_ms, 30_000);
        assert_eq!(p.end_ns, 3_600_000_000_000);
        assert_eq!(p.start_ns, 30_000_000_000, "first bucket is (0, 30s]");
        assert!(p.query.ends_with("[30s]))"));
        // A range that is not a whole number of steps: the first bucket reaches before the start.
        let p = plan("{a=\"b\"}", 10_000, 3_600_000, 960).unwrap();
        let first_bucket_start = p.start_ns / 1_000_000 - p.step_ms;
        assert!(first_bucket_start <= 10_000 && first_bucket_start > 10_000 - p.step_ms);
        assert_eq!((p.end_ns - p.start_ns) / 1_000_000 % p.step_ms, 0);
        // Reversed bounds are swapped; empty ranges and zero widths do not panic.
        assert_eq!(plan("{a=\"b\"}", 3_600_000, 0, 960).unwrap().end_ns, 3_600_000_000_000);
        assert!(plan("{a=\"b\"}", 5, 5, 960).is_err());
        assert!(plan("{a=\"b\"}", 0, 1000, 0).is_ok());
        assert!(plan("{a=\"b\"}", i64::MIN, i64::MAX, 100).is_ok());
    }

    #[test]
    fn recorded_answer_becomes_level_series_ordered_by_severity() {
        let body = include_str!("../../tests/fixtures/loki/query_range_matrix.json");
        let LokiResult::Metric(r) = parse_query(200, "application/json", body, &[]).unwrap() else {
            panic!("expected a matrix")
        };
        let (series, legends) = volume_series(&r, 60_000);
        assert_eq!(legends, vec!["error", "warn", "info", "debug"]);
        assert_eq!(series[0].labels.get("level"), Some("error"));
        // Points sit in the middle of their bucket.
        let first_error = r.series.iter().find(|s| s.labels.get("level") == Some("error")).unwrap().points[0];
        assert_eq!(series[0].points[0].t_ms, first_error.t_ms - 30_000);
        // The total is the sum of every count in the answer.
        let expected: f64 = r.series.iter().flat_map(|s| s.points.iter()).map(|p| p.v).sum();
        assert_eq!(total(&series), expected as u64);
        assert!(total(&series) > 1000);
    }

    #[test]
    fn series_without_level_and_odd_values() {
        let r = SeriesResult {
            kind: crate::telemetry::ValueKind::Matrix,
            series: vec![Series {
                labels: Labels::new(),
                points: vec![Point { t_ms: 0, v: 2.0 }, Point { t_ms: 1, v: f64::NAN }, Point { t_ms: 2, v: -1.0 }],
                histograms: Vec::new(),
            }],
            text: None,
            warnings: vec![],
            infos: vec![],
        };
        let (s, l) = volume_series(&r, 1000);
        assert_eq!(l, vec!["unknown"]);
        assert_eq!(total(&s), 2);
    }

    #[test]
    fn colours_follow_the_level() {
        let cb = Palette::ColorBlind;
        assert_eq!(level_color("ERROR", Palette::Classic), level_color("err", Palette::Classic));
        assert_ne!(level_color("error", Palette::Classic), level_color("info", Palette::Classic));
        assert_eq!(level_color("ERROR", cb), level_color("err", cb));
        assert_ne!(level_color("error", cb), level_color("warn", cb));
        assert_ne!(level_color("error", Palette::Classic), level_color("error", cb));
        let v = SeriesView {
            key: "{level=\"warn\"}".into(),
            name: "warn".into(),
            color: (0, 0, 0),
            points: vec![],
            hidden: false,
            step_ms: 0,
            unit: None,
            hide_from: Default::default(),
            placement: Default::default(),
            draw: Default::default(),
        };
        assert_eq!(view_color(&v, Palette::Classic), Some(level_color("warn", Palette::Classic)));
        assert_eq!(view_color(&v, cb), Some(level_color("warn", cb)));
        let v = SeriesView { key: "{}".into(), ..v };
        assert_eq!(view_color(&v, cb), Some(level_color("unknown", cb)));
    }

    #[test]
    fn victorialogs_volume_counts_the_range_itself_in_hits() {
        let p = plan_for(LogsBackend::VictoriaLogs, " trace_id:=\"ab\" ", 1_000_000, 1_600_000, 800).unwrap();
        assert_eq!((p.query.as_str(), p.start_ns, p.end_ns), ("trace_id:=\"ab\"", 1_000_000_000_000, 1_600_000_000_000));
        assert!(p.step_ms > 0 && p.step_ms <= 600_000 / 100 * 2, "{}", p.step_ms);
        assert!(plan_for(LogsBackend::VictoriaLogs, "", 0, 10, 800).is_err());
        assert!(plan_for(LogsBackend::VictoriaLogs, "*", 10, 10, 800).is_err());
        assert_eq!(plan_for(LogsBackend::Loki, "{a=\"b\"}", 0, 60_000, 800), plan("{a=\"b\"}", 0, 60_000, 800));
        // The recorded hits: buckets from the range start, a minute each, drawn centred on their minute.
        let body = include_str!("../../tests/fixtures/victorialogs/hits_stream_level.json");
        let hits = crate::backends::victorialogs::convert::parse_hits(200, "application/json", body).unwrap();
        let (series, legends) = hits_series(&hits, 60_000);
        assert_eq!(legends, ["error", "warn", "info", "debug"]);
        assert_eq!(series[0].points[0].t_ms, 1_796_542_562_576 + 30_000);
        let count: u64 = include_str!("../../tests/fixtures/victorialogs/count_stream.jsonl").split('"').nth(3).unwrap().parse().unwrap();
        assert_eq!(total(&series), count);
    }
}
