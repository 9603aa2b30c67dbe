//! OTLP/HTTP JSON metrics (ExportMetricsServiceRequest) for an OTLP metrics receiver such as Prometheus 3's
//! `/api/v1/otlp/v1/metrics`. Per simulated service (resource `service.name`, the same resource as its spans):
//!
//! * `rag.request.duration` (unit `s`): an exponential histogram, cumulative since the start of the run, of
//!   the durations of the requests the service served (its SERVER spans), with the latest such span as
//!   exemplar; Prometheus stores it as a native histogram;
//! * `rag.queue.depth` (unit `{request}`): a gauge of the requests the service had in flight (SERVER spans
//!   started and not yet ended) at the sample time.
//!
//! Both come from the same simulated traces as the spans and the OpenMetrics endpoint.

use crate::model::{hex, SpanKind, Trace, SERVICES};
use crate::otlp::resource;
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;

/// Name of the request duration histogram.
pub const HISTOGRAM: &str = "rag.request.duration";
/// Name of the in-flight requests gauge.
pub const GAUGE: &str = "rag.queue.depth";
/// Scale a histogram starts at: base 2^(2^-3) ≈ 1.09, buckets about 9% wide.
pub const START_SCALE: i32 = 3;
/// Most buckets a histogram keeps; past that it halves its resolution (scale - 1), as OTel SDKs do.
pub const MAX_BUCKETS: i64 = 160;
/// Lowest scale OTLP receivers take (Prometheus native histograms go down to -4).
pub const MIN_SCALE: i32 = -4;
/// Time between two samples.
pub const INTERVAL_NS: u64 = 5_000_000_000;
/// Samples per request when a backfill is sent.
pub const BATCH_SNAPSHOTS: usize = 12;
/// Oldest sample of a backfill, before the start: Prometheus' head takes samples up to an hour older than its
/// newest one, and rejects a whole request that holds an older one.
pub const MAX_BACKFILL_NS: u64 = 50 * 60 * 1_000_000_000;

/// OTLP AggregationTemporality CUMULATIVE.
const CUMULATIVE: i32 = 2;

/// Index of the exponential-histogram bucket holding `v` (> 0, finite) at `scale`: bucket `i` holds the
/// values in (base^i, base^(i+1)] with base = 2^(2^-scale), as the OTLP data model defines it.
pub fn bucket_index(v: f64, scale: i32) -> i32 {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mantissa = bits & ((1u64 << 52) - 1);
    // An exact power of two 2^e is the upper end of its bucket: index e·2^scale - 1 (exact, no logarithm).
    if biased != 0 && mantissa == 0 {
        let e = biased - 1023;
        return if scale > 0 { (e << scale) - 1 } else { (e - 1) >> -scale };
    }
    // Other normal values at scale <= 0: 2^e < v < 2^(e+1), so bucket e at scale 0, e >> -scale below it.
    if biased != 0 && scale <= 0 {
        return (biased - 1023) >> -scale;
    }
    // Otherwise from the logarithm, corrected at the edges where rounding could put it one bucket off.
    let per_octave = f64::from(1u32 << scale.clamp(0, 20));
    let lower = |i: i32| (f64::from(i) / per_octave).exp2();
    let mut i = (v.log2() * per_octave).floor() as i32;
    if v <= lower(i) {
        i -= 1;
    } else if v > lower(i + 1) {
        i += 1;
    }
    i
}

/// A cumulative exponential histogram of non-negative values (positive buckets and a zero bucket).
#[derive(Clone, Debug, PartialEq)]
pub struct ExpHistogram {
    pub scale: i32,
    /// Values equal to zero.
    pub zero_count: u64,
    /// Bucket index -> count (sparse).
    pub buckets: BTreeMap<i32, u64>,
    pub count: u64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

impl Default for ExpHistogram {
    fn default() -> Self {
        ExpHistogram { scale: START_SCALE, zero_count: 0, buckets: BTreeMap::new(), count: 0, sum: 0.0, min: f64::INFINITY, max: f64::NEG_INFINITY }
    }
}

impl ExpHistogram {
    /// Adds one value; negative and non-finite values are ignored (durations are never such).
    pub fn record(&mut self, v: f64) {
        if !v.is_finite() || v < 0.0 {
            return;
        }
        self.count += 1;
        self.sum += v;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        if v == 0.0 {
            self.zero_count += 1;
            return;
        }
        *self.buckets.entry(bucket_index(v, self.scale)).or_default() += 1;
        while self.width() > MAX_BUCKETS && self.scale > MIN_SCALE {
            self.downscale();
        }
    }

