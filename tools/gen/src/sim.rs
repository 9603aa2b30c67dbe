//! The simulated RAG app: builds correlated traces (3–30 spans across services) and their log lines.

use crate::model::{hex, Attrs, Event, Level, LogLine, Span, SpanKind, StatusCode, Trace, Value};
use crate::rng::Rng;

const US: u64 = 1_000;
const MS: u64 = 1_000_000;

/// Share of traces that fail with a 5xx somewhere.
pub const ERROR_RATE: f64 = 0.10;

const QUERIES: &[&str] = &[
    "install agent on windows",
    "reset password",
    "pricing for teams",
    "export logs to s3",
    "rotate api keys",
    "what is a trace id",
    "configure sso with okta",
    "increase retention",
    "gpu quota exceeded",
    "delete my account",
];
const USERS: &[&str] = &["u-0001", "u-0002", "u-0042", "u-0107", "u-0311", "u-1024"];

/// Generates whole traces, deterministically for a given seed and sequence of calls.
pub struct Sim {
    rng: Rng,
}

impl Sim {
    pub fn new(seed: u64) -> Sim {
        Sim { rng: Rng::new(seed) }
    }

    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// One request of a random kind starting at `start_ns` (~10% of them fail).
    pub fn trace(&mut self, start_ns: u64) -> Trace {
        let roll = self.rng.f64();
        let fail = self.rng.chance(ERROR_RATE);
        let trace_id = self.rng.trace_id();
        let mut b = Builder::new(&mut self.rng, trace_id);
        let kind = if roll < 0.50 {
            b.rag(start_ns, fail);
            "rag-search"
        } else if roll < 0.70 {
            b.document(start_ns, fail);
            "document"
        } else if roll < 0.85 {
            b.suggest(start_ns, fail);
            "suggest"
        } else {
            b.checkout(start_ns, fail);
            "checkout"
        };
        b.finish(kind)
    }

    /// A RAG search that does not hit the embedding cache (so it spans every RAG service); for tests and
    /// for guaranteeing a featured trace.
    pub fn rag_trace(&mut self, start_ns: u64, fail: bool) -> Trace {
        let trace_id = self.rng.trace_id();
        let mut b = Builder::new(&mut self.rng, trace_id);
        b.force_cache_miss = true;
        b.rag(start_ns, fail);
        b.finish("rag-search")
    }
}

/// Result of a server-side handler: the time it finished, the HTTP status, the error message on 5xx.
struct Outcome {
    end: u64,
    code: u16,
    error: Option<String>,
}

impl Outcome {
    fn ok(end: u64) -> Outcome {
        Outcome { end, code: 200, error: None }
    }
    fn failed(&self) -> bool {
        self.code >= 500
    }
}

struct Builder<'a> {
    rng: &'a mut Rng,
    trace_id: [u8; 16],
    spans: Vec<Span>,
    log_counts: Vec<u8>,
    logs: Vec<LogLine>,
    error: bool,
    force_cache_miss: bool,
}

