//! Template variables: Grafana-style interpolation of `$var`, `${var}`, `${var:format}`, `[[var]]` and the
//! built-ins (`$__range`, `$__interval`, `$__rate_interval`, …), and parsing of variable queries
//! (`label_values(up{job="x"}, instance)`, `query_result(...)`) into what a Prometheus API request needs.

use crate::lang::quote::outside_quotes;
use super::schema::Variable;
use crate::time::duration::format_duration;
use crate::view::log_regex::RegexMatcher;

/// The value standing for "All" in a variable's selection (as in Grafana).
pub const ALL_VALUE: &str = "$__all";

/// Values of the built-in variables for one panel query. All in ms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Builtins {
    /// `to - from` of the dashboard range: `$__range` (`1h`), `$__range_s`, `$__range_ms`.
    pub range_ms: i64,
    /// The query step: `$__interval` (`15s`), `$__interval_ms`.
    pub interval_ms: i64,
    /// `$__rate_interval` (Grafana: max(interval + scrape interval, 4 × scrape interval)); see
    /// [`rate_interval_ms`]. Also `$__rate_interval_ms`.
    pub rate_interval_ms: i64,
    /// `$__from` / `$__to`: range ends in epoch ms.
    pub from_ms: i64,
    pub to_ms: i64,
}

impl Builtins {
    /// Built-ins for a resolved range and step, with `$__rate_interval` from the scrape interval
    /// (Prometheus default 15 s when `None`).
    pub fn new(from_ms: i64, to_ms: i64, interval_ms: i64, scrape_interval_ms: Option<i64>) -> Builtins {
        Builtins {
            range_ms: to_ms.saturating_sub(from_ms).max(0),
            interval_ms: interval_ms.max(0),
            rate_interval_ms: rate_interval_ms(interval_ms, scrape_interval_ms.unwrap_or(15_000)),
            from_ms,
            to_ms,
        }
    }

    fn value(&self, name: &str) -> Option<String> {
        Some(match name {
            "__range" => format_duration(self.range_ms),
            "__range_s" => (self.range_ms / 1000).to_string(),
            "__range_ms" => self.range_ms.to_string(),
            "__interval" => format_duration(self.interval_ms),
            "__interval_ms" => self.interval_ms.to_string(),
            "__rate_interval" => format_duration(self.rate_interval_ms),
            "__rate_interval_ms" => self.rate_interval_ms.to_string(),
            "__from" => self.from_ms.to_string(),
            "__to" => self.to_ms.to_string(),
            _ => return None,
        })
    }
}

/// Grafana's `$__rate_interval`: max(interval + scrape interval, 4 × scrape interval).
pub fn rate_interval_ms(interval_ms: i64, scrape_interval_ms: i64) -> i64 {
    let scrape = scrape_interval_ms.max(1);
    interval_ms.max(0).saturating_add(scrape).max(scrape.saturating_mul(4))
}

/// The option of an interval variable that stands for a step fitted to the window ([`super::AutoInterval`]).
pub const AUTO_VALUE: &str = "auto";

/// Grafana's rounding of an interval to a step people recognise: each step covers the intervals from the
/// midpoint with the step below to the midpoint with the step above (12.5 s to 17.5 s → 15 s); past 6 weeks,
/// a year.
pub fn round_interval(ms: i64) -> i64 {
    // (upper bound, exclusive; step), in ms.
    const LADDER: [(i64, i64); 30] = [
        (10, 1), (15, 10), (35, 20), (75, 50), (150, 100), (350, 200), (750, 500),
        (1_500, 1_000), (3_500, 2_000), (7_500, 5_000), (12_500, 10_000), (17_500, 15_000), (25_000, 20_000),
        (45_000, 30_000), (90_000, 60_000), (210_000, 120_000), (450_000, 300_000), (750_000, 600_000),
        (1_050_000, 900_000), (1_500_000, 1_200_000), (2_700_000, 1_800_000), (5_400_000, 3_600_000),
        (9_000_000, 7_200_000), (16_200_000, 10_800_000), (32_400_000, 21_600_000), (86_400_000, 43_200_000),
        (604_800_000, 86_400_000), (1_814_400_000, 604_800_000), (3_628_800_000, 2_592_000_000),
        (i64::MAX, 31_536_000_000),
    ];
    LADDER.iter().find(|(below, _)| ms < *below).map_or(31_536_000_000, |(_, step)| *step)
}

