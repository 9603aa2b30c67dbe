//! The `log-burst` command's lines: many log lines with trace ids, some with hostile content.

use crate::model::{hex, Level, LogLine};
use crate::rng::Rng;

/// Size of the one very long line in a burst.
pub const LONG_LINE_BYTES: usize = 100 * 1024;

/// Hostile payloads, cycled through every tenth line.
pub fn hostile(k: usize) -> String {
    match k % 9 {
        0 => "<script>alert(\"xss\")</script> hostile html in a log line".into(),
        1 => "<img src=x onerror=alert(1)> <b>bold?</b> &amp; &lt;tag&gt; </div></pre><iframe src=\"javascript:alert(1)\">".into(),
        2 => "\u{1b}[31mERROR in red\u{1b}[0m \u{1b}[1;32mbold green\u{1b}[0m \u{1b}]8;;http://evil.example/\u{7}hyperlink\u{1b}]8;;\u{7} \u{1b}[2J cleared?".into(),
        3 => "unicode: 🚀🔥👩‍👩‍👧 日本語のログ 中文日志 Ελληνικά e\u{301} zero\u{200b}width bom\u{feff} 𝕄𝕒𝕥𝕙 ﷽".into(),
        4 => "rtl: مرحبا بالعالم שלום עולם \u{202e}gpj.exe\u{202c} mixed english عربي 123".into(),
        5 => "control bytes: nul[\u{0}] bell[\u{7}] backspace[\u{8}] vt[\u{b}] ff[\u{c}] esc[\u{1b}] del[\u{7f}] c1[\u{85}]".into(),
        6 => "{\"level\":\"error\",\"msg\":\"json in a line\",\"nested\":{\"a\":[1,2,3],\"html\":\"<b>x</b>\"}}".into(),
        7 => "multi\nline\r\nentry\twith\ttabs and trailing spaces   ".into(),
        _ => "templates: {{constructor.constructor('alert(1)')()}} ${7*7} %s%s%n %x \\u0000 '; DROP TABLE logs; --".into(),
    }
}

/// `n` lines for `service`, one per 100 µs ending at `end_ns`, in time order. Every line carries a trace
/// id (text and metadata); every tenth is hostile; one (the middle one, when n >= 2) is 100 KB long.
pub fn burst_lines(seed: u64, n: usize, service: &str, end_ns: u64) -> Vec<LogLine> {
    let mut rng = Rng::new(seed ^ 0x42_5552_5354);
    let start = end_ns.saturating_sub((n as u64).saturating_mul(100_000));
    let mut trace_id = hex(&rng.trace_id());
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        if i % 10 == 0 {
            trace_id = hex(&rng.trace_id());
        }
        let span_id = hex(&rng.span_id());
        let level = match rng.range(0, 9) {
            0 => Level::Error,
            1 | 2 => Level::Warn,
            3 | 4 => Level::Debug,
            _ => Level::Info,
        };
        let text = if n >= 2 && i == n / 2 {
            let mut s = String::from("very long line: ");
            while s.len() < LONG_LINE_BYTES {
                s.push_str("lorem ipsum dolor sit amet 0123456789 ");
            }
            s
        } else if i % 10 == 7 {
            hostile(i / 10)
        } else {
            format!("msg=\"burst line {i}\" i={i}")
        };
        let line = format!("level={} {text} trace_id={trace_id} span_id={span_id}", level.as_str());
        out.push(LogLine { ts_ns: start.saturating_add(i as u64 * 100_000), service: service.to_string(), level, line, trace_id: trace_id.clone(), span_id });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs_push;

    #[test]
    fn bursts_have_ordered_ids_hostile_content_and_one_long_line() {
        let lines = burst_lines(42, 500, "hostile", 1_795_453_063_000_000_000);
        assert_eq!(lines.len(), 500);
        assert!(lines.windows(2).all(|w| w[0].ts_ns < w[1].ts_ns));
        assert!(lines.iter().all(|l| l.trace_id.len() == 32 && l.line.contains(&l.trace_id)));
        let long: Vec<_> = lines.iter().filter(|l| l.line.len() >= LONG_LINE_BYTES).collect();
        assert_eq!(long.len(), 1);
        let all: String = lines.iter().map(|l| l.line.as_str()).collect();
        for needle in ["<script>", "\u{1b}[31m", "\u{202e}", "\u{0}", "日本語", "\n"] {
            assert!(all.contains(needle), "missing {needle:?}");
        }
        // The push body escapes everything into valid JSON that round-trips.
        let batches = logs_push::batches(lines.clone(), logs_push::BATCH_LINES, logs_push::BATCH_BYTES);
        let body = logs_push::push_body(&batches[0]).to_string();
        assert!(body.contains("\\u0000") && body.contains("\\u001b"));
        let v: serde_json::Value = serde_json::from_str(&body).expect("valid JSON");
        let n: usize = v["streams"].as_array().map(|s| s.iter().map(|s| s["values"].as_array().map_or(0, |a| a.len())).sum()).unwrap_or(0);
        assert_eq!(n, 500);
        assert_eq!(burst_lines(1, 0, "x", 0).len(), 0);
    }
}
