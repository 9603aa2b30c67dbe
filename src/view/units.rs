//! Value units: formatting with SI/binary prefixes and durations, and a guess from a metric name or metadata.

/// How the values of a chart are shown. `None` is a plain number with SI suffixes (k, M, G, …).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Unit {
    #[default]
    None,
    Seconds,
    Milliseconds,
    Microseconds,
    Nanoseconds,
    Bytes,
    BytesPerSecond,
    /// Values already in percent (0..100).
    Percent,
    /// Ratios (0..1) shown as percent.
    PercentUnit,
    /// Events per second (`rate(…_total)`), shown as `req/s`.
    PerSecond,
}

impl Unit {
    /// Every unit, in the order a unit picker lists them.
    pub const ALL: [Unit; 10] = [
        Unit::None,
        Unit::Seconds,
        Unit::Milliseconds,
        Unit::Microseconds,
        Unit::Nanoseconds,
        Unit::Bytes,
        Unit::BytesPerSecond,
        Unit::Percent,
        Unit::PercentUnit,
        Unit::PerSecond,
    ];

    /// Short stable identifier (for URLs and `<option value>`).
    pub fn id(self) -> &'static str {
        match self {
            Unit::None => "none",
            Unit::Seconds => "s",
            Unit::Milliseconds => "ms",
            Unit::Microseconds => "us",
            Unit::Nanoseconds => "ns",
            Unit::Bytes => "bytes",
            Unit::BytesPerSecond => "Bps",
            Unit::Percent => "percent",
            Unit::PercentUnit => "percentunit",
            Unit::PerSecond => "reqps",
        }
    }

    /// Human label for a picker.
    pub fn label(self) -> &'static str {
        match self {
            Unit::None => "Number",
            Unit::Seconds => "Seconds (s)",
            Unit::Milliseconds => "Milliseconds (ms)",
            Unit::Microseconds => "Microseconds (µs)",
            Unit::Nanoseconds => "Nanoseconds (ns)",
            Unit::Bytes => "Bytes (IEC)",
            Unit::BytesPerSecond => "Bytes/s (IEC)",
            Unit::Percent => "Percent (0-100)",
            Unit::PercentUnit => "Percent (0.0-1.0)",
            Unit::PerSecond => "Requests/s",
        }
    }

    /// Short name for axis captions and legends: `req/s`, `s`, `bytes`, `%`, `number`.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::None => "number",
            Unit::Seconds => "s",
            Unit::Milliseconds => "ms",
            Unit::Microseconds => "µs",
            Unit::Nanoseconds => "ns",
            Unit::Bytes => "bytes",
            Unit::BytesPerSecond => "bytes/s",
            Unit::Percent => "%",
            Unit::PercentUnit => "% (0-1)",
            Unit::PerSecond => "req/s",
        }
    }

    /// The unit with this `id()` (case-sensitive), if any.
    pub fn from_id(s: &str) -> Option<Unit> {
        Unit::ALL.iter().copied().find(|u| u.id() == s)
    }

    /// Formats a value with about 4 significant digits, e.g. `1.5 MiB`, `250 ms`, `12.3 req/s`, `NaN`, `+Inf`.
    pub fn format(self, v: f64) -> String {
        self.format_sig(v, 4)
    }

    /// Formats with at most `sig` significant digits (1..=15); trailing zeros are dropped.
    pub fn format_sig(self, v: f64, sig: usize) -> String {
        if v.is_nan() {
            return "NaN".into();
        }
        if v.is_infinite() {
            return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
        }
        let sig = sig.clamp(1, 15);
        let sign = if v < 0.0 && num(v.abs(), sig) != "0" { "-" } else { "" };
        let a = v.abs();
        let body = match self {
            Unit::None => si(a, sig, ""),
            Unit::PerSecond => si(a, sig, " req/s"),
            Unit::Seconds => duration(a, sig),
            Unit::Milliseconds => duration(a / 1e3, sig),
            Unit::Microseconds => duration(a / 1e6, sig),
            Unit::Nanoseconds => duration(a / 1e9, sig),
            Unit::Bytes => binary(a, sig, ""),
            Unit::BytesPerSecond => binary(a, sig, "/s"),
            Unit::Percent => format!("{}%", num(a, sig)),
            Unit::PercentUnit => format!("{}%", num(a * 100.0, sig)),
        };
        format!("{sign}{body}")
    }

    /// Scale factor tick steps should be multiples of (1024ⁿ for bytes), given the largest magnitude shown.
    pub fn tick_base(self, max_abs: f64) -> f64 {
        match self {
            Unit::Bytes | Unit::BytesPerSecond if max_abs.is_finite() && max_abs >= 1024.0 => {
                let mut b = 1.0;
                while b * 1024.0 <= max_abs && b < 1e18 {
                    b *= 1024.0;
                }
                b
            }
            _ => 1.0,
        }
    }
}