    /// Number of buckets from the lowest to the highest used one.
    fn width(&self) -> i64 {
        match (self.buckets.keys().next(), self.buckets.keys().next_back()) {
            (Some(lo), Some(hi)) => i64::from(*hi) - i64::from(*lo) + 1,
            _ => 0,
        }
    }

    /// Halves the resolution: buckets 2j and 2j+1 at scale s are bucket j at scale s - 1.
    fn downscale(&mut self) {
        let mut merged = BTreeMap::new();
        for (i, n) in &self.buckets {
            *merged.entry(i >> 1).or_default() += n;
        }
        self.buckets = merged;
        self.scale -= 1;
    }

    /// The positive buckets as OTLP sends them: the first index and the dense counts from there on.
    pub fn dense(&self) -> (i32, Vec<u64>) {
        let Some(first) = self.buckets.keys().next().copied() else { return (0, Vec::new()) };
        let last = self.buckets.keys().next_back().copied().unwrap_or(first);
        let counts = (first..=last).map(|i| self.buckets.get(&i).copied().unwrap_or(0)).collect();
        (first, counts)
    }
}

/// The latest request of a service, as an exemplar.
#[derive(Clone, Debug, PartialEq)]
pub struct Exemplar {
    pub time_ns: u64,
    pub value: f64,
    pub trace_id: [u8; 16],
    pub span_id: [u8; 8],
}

/// The metrics of every service at one time.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub time_ns: u64,
    pub histograms: BTreeMap<String, ExpHistogram>,
    /// Exemplars of the requests that ended since the previous snapshot.
    pub exemplars: BTreeMap<String, Exemplar>,
    pub in_flight: BTreeMap<String, u64>,
}

/// Accumulates request durations per service from finished traces.
#[derive(Clone, Debug)]
pub struct Recorder {
    /// Start of the cumulative histograms (OTLP startTimeUnixNano).
    pub start_ns: u64,
    histograms: BTreeMap<String, ExpHistogram>,
    exemplars: BTreeMap<String, Exemplar>,
    /// Time of the last exemplar handed out per service: later ones must be newer (Prometheus drops
    /// out-of-order exemplars).
    exemplar_floor: BTreeMap<String, u64>,
}

impl Recorder {
    pub fn new(start_ns: u64) -> Recorder {
        Recorder { start_ns, histograms: BTreeMap::new(), exemplars: BTreeMap::new(), exemplar_floor: BTreeMap::new() }
    }

    /// Records a finished trace's SERVER spans; its spans become exemplars only when `exemplars` is true
    /// (the trace is known to be in the trace backend).
    pub fn record_trace(&mut self, t: &Trace, exemplars: bool) {
        for s in t.spans.iter().filter(|s| s.kind == SpanKind::Server) {
            let secs = s.duration_ns() as f64 / 1e9;
            self.histograms.entry(s.service.clone()).or_default().record(secs);
            let newer = self.exemplars.get(&s.service).is_none_or(|e| e.time_ns <= s.end_ns) && self.exemplar_floor.get(&s.service).is_none_or(|f| *f < s.end_ns);
            if exemplars && newer {
                self.exemplars.insert(s.service.clone(), Exemplar { time_ns: s.end_ns, value: secs, trace_id: s.trace_id, span_id: s.span_id });
            }
        }
    }

    /// The state at `time_ns`, with the given in-flight counts; the exemplars start over after it.
    pub fn snapshot(&mut self, time_ns: u64, in_flight: BTreeMap<String, u64>) -> Snapshot {
        for (svc, e) in &self.exemplars {
            self.exemplar_floor.insert(svc.clone(), e.time_ns);
        }
        Snapshot { time_ns, histograms: self.histograms.clone(), exemplars: std::mem::take(&mut self.exemplars), in_flight }
    }
}

