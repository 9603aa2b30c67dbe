//! trifocal-gen: command line entry point (argument parsing and dispatch to the commands).

mod burst;
mod http;
mod huge;
mod logs_push;
mod manifest;
mod metrics;
mod model;
mod otlp;
mod otlp_metrics;
mod rng;
mod run;
mod sim;

use http::{parse_url, Url};
use run::{warn, RunOpts};
use std::io::Write;
use std::path::PathBuf;

const USAGE: &str = "\
trifocal-gen: correlated traces (OTLP/HTTP JSON), metrics (OpenMetrics; optionally OTLP/HTTP JSON) and
optionally logs (Loki push API JSON) of a simulated RAG app

usage:
  trifocal-gen run  [--otlp URL] [--logs-push URL] [--otlp-metrics URL] [--metrics-listen ADDR] [--rate N]
                    [--backfill-s S] [--manifest PATH] [--seed N]
      backfill the last S seconds, write the manifest, then send N traces/s and serve GET /metrics;
      with --logs-push, the traces' log lines are POSTed to exactly that URL (any receiver of the Loki
      push API JSON body, e.g. http://127.0.0.1:9428/insert/loki/api/v1/push?_msg_field=msg); without it
      no logs are sent;
      with --otlp-metrics, OTLP/HTTP JSON metrics are POSTed to exactly that URL (e.g. Prometheus 3's
      http://127.0.0.1:29090/api/v1/otlp/v1/metrics) every 5 s, and for the backfill window (its last
      50 minutes) at start: per service an exponential histogram rag.request.duration (s) and a gauge
      rag.queue.depth (requests in flight)
  trifocal-gen once [same options, no --metrics-listen]
      backfill and write the manifest (to stdout without --manifest), then exit
  trifocal-gen huge-trace --spans N [--out FILE | --otlp URL] [--seed N]
      one trace with N spans as OTLP JSON (stdout, a file, or POSTed in batches of 5000 spans)
  trifocal-gen log-burst --lines N --push URL [--service NAME] [--seed N]
      POST N log lines with trace ids, some with hostile content, to exactly URL (Loki push API JSON
      body); prints the number pushed

defaults: --otlp http://127.0.0.1:24318 --metrics-listen 127.0.0.1:29100
          --rate 5 --backfill-s 600 --seed 42 --service log-burst
";

#[derive(Clone, Debug, PartialEq)]
enum Command {
    Help,
    Run(RunOpts),
    Once(RunOpts),
    HugeTrace { spans: usize, out: Option<PathBuf>, otlp: Option<Url>, seed: u64 },
    LogBurst { lines: usize, push: Url, service: String, seed: u64 },
}

/// Splits `--flag value` / `--flag=value` pairs; rejects flags not in `allowed`.
fn flags(args: &[String], allowed: &[&str]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(name) = a.strip_prefix("--") else { return Err(format!("unexpected argument {a:?}")) };
        let (name, value) = match name.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => {
                if !allowed.contains(&name) {
                    return Err(format!("unknown option --{name}"));
                }
                let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                (name.to_string(), v.clone())
            }
        };
        if !allowed.contains(&name.as_str()) {
            return Err(format!("unknown option --{name}"));
        }
        out.push((name, value));
    }
    Ok(out)
}

fn get<'a>(f: &'a [(String, String)], name: &str) -> Option<&'a str> {
    f.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn num<T: std::str::FromStr>(f: &[(String, String)], name: &str, default: Option<T>) -> Result<T, String> {
    match get(f, name) {
        Some(v) => v.trim().parse::<T>().map_err(|_| format!("--{name}: {v:?} is not a valid number")),
        None => default.ok_or_else(|| format!("--{name} is required")),
    }
}

fn url(f: &[(String, String)], name: &str, default: Option<&str>) -> Result<Url, String> {
    let v = get(f, name).or(default).ok_or_else(|| format!("--{name} is required"))?;
    parse_url(v).map_err(|e| format!("--{name}: {e}"))
}

