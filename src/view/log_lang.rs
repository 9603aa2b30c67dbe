//! The query language of the configured logs backend, as the logs view needs it: the editor's language,
//! label and placeholder, the hint before a first run, whether a text is a log query (listed lines) or a
//! metric one (drawn), and how live tail follows new lines. The UI asks this instead of matching on the backend.

use crate::datasource::{Datasources, LogsBackend};
use crate::lang::Lang;
use crate::view::log_volume;

/// How the logs backend follows new lines: Loki's WebSocket, or VictoriaLogs' streamed HTTP answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TailTransport {
    WebSocket,
    HttpStream,
}

/// What the logs view shows and does for the configured logs backend's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogLanguage {
    pub backend: LogsBackend,
    /// The editor's language (highlighting, checks, completion).
    pub lang: Lang,
    /// `LogQL` or `LogsQL`.
    pub name: &'static str,
    pub placeholder: &'static str,
    /// Said before a first query is run.
    pub hint: &'static str,
    /// How live tail follows new lines (None: not offered).
    pub tail: Option<TailTransport>,
    /// What the tail calls the lines it had to leave out (Loki's dropped lines, VictoriaLogs' too long ones).
    pub tail_dropped: &'static str,
    /// What a query drawn as time series is called (`LogQL metric query`, `LogsQL stats query`).
    pub metric_name: &'static str,
    /// Said when a log query is asked for as time series: how to count its lines instead.
    pub metric_hint: &'static str,
    /// Whether lines have fields beyond their stream's labels, filtered by value (the browser lists them).
    pub field_filters: bool,
}

/// The language of the logs backend chosen in `ds`.
pub fn log_language(ds: &Datasources) -> LogLanguage {
    match ds.logs {
        LogsBackend::Loki => LogLanguage {
            backend: LogsBackend::Loki,
            lang: Lang::LogQL,
            name: "LogQL",
            placeholder: "LogQL, e.g. {service_name=\"search-service\"} |= \"error\" — Shift+Enter runs, Ctrl+Space completes",
            hint: "Type a LogQL query such as {service_name=\"search-service\"} |= \"error\" and press Run, or open the label browser.",
            tail: Some(TailTransport::WebSocket),
            tail_dropped: "dropped by Loki (too many to send)",
            field_filters: false,
            metric_name: "LogQL metric query",
            metric_hint: "this is a log query, which has no values to draw: count its lines, e.g. sum by (level) (count_over_time(<query> [1m]))",
        },
        LogsBackend::VictoriaLogs => LogLanguage {
            backend: LogsBackend::VictoriaLogs,
            lang: Lang::LogsQL,
            name: "LogsQL",
            placeholder: "LogsQL, e.g. {service_name=\"search-service\"} error or trace_id:=\"…\" — Shift+Enter runs",
            hint: "Type a LogsQL query such as {service_name=\"search-service\"} level:=error and press Run, or open the label browser.",
            tail: Some(TailTransport::HttpStream),
            tail_dropped: "left out (longer than 1 MiB)",
            field_filters: true,
            metric_name: "LogsQL stats query",
            metric_hint: "this is a log query, which has no values to draw: count its lines with a stats pipe, e.g. <query> | stats by (level) count()",
        },
    }
}

impl LogLanguage {
    /// True when the query lists log lines; false for a metric query (drawn as a chart) or an empty text.
    /// A LogsQL query is drawn when it has a `stats` pipe.
    pub fn is_log_query(&self, query: &str) -> bool {
        match self.backend {
            LogsBackend::Loki => log_volume::is_log_query(query),
            LogsBackend::VictoriaLogs => !query.trim().is_empty() && !crate::lang::logsql::has_stats_pipe(query),
        }
    }
}

impl LogLanguage {
    /// The query narrowed to lines whose `field` is `value` (LogsQL `field:="value"` before the pipes; LogQL a
    /// `| field="value"` label filter at the end).
    pub fn with_field_filter(&self, query: &str, field: &str, value: &str) -> String {
        match self.lang {
            Lang::LogsQL => crate::lang::logsql::add_field_filter(query, field, value),
            _ => format!("{} | {field}={}", query.trim_end(), crate::lang::quote::quote_string(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_follows_the_logs_backend() {
        let loki = log_language(&Datasources::default());
        assert_eq!((loki.lang, loki.name, loki.tail), (Lang::LogQL, "LogQL", Some(TailTransport::WebSocket)));
        assert!(loki.is_log_query("{a=\"b\"} |= \"x\""));
        assert!(!loki.is_log_query("sum(count_over_time({a=\"b\"}[1m]))"));
        assert!(!loki.is_log_query("trace_id:=\"ab\""));
        let vl = log_language(&Datasources { logs: LogsBackend::VictoriaLogs, ..Datasources::default() });
        assert_eq!((vl.lang, vl.name, vl.tail), (Lang::LogsQL, "LogsQL", Some(TailTransport::HttpStream)));
        assert!(vl.is_log_query("trace_id:=\"ab\"") && vl.is_log_query("{service_name=\"x\"}") && vl.is_log_query("*"));
        assert!(!vl.is_log_query("  "));
        assert!(!vl.is_log_query("{service_name=\"x\"} | stats by (level) count()"));
        assert!(vl.is_log_query("\"stats\" | sort by (_time)"));
        assert!(vl.metric_name.starts_with("LogsQL") && vl.metric_hint.contains("| stats") && loki.metric_hint.contains("count_over_time"));
        assert!(vl.placeholder.starts_with("LogsQL") && vl.hint.contains("LogsQL"));
        assert!(vl.field_filters && !loki.field_filters);
        assert_eq!(vl.with_field_filter("{a=\"b\"} | limit 5", "level", "error"), "{a=\"b\"} level:=\"error\" | limit 5");
        assert_eq!(loki.with_field_filter("{a=\"b\"} ", "level", "error"), "{a=\"b\"} | level=\"error\"");
    }
}