/// Requests in flight at `t` per service (every simulated service is present, 0 when idle): SERVER spans
/// with start <= t < end.
pub fn in_flight<'a>(traces: impl IntoIterator<Item = &'a Trace>, t: u64) -> BTreeMap<String, u64> {
    let mut out: BTreeMap<String, u64> = SERVICES.iter().map(|s| (s.name.to_string(), 0)).collect();
    for tr in traces {
        if tr.start_ns() > t || tr.end_ns() <= t {
            continue;
        }
        for s in tr.spans.iter().filter(|s| s.kind == SpanKind::Server && s.start_ns <= t && t < s.end_ns) {
            *out.entry(s.service.clone()).or_default() += 1;
        }
    }
    out
}

/// Snapshots every INTERVAL_NS of the window (rec.start_ns, now] (at most its last MAX_BACKFILL_NS): at each time the
/// traces that ended by then are recorded, and in-flight requests are counted over `done` and `pending`.
/// Traces of `done` that end after the last snapshot are recorded too, so the next one counts them.
/// `confirmed` says which traces may give exemplars.
pub fn backfill(rec: &mut Recorder, done: &[Trace], pending: &[Trace], now: u64, confirmed: impl Fn(&Trace) -> bool) -> Vec<Snapshot> {
    let from = rec.start_ns;
    let mut by_end: Vec<&Trace> = done.iter().collect();
    by_end.sort_by_key(|t| t.end_ns());
    let first = from.max(now.saturating_sub(MAX_BACKFILL_NS));
    let mut out = Vec::new();
    let mut next = 0usize;
    let mut t = from.saturating_add(INTERVAL_NS);
    while t <= now {
        while let Some(tr) = by_end.get(next).filter(|tr| tr.end_ns() <= t) {
            rec.record_trace(tr, confirmed(tr));
            next += 1;
        }
        let snap = rec.snapshot(t, in_flight(done.iter().chain(pending.iter()), t));
        if t >= first {
            out.push(snap);
        }
        t = t.saturating_add(INTERVAL_NS);
    }
    for tr in by_end.get(next..).unwrap_or_default() {
        rec.record_trace(tr, confirmed(tr));
    }
    out
}

fn histogram_point(h: &ExpHistogram, start_ns: u64, time_ns: u64, ex: Option<&Exemplar>) -> Json {
    let (offset, counts) = h.dense();
    let mut p = json!({
        "startTimeUnixNano": start_ns.to_string(),
        "timeUnixNano": time_ns.to_string(),
        // OTLP JSON carries (u)int64 as strings.
        "count": h.count.to_string(),
        "sum": h.sum,
        "scale": h.scale,
        "zeroCount": h.zero_count.to_string(),
        "positive": { "offset": offset, "bucketCounts": counts.iter().map(|c| c.to_string()).collect::<Vec<_>>() },
    });
    if h.count > 0 {
        p["min"] = json!(h.min);
        p["max"] = json!(h.max);
    }
    if let Some(e) = ex {
        p["exemplars"] = json!([{ "timeUnixNano": e.time_ns.to_string(), "asDouble": e.value, "traceId": hex(&e.trace_id), "spanId": hex(&e.span_id) }]);
    }
    p
}