fn run_opts(f: &[(String, String)]) -> Result<RunOpts, String> {
    let rate: f64 = num(f, "rate", Some(5.0))?;
    if !rate.is_finite() || rate <= 0.0 || rate > 10_000.0 {
        return Err(format!("--rate: {rate} must be above 0 and at most 10000 traces/s"));
    }
    let backfill_s: u64 = num(f, "backfill-s", Some(600))?;
    if backfill_s > 7 * 24 * 3600 {
        return Err("--backfill-s: at most one week".into());
    }
    Ok(RunOpts {
        otlp: url(f, "otlp", Some("http://127.0.0.1:24318"))?,
        logs_push: match get(f, "logs-push") {
            Some(_) => Some(url(f, "logs-push", None)?),
            None => None,
        },
        otlp_metrics: match get(f, "otlp-metrics") {
            Some(_) => Some(url(f, "otlp-metrics", None)?),
            None => None,
        },
        metrics_listen: get(f, "metrics-listen").unwrap_or("127.0.0.1:29100").to_string(),
        rate,
        backfill_s,
        manifest: get(f, "manifest").map(PathBuf::from),
        seed: num(f, "seed", Some(42))?,
    })
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let Some((cmd, rest)) = args.split_first() else { return Err("no command given".into()) };
    match cmd.as_str() {
        "help" | "--help" | "-h" => Ok(Command::Help),
        "run" => Ok(Command::Run(run_opts(&flags(rest, &["otlp", "logs-push", "otlp-metrics", "metrics-listen", "rate", "backfill-s", "manifest", "seed"])?)?)),
        "once" => Ok(Command::Once(run_opts(&flags(rest, &["otlp", "logs-push", "otlp-metrics", "rate", "backfill-s", "manifest", "seed"])?)?)),
        "huge-trace" => {
            let f = flags(rest, &["spans", "out", "otlp", "seed"])?;
            let spans: usize = num(&f, "spans", None)?;
            if spans == 0 || spans > 10_000_000 {
                return Err(format!("--spans: {spans} must be between 1 and 10000000"));
            }
            if get(&f, "out").is_some() && get(&f, "otlp").is_some() {
                return Err("--out and --otlp cannot be used together".into());
            }
            let otlp = match get(&f, "otlp") {
                Some(_) => Some(url(&f, "otlp", None)?),
                None => None,
            };
            Ok(Command::HugeTrace { spans, out: get(&f, "out").map(PathBuf::from), otlp, seed: num(&f, "seed", Some(42))? })
        }
        "log-burst" => {
            let f = flags(rest, &["lines", "push", "service", "seed"])?;
            let lines: usize = num(&f, "lines", None)?;
            if lines > 50_000_000 {
                return Err("--lines: at most 50000000".into());
            }
            let service = get(&f, "service").unwrap_or("log-burst").to_string();
            if service.is_empty() {
                return Err("--service must not be empty".into());
            }
            Ok(Command::LogBurst { lines, push: url(&f, "push", None)?, service, seed: num(&f, "seed", Some(42))? })
        }
        other => Err(format!("unknown command {other:?}")),
    }
}

fn huge_trace(spans: usize, out: Option<PathBuf>, otlp_url: Option<Url>, seed: u64) -> i32 {
    let all = huge::huge_trace(seed, spans, run::now_ns().saturating_sub(120_000_000_000));
    let trace_id = all.first().map(|s| model::hex(&s.trace_id)).unwrap_or_default();
    if let Some(u) = otlp_url {
        let reqs = otlp::chunked_requests(&all, otlp::BATCH_SPANS);
        let total = reqs.len();
        for (i, body) in reqs.into_iter().enumerate() {
            let body = body.to_string();
            if let Err(e) = run::with_retry("OTLP push", std::time::Duration::from_secs(30), 2, || http::post(&u, "/v1/traces", "application/json", body.as_bytes()).map(|_| ())) {
                warn(&format!("batch {}/{total} failed: {e}", i + 1));
                return 1;
            }
        }
        println!("sent trace {trace_id}: {spans} spans in {total} requests to {u}");
        return 0;
    }
    let body = otlp::export_request(all.iter());
    let result = match &out {
        Some(path) => std::fs::File::create(path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))
            .and_then(|f| serde_json::to_writer(std::io::BufWriter::new(f), &body).map_err(|e| format!("cannot write {}: {e}", path.display()))),
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            serde_json::to_writer(&mut w, &body).map_err(|e| e.to_string()).and_then(|_| writeln!(w).and_then(|_| w.flush()).map_err(|e| e.to_string()))
        }
    };
    match result {
        Ok(()) => {
            if let Some(path) = out {
                eprintln!("wrote trace {trace_id} ({spans} spans) to {}", path.display());
            }
            0
        }
        Err(e) => {
            warn(&e);
            1
        }
    }
}