impl<'a> Builder<'a> {
    fn new(rng: &'a mut Rng, trace_id: [u8; 16]) -> Builder<'a> {
        Builder { rng, trace_id, spans: Vec::new(), log_counts: Vec::new(), logs: Vec::new(), error: false, force_cache_miss: false }
    }

    fn us(&mut self, lo: u64, hi: u64) -> u64 {
        self.rng.range(lo, hi).saturating_mul(US)
    }

    fn open(&mut self, parent: Option<usize>, service: &str, name: &str, kind: SpanKind, start: u64) -> usize {
        let parent_span_id = parent.and_then(|p| self.spans.get(p)).map(|s| s.span_id);
        let span_id = self.rng.span_id();
        self.spans.push(Span {
            trace_id: self.trace_id,
            span_id,
            parent_span_id,
            service: service.to_string(),
            name: name.to_string(),
            kind,
            start_ns: start,
            end_ns: start,
            status: StatusCode::Unset,
            status_message: String::new(),
            attributes: Vec::new(),
            events: Vec::new(),
        });
        self.log_counts.push(0);
        self.spans.len() - 1
    }

    fn set(&mut self, i: usize, key: &str, v: impl Into<Value>) {
        if let Some(s) = self.spans.get_mut(i) {
            s.attributes.push((key.to_string(), v.into()));
        }
    }

    fn close(&mut self, i: usize, end: u64) {
        if let Some(s) = self.spans.get_mut(i) {
            s.end_ns = end.max(s.start_ns);
        }
    }

    fn event(&mut self, i: usize, t: u64, name: &str, attributes: Attrs) {
        if let Some(s) = self.spans.get_mut(i) {
            s.events.push(Event { time_ns: t, name: name.to_string(), attributes });
        }
    }

    fn fail(&mut self, i: usize, t: u64, exc_type: &str, msg: &str) {
        self.error = true;
        if let Some(s) = self.spans.get_mut(i) {
            s.status = StatusCode::Error;
            s.status_message = msg.to_string();
        }
        let attrs = vec![
            ("exception.type".to_string(), Value::from(exc_type)),
            ("exception.message".to_string(), Value::from(msg)),
        ];
        self.event(i, t, "exception", attrs);
    }

    /// A log line for span `i` (at most two per span), in the `level=… msg="…" … trace_id=… span_id=…` shape.
    fn log(&mut self, i: usize, t: u64, level: Level, msg: &str, extra: &str) {
        let Some(count) = self.log_counts.get_mut(i) else { return };
        if *count >= 2 {
            return;
        }
        *count += 1;
        let Some(s) = self.spans.get(i) else { return };
        let (tid, sid) = (hex(&s.trace_id), hex(&s.span_id));
        let msg = msg.replace('\\', "\\\\").replace('"', "\\\"");
        let mut line = format!("level={} msg=\"{}\"", level.as_str(), msg);
        if !extra.is_empty() {
            line.push(' ');
            line.push_str(extra);
        }
        line.push_str(&format!(" trace_id={tid} span_id={sid}"));
        self.logs.push(LogLine { ts_ns: t, service: s.service.clone(), level, line, trace_id: tid, span_id: sid });
    }

    fn maybe_log(&mut self, p: f64, i: usize, t: u64, level: Level, msg: &str, extra: &str) {
        if self.rng.chance(p) {
            self.log(i, t, level, msg, extra);
        }
    }

    fn server(&mut self, parent: Option<usize>, service: &str, method: &str, route: &str, path: &str, t: u64) -> usize {
        let s = self.open(parent, service, &format!("{method} {route}"), SpanKind::Server, t);
        self.set(s, "http.request.method", method);
        self.set(s, "http.route", route);
        self.set(s, "url.path", path);
        s
    }

    /// Ends a server span with its status code and its access log line.
    fn finish_server(&mut self, s: usize, end: u64, code: u16, error: Option<&str>) {
        self.close(s, end);
        self.set(s, "http.response.status_code", code as i64);
        let (name, start) = match self.spans.get(s) {
            Some(sp) => (sp.name.clone(), sp.start_ns),
            None => return,
        };
        let ms = end.saturating_sub(start) / MS;
        if code >= 500 {
            let msg = error.unwrap_or("internal error");
            self.fail(s, end, "HTTPError", msg);
            self.log(s, end, Level::Error, &format!("{name} {code}"), &format!("duration_ms={ms} error=\"{}\"", msg.replace('"', "'")));
        } else if code >= 400 {
            self.log(s, end, Level::Warn, &format!("{name} {code}"), &format!("duration_ms={ms}"));
        } else {
            self.log(s, end, Level::Info, &format!("{name} {code}"), &format!("duration_ms={ms}"));
        }
    }

    /// An HTTP call from `from` to `to`: a CLIENT span, the callee's SERVER span (with `inner` run inside it)
    /// and the access log. Returns the outcome as seen by the caller.
    #[allow(clippy::too_many_arguments)]
    fn call<F>(&mut self, parent: usize, from: &str, to: &str, port: i64, method: &str, route: &str, path: &str, t: u64, inner: F) -> Outcome
    where
        F: FnOnce(&mut Self, usize, u64) -> Outcome,
    {
        let c = self.open(Some(parent), from, method, SpanKind::Client, t);
        self.set(c, "http.request.method", method);
        self.set(c, "server.address", to);
        self.set(c, "server.port", port);
        self.set(c, "url.full", format!("http://{to}:{port}{path}"));
        let t1 = t + self.us(150, 900);
        let s = self.server(Some(c), to, method, route, path, t1);
        let start_inner = t1 + self.us(50, 300);
        let out = inner(self, s, start_inner);
        let s_end = out.end + self.us(50, 400);
        self.finish_server(s, s_end, out.code, out.error.as_deref());
        let c_end = s_end + self.us(100, 700);
        self.close(c, c_end);
        self.set(c, "http.response.status_code", out.code as i64);
        if out.failed() {
            self.fail(c, c_end, "HTTPError", &format!("{to} answered HTTP {}", out.code));
        }
        Outcome { end: c_end, code: out.code, error: out.error }
    }

    /// A database statement: CLIENT span in the caller, SERVER span in `postgres`.
    fn db(&mut self, parent: usize, from: &str, op: &str, table: &str, t: u64, failure: Option<&str>) -> Outcome {
        let name = if table.is_empty() { op.to_string() } else { format!("{op} {table}") };
        let c = self.open(Some(parent), from, &name, SpanKind::Client, t);
        self.set(c, "db.system.name", "postgresql");
        self.set(c, "db.operation.name", op);
        if !table.is_empty() {
            self.set(c, "db.collection.name", table);
        }
        self.set(c, "server.address", "postgres");
        let t1 = t + self.us(100, 400);
        let s = self.open(Some(c), "postgres", &name, SpanKind::Server, t1);
        self.set(s, "db.system.name", "postgresql");
        let stmt = match op {
            "SELECT" => format!("SELECT * FROM {table} WHERE id = $1"),
            "INSERT" => format!("INSERT INTO {table} VALUES ($1, $2, $3)"),
            "UPDATE" => format!("UPDATE {table} SET qty = qty - $1 WHERE id = $2"),
            other => other.to_string(),
        };
        self.set(s, "db.query.text", stmt.as_str());
        let dur = if failure.is_some() { self.us(200_000, 900_000) } else { self.us(400, 12_000) };
        let s_end = t1 + dur;
        self.close(s, s_end);
        if let Some(msg) = failure {
            self.fail(s, s_end, "PostgresError", msg);
            self.log(s, s_end, Level::Error, msg, &format!("statement=\"{stmt}\""));
        } else {
            let ms = dur as f64 / MS as f64;
            self.maybe_log(0.3, s, s_end, Level::Debug, "statement done", &format!("duration_ms={ms:.3} statement=\"{stmt}\""));
        }
        let c_end = s_end + self.us(100, 500);
        self.close(c, c_end);
        if let Some(msg) = failure {
            self.fail(c, c_end, "DatabaseError", msg);
            return Outcome { end: c_end, code: 500, error: Some(msg.to_string()) };
        }
        Outcome::ok(c_end)
    }

    fn internal(&mut self, parent: usize, service: &str, name: &str, t: u64, lo_us: u64, hi_us: u64) -> (usize, u64) {
        let i = self.open(Some(parent), service, name, SpanKind::Internal, t);
        let end = t + self.us(lo_us, hi_us);
        self.close(i, end);
        (i, end)
    }

    fn rag(&mut self, t0: u64, fail: bool) {
        // Where it fails: 0 embedding timeout, 1 qdrant unavailable, 2 LLM rate limit, 3 database.
        let failure = if fail { Some(self.rng.range(0, 3)) } else { None };
        let cache_hit = !self.force_cache_miss && failure != Some(0) && self.rng.chance(0.2);
        let q = self.rng.pick(QUERIES).copied().unwrap_or("help");
        let user = self.rng.pick(USERS).copied().unwrap_or("u-0001");
        let root = self.server(None, "search-ui", "GET", "/search", "/search", t0);
        self.set(root, "url.query", format!("q={}", q.replace(' ', "+")));
        self.set(root, "user.id", user);
        let t = t0 + self.us(300, 1500);
        let out = self.call(root, "search-ui", "search-service", 8080, "POST", "/api/v1/search", "/api/v1/search", t, |b, s, t| {
            b.set(s, "rag.query.length", q.len() as i64);
            b.set(s, "rag.top_k", 5i64);
            b.set(s, "user.id", user);
            let (p, mut t) = b.internal(s, "search-service", "parse_query", t, 300, 2000);
            b.set(p, "rag.query.tokens", q.split(' ').count() as i64);
            b.maybe_log(0.5, p, t, Level::Debug, "parsed query", &format!("tokens={}", q.split(' ').count()));
            let (cl, t2) = b.internal(s, "search-service", "embedding cache lookup", t, 200, 900);
            b.set(cl, "cache.hit", cache_hit);
            b.event(cl, t2, if cache_hit { "cache hit" } else { "cache miss" }, vec![("cache.name".into(), Value::from("embedding-cache"))]);
            b.maybe_log(0.6, cl, t2, Level::Debug, if cache_hit { "embedding cache hit" } else { "embedding cache miss" }, "cache=embedding-cache");
            t = t2;
            if !cache_hit {
                let out = b.call(s, "search-service", "embedding-service", 9000, "POST", "/v1/embeddings", "/v1/embeddings", t, |b, e, t| b.embed(e, t, q, failure == Some(0)));
                if out.failed() {
                    b.log(s, out.end, Level::Error, "embedding request failed", &format!("status={}", out.code));
                    return Outcome { end: out.end, code: 502, error: Some("embedding-service failed: upstream timeout".into()) };
                }
                t = out.end;
            }
            let out = b.call(s, "search-service", "qdrant", 6333, "POST", "/collections/{collection_name}/points/search", "/collections/docs/points/search", t, |b, v, t| b.vector_search(v, t, failure == Some(1)));
            if out.failed() {
                b.log(s, out.end, Level::Error, "vector search failed", &format!("status={}", out.code));
                return Outcome { end: out.end, code: 502, error: Some("qdrant unavailable".into()) };
            }
            let hits = b.rng.range(3, 10);
            b.log(s, out.end, Level::Debug, "retrieved documents", &format!("hits={hits} db=qdrant"));
            t = out.end;
            let fetches = b.rng.range(1, 3);
            for k in 0..fetches {
                let bad = failure == Some(3) && k + 1 == fetches;
                let o = b.db(s, "search-service", "SELECT", "chunks", t, if bad { Some("canceling statement due to statement timeout") } else { None });
                if o.failed() {
                    return Outcome { end: o.end, code: 500, error: o.error };
                }
                t = o.end;
            }
            if b.rng.chance(0.6) {
                let (r, t2) = b.internal(s, "search-service", "rerank", t, 2_000, 15_000);
                b.set(r, "rag.rerank.model", "bge-reranker-v2");
                b.set(r, "rag.rerank.candidates", hits as i64);
                t = t2;
            }
            let out = b.call(s, "search-service", "llm-gateway", 8000, "POST", "/v1/chat/completions", "/v1/chat/completions", t, |b, g, t| b.llm(g, t, failure == Some(2)));
            if out.failed() {
                b.log(s, out.end, Level::Error, "answer generation failed", &format!("status={}", out.code));
                return Outcome { end: out.end, code: 502, error: Some("llm-gateway failed: rate limited".into()) };
            }
            Outcome::ok(out.end + b.us(200, 1500))
        });
        let end = out.end + self.us(500, 3000);
        let code = if out.failed() { 502 } else { 200 };
        self.finish_server(root, end, code, out.error.as_deref());
    }

    fn embed(&mut self, e: usize, t: u64, q: &str, timeout: bool) -> Outcome {
        let (tk, mut t) = self.internal(e, "embedding-service", "tokenize", t, 500, 2500);
        let tokens = (q.len() / 2).max(1) as i64;
        self.set(tk, "tokenizer", "cl100k_base");
        self.set(tk, "gen_ai.usage.input_tokens", tokens);
        let batches = self.rng.range(1, 3);
        for k in 0..batches {
            let i = self.open(Some(e), "embedding-service", "embeddings text-embedding-3-small", SpanKind::Client, t);
            self.set(i, "gen_ai.system", "openai");
            self.set(i, "gen_ai.operation.name", "embeddings");
            self.set(i, "gen_ai.request.model", "text-embedding-3-small");
            self.set(i, "gen_ai.usage.input_tokens", tokens);
            if timeout && k + 1 == batches {
                let end = t + 2_000 * MS;
                self.close(i, end);
                self.fail(i, end, "TimeoutError", "context deadline exceeded after 2000ms");
                self.log(i, end, Level::Error, "embedding batch timed out", "timeout_ms=2000 model=text-embedding-3-small");
                return Outcome { end, code: 504, error: Some("upstream timeout after 2000ms".into()) };
            }
            let end = t + self.us(15_000, 90_000);
            self.close(i, end);
            self.maybe_log(0.4, i, end, Level::Debug, "embedded batch", &format!("batch={k} dims=1536"));
            t = end;
        }
        Outcome::ok(t)
    }

    fn vector_search(&mut self, v: usize, t: u64, unavailable: bool) -> Outcome {
        self.set(v, "db.system.name", "qdrant");
        self.set(v, "db.collection.name", "docs");
        if unavailable {
            let end = t + self.us(1_000, 5_000);
            self.log(v, end, Level::Error, "search rejected", "reason=\"too many concurrent requests\"");
            return Outcome { end, code: 503, error: Some("service unavailable: too many concurrent requests".into()) };
        }
        let segments = self.rng.range(1, 4);
        let start = t;
        let mut end = t;
        for k in 0..segments {
            // Segments are searched in parallel.
            let st = start + self.us(20, 300);
            let (sg, e) = self.internal(v, "qdrant", "segment search", st, 1_500, 20_000);
            self.set(sg, "qdrant.segment", k as i64);
            let scanned = self.rng.range(1000, 50_000) as i64;
            self.set(sg, "qdrant.points_scanned", scanned);
            end = end.max(e);
        }
        Outcome::ok(end + self.us(100, 800))
    }

    fn llm(&mut self, g: usize, t: u64, rate_limited: bool) -> Outcome {
        let (r, mut t) = self.internal(g, "llm-gateway", "route model", t, 100, 600);
        self.set(r, "gen_ai.request.model", "gpt-4o-mini");
        let attempts = if rate_limited { 2 } else { 1 };
        for k in 0..attempts {
            let c = self.open(Some(g), "llm-gateway", "chat gpt-4o-mini", SpanKind::Client, t);
            self.set(c, "gen_ai.system", "openai");
            self.set(c, "gen_ai.operation.name", "chat");
            self.set(c, "gen_ai.request.model", "gpt-4o-mini");
            if rate_limited {
                let end = t + self.us(40_000, 150_000);
                self.close(c, end);
                self.set(c, "http.response.status_code", 429i64);
                self.fail(c, end, "RateLimitError", "429 Too Many Requests: rate limit reached for gpt-4o-mini");
                self.log(c, end, Level::Warn, "provider rate limited", &format!("attempt={} retry_after_ms=250", k + 1));
                t = end + 250 * MS;
                continue;
            }
            let first = t + self.us(150_000, 600_000);
            let end = first + self.us(200_000, 1_800_000);
            let (inp, outp) = (self.rng.range(300, 2400) as i64, self.rng.range(40, 600) as i64);
            self.set(c, "gen_ai.usage.input_tokens", inp);
            self.set(c, "gen_ai.usage.output_tokens", outp);
            self.set(c, "gen_ai.response.finish_reasons", "stop");
            self.event(c, first, "gen_ai.first_token", vec![]);
            self.close(c, end);
            self.log(c, end, Level::Info, "completion done", &format!("model=gpt-4o-mini input_tokens={inp} output_tokens={outp}"));
            return Outcome::ok(end);
        }
        self.log(g, t, Level::Error, "giving up after retries", "attempts=2");
        Outcome { end: t, code: 503, error: Some("rate limited by provider after 2 attempts".into()) }
    }

    fn document(&mut self, t0: u64, fail: bool) {
        let id = self.rng.range(1, 9999);
        let not_found = !fail && self.rng.chance(0.05);
        let root = self.server(None, "search-ui", "GET", "/api/documents/{id}", &format!("/api/documents/{id}"), t0);
        let t = t0 + self.us(200, 900);
        let out = self.call(root, "search-ui", "search-service", 8080, "GET", "/api/v1/documents/{id}", &format!("/api/v1/documents/{id}"), t, |b, s, t| {
            let (c, t) = b.internal(s, "search-service", "document cache lookup", t, 100, 600);
            b.set(c, "cache.hit", false);
            let o = b.db(s, "search-service", "SELECT", "documents", t, if fail { Some("could not connect to server: connection refused") } else { None });
            if o.failed() {
                return o;
            }
            if not_found {
                b.log(s, o.end, Level::Warn, "document not found", &format!("document_id={id}"));
                return Outcome { end: o.end, code: 404, error: None };
            }
            Outcome::ok(o.end)
        });
        let end = out.end + self.us(200, 1200);
        let code = if out.failed() { 500 } else { out.code };
        self.finish_server(root, end, code, out.error.as_deref());
    }

    fn suggest(&mut self, t0: u64, fail: bool) {
        let q = self.rng.pick(QUERIES).copied().unwrap_or("help");
        let prefix: String = q.chars().take(4).collect();
        let root = self.server(None, "search-ui", "GET", "/api/suggest", "/api/suggest", t0);
        self.set(root, "url.query", format!("prefix={}", prefix.replace(' ', "+")));
        let t = t0 + self.us(100, 500);
        let out = self.call(root, "search-ui", "search-service", 8080, "GET", "/api/v1/suggest", "/api/v1/suggest", t, |b, s, t| {
            let end = t + b.us(800, 6_000);
            if fail {
                b.log(s, end, Level::Error, "suggestion index not loaded", "index=suggest-v3");
                return Outcome { end, code: 500, error: Some("suggestion index not loaded".into()) };
            }
            b.maybe_log(0.5, s, end, Level::Debug, "suggestions computed", &format!("prefix=\"{prefix}\" n=5"));
            Outcome::ok(end)
        });
        let end = out.end + self.us(100, 600);
        let code = if out.failed() { 502 } else { out.code };
        self.finish_server(root, end, code, out.error.as_deref());
    }

    fn checkout(&mut self, t0: u64, fail: bool) {
        // Failure: payment timeout (with rollback) or a deadlock on insert.
        let payment_timeout = fail && self.rng.chance(0.5);
        let deadlock = fail && !payment_timeout;
        let user = self.rng.pick(USERS).copied().unwrap_or("u-0001");
        let items = self.rng.range(1, 5) as i64;
        let root = self.server(None, "search-ui", "POST", "/checkout", "/checkout", t0);
        self.set(root, "user.id", user);
        let t = t0 + self.us(300, 1200);
        let out = self.call(root, "search-ui", "checkout", 8443, "POST", "/api/v1/orders", "/api/v1/orders", t, |b, s, t| {
            b.set(s, "order.items", items);
            let (v, t) = b.internal(s, "checkout", "validate cart", t, 300, 3000);
            b.maybe_log(0.5, v, t, Level::Info, "cart validated", &format!("items={items} user={user}"));
            let mut t = b.db(s, "checkout", "BEGIN", "", t, None).end;
            t = b.db(s, "checkout", "UPDATE", "inventory", t, None).end;
            let o = b.db(s, "checkout", "INSERT", "orders", t, if deadlock { Some("deadlock detected") } else { None });
            if o.failed() {
                let r = b.db(s, "checkout", "ROLLBACK", "", o.end, None);
                return Outcome { end: r.end, code: 500, error: Some("order not saved: deadlock detected".into()) };
            }
            t = o.end;
            let p = b.open(Some(s), "checkout", "POST", SpanKind::Client, t);
            b.set(p, "http.request.method", "POST");
            b.set(p, "server.address", "payments.example.com");
            b.set(p, "url.full", "https://payments.example.com/v2/charges");
            if payment_timeout {
                let end = t + 5_000 * MS;
                b.close(p, end);
                b.fail(p, end, "SocketTimeoutException", "Read timed out after 5000 ms");
                b.log(p, end, Level::Error, "payment provider timed out", "provider=payments.example.com timeout_ms=5000");
                let r = b.db(s, "checkout", "ROLLBACK", "", end, None);
                return Outcome { end: r.end, code: 502, error: Some("payment provider timed out".into()) };
            }
            let end = t + b.us(80_000, 400_000);
            b.close(p, end);
            b.set(p, "http.response.status_code", 201i64);
            let cents = b.rng.range(500, 25_000);
            b.log(p, end, Level::Info, "payment captured", &format!("amount_cents={cents}"));
            let c = b.db(s, "checkout", "COMMIT", "", end, None);
            Outcome { end: c.end, code: 201, error: None }
        });
        let end = out.end + self.us(200, 1500);
        let code = if out.failed() { 502 } else { out.code };
        self.finish_server(root, end, code, out.error.as_deref());
    }

    /// Makes the time tree consistent (children inside parents) and sorts the logs.
    fn finish(mut self, kind: &'static str) -> Trace {
        let n = self.spans.len();
        // Parents precede children: a forward pass clamps starts, a backward pass extends parent ends.
        for i in 0..n {
            let parent = self.spans.get(i).and_then(|s| s.parent_span_id);
            if let Some(pid) = parent {
                let pstart = self.spans.iter().take(i).find(|p| p.span_id == pid).map(|p| p.start_ns);
                if let (Some(ps), Some(s)) = (pstart, self.spans.get_mut(i)) {
                    s.start_ns = s.start_ns.max(ps);
                    s.end_ns = s.end_ns.max(s.start_ns);
                }
            }
        }
        for i in (0..n).rev() {
            let (pid, end) = match self.spans.get(i) {
                Some(s) => (s.parent_span_id, s.end_ns),
                None => continue,
            };
            if let Some(pid) = pid {
                if let Some(p) = self.spans.iter_mut().take(i).find(|p| p.span_id == pid) {
                    p.end_ns = p.end_ns.max(end);
                }
            }
        }
        self.logs.sort_by_key(|l| l.ts_ns);
        Trace { trace_id: self.trace_id, kind, spans: self.spans, logs: self.logs, error: self.error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_795_453_063_000_000_000;

    #[test]
    fn traces_are_deterministic_for_a_seed() {
        let a: Vec<Trace> = (0..20).map(|i| Sim::new(7).trace(T0 + i)).collect();
        let b: Vec<Trace> = (0..20).map(|i| Sim::new(7).trace(T0 + i)).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn traces_are_well_formed_and_correlated() {
        let mut sim = Sim::new(42);
        let mut errors = 0;
        let mut kinds = std::collections::BTreeSet::new();
        for i in 0..1000u64 {
            let t = sim.trace(T0 + i * 200 * MS);
            kinds.insert(t.kind);
            assert!((3..=30).contains(&t.spans.len()), "{} spans in a {}", t.spans.len(), t.kind);
            let roots: Vec<&Span> = t.spans.iter().filter(|s| s.parent_span_id.is_none()).collect();
            assert_eq!(roots.len(), 1);
            let mut ids = std::collections::HashSet::new();
            for s in &t.spans {
                assert!(ids.insert(s.span_id), "duplicate span id");
                assert!(s.start_ns <= s.end_ns);
                if let Some(pid) = s.parent_span_id {
                    let p = t.spans.iter().find(|p| p.span_id == pid).expect("parent exists");
                    assert!(p.start_ns <= s.start_ns && s.end_ns <= p.end_ns, "child outside parent in {}", t.kind);
                }
            }
            let tid = t.id_hex();
            for l in &t.logs {
                assert_eq!(l.trace_id, tid);
                assert!(l.line.contains(&tid));
                assert!(t.spans.iter().any(|s| hex(&s.span_id) == l.span_id && s.service == l.service));
            }
            for s in &t.spans {
                assert!(t.logs.iter().filter(|l| l.span_id == hex(&s.span_id)).count() <= 2);
            }
            if t.error {
                errors += 1;
                assert!(t.spans.iter().any(|s| s.status == StatusCode::Error));
                assert!(t.logs.iter().any(|l| l.level == Level::Error));
                assert!(roots[0].attr_int("http.response.status_code").unwrap_or(0) >= 500);
            } else {
                assert!(t.spans.iter().all(|s| s.status != StatusCode::Error), "{}", t.kind);
            }
        }
        assert!((50..=160).contains(&errors), "{errors} error traces in 1000");
        assert_eq!(kinds.len(), 4);
    }

    #[test]
    fn volume_is_enough_for_the_end_to_end_tests() {
        // The stack backfills 600 s at 5 traces/s; the log paging test needs 7000 lines.
        let mut sim = Sim::new(42);
        let traces: Vec<Trace> = (0..3000u64).map(|i| sim.trace(T0 + i * 200 * MS)).collect();
        let lines: usize = traces.iter().map(|t| t.logs.len()).sum();
        let spans: usize = traces.iter().map(|t| t.spans.len()).sum();
        eprintln!("3000 traces: {spans} spans, {lines} log lines");
        assert!(lines >= 9000, "{lines} lines");
        assert!(spans <= 3000 * 30);
    }

    #[test]
    fn a_rag_trace_spans_at_least_three_services_with_logs() {
        let t = Sim::new(1).rag_trace(T0, false);
        assert!(t.spans.len() >= 10);
        let services = t.services();
        assert!(services.len() >= 3, "{services:?}");
        assert!(services.iter().any(|s| s == "embedding-service"));
        assert!(!t.logs.is_empty());
        assert!(!t.error);
    }
}