/// A number with at most `sig` significant digits, fixed notation for 1e-4..1e15, scientific otherwise.
pub fn num(a: f64, sig: usize) -> String {
    if !a.is_finite() {
        return if a.is_nan() { "NaN".into() } else if a > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if a == 0.0 {
        return "0".into();
    }
    let mag = a.abs().log10().floor();
    if !(-4.0..15.0).contains(&mag) {
        let s = format!("{:.*e}", sig.saturating_sub(1), a);
        // Trim zeros in the mantissa: 1.500e-7 -> 1.5e-7.
        return match s.split_once('e') {
            Some((m, e)) if m.contains('.') => format!("{}e{}", m.trim_end_matches('0').trim_end_matches('.'), e),
            _ => s,
        };
    }
    let decimals = (sig as i64 - 1 - mag as i64).clamp(0, 15) as usize;
    let s = format!("{:.*}", decimals, a);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn si(a: f64, sig: usize, suffix: &str) -> String {
    const P: [(f64, &str); 5] = [(1e15, " P"), (1e12, " T"), (1e9, " G"), (1e6, " M"), (1e3, " k")];
    for (f, p) in P {
        if a >= f && a < 1e18 {
            let unit = format!("{p}{}", suffix.trim_start());
            return format!("{}{}", num(a / f, sig), unit);
        }
    }
    format!("{}{suffix}", num(a, sig))
}

fn binary(a: f64, sig: usize, suffix: &str) -> String {
    const P: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut x = a;
    let mut i = 0;
    while x >= 1024.0 && i + 1 < P.len() {
        x /= 1024.0;
        i += 1;
    }
    format!("{} {}{suffix}", num(x, sig), P[i])
}

fn duration(s: f64, sig: usize) -> String {
    if s == 0.0 {
        return "0 s".into();
    }
    let (x, u) = if s < 1e-6 {
        (s * 1e9, "ns")
    } else if s < 1e-3 {
        (s * 1e6, "µs")
    } else if s < 1.0 {
        (s * 1e3, "ms")
    } else if s < 60.0 {
        (s, "s")
    } else if s < 3600.0 {
        (s / 60.0, "min")
    } else if s < 86400.0 {
        (s / 3600.0, "h")
    } else if s < 86400.0 * 365.0 {
        (s / 86400.0, "day")
    } else {
        (s / (86400.0 * 365.0), "year")
    };
    format!("{} {u}", num(x, sig))
}

/// Guesses the unit of a metric query from the metric names in it (`_seconds`, `_bytes`, `_ratio`, `_percent`,
/// `_total`/`_count` under `rate(`) or from Prometheus metadata's `unit` (`meta`, empty when unknown).
pub fn guess_unit(expr: &str, meta: &str) -> Unit {
    let has_rate = expr.contains("rate(");
    let meta = meta.trim().to_ascii_lowercase();
    if !meta.is_empty() {
        if let Some(u) = unit_from_word(&meta) {
            let counter = metric_names(expr).iter().any(|n| n.ends_with("_total"));
            return under_rate(u, has_rate, counter);
        }
    }
    for name in metric_names(expr) {
        let mut base = name.as_str();
        let mut counter = false;
        let mut count = false;
        for (suf, is_counter, is_count) in [("_total", true, false), ("_count", false, true), ("_bucket", false, false), ("_sum", false, false), ("_created", false, false)] {
            if let Some(b) = base.strip_suffix(suf) {
                base = b;
                counter |= is_counter;
                count |= is_count;
                break;
            }
        }
        if count {
            return if has_rate { Unit::PerSecond } else { Unit::None };
        }
        let word = base.rsplit('_').next().unwrap_or("");
        if let Some(u) = unit_from_word(word) {
            return under_rate(u, has_rate, counter);
        }
        if has_rate && counter {
            return Unit::PerSecond;
        }
    }
    if has_rate {
        Unit::PerSecond
    } else {
        Unit::None
    }
}

fn under_rate(u: Unit, has_rate: bool, counter: bool) -> Unit {
    if !has_rate {
        return u;
    }
    match u {
        Unit::Bytes => Unit::BytesPerSecond,
        // Seconds per second (CPU time, busy time): a fraction of one core/worker.
        Unit::Seconds if counter => Unit::PercentUnit,
        Unit::None => Unit::PerSecond,
        other => other,
    }
}

fn unit_from_word(w: &str) -> Option<Unit> {
    Some(match w {
        "seconds" | "second" => Unit::Seconds,
        "milliseconds" | "millis" | "ms" => Unit::Milliseconds,
        "microseconds" | "micros" => Unit::Microseconds,
        "nanoseconds" | "nanos" => Unit::Nanoseconds,
        "bytes" | "byte" => Unit::Bytes,
        "ratio" => Unit::PercentUnit,
        "percent" | "percentage" => Unit::Percent,
        _ => return None,
    })
}

/// Metric names in a PromQL expression: identifiers outside `{…}`, `[…]` and quotes, not followed by `(`,
/// not keywords, and not the label lists of `by (…)`/`without (…)`/`on (…)`/`ignoring (…)`; and the quoted
/// names of Prometheus 3 selectors (`{"rag.queue.depth"}`), unquoted.
pub fn metric_names(expr: &str) -> Vec<String> {
    const KEYWORDS: [&str; 12] = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless", "atan2"];
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth_brace = 0i32;
    let mut depth_bracket = 0i32;
    let mut skip_paren_list = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' | '\'' | '`' => {
                let open = i;
                i += 1;
                let mut text = String::new();
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' && c != '`' {
                        i += 1;
                    }
                    if let Some(&ch) = chars.get(i) {
                        text.push(ch);
                    }
                    i += 1;
                }
                i += 1;
                // Prometheus 3: a string alone in a selector, `{"rag.queue.depth", a="b"}`, is its metric name.
                let before = chars[..open].iter().rev().find(|ch| !ch.is_whitespace());
                let after = chars.get(i..).unwrap_or(&[]).iter().find(|ch| !ch.is_whitespace());
                if depth_brace > 0 && matches!(before, Some('{' | ',')) && matches!(after, Some(',' | '}')) && !text.is_empty() {
                    out.push(text);
                }
                continue;
            }
            '{' => depth_brace += 1,
            '}' => depth_brace -= 1,
            '[' => depth_bracket += 1,
            ']' => depth_bracket -= 1,
            ')' => skip_paren_list = false,
            _ => {}
        }
        if (c.is_ascii_alphabetic() || c == '_' || c == ':') && (i == 0 || !is_ident(chars[i - 1])) {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let call = chars.get(j) == Some(&'(');
            if KEYWORDS.contains(&word.as_str()) {
                if call && matches!(word.as_str(), "by" | "without" | "on" | "ignoring" | "group_left" | "group_right") {
                    skip_paren_list = true;
                }
                continue;
            }
            const AGGREGATIONS: [&str; 14] = ["sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group", "limitk", "limit_ratio"];
            if depth_brace <= 0 && depth_bracket <= 0 && !call && !AGGREGATIONS.contains(&word.as_str()) && !skip_paren_list && !word.chars().all(|ch| ch.is_ascii_digit() || ch == '_') {
                // Exclude number-like words such as `e10`, `Inf`, `NaN`.
                if !matches!(word.to_ascii_lowercase().as_str(), "inf" | "nan") {
                    out.push(word);
                }
            }
            continue;
        }
        i += 1;
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_special_values() {
        for u in Unit::ALL {
            assert_eq!(u.format(f64::NAN), "NaN");
            assert_eq!(u.format(f64::INFINITY), "+Inf");
            assert_eq!(u.format(f64::NEG_INFINITY), "-Inf");
            // Extreme finite values never panic and produce text.
            assert!(!u.format(f64::MAX).is_empty());
            assert!(!u.format(-f64::MIN_POSITIVE).is_empty());
        }
    }

    #[test]
    fn formats_numbers_with_si_prefixes() {
        assert_eq!(Unit::None.format(0.0), "0");
        assert_eq!(Unit::None.format(12.5), "12.5");
        assert_eq!(Unit::None.format(1234.0), "1.234 k");
        assert_eq!(Unit::None.format(2_500_000.0), "2.5 M");
        assert_eq!(Unit::None.format(-0.25), "-0.25");
        assert_eq!(Unit::None.format(0.000012), "1.2e-5");
        assert_eq!(Unit::None.format(1.0 / 3.0), "0.3333");
        assert_eq!(Unit::PerSecond.format(12.345), "12.35 req/s");
        assert_eq!(Unit::PerSecond.format(4200.0), "4.2 kreq/s");
    }

    #[test]
    fn formats_bytes_durations_percent() {
        assert_eq!(Unit::Bytes.format(512.0), "512 B");
        assert_eq!(Unit::Bytes.format(1536.0), "1.5 KiB");
        assert_eq!(Unit::Bytes.format(3.0 * 1024.0 * 1024.0), "3 MiB");
        assert_eq!(Unit::BytesPerSecond.format(2048.0), "2 KiB/s");
        assert_eq!(Unit::Seconds.format(0.25), "250 ms");
        assert_eq!(Unit::Seconds.format(0.0000025), "2.5 µs");
        assert_eq!(Unit::Seconds.format(1.5), "1.5 s");
        assert_eq!(Unit::Seconds.format(90.0), "1.5 min");
        assert_eq!(Unit::Seconds.format(7200.0), "2 h");
        assert_eq!(Unit::Seconds.format(0.0), "0 s");
        assert_eq!(Unit::Milliseconds.format(250.0), "250 ms");
        assert_eq!(Unit::Milliseconds.format(2500.0), "2.5 s");
        assert_eq!(Unit::Seconds.format(-0.5), "-500 ms");
        assert_eq!(Unit::Percent.format(42.0), "42%");
        assert_eq!(Unit::PercentUnit.format(0.425), "42.5%");
        assert_eq!(Unit::None.format_sig(100.25, 6), "100.25");
    }

    #[test]
    fn unit_ids_round_trip() {
        for u in Unit::ALL {
            assert_eq!(Unit::from_id(u.id()), Some(u));
            assert!(!u.label().is_empty() && !u.symbol().is_empty());
        }
        assert_eq!(Unit::from_id("furlongs"), None);
        assert_eq!(Unit::default(), Unit::None);
    }

    #[test]
    fn guesses_units_from_names() {
        assert_eq!(guess_unit("http_server_request_duration_seconds_bucket{le=\"0.5\"}", ""), Unit::Seconds);
        assert_eq!(
            guess_unit("histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))", ""),
            Unit::Seconds
        );
        assert_eq!(guess_unit("sum by (service_name) (rate(http_server_requests_total[1m]))", ""), Unit::PerSecond);
        assert_eq!(guess_unit("rate(http_server_request_duration_seconds_count[5m])", ""), Unit::PerSecond);
        assert_eq!(guess_unit("process_resident_memory_bytes", ""), Unit::Bytes);
        assert_eq!(guess_unit("rate(node_network_receive_bytes_total[5m])", ""), Unit::BytesPerSecond);
        assert_eq!(guess_unit("rate(process_cpu_seconds_total[1m])", ""), Unit::PercentUnit);
        assert_eq!(guess_unit("cache_hit_ratio", ""), Unit::PercentUnit);
        assert_eq!(guess_unit("disk_used_percent", ""), Unit::Percent);
        assert_eq!(guess_unit("up", ""), Unit::None);
        assert_eq!(guess_unit("http_requests_total", ""), Unit::None);
        assert_eq!(guess_unit("", ""), Unit::None);
        // Label values and names inside braces don't count.
        assert_eq!(guess_unit("up{job=\"x_seconds\", foo_bytes=\"1\"}", ""), Unit::None);
        // Metadata wins over the name.
        assert_eq!(guess_unit("my_metric", "bytes"), Unit::Bytes);
        assert_eq!(guess_unit("rate(my_metric_total[1m])", "bytes"), Unit::BytesPerSecond);
    }

    #[test]
    fn finds_metric_names_in_promql() {
        assert_eq!(
            metric_names("sum by (job, le) (rate(a_b[5m])) / on (x) group_left c:d offset 5m"),
            vec!["a_b".to_string(), "c:d".to_string()]
        );
        assert_eq!(metric_names("x{a=\"}\"} + 1e3"), vec!["x".to_string()]);
        assert!(metric_names("\"unterminated").is_empty());
    }
}
