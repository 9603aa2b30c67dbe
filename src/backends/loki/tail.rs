//! Live tail (`/loki/api/v1/tail`, a WebSocket): the request, its `ws://`/`wss://` URL on the page's origin,
//! the messages parsed into log entries and a dropped count, a bounded buffer, and reconnect backoff.

use std::collections::VecDeque;

use super::convert::convert_streams;
use crate::backends::{ApiError, ApiRequest};
use crate::telemetry::{LogEntry, LogResult};

/// Default number of lines kept while tailing.
pub const DEFAULT_BUFFER: usize = 10_000;

/// `GET /loki/api/v1/tail?query=…&limit=…&start=…` (opened as a WebSocket). `start_ns` is where the tail
/// begins (Loki sends lines from there on, then live ones).
pub fn tail_request(query: &str, start_ns: i64, limit: u32) -> ApiRequest {
    ApiRequest::get("/loki/api/v1/tail")
        .param("query", query)
        .param("limit", limit.clamp(1, 5000).to_string())
        .param("start", start_ns.to_string())
}

/// The WebSocket URL for `req` below the datasource `base`. An absolute `http(s)://` base becomes
/// `ws(s)://`; a relative base (`/api/loki`) is put on the page's origin (`page_protocol` such as `https:`,
/// `page_host` such as `example.com:8080`), with `wss:` on an `https:` page.
pub fn ws_url(base: &str, page_protocol: &str, page_host: &str, req: &ApiRequest) -> String {
    let http = req.url(base);
    if let Some(rest) = http.strip_prefix("https://") {
        return format!("wss://{rest}");
    }
    if let Some(rest) = http.strip_prefix("http://") {
        return format!("ws://{rest}");
    }
    let scheme = if page_protocol.trim_end_matches(':').eq_ignore_ascii_case("https") { "wss" } else { "ws" };
    let path = if http.starts_with('/') { http } else { format!("/{http}") };
    format!("{scheme}://{page_host}{path}")
}

/// One tail message: new lines (sorted oldest first) and how many lines Loki dropped (too many to send).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TailMessage {
    pub logs: LogResult,
    pub dropped: usize,
}

/// Parses one WebSocket text message of the tail. Loki writes errors as plain text frames; those become
/// `ApiError::Backend` with the text.
pub fn parse_tail(text: &str, trace_id_fields: &[&str]) -> Result<TailMessage, ApiError> {
    let t = text.trim_start();
    if !t.starts_with('{') {
        let msg: String = text.trim().chars().take(500).collect();
        return Err(ApiError::Backend { status: 0, message: if msg.is_empty() { "empty message from the tail".into() } else { msg } });
    }
    let (streams, dropped) = super::read::tail(t).map_err(|e| ApiError::InvalidJson(format!("tail message: {e}")))?;
    let mut logs = convert_streams(streams, trace_id_fields, Vec::new());
    // A tail shows the newest at the bottom: oldest first.
    crate::backends::log_paging::sort_entries(&mut logs.entries, false);
    Ok(TailMessage { logs, dropped })
}

/// The lines of a running tail, oldest first, at most `cap`; older lines fall out.
#[derive(Clone, Debug, PartialEq)]
pub struct TailBuffer {
    pub entries: VecDeque<LogEntry>,
    pub cap: usize,
    /// Lines Loki reported as dropped.
    pub dropped_by_server: usize,
    /// Lines pushed out of the buffer by newer ones.
    pub evicted: usize,
    /// Lines received since the tail started.
    pub received: usize,
}

impl TailBuffer {
    pub fn new(cap: usize) -> TailBuffer {
        TailBuffer { entries: VecDeque::new(), cap: cap.max(1), dropped_by_server: 0, evicted: 0, received: 0 }
    }

    /// Adds a message's lines (and dropped count), evicting the oldest beyond the cap.
    pub fn push(&mut self, msg: TailMessage) {
        self.dropped_by_server = self.dropped_by_server.saturating_add(msg.dropped);
        self.received = self.received.saturating_add(msg.logs.entries.len());
        for e in msg.logs.entries {
            self.entries.push_back(e);
        }
        while self.entries.len() > self.cap {
            self.entries.pop_front();
            self.evicted = self.evicted.saturating_add(1);
        }
    }