fn log_burst(lines: usize, push_url: Url, service: &str, seed: u64) -> i32 {
    let all = burst::burst_lines(seed, lines, service, run::now_ns());
    let mut pushed = 0usize;
    let mut code = 0;
    for batch in logs_push::batches(all, logs_push::BATCH_LINES, logs_push::BATCH_BYTES) {
        let body = logs_push::push_body(&batch).to_string();
        match run::with_retry("logs push", std::time::Duration::from_secs(30), 2, || http::post(&push_url, "", "application/json", body.as_bytes()).map(|_| ())) {
            Ok(()) => pushed += batch.len(),
            Err(e) => {
                warn(&format!("{} lines not pushed: {e}", batch.len()));
                code = 1;
            }
        }
    }
    println!("{pushed}");
    code
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match parse_args(&args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            0
        }
        Ok(Command::Run(o)) => run::run(&o, true),
        Ok(Command::Once(o)) => run::run(&o, false),
        Ok(Command::HugeTrace { spans, out, otlp, seed }) => huge_trace(spans, out, otlp, seed),
        Ok(Command::LogBurst { lines, push, service, seed }) => log_burst(lines, push, &service, seed),
        Err(e) => {
            eprintln!("trifocal-gen: {e}\n\n{USAGE}");
            2
        }
    };
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Command, String> {
        parse_args(&s.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn run_takes_the_stack_arguments_and_has_defaults() {
        let c = parse("run --otlp http://127.0.0.1:24318 --logs-push http://127.0.0.1:29428/insert/loki/api/v1/push?_msg_field=msg --metrics-listen 127.0.0.1:29100 --rate 5 --backfill-s 600 --manifest /tmp/m.json").expect("parses");
        let Command::Run(o) = c else { panic!("not run: {c:?}") };
        assert_eq!((o.otlp.port, o.metrics_listen.as_str()), (24318, "127.0.0.1:29100"));
        let logs = o.logs_push.expect("--logs-push given");
        assert_eq!((logs.port, logs.target("")), (29428, "/insert/loki/api/v1/push?_msg_field=msg".to_string()));
        assert_eq!((o.rate, o.backfill_s, o.seed), (5.0, 600, 42));
        assert_eq!(o.manifest, Some(PathBuf::from("/tmp/m.json")));
        let Ok(Command::Once(o)) = parse("once --rate=0.5 --seed=7") else { panic!("once") };
        assert_eq!((o.rate, o.seed, o.backfill_s, o.manifest), (0.5, 7, 600, None));
        assert_eq!((o.logs_push, o.otlp_metrics), (None, None), "no logs or OTLP metrics are sent unless asked");
        let Ok(Command::Run(o)) = parse("run --otlp-metrics http://127.0.0.1:29090/api/v1/otlp/v1/metrics") else { panic!("run") };
        assert_eq!(o.otlp_metrics.map(|u| (u.port, u.target(""))), Some((29090, "/api/v1/otlp/v1/metrics".to_string())));
        let Ok(Command::Once(o)) = parse("once --otlp-metrics=http://127.0.0.1:29090/api/v1/otlp/v1/metrics") else { panic!("once") };
        assert!(o.otlp_metrics.is_some());
        assert_eq!(parse("--help"), Ok(Command::Help));
    }

    #[test]
    fn other_commands_parse() {
        assert_eq!(parse("huge-trace --spans 100000 --out /tmp/t.json"), Ok(Command::HugeTrace { spans: 100_000, out: Some(PathBuf::from("/tmp/t.json")), otlp: None, seed: 42 }));
        let Ok(Command::HugeTrace { otlp: Some(u), .. }) = parse("huge-trace --spans 5 --otlp http://127.0.0.1:24318") else { panic!("otlp") };
        assert_eq!(u.port, 24318);
        let Ok(Command::LogBurst { lines, service, push, .. }) = parse("log-burst --lines 20000 --push http://127.0.0.1:29428/insert/loki/api/v1/push --service evil") else { panic!("burst") };
        assert_eq!((lines, service.as_str(), push.port), (20_000, "evil", 29428));
    }

    #[test]
    fn bad_arguments_are_clear_errors() {
        let cases = [
            ("", "no command"),
            ("fly", "unknown command"),
            ("run --rate", "needs a value"),
            ("run --rate fast", "not a valid number"),
            ("run --rate 0", "must be above 0"),
            ("run --rate NaN", "must be above 0"),
            ("run --colour red", "unknown option --colour"),
            ("run --colour=red", "unknown option --colour"),
            ("run stray", "unexpected argument"),
            ("once --metrics-listen 127.0.0.1:1", "unknown option --metrics-listen"),
            ("run --otlp https://x", "https"),
            ("run --logs-push localhost:9428", "http://"),
            ("once --otlp-metrics https://x/api/v1/otlp/v1/metrics", "https"),
            ("huge-trace --spans 5 --otlp-metrics http://x:1", "unknown option --otlp-metrics"),
            ("run --loki http://127.0.0.1:1", "unknown option --loki"),
            ("log-burst --lines 10 --loki http://x:1", "unknown option --loki"),
            ("run --backfill-s -5", "not a valid number"),
            ("huge-trace", "--spans is required"),
            ("huge-trace --spans 0", "between 1"),
            ("huge-trace --spans 10 --out a --otlp http://x:1", "together"),
            ("log-burst --lines 10", "--push is required"),
            ("log-burst --push http://x:1", "--lines is required"),
            ("log-burst --lines 10 --push http://x:1 --service=", "must not be empty"),
        ];
        for (args, want) in cases {
            let e = parse(args).expect_err(args);
            assert!(e.contains(want), "{args:?}: {e:?} lacks {want:?}");
        }
    }
}