/// The step the "auto" option stands for over a window of `range_ms`: the window in `count` parts, rounded
/// ([`round_interval`]), never below `min` (an unreadable `min` counts as none).
pub fn auto_interval_ms(auto: &super::AutoInterval, range_ms: i64) -> i64 {
    let raw = range_ms.max(0) / i64::from(auto.count.max(1));
    let min = crate::time::duration::parse_duration(&auto.min).unwrap_or(0);
    round_interval(raw).max(min)
}

/// [`selected_values`] over a window of `range_ms`: an interval variable's "auto" stands for its step there.
pub fn window_values(var: &Variable, options: &[String], range_ms: i64) -> Vec<String> {
    let mut values = selected_values(var, options);
    if let super::VariableKind::Interval { auto: Some(auto), .. } = &var.kind {
        for v in values.iter_mut().filter(|v| *v == AUTO_VALUE) {
            *v = format_duration(auto_interval_ms(auto, range_ms));
        }
    }
    values
}

/// The values a variable stands for, given the options the UI loaded (query results, or
/// [`super::VariableKind::static_options`]): `$__all` becomes the custom all value or every option; an
/// empty selection becomes the first option (Grafana's default).
pub fn selected_values(var: &Variable, options: &[String]) -> Vec<String> {
    let all = var.current.iter().any(|c| c == ALL_VALUE);
    if all {
        return match &var.all_value {
            Some(a) => vec![a.clone()],
            None if !options.is_empty() => options.to_vec(),
            None => vec![ALL_VALUE.to_string()],
        };
    }
    if var.current.is_empty() {
        return options.first().cloned().into_iter().collect();
    }
    var.current.clone()
}

