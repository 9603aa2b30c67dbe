//! The `run` and `once` commands: backfill traces (and logs, with --logs-push), write the manifest, then
//! generate live traffic while serving /metrics. Network failures are retried and reported, never fatal.

use crate::http::{self, Handler, Reply, Request, Url};
use crate::logs_push;
use crate::manifest;
use crate::metrics::{self, Metrics};
use crate::model::Trace;
use crate::otlp;
use crate::otlp_metrics::{self, Recorder, Snapshot};
use crate::sim::Sim;
use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long a backend that is down at start is waited for.
const STARTUP_WAIT: Duration = Duration::from_secs(60);
/// /metrics answers 503 until the backfill is done, but never longer than this after start.
const METRICS_GRACE: Duration = Duration::from_secs(25);

#[derive(Clone, Debug, PartialEq)]
pub struct RunOpts {
    pub otlp: Url,
    /// Where log lines are POSTed (Loki push API JSON body), exactly this URL; None: no logs are sent.
    pub logs_push: Option<Url>,
    /// Where OTLP metrics are POSTed (ExportMetricsServiceRequest JSON), exactly this URL; None: not sent.
    pub otlp_metrics: Option<Url>,
    pub metrics_listen: String,
    pub rate: f64,
    pub backfill_s: u64,
    pub manifest: Option<PathBuf>,
    pub seed: u64,
}

pub fn now_ns() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)).unwrap_or(0)
}

pub fn warn(msg: &str) {
    eprintln!("trifocal-gen: {msg}");
}