/// An ExportMetricsServiceRequest holding `snapshots` (in time order): one resourceMetrics per service,
/// each metric with one data point per snapshot. A service's histogram is left out until it has a value.
pub fn export_request(start_ns: u64, snapshots: &[Snapshot]) -> Json {
    let mut services: Vec<&str> = SERVICES.iter().map(|s| s.name).collect();
    for s in snapshots {
        for name in s.histograms.keys().chain(s.in_flight.keys()) {
            if !services.contains(&name.as_str()) {
                services.push(name);
            }
        }
    }
    let resource_metrics: Vec<Json> = services
        .into_iter()
        .filter_map(|svc| {
            let hist_points: Vec<Json> = snapshots
                .iter()
                .filter_map(|s| s.histograms.get(svc).filter(|h| h.count > 0).map(|h| histogram_point(h, start_ns, s.time_ns, s.exemplars.get(svc))))
                .collect();
            let gauge_points: Vec<Json> = snapshots
                .iter()
                .filter_map(|s| s.in_flight.get(svc).map(|n| json!({ "timeUnixNano": s.time_ns.to_string(), "asInt": n.to_string() })))
                .collect();
            let mut metrics = Vec::new();
            if !hist_points.is_empty() {
                metrics.push(json!({
                    "name": HISTOGRAM,
                    "description": "Duration of the requests a service served (its SERVER spans).",
                    "unit": "s",
                    "exponentialHistogram": { "aggregationTemporality": CUMULATIVE, "dataPoints": hist_points },
                }));
            }
            if !gauge_points.is_empty() {
                metrics.push(json!({
                    "name": GAUGE,
                    "description": "Requests a service had in flight (SERVER spans started and not yet ended).",
                    "unit": "{request}",
                    "gauge": { "dataPoints": gauge_points },
                }));
            }
            if metrics.is_empty() {
                return None;
            }
            Some(json!({
                "resource": resource(svc),
                "scopeMetrics": [{ "scope": { "name": "trifocal-gen", "version": env!("CARGO_PKG_VERSION") }, "metrics": metrics }],
            }))
        })
        .collect();
    json!({ "resourceMetrics": resource_metrics })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Sim;

    #[test]
    fn bucket_indexes_follow_the_otlp_formula() {
        // Scale 0: base 2, bucket i = (2^i, 2^(i+1)].
        for (v, want) in [(1.0, -1), (1.5, 0), (2.0, 0), (3.0, 1), (4.0, 1), (4.5, 2), (0.3, -2), (0.5, -2), (0.75, -1)] {
            assert_eq!(bucket_index(v, 0), want, "scale 0, {v}");
        }
        // Scale -1: base 4, bucket i = (4^i, 4^(i+1)].
        for (v, want) in [(3.0, 0), (4.0, 0), (5.0, 1), (16.0, 1), (17.0, 2), (0.5, -1), (1.0, -1), (0.25, -2)] {
            assert_eq!(bucket_index(v, -1), want, "scale -1, {v}");
        }
        // Scale 3: base 2^(1/8). 1.1: log2 = 0.1375, x8 = 1.1 -> (2^(1/8), 2^(2/8)] = (1.0905, 1.1892], index 1.
        // 0.1: log2 = -3.3219, x8 = -26.58 -> (2^(-27/8), 2^(-26/8)] = (0.0962, 0.1051], index -27.
        // 2.0 = 2^(8/8) is the top of bucket 7; 1.0 the top of bucket -1; 0.004 s: log2 = -7.966, x8 = -63.73.
        for (v, want) in [(1.1, 1), (0.1, -27), (2.0, 7), (1.0, -1), (0.004, -64), (30.0, 39)] {
            assert_eq!(bucket_index(v, 3), want, "scale 3, {v}");
        }
        // Every value lies inside the bounds its bucket has by definition.
        let mut x = 1e-6;
        while x < 1e4 {
            for scale in [-2, 0, 3, 5] {
                let i = bucket_index(x, scale);
                let base = 2f64.powf(2f64.powi(-scale));
                assert!(base.powi(i) < x * (1.0 + 1e-12) && x <= base.powi(i + 1) * (1.0 + 1e-12), "{x} at scale {scale} in bucket {i}");
            }
            x *= 1.37;
        }
    }

    #[test]
    fn histograms_count_sum_and_bucket_values_by_hand() {
        let mut h = ExpHistogram::default();
        for v in [0.0, 1.1, 1.1, 0.1, 2.0] {
            h.record(v);
        }
        h.record(-1.0);
        h.record(f64::NAN);
        assert_eq!((h.count, h.zero_count, h.scale), (5, 1, 3));
        assert!((h.sum - 4.3).abs() < 1e-12);
        assert_eq!((h.min, h.max), (0.0, 2.0));
        // Buckets -27 (0.1), 1 (1.1 twice), 7 (2.0), dense from -27.
        let (offset, counts) = h.dense();
        assert_eq!(offset, -27);
        assert_eq!(counts.len(), 35, "buckets -27 ..= 7");
        assert_eq!((counts[0], counts[(1 + 27) as usize], counts[(7 + 27) as usize]), (1, 2, 1));
        assert_eq!(counts.iter().sum::<u64>(), 4);
    }

    #[test]
    fn wide_ranges_lower_the_scale_and_merge_buckets_pairwise() {
        let mut h = ExpHistogram::default();
        // 1e-6 s .. 1e3 s is log2 ratio ~29.9 octaves: 8 buckets per octave (240) is too many, 4 (120) fit.
        h.record(1e-6);
        h.record(1e3);
        assert_eq!(h.scale, 2);
        // At scale 2 (base 2^(1/4)): 1e-6 -> log2 = -19.93, x4 = -79.7 -> -80; 1e3 -> 9.966 x4 = 39.86 -> 39.
        assert_eq!(h.buckets.keys().copied().collect::<Vec<_>>(), vec![-80, 39]);
        assert!(h.width() <= MAX_BUCKETS);
        // Merging: at scale 0 the pairs (-2, -1) and (0, 1) of scale 1 become -1 and 0.
        let mut g = ExpHistogram { scale: 1, ..Default::default() };
        for v in [0.6, 0.8, 1.2, 1.6] {
            g.record(v);
        }
        assert_eq!(g.buckets.keys().copied().collect::<Vec<_>>(), vec![-2, -1, 0, 1]);
        g.downscale();
        assert_eq!((g.scale, g.buckets.clone()), (0, BTreeMap::from([(-1, 2), (0, 2)])));
    }

    fn traces() -> Vec<Trace> {
        let mut sim = Sim::new(42);
        (0..200u64).map(|i| sim.trace(1_795_453_063_000_000_000 + i * 300_000_000)).collect()
    }

    #[test]
    fn in_flight_counts_server_spans_open_at_a_time() {
        let ts = traces();
        let t = &ts[0];
        let root = &t.spans[0];
        assert_eq!(root.kind, SpanKind::Server);
        let mid = root.start_ns + root.duration_ns() / 2;
        let got = in_flight(std::iter::once(t), mid);
        let want = t.spans.iter().filter(|s| s.kind == SpanKind::Server && s.start_ns <= mid && mid < s.end_ns && s.service == root.service).count() as u64;
        assert!(want >= 1);
        assert_eq!(got.get(&root.service).copied(), Some(want));
        // Idle services are present with 0, and nothing is in flight after the end or at it.
        assert_eq!(got.len(), SERVICES.len());
        assert!(in_flight(std::iter::once(t), t.end_ns()).values().all(|n| *n == 0));
        assert!(in_flight(std::iter::once(t), t.start_ns() - 1).values().all(|n| *n == 0));
    }

    #[test]
    fn backfill_snapshots_are_cumulative_and_match_the_traces() {
        let ts = traces();
        let from = 1_795_453_063_000_000_000u64 - 1_000_000_000;
        let now = from + 60_000_000_000;
        let (done, pending): (Vec<Trace>, Vec<Trace>) = ts.into_iter().partition(|t| t.end_ns() <= now);
        let mut rec = Recorder::new(from);
        let snaps = backfill(&mut rec, &done, &pending, now, |_| true);
        assert_eq!(snaps.len(), 12);
        assert!(snaps.windows(2).all(|w| w[1].time_ns == w[0].time_ns + INTERVAL_NS));
        let last = snaps.last().expect("snapshots");
        // The last snapshot counts exactly the server spans of the traces that had ended by then.
        let svc = "search-service";
        let want = done.iter().filter(|t| t.end_ns() <= last.time_ns).flat_map(|t| &t.spans).filter(|s| s.kind == SpanKind::Server && s.service == svc).count() as u64;
        assert!(want > 0);
        assert_eq!(last.histograms[svc].count, want);
        // Counts never go down.
        for w in snaps.windows(2) {
            for (name, h) in &w[0].histograms {
                assert!(w[1].histograms[name].count >= h.count);
            }
        }
        // Every exemplar is a server span of that service that ended by its snapshot, each newer than the last.
        let mut floor: BTreeMap<&str, u64> = BTreeMap::new();
        for s in &snaps {
            for (name, e) in &s.exemplars {
                assert!(e.time_ns <= s.time_ns, "exemplar after its snapshot");
                assert!(floor.get(name.as_str()).is_none_or(|f| *f < e.time_ns), "exemplars of {name} out of order");
                floor.insert(name, e.time_ns);
                let sp = done.iter().flat_map(|t| &t.spans).find(|sp| sp.span_id == e.span_id).expect("exemplar span was sent");
                assert!(&sp.service == name && sp.kind == SpanKind::Server && sp.end_ns == e.time_ns && sp.trace_id == e.trace_id);
            }
        }
        assert!(snaps.iter().filter(|s| s.exemplars.contains_key(svc)).count() >= 10, "most intervals have an exemplar");
        // No exemplars from unconfirmed traces.
        let mut rec = Recorder::new(from);
        assert!(backfill(&mut rec, &done, &pending, now, |_| false).iter().all(|s| s.exemplars.is_empty()));
        // Traces ending after the last snapshot are recorded for the next one.
        let total: u64 = done.iter().flat_map(|t| &t.spans).filter(|s| s.kind == SpanKind::Server && s.service == svc).count() as u64;
        assert_eq!(rec.snapshot(now, BTreeMap::new()).histograms[svc].count, total);
    }

    #[test]
    fn export_request_is_otlp_json_with_both_metrics_per_service() {
        let ts = traces();
        let from = 1_795_453_063_000_000_000u64;
        let now = ts.iter().map(|t| t.end_ns()).max().unwrap_or(0) + 1;
        let mut rec = Recorder::new(from);
        let snaps = backfill(&mut rec, &ts, &[], now, |_| true);
        let body = export_request(from, &snaps[snaps.len() - 2..]).to_string();
        let v: Json = serde_json::from_str(&body).expect("valid JSON");
        let rms = v["resourceMetrics"].as_array().expect("resourceMetrics");
        assert_eq!(rms.len(), SERVICES.len());
        let rm = rms
            .iter()
            .find(|r| r["resource"]["attributes"].as_array().is_some_and(|a| a.iter().any(|kv| kv["key"] == "service.name" && kv["value"]["stringValue"] == "search-service")))
            .expect("search-service resource");
        let metrics = rm["scopeMetrics"][0]["metrics"].as_array().expect("metrics");
        let h = metrics.iter().find(|m| m["name"] == HISTOGRAM).expect("histogram");
        assert_eq!((h["unit"].as_str(), h["exponentialHistogram"]["aggregationTemporality"].as_i64()), (Some("s"), Some(2)));
        let points = h["exponentialHistogram"]["dataPoints"].as_array().expect("points");
        assert_eq!(points.len(), 2);
        for p in points {
            let count: u64 = p["count"].as_str().and_then(|c| c.parse().ok()).expect("count string");
            let zero: u64 = p["zeroCount"].as_str().and_then(|c| c.parse().ok()).expect("zeroCount string");
            let buckets: u64 = p["positive"]["bucketCounts"].as_array().expect("buckets").iter().map(|c| c.as_str().and_then(|c| c.parse::<u64>().ok()).expect("bucket count string")).sum();
            assert_eq!(buckets + zero, count, "buckets add up to the count");
            assert_eq!(p["startTimeUnixNano"], from.to_string());
            assert!(p["scale"].as_i64().is_some_and(|s| (-4..=8).contains(&s)));
            assert!(p["positive"]["offset"].is_i64() && p["sum"].as_f64().is_some_and(|s| s > 0.0));
        }
        let ex = &points[1]["exemplars"][0];
        assert!(ex["traceId"].as_str().is_some_and(|t| t.len() == 32) && ex["spanId"].as_str().is_some_and(|t| t.len() == 16));
        let g = metrics.iter().find(|m| m["name"] == GAUGE).expect("gauge");
        assert_eq!(g["unit"], "{request}");
        let gp = g["gauge"]["dataPoints"].as_array().expect("gauge points");
        assert_eq!(gp.len(), 2);
        assert!(gp[0]["asInt"].as_str().is_some_and(|n| n.parse::<u64>().is_ok()));
        assert!(gp[0]["timeUnixNano"].as_str() < gp[1]["timeUnixNano"].as_str());
        // A service without requests yet sends only its gauge.
        let empty = export_request(from, &[Recorder::new(from).snapshot(from, in_flight(std::iter::empty(), from))]);
        for rm in empty["resourceMetrics"].as_array().expect("rm") {
            let names: Vec<&str> = rm["scopeMetrics"][0]["metrics"].as_array().expect("m").iter().filter_map(|m| m["name"].as_str()).collect();
            assert_eq!(names, vec![GAUGE]);
        }
    }
}