/// Replaces variable references in `expr`:
/// - `$name`, `${name}`, `[[name]]`: one value as is; several as a PromQL regex alternation `(a|b)` with
///   each value regex-escaped for a PromQL string (`a\\.b`), as Grafana does for `=~` matchers;
/// - `${name:format}`, `[[name:format]]` with format `regex` (`(a|b)`, values escaped as `a\.b`),
///   `pipe` (`a|b`), `csv`/`raw`/`text` (`a,b`), `json` (`["a","b"]`), `glob` (`{a,b}`),
///   `singlequote` (`'a','b'`), `doublequote` (`"a","b"`), `queryparam` (`var-name=a&var-name=b`);
///   an unknown format is ignored (default formatting);
/// - built-ins from `builtins` (`$__range`, `$__range_s`, `$__range_ms`, `$__interval`, `$__interval_ms`,
///   `$__rate_interval`, `$__rate_interval_ms`, `$__from`, `$__to`);
/// - a value `$__all` left in the selection becomes `.*` (resolve it first with [`selected_values`]).
///
/// Unknown names are left unchanged. Values are inserted once (no recursive expansion).
pub fn interpolate(expr: &str, vars: &[(String, Vec<String>)], builtins: &Builtins) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(pos) = rest.find(['$', '[']) {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let tail = rest.get(pos..).unwrap_or("");
        match reference(tail) {
            Some((len, name, fmt)) => match lookup(name, vars, builtins) {
                Some(values) => {
                    out.push_str(&format_values(name, &values, fmt));
                    rest = tail.get(len..).unwrap_or("");
                }
                None => {
                    out.push_str(tail.get(..len).unwrap_or(""));
                    rest = tail.get(len..).unwrap_or("");
                }
            },
            None => {
                // Not a reference: copy the one ASCII character and go on.
                out.push_str(tail.get(..1).unwrap_or(""));
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// Names of the variables `expr` refers to (no built-ins), in order of first use, without duplicates.
pub fn referenced_variables(expr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = expr;
    while let Some(pos) = rest.find(['$', '[']) {
        let tail = rest.get(pos..).unwrap_or("");
        let step = match reference(tail) {
            Some((len, name, _)) => {
                if !name.starts_with("__") && !out.iter().any(|n| n == name) {
                    out.push(name.to_string());
                }
                len
            }
            None => 1,
        };
        rest = tail.get(step..).unwrap_or("");
    }
    out
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A reference at the start of `s`: (byte length, name, format).
fn reference(s: &str) -> Option<(usize, &str, Option<&str>)> {
    let b = s.as_bytes();
    if let Some(inner) = s.strip_prefix("${") {
        let end = inner.find('}')?;
        let body = inner.get(..end)?;
        let (name, fmt) = match body.split_once(':') {
            Some((n, f)) => (n, Some(f)),
            None => (body, None),
        };
        (!name.is_empty() && name.bytes().all(is_word)).then_some((end + 3, name, fmt))
    } else if let Some(inner) = s.strip_prefix("[[") {
        let end = inner.find("]]")?;
        let body = inner.get(..end)?;
        let (name, fmt) = match body.split_once(':') {
            Some((n, f)) => (n, Some(f)),
            None => (body, None),
        };
        (!name.is_empty() && name.bytes().all(is_word)).then_some((end + 4, name, fmt))
    } else if b.first() == Some(&b'$') {
        let n = b.iter().skip(1).take_while(|c| is_word(**c)).count();
        (n > 0).then(|| (n + 1, s.get(1..n + 1).unwrap_or(""), None))
    } else {
        None
    }
}

fn lookup(name: &str, vars: &[(String, Vec<String>)], builtins: &Builtins) -> Option<Vec<String>> {
    if let Some((_, v)) = vars.iter().find(|(n, _)| n == name) {
        return Some(v.clone());
    }
    builtins.value(name).map(|v| vec![v])
}

/// Escapes regex metacharacters with one backslash (`a.b` → `a\.b`).
pub fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\^$*+?.()|[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes for a regex inside a PromQL double-quoted string (`a.b` → `a\\.b`), as Grafana's Prometheus
/// data source does for multi-value variables.
pub fn promql_regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' {
            out.push_str("\\\\\\\\");
        } else if "$^*{}[]'+?.()|".contains(c) {
            out.push_str("\\\\");
            out.push(c);
        } else if c == '"' {
            out.push_str("\\\"");
        } else {
            out.push(c);
        }
    }
    out
}

fn format_values(name: &str, values: &[String], fmt: Option<&str>) -> String {
    if values.iter().any(|v| v == ALL_VALUE) {
        return ".*".into();
    }
    let quote = |q: char| values.iter().map(|v| format!("{q}{}{q}", v.replace(q, &format!("\\{q}")))).collect::<Vec<_>>();
    match fmt.map(str::trim) {
        Some("regex") => match values {
            [one] => regex_escape(one),
            _ => format!("({})", values.iter().map(|v| regex_escape(v)).collect::<Vec<_>>().join("|")),
        },
        Some("pipe") => values.join("|"),
        Some("csv") | Some("raw") | Some("text") => values.join(","),
        Some("json") => serde_json::to_string(values).unwrap_or_default(),
        Some("glob") => match values {
            [one] => one.clone(),
            _ => format!("{{{}}}", values.join(",")),
        },
        Some("singlequote") => quote('\'').join(","),
        Some("doublequote") => quote('"').join(","),
        Some("queryparam") => values
            .iter()
            .map(|v| format!("var-{name}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&"),
        _ => match values {
            [] => String::new(),
            [one] => one.clone(),
            _ => format!("({})", values.iter().map(|v| promql_regex_escape(v)).collect::<Vec<_>>().join("|")),
        },
    }
}

/// Percent-encodes everything but unreserved URL characters (RFC 3986).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a trace variable asks Jaeger for: Jaeger lists only services (`label_values(resource.service.name)`,
/// also `service.name` or `service`). The error says what Jaeger can answer.
pub fn jaeger_services_query(q: &VariableQuery) -> Result<(), String> {
    match q {
        VariableQuery::LabelValues { label, .. } if matches!(label.as_str(), "resource.service.name" | "service.name" | "service") => Ok(()),
        _ => Err("with Jaeger, a trace variable can list services only: label_values(resource.service.name)".into()),
    }
}

/// A variable's option regex as Grafana writes it, `/pattern/flags` (the slashes may be left out):
/// (pattern, case-insensitive). None for an empty text.
pub fn parse_option_regex(text: &str) -> Option<(String, bool)> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(body) = t.strip_prefix('/') {
        if let Some(end) = body.rfind('/') {
            let flags = body.get(end + 1..).unwrap_or("");
            if flags.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Some((body.get(..end).unwrap_or("").to_string(), flags.contains('i')));
            }
        }
    }
    Some((t.to_string(), false))
}

/// A query variable's options after its regex, as Grafana applies it: options that do not match are
/// dropped; a match's first group (else the whole match) becomes the option; repeats are dropped, order
/// kept.
pub fn apply_option_regex(options: &[String], matcher: &dyn RegexMatcher) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in options {
        let Some(v) = matcher.capture(o).and_then(|r| o.get(r)) else { continue };
        if !out.iter().any(|x| x == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// What a query variable asks its data source for (Prometheus variable query syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VariableQuery {
    /// `label_values(label)` or `label_values(selector, label)`: `/api/v1/label/<label>/values?match[]=…`.
    LabelValues { selector: Option<String>, label: String },
    /// `label_names()` or `label_names(selector)`: `/api/v1/labels`.
    LabelNames { selector: Option<String> },
    /// `metrics(regex)`: metric names matching the regex (`/api/v1/label/__name__/values`).
    Metrics { regex: String },
    /// `query_result(expr)`: an instant query; each result series becomes one option text.
    QueryResult { expr: String },
    /// Anything else (e.g. a plain PromQL/LogQL text): run as given by the UI or shown as unsupported.
    Other(String),
}

/// Classifies a Prometheus variable query.
pub fn parse_variable_query(q: &str) -> VariableQuery {
    if let Some((selector, label)) = parse_label_values_query(q) {
        return VariableQuery::LabelValues { selector, label };
    }
    if let Some(expr) = parse_query_result(q) {
        return VariableQuery::QueryResult { expr };
    }
    if let Some(arg) = call_arg(q, "label_names") {
        let s = arg.trim();
        return VariableQuery::LabelNames { selector: (!s.is_empty()).then(|| s.to_string()) };
    }
    if let Some(arg) = call_arg(q, "metrics") {
        return VariableQuery::Metrics { regex: arg.trim().to_string() };
    }
    VariableQuery::Other(q.trim().to_string())
}

/// `label_values(up{job="x"}, instance)` → `(Some("up{job=\"x\"}"), "instance")`; `label_values(job)` →
/// `(None, "job")`. None when `q` is not a well-formed `label_values` call.
pub fn parse_label_values_query(q: &str) -> Option<(Option<String>, String)> {
    let arg = call_arg(q, "label_values")?;
    let (selector, label) = match last_top_level_comma(arg) {
        Some(i) => (Some(arg.get(..i)?.trim()), arg.get(i + 1..)?.trim()),
        None => (None, arg.trim()),
    };
    // Prometheus 3 names may be written quoted: `label_values({"rag.queue.depth"}, "service.name")`.
    let unquoted = label.strip_prefix('"').and_then(|l| l.strip_suffix('"')).filter(|l| !l.contains(['"', '\\']));
    let label = unquoted.unwrap_or(label);
    // Dots for trace attributes (`label_values(resource.service.name)` on a Tempo/Jaeger variable);
    // Prometheus and Loki requests refuse such names themselves.
    let label_ok = !label.is_empty()
        && label.bytes().all(|b| is_word(b) || b == b'.')
        && !label.starts_with('.')
        && label.bytes().next().is_some_and(|b| !b.is_ascii_digit());
    // Labels may also be variables (`$label`).
    let label_ok = label_ok || (label.starts_with('$') && label.len() > 1 && label.bytes().skip(1).all(is_word));
    if !label_ok {
        return None;
    }
    match selector {
        Some("") => None,
        Some(s) => Some((Some(bare_metric_selector(s)), label.to_string())),
        None => Some((None, label.to_string())),
    }
}

/// A selector written as a bare dotted metric name (`rag.queue.depth`, as Grafana users write it) becomes
/// the Prometheus 3 quoted form `{"rag.queue.depth"}`; anything else is kept as written.
fn bare_metric_selector(s: &str) -> String {
    let bare = !s.is_empty() && s.bytes().all(|b| is_word(b) || b == b'.' || b == b':') && !s.starts_with('.') && !s.ends_with('.');
    if bare && s.contains('.') {
        crate::lang::promql_build::selector_for_metric(s)
    } else {
        s.to_string()
    }
}

/// `query_result(sum by (job) (up))` → `sum by (job) (up)`. None when `q` is not a `query_result` call or
/// the expression is empty.
pub fn parse_query_result(q: &str) -> Option<String> {
    let arg = call_arg(q, "query_result")?.trim();
    (!arg.is_empty()).then(|| arg.to_string())
}

/// The argument text of `name( … )` when `q` is exactly one such call (balanced parentheses, quotes
/// respected, nothing after the closing parenthesis).
fn call_arg<'a>(q: &'a str, name: &str) -> Option<&'a str> {
    let q = q.trim();
    let rest = q.strip_prefix(name)?.trim_start();
    let inner = rest.strip_prefix('(')?;
    let close = matching_close(inner)?;
    if !inner.get(close + 1..)?.trim().is_empty() {
        return None;
    }
    inner.get(..close)
}

/// Byte index of the `)` closing an already opened parenthesis, skipping quoted strings.
fn matching_close(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in outside_quotes(s) {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' | '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn last_top_level_comma(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut last = None;
    for (i, c) in outside_quotes(s) {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last
}

#[cfg(test)]
#[path = "variables_tests.rs"]
mod tests;