    /// The newest line's time: where a reconnect resumes (+1 ns so it is not sent twice).
    pub fn resume_from_ns(&self) -> Option<i64> {
        self.entries.back().map(|e| e.ts_ns.saturating_add(1))
    }
}

/// Delay before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s, … capped at 30 s.
pub fn backoff_ms(attempt: u32) -> u32 {
    1000u32.saturating_mul(1u32 << attempt.min(5)).min(30_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_urls() {
        let r = tail_request("{a=\"b\"}", 5, 0);
        assert_eq!(r.url(""), "/loki/api/v1/tail?query=%7Ba%3D%22b%22%7D&limit=1&start=5");
        assert_eq!(ws_url("/api/loki", "http:", "127.0.0.1:28080", &r), format!("ws://127.0.0.1:28080/api/loki{}", r.url("")));
        assert_eq!(ws_url("/api/loki/", "https:", "x.example", &r), format!("wss://x.example/api/loki{}", r.url("")));
        assert_eq!(ws_url("https://loki.example/", "http:", "ignored", &r), format!("wss://loki.example{}", r.url("")));
        assert_eq!(ws_url("http://l:3100", "https:", "ignored", &r), format!("ws://l:3100{}", r.url("")));
        assert_eq!(ws_url("", "http:", "h", &r), format!("ws://h{}", r.url("")));
    }

    #[test]
    fn tail_messages_parse_into_sorted_entries_and_dropped_counts() {
        let m = parse_tail(
            r#"{"streams":[{"stream":{"level":"error","service_name":"x"},"values":[["20","b {\"trace_id\":\"6575de447380ec933e5135e5d844e736\"}"],["10","a"]]}],"dropped_entries":[{"labels":{},"timestamp":"5"}]}"#,
            &[],
        )
        .unwrap();
        assert_eq!(m.dropped, 1);
        let ts: Vec<i64> = m.logs.entries.iter().map(|e| e.ts_ns).collect();
        assert_eq!(ts, vec![10, 20]);
        assert_eq!(m.logs.entries[1].level, crate::telemetry::LogLevel::Error);
        assert!(m.logs.entries[1].trace_id.is_some());
        let m = parse_tail(r#"{"streams":null,"dropped_entries":null}"#, &[]).unwrap();
        assert_eq!(m, TailMessage::default());
    }

    #[test]
    fn error_frames_and_junk() {
        match parse_tail("parse error at line 1, col 3: syntax error", &[]) {
            Err(ApiError::Backend { message, .. }) => assert!(message.contains("syntax error")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse_tail("{not json", &[]), Err(ApiError::InvalidJson(_))));
        assert!(parse_tail("", &[]).is_err());
    }

    #[test]
    fn buffer_is_bounded_and_counts_what_it_lost() {
        let mk = |ts: &[i64], dropped| {
            let body = format!(
                r#"{{"streams":[{{"stream":{{}},"values":[{}]}}],"dropped_entries":[{}]}}"#,
                ts.iter().map(|t| format!(r#"["{t}","l{t}"]"#)).collect::<Vec<_>>().join(","),
                vec![r#"{"labels":{},"timestamp":"1"}"#; dropped].join(",")
            );
            parse_tail(&body, &[]).unwrap()
        };
        let mut b = TailBuffer::new(3);
        assert_eq!(b.resume_from_ns(), None);
        b.push(mk(&[1, 2], 0));
        b.push(mk(&[3, 4, 5], 2));
        assert_eq!(b.entries.iter().map(|e| e.ts_ns).collect::<Vec<_>>(), vec![3, 4, 5]);
        assert_eq!((b.evicted, b.dropped_by_server, b.received), (2, 2, 5));
        assert_eq!(b.resume_from_ns(), Some(6));
        assert_eq!(TailBuffer::new(0).cap, 1);
    }

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff_ms(0), 1000);
        assert_eq!(backoff_ms(1), 2000);
        assert_eq!(backoff_ms(4), 16_000);
        assert_eq!(backoff_ms(5), 30_000);
        assert_eq!(backoff_ms(u32::MAX), 30_000);
    }
}