fn lock(m: &Mutex<Metrics>) -> std::sync::MutexGuard<'_, Metrics> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Tries `f` until it succeeds or `budget` has passed (at least `min_attempts` times).
pub fn with_retry(what: &str, budget: Duration, min_attempts: u32, mut f: impl FnMut() -> Result<(), String>) -> Result<(), String> {
    let start = Instant::now();
    let mut attempt = 0u32;
    let mut backoff = Duration::from_millis(250);
    let mut last_report = None::<Instant>;
    loop {
        attempt += 1;
        match f() {
            Ok(()) => {
                if attempt > 1 {
                    warn(&format!("{what}: succeeded after {attempt} attempts"));
                }
                return Ok(());
            }
            Err(e) => {
                if attempt >= min_attempts && start.elapsed() + backoff > budget {
                    return Err(e);
                }
                if last_report.is_none_or(|t: Instant| t.elapsed() > Duration::from_secs(10)) {
                    warn(&format!("{what}: {e} (retrying)"));
                    last_report = Some(Instant::now());
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
        }
    }
}

fn push_traces(url: &Url, traces: &[&Trace]) -> Result<(), String> {
    let body = otlp::export_request(traces.iter().flat_map(|t| t.spans.iter())).to_string();
    http::post(url, "/v1/traces", "application/json", body.as_bytes()).map(|_| ())
}

fn push_logs(url: &Url, lines: &[crate::model::LogLine]) -> Result<(), String> {
    let body = logs_push::push_body(lines).to_string();
    http::post(url, "", "application/json", body.as_bytes()).map(|_| ())
}

/// Sends traces to the OTLP endpoint; returns the ids that were accepted.
fn send_traces(url: &Url, traces: &[Trace], first_budget: Duration, metrics: &Mutex<Metrics>) -> HashSet<[u8; 16]> {
    let mut ok = HashSet::new();
    let mut budget = first_budget;
    for batch in otlp::batch_traces(traces, otlp::BATCH_SPANS) {
        match with_retry(&format!("OTLP push to {url}"), budget, 2, || push_traces(url, &batch)) {
            Ok(()) => ok.extend(batch.iter().map(|t| t.trace_id)),
            Err(e) => {
                lock(metrics).record_push_failure("otlp");
                warn(&format!("OTLP push to {url} failed, {} traces dropped: {e}", batch.len()));
                if ok.is_empty() && budget == first_budget && first_budget >= STARTUP_WAIT {
                    warn("the trace backend did not answer; continuing without it");
                    return ok;
                }
            }
        }
        budget = Duration::from_secs(5);
    }
    ok
}

/// POSTs the traces' log lines to the logs receiver in time order; returns per-trace counts of lines accepted.
fn send_logs(url: &Url, traces: &[Trace], first_budget: Duration, metrics: &Mutex<Metrics>) -> HashMap<String, usize> {
    let lines: Vec<_> = traces.iter().flat_map(|t| t.logs.iter().cloned()).collect();
    let mut ok: HashMap<String, usize> = HashMap::new();
    let mut budget = first_budget;
    let mut any_ok = false;
    for batch in logs_push::batches(lines, logs_push::BATCH_LINES, logs_push::BATCH_BYTES) {
        match with_retry(&format!("logs push to {url}"), budget, 2, || push_logs(url, &batch)) {
            Ok(()) => {
                any_ok = true;
                for l in &batch {
                    *ok.entry(l.trace_id.clone()).or_default() += 1;
                }
            }
            Err(e) => {
                lock(metrics).record_push_failure("logs");
                warn(&format!("logs push to {url} failed, {} lines dropped: {e}", batch.len()));
                if !any_ok && budget == first_budget && first_budget >= STARTUP_WAIT {
                    warn("the logs receiver did not answer; continuing without it");
                    return ok;
                }
            }
        }
        budget = Duration::from_secs(5);
    }
    ok
}

/// POSTs an OTLP metrics body. Ok(None): accepted; Ok(Some(why)): refused for good (HTTP 4xx, e.g. samples
/// older than the receiver takes, or no OTLP receiver), not worth retrying; Err: worth retrying.
fn push_otlp_metrics(url: &Url, body: &[u8]) -> Result<Option<String>, String> {
    let r = http::request("POST", url, "", Some("application/json"), body, Duration::from_secs(30))?;
    if r.is_success() {
        Ok(None)
    } else if (400..500).contains(&r.status) {
        // Prometheus answers one line per refused sample ("out of order sample" for each series when the
        // samples are older than what it holds, e.g. after a restart of this generator): say it once.
        let text = String::from_utf8_lossy(&r.body);
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let first: String = lines.first().copied().unwrap_or_default().chars().take(200).collect();
        let more = if lines.len() > 1 { format!(" ({} lines)", lines.len()) } else { String::new() };
        Ok(Some(format!("HTTP {} {}: {first}{more}", r.status, r.reason)))
    } else {
        Err(format!("{url}: HTTP {} {}: {}", r.status, r.reason, r.body_snippet()))
    }
}

/// Sends metric snapshots (in time order) in requests of BATCH_SNAPSHOTS; returns how many were accepted.
fn send_metrics(url: &Url, start_ns: u64, snaps: &[Snapshot], first_budget: Duration, metrics: &Mutex<Metrics>) -> usize {
    let mut ok = 0;
    let mut budget = first_budget;
    for chunk in snaps.chunks(otlp_metrics::BATCH_SNAPSHOTS) {
        let body = otlp_metrics::export_request(start_ns, chunk).to_string();
        let mut refused = None;
        let r = with_retry(&format!("OTLP metrics push to {url}"), budget, 2, || push_otlp_metrics(url, body.as_bytes()).map(|why| refused = why));
        match (r, refused) {
            (Ok(()), None) => ok += chunk.len(),
            (Ok(()), Some(why)) => {
                lock(metrics).record_push_failure("otlp-metrics");
                warn(&format!("OTLP metrics push to {url} refused, {} samples per series dropped: {why}", chunk.len()));
            }
            (Err(e), _) => {
                lock(metrics).record_push_failure("otlp-metrics");
                warn(&format!("OTLP metrics push to {url} failed, {} samples per series dropped: {e}", chunk.len()));
                if ok == 0 && budget == first_budget && first_budget >= STARTUP_WAIT {
                    warn("the OTLP metrics receiver did not answer; continuing without it");
                    return ok;
                }
            }
        }
        budget = Duration::from_secs(5);
    }
    ok
}

/// Trace start times for `n` traces spread over [from, to) with jitter, in order.
pub fn spread_starts(sim: &mut Sim, n: usize, from: u64, to: u64) -> Vec<u64> {
    if n == 0 || to <= from {
        return Vec::new();
    }
    let step = (to - from) / n as u64;
    let mut v: Vec<u64> = (0..n as u64).map(|i| from + i * step + sim.rng().range(0, step.saturating_sub(1))).collect();
    v.sort_unstable();
    v
}

/// Generates the backfill (traces ending by `now`) and the traces still "in flight" at `now`.
pub fn backfill(sim: &mut Sim, rate: f64, backfill_s: u64, now: u64) -> (Vec<Trace>, Vec<Trace>) {
    let n = (rate * backfill_s as f64).round().clamp(0.0, 2_000_000.0) as usize;
    let from = now.saturating_sub(backfill_s.saturating_mul(1_000_000_000));
    let mut done = Vec::new();
    let mut pending = Vec::new();
    for start in spread_starts(sim, n, from, now) {
        let t = sim.trace(start);
        if t.end_ns() <= now { done.push(t) } else { pending.push(t) }
    }
    // There is always a featured trace, recent enough to be in any default time range.
    if !done.iter().rev().take(2000).any(manifest::is_featured_candidate) {
        let t = sim.rag_trace(now.saturating_sub(20_000_000_000), false);
        let at = done.partition_point(|d| d.start_ns() <= t.start_ns());
        done.insert(at, t);
    }
    (done, pending)
}

fn metrics_handler(metrics: Arc<Mutex<Metrics>>, ready: Arc<AtomicBool>, started: Instant) -> Handler {
    Arc::new(move |req: &Request| {
        if req.method != "GET" && req.method != "HEAD" {
            return Reply { status: 405, content_type: "text/plain; charset=utf-8".into(), body: b"only GET\n".to_vec() };
        }
        match req.path.as_str() {
            "/metrics" if ready.load(Ordering::SeqCst) || started.elapsed() > METRICS_GRACE => {
                Reply { status: 200, content_type: metrics::CONTENT_TYPE.into(), body: lock(&metrics).render().into_bytes() }
            }
            "/metrics" => Reply { status: 503, content_type: "text/plain; charset=utf-8".into(), body: b"backfill in progress\n".to_vec() },
            "/" => Reply { status: 200, content_type: "text/plain; charset=utf-8".into(), body: b"trifocal-gen: metrics at /metrics\n".to_vec() },
            _ => Reply { status: 404, content_type: "text/plain; charset=utf-8".into(), body: b"not found\n".to_vec() },
        }
    })
}

/// `once` (live = false) or `run` (live = true). Returns the process exit code.
pub fn run(opts: &RunOpts, live: bool) -> i32 {
    let started = Instant::now();
    let metrics = Arc::new(Mutex::new(Metrics::new()));
    let ready = Arc::new(AtomicBool::new(false));
    if live {
        let listener = match TcpListener::bind(&opts.metrics_listen) {
            Ok(l) => l,
            Err(e) => {
                warn(&format!("cannot listen on {}: {e}", opts.metrics_listen));
                return 1;
            }
        };
        let handler = metrics_handler(metrics.clone(), ready.clone(), started);
        if let Err(e) = std::thread::Builder::new().name("metrics".into()).spawn(move || http::serve(listener, handler)) {
            warn(&format!("cannot start the metrics server: {e}"));
            return 1;
        }
        warn(&format!("serving OpenMetrics on http://{}/metrics", opts.metrics_listen));
    }

    let mut sim = Sim::new(opts.seed);
    let now = now_ns();
    let (done, mut pending) = backfill(&mut sim, opts.rate, opts.backfill_s, now);
    let spans: usize = done.iter().map(|t| t.spans.len()).sum();
    let lines: usize = done.iter().map(|t| t.logs.len()).sum();
    warn(&format!("backfill: {} traces, {spans} spans, {lines} log lines over the last {} s", done.len(), opts.backfill_s));
    let in_traces = send_traces(&opts.otlp, &done, STARTUP_WAIT, &metrics);
    // Without a logs receiver a trace only needs to be in the trace backend.
    let in_logs = opts.logs_push.as_ref().map(|u| send_logs(u, &done, STARTUP_WAIT, &metrics));
    let logs_ok = |t: &Trace| in_logs.as_ref().is_none_or(|c| c.get(&t.id_hex()).copied().unwrap_or(0) == t.logs.len());
    let m = manifest::build(&done, |t| in_traces.contains(&t.trace_id) && logs_ok(t));
    if m.featured_trace_id.is_empty() {
        warn("no trace is known to have reached the backends; the manifest has no featured trace");
    }
    // Metrics over the backfill window, from the same traces; exemplars only from traces the backend took.
    let recorder = opts.otlp_metrics.as_ref().map(|u| {
        let mut rec = Recorder::new(now.saturating_sub(opts.backfill_s.saturating_mul(1_000_000_000)));
        let snaps = otlp_metrics::backfill(&mut rec, &done, &pending, now, |t| in_traces.contains(&t.trace_id));
        let sent = send_metrics(u, rec.start_ns, &snaps, STARTUP_WAIT, &metrics);
        warn(&format!("OTLP metrics: {sent} of {} backfill samples per series accepted by {u}", snaps.len()));
        rec
    });
    let code = match &opts.manifest {
        Some(path) => match manifest::write_atomic(path, &m) {
            Ok(()) => {
                warn(&format!("manifest written to {} (featured trace {})", path.display(), m.featured_trace_id));
                0
            }
            Err(e) => {
                warn(&e);
                1
            }
        },
        None => {
            println!("{}", serde_json::to_string_pretty(&m).unwrap_or_default());
            0
        }
    };
    ready.store(true, Ordering::SeqCst);
    if !live {
        return code;
    }
    drop(done);
    live_loop(opts, &mut sim, &mut pending, now, &metrics, recorder)
}

fn live_loop(opts: &RunOpts, sim: &mut Sim, pending: &mut Vec<Trace>, mut last: u64, metrics: &Mutex<Metrics>, mut recorder: Option<Recorder>) -> i32 {
    let mut owed = 0.0f64;
    let mut last_sample = last;
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let now = now_ns().max(last);
        owed += opts.rate * (now - last) as f64 / 1e9;
        let n = owed.floor().clamp(0.0, 100_000.0);
        owed -= n;
        for start in spread_starts(sim, n as usize, last, now) {
            pending.push(sim.trace(start));
        }
        last = now;
        let (mut ready, rest): (Vec<Trace>, Vec<Trace>) = std::mem::take(pending).into_iter().partition(|t| t.end_ns() <= now);
        *pending = rest;
        let budget = Duration::from_secs(3);
        if !ready.is_empty() {
            ready.sort_by_key(|t| t.end_ns());
            let accepted = send_traces(&opts.otlp, &ready, budget, metrics);
            if let Some(u) = &opts.logs_push {
                send_logs(u, &ready, budget, metrics);
            }
            let mut m = lock(metrics);
            for t in &ready {
                m.record_trace(t);
            }
            drop(m);
            if let Some(rec) = recorder.as_mut() {
                for t in &ready {
                    rec.record_trace(t, accepted.contains(&t.trace_id));
                }
            }
        }
        if let (Some(rec), Some(u)) = (recorder.as_mut(), &opts.otlp_metrics) {
            if now >= last_sample.saturating_add(otlp_metrics::INTERVAL_NS) {
                let snap = rec.snapshot(now, otlp_metrics::in_flight(pending.iter(), now));
                send_metrics(u, rec.start_ns, &[snap], budget, metrics);
                last_sample = now;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::parse_url;
    use std::collections::BTreeMap;
    use std::io::Read;

    #[test]
    fn backfill_covers_the_window_and_always_has_a_featured_trace() {
        let now = 1_795_453_063_000_000_000u64;
        let mut sim = Sim::new(42);
        let (done, pending) = backfill(&mut sim, 5.0, 60, now);
        assert!(done.len() + pending.len() >= 300);
        assert!(done.iter().all(|t| t.end_ns() <= now && t.start_ns() >= now - 60_000_000_000));
        assert!(pending.iter().all(|t| t.end_ns() > now));
        assert!(done.iter().any(manifest::is_featured_candidate));
        let (tiny, _) = backfill(&mut Sim::new(1), 0.01, 10, now);
        assert!(tiny.iter().any(manifest::is_featured_candidate), "a featured trace is added when none was generated");
        assert!(spread_starts(&mut sim, 3, 10, 10).is_empty());
    }

    #[test]
    fn retry_gives_up_after_its_budget_and_reports_the_last_error() {
        let mut calls = 0;
        let r = with_retry("test", Duration::from_millis(300), 2, || {
            calls += 1;
            Err(format!("boom {calls}"))
        });
        assert!(calls >= 2);
        assert_eq!(r, Err(format!("boom {calls}")));
        let mut n = 0;
        assert_eq!(with_retry("test", Duration::from_secs(5), 1, || { n += 1; if n < 2 { Err("once".into()) } else { Ok(()) } }), Ok(()));
    }

    #[test]
    fn sending_to_a_closed_port_drops_data_without_panicking() {
        let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = parse_url(&format!("http://{}", closed.local_addr().expect("addr"))).expect("url");
        drop(closed);
        let metrics = Mutex::new(Metrics::new());
        let traces = vec![Sim::new(5).rag_trace(1_795_453_063_000_000_000, false)];
        assert!(send_traces(&url, &traces, Duration::from_millis(200), &metrics).is_empty());
        assert!(send_logs(&url, &traces, Duration::from_millis(200), &metrics).is_empty());
        let text = lock(&metrics).render();
        assert!(text.contains("trifocal_gen_push_failures_total{backend=\"otlp\"} 1"));
        assert!(text.contains("trifocal_gen_push_failures_total{backend=\"logs\"} 1"));
        assert!(!text.contains("loki"));
    }

    /// A request a fake backend received: request line, Content-Type, body.
    pub type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

    /// A backend on a free loopback port that answers 204 to everything and records what it got.
    pub fn fake_backend() -> (Url, Seen) {
        fake_backend_answering("204 No Content", "")
    }

    /// A backend on a free loopback port that answers `status` (e.g. "400 Bad Request") and `answer` to everything.
    pub fn fake_backend_answering(status: &'static str, answer: &'static str) -> (Url, Seen) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = parse_url(&format!("http://{}", listener.local_addr().expect("addr"))).expect("url");
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let mut conn = conn;
                let mut raw = Vec::new();
                let mut buf = [0u8; 65536];
                // Read head + Content-Length body.
                loop {
                    let n = conn.read(&mut buf).unwrap_or(0);
                    if n == 0 { break; }
                    raw.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&raw).to_string();
                    if let Some(i) = text.find("\r\n\r\n") {
                        let len: usize = text.lines().find_map(|l| l.strip_prefix("Content-Length: ")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                        if raw.len() >= i + 4 + len { break; }
                    }
                }
                let text = String::from_utf8_lossy(&raw).to_string();
                let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
                let ct = head.lines().find_map(|l| l.strip_prefix("Content-Type: ")).unwrap_or_default().to_string();
                seen2.lock().unwrap_or_else(|e| e.into_inner()).push((head.lines().next().unwrap_or_default().to_string(), ct, body.to_string()));
                let _ = std::io::Write::write_all(&mut conn, format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n\r\n{answer}", answer.len()).as_bytes());
            }
        });
        (url, seen)
    }

    fn seen_requests(seen: &Seen) -> Vec<(String, String, String)> {
        seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    #[test]
    fn traces_and_logs_reach_a_fake_backend_with_the_right_paths() {
        let (url, seen) = fake_backend();
        let metrics = Mutex::new(Metrics::new());
        let traces = vec![Sim::new(5).rag_trace(1_795_453_063_000_000_000, false)];
        assert_eq!(send_traces(&url, &traces, Duration::from_secs(5), &metrics).len(), 1);
        // The logs URL is used exactly as given, path and query included (here VictoriaLogs' Loki endpoint).
        let logs_url = parse_url(&format!("{url}/insert/loki/api/v1/push?_msg_field=msg")).expect("logs url");
        let counts = send_logs(&logs_url, &traces, Duration::from_secs(5), &metrics);
        assert_eq!(counts.get(&traces[0].id_hex()).copied(), Some(traces[0].logs.len()));
        let seen = seen_requests(&seen);
        assert_eq!(seen[0].0, "POST /v1/traces HTTP/1.1");
        assert_eq!(seen[1].0, "POST /insert/loki/api/v1/push?_msg_field=msg HTTP/1.1");
        crate::otlp::tests::check_export(&seen[0].2);
        assert!(seen[1].2.contains(&traces[0].id_hex()));
    }

    fn opts(otlp: Url, logs_push: Option<Url>, otlp_metrics: Option<Url>, manifest: PathBuf) -> RunOpts {
        RunOpts { otlp, logs_push, otlp_metrics, metrics_listen: "127.0.0.1:0".into(), rate: 2.0, backfill_s: 60, manifest: Some(manifest), seed: 42 }
    }

    fn temp_manifest(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("trifocal-gen-run-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        dir.join("manifest.json")
    }

    #[test]
    fn once_without_a_logs_receiver_sends_only_traces_and_still_features_a_trace() {
        let (url, seen) = fake_backend();
        let path = temp_manifest("nologs");
        assert_eq!(run(&opts(url, None, None, path.clone()), false), 0);
        let m: manifest::Manifest = serde_json::from_str(&std::fs::read_to_string(&path).expect("manifest")).expect("json");
        assert!(!m.featured_trace_id.is_empty() && !m.trace_ids.is_empty());
        let seen = seen_requests(&seen);
        assert!(!seen.is_empty());
        assert!(seen.iter().all(|(line, _, _)| line == "POST /v1/traces HTTP/1.1"), "only traces are sent: {:?}", seen.iter().map(|s| &s.0).collect::<Vec<_>>());
        let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
    }

    #[test]
    fn once_with_otlp_metrics_sends_the_backfill_as_otlp_json_with_exemplars_of_sent_traces() {
        let (url, seen) = fake_backend();
        let metrics_url = parse_url(&format!("{url}/api/v1/otlp/v1/metrics")).expect("url");
        let path = temp_manifest("otlpmetrics");
        assert_eq!(run(&opts(url, None, Some(metrics_url), path.clone()), false), 0);
        let seen = seen_requests(&seen);
        let traces: String = seen.iter().filter(|s| s.0 == "POST /v1/traces HTTP/1.1").map(|s| s.2.as_str()).collect();
        let posts: Vec<_> = seen.iter().filter(|s| s.0 == "POST /api/v1/otlp/v1/metrics HTTP/1.1").collect();
        // 60 s of backfill is 12 samples, one request.
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].1, "application/json", "Prometheus takes exactly this content type");
        let v: serde_json::Value = serde_json::from_str(&posts[0].2).expect("JSON");
        let mut exemplars = 0;
        let mut hist_points = 0;
        for rm in v["resourceMetrics"].as_array().expect("resourceMetrics") {
            for m in rm["scopeMetrics"][0]["metrics"].as_array().expect("metrics") {
                if m["name"] == otlp_metrics::GAUGE {
                    assert_eq!(m["gauge"]["dataPoints"].as_array().map(|a| a.len()), Some(12));
                }
                for p in m["exponentialHistogram"]["dataPoints"].as_array().into_iter().flatten() {
                    hist_points += 1;
                    for e in p["exemplars"].as_array().into_iter().flatten() {
                        exemplars += 1;
                        let tid = e["traceId"].as_str().expect("traceId");
                        assert!(traces.contains(tid), "exemplar {tid} is a trace that was sent");
                    }
                }
            }
        }
        assert!(hist_points >= 12 * 4 && exemplars > 0, "{hist_points} points, {exemplars} exemplars");
        let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
    }

    #[test]
    fn refused_otlp_metrics_are_not_retried_and_count_as_failures() {
        let (url, seen) = fake_backend_answering("400 Bad Request", "out of order sample\nout of order sample\nout of order sample\n");
        assert_eq!(push_otlp_metrics(&url, b"{}"), Ok(Some("HTTP 400 Bad Request: out of order sample (3 lines)".to_string())));
        seen.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let metrics = Mutex::new(Metrics::new());
        let mut rec = Recorder::new(1_795_453_063_000_000_000);
        rec.record_trace(&Sim::new(5).rag_trace(1_795_453_063_000_000_000, false), true);
        let snap = rec.snapshot(1_795_453_073_000_000_000, BTreeMap::new());
        let started = Instant::now();
        assert_eq!(send_metrics(&url, rec.start_ns, &[snap], STARTUP_WAIT, &metrics), 0);
        assert!(started.elapsed() < Duration::from_secs(5), "a 4xx is not retried");
        assert_eq!(seen_requests(&seen).len(), 1);
        assert!(lock(&metrics).render().contains("trifocal_gen_push_failures_total{backend=\"otlp-metrics\"} 1\n"));
        // 5xx is retried.
        let (url, seen) = fake_backend_answering("503 Service Unavailable", "not ready");
        let snap = rec.snapshot(1_795_453_078_000_000_000, BTreeMap::new());
        assert_eq!(send_metrics(&url, rec.start_ns, &[snap], Duration::from_millis(300), &metrics), 0);
        assert!(seen_requests(&seen).len() >= 2);
    }

    #[test]
    fn metrics_endpoint_waits_for_the_backfill() {
        let metrics = Arc::new(Mutex::new(Metrics::new()));
        let ready = Arc::new(AtomicBool::new(false));
        let h = metrics_handler(metrics, ready.clone(), Instant::now());
        let get = |p: &str| h(&Request { method: "GET".into(), path: p.into(), headers: vec![] });
        assert_eq!(get("/metrics").status, 503);
        ready.store(true, Ordering::SeqCst);
        let r = get("/metrics");
        assert_eq!((r.status, r.content_type.as_str()), (200, metrics::CONTENT_TYPE));
        assert!(String::from_utf8_lossy(&r.body).ends_with("# EOF\n"));
        assert_eq!(get("/other").status, 404);
        assert_eq!(h(&Request { method: "POST".into(), path: "/metrics".into(), headers: vec![] }).status, 405);
    }
}
