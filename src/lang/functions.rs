//! Built-in vocabulary with signatures and one-line docs: PromQL functions and aggregations, LogQL range
//! aggregations, aggregations, pipeline stages and line filters, TraceQL intrinsics, pipeline aggregates
//! and metrics functions. Used by completion (detail text) and by the lexers (aggregation names).

use super::Lang;

/// What a built-in name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FnKind {
    /// A function called with parentheses (`rate(…)`, `label_replace(…)`).
    Function,
    /// An aggregation operator that takes `by (…)`/`without (…)` (`sum`, `topk`, TraceQL `count`).
    Aggregation,
    /// A range aggregation over a log range (LogQL `count_over_time`) or a TraceQL metrics function (`rate()`).
    RangeAggregation,
    /// A LogQL pipeline stage (`json`, `logfmt`, `line_format`, `drop`, …) or a TraceQL pipeline operation
    /// without an aggregate (`select`, `by`, `coalesce`).
    Stage,
    /// A TraceQL intrinsic field (`name`, `status`, `duration`, `span:name`).
    Intrinsic,
    /// An operator documented for completion details (LogQL line filters `|=`, `!~`, …).
    Operator,
}

/// One built-in: its name, a signature, a one-line doc and what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FunctionDoc {
    pub name: &'static str,
    pub signature: &'static str,
    pub doc: &'static str,
    pub kind: FnKind,
}

const fn f(name: &'static str, signature: &'static str, doc: &'static str) -> FunctionDoc {
    FunctionDoc { name, signature, doc, kind: FnKind::Function }
}
const fn agg(name: &'static str, signature: &'static str, doc: &'static str) -> FunctionDoc {
    FunctionDoc { name, signature, doc, kind: FnKind::Aggregation }
}
const fn range(name: &'static str, signature: &'static str, doc: &'static str) -> FunctionDoc {
    FunctionDoc { name, signature, doc, kind: FnKind::RangeAggregation }
}
const fn stage(name: &'static str, signature: &'static str, doc: &'static str) -> FunctionDoc {
    FunctionDoc { name, signature, doc, kind: FnKind::Stage }
}
const fn intr(name: &'static str, signature: &'static str, doc: &'static str) -> FunctionDoc {
    FunctionDoc { name, signature, doc, kind: FnKind::Intrinsic }
}
const fn op(name: &'static str, signature: &'static str, doc: &'static str) -> FunctionDoc {
    FunctionDoc { name, signature, doc, kind: FnKind::Operator }
}

/// PromQL functions (Prometheus 3.x, including experimental ones), alphabetical.
pub const PROMQL_FUNCTIONS: &[FunctionDoc] = &[
    f("abs", "abs(v instant-vector) -> instant-vector", "Absolute value of every sample."),
    f("absent", "absent(v instant-vector) -> instant-vector", "1-element vector with value 1 if v has no elements, else empty."),
    f("absent_over_time", "absent_over_time(v range-vector) -> instant-vector", "1-element vector with value 1 if the range has no samples, else empty."),
    f("acos", "acos(v instant-vector) -> instant-vector", "Arccosine of every sample."),
    f("acosh", "acosh(v instant-vector) -> instant-vector", "Inverse hyperbolic cosine of every sample."),
    f("asin", "asin(v instant-vector) -> instant-vector", "Arcsine of every sample."),
    f("asinh", "asinh(v instant-vector) -> instant-vector", "Inverse hyperbolic sine of every sample."),
    f("atan", "atan(v instant-vector) -> instant-vector", "Arctangent of every sample."),
    f("atanh", "atanh(v instant-vector) -> instant-vector", "Inverse hyperbolic tangent of every sample."),
    f("avg_over_time", "avg_over_time(v range-vector) -> instant-vector", "Average of all samples in the range."),
    f("ceil", "ceil(v instant-vector) -> instant-vector", "Rounds every sample up to the nearest integer."),
    f("changes", "changes(v range-vector) -> instant-vector", "Number of times the value changed within the range."),
    f("clamp", "clamp(v instant-vector, min scalar, max scalar) -> instant-vector", "Clamps sample values to [min, max]."),
    f("clamp_max", "clamp_max(v instant-vector, max scalar) -> instant-vector", "Clamps sample values to an upper bound."),
    f("clamp_min", "clamp_min(v instant-vector, min scalar) -> instant-vector", "Clamps sample values to a lower bound."),
    f("cos", "cos(v instant-vector) -> instant-vector", "Cosine of every sample (radians)."),
    f("cosh", "cosh(v instant-vector) -> instant-vector", "Hyperbolic cosine of every sample."),
    f("count_over_time", "count_over_time(v range-vector) -> instant-vector", "Number of samples in the range."),
    f("day_of_month", "day_of_month(v=vector(time()) instant-vector) -> instant-vector", "Day of the month (1–31) in UTC."),
    f("day_of_week", "day_of_week(v=vector(time()) instant-vector) -> instant-vector", "Day of the week (0 = Sunday) in UTC."),
    f("day_of_year", "day_of_year(v=vector(time()) instant-vector) -> instant-vector", "Day of the year (1–366) in UTC."),
    f("days_in_month", "days_in_month(v=vector(time()) instant-vector) -> instant-vector", "Number of days in the month (28–31) in UTC."),
    f("deg", "deg(v instant-vector) -> instant-vector", "Converts radians to degrees."),
    f("delta", "delta(v range-vector) -> instant-vector", "Difference between first and last value of a gauge over the range."),
    f("deriv", "deriv(v range-vector) -> instant-vector", "Per-second derivative of a gauge by linear regression."),
    f("double_exponential_smoothing", "double_exponential_smoothing(v range-vector, sf scalar, tf scalar) -> instant-vector", "Smoothed value of a gauge (formerly holt_winters; experimental)."),
    f("exp", "exp(v instant-vector) -> instant-vector", "Exponential function of every sample."),
    f("first_over_time", "first_over_time(v range-vector) -> instant-vector", "Oldest sample in the range (experimental)."),
    f("floor", "floor(v instant-vector) -> instant-vector", "Rounds every sample down to the nearest integer."),
    f("histogram_avg", "histogram_avg(v instant-vector) -> instant-vector", "Arithmetic average of observed values in native histograms."),
    f("histogram_count", "histogram_count(v instant-vector) -> instant-vector", "Count of observations in native histograms."),
    f("histogram_fraction", "histogram_fraction(lower scalar, upper scalar, b instant-vector) -> instant-vector", "Estimated fraction of observations between lower and upper."),
    f("histogram_quantile", "histogram_quantile(φ scalar, b instant-vector) -> instant-vector", "φ-quantile (0 ≤ φ ≤ 1) from histogram buckets (`le` label) or native histograms."),
    f("histogram_stddev", "histogram_stddev(v instant-vector) -> instant-vector", "Estimated standard deviation of observations in native histograms."),
    f("histogram_stdvar", "histogram_stdvar(v instant-vector) -> instant-vector", "Estimated standard variance of observations in native histograms."),
    f("histogram_sum", "histogram_sum(v instant-vector) -> instant-vector", "Sum of observations in native histograms."),
    f("holt_winters", "holt_winters(v range-vector, sf scalar, tf scalar) -> instant-vector", "Smoothed value of a gauge (Prometheus 2; renamed double_exponential_smoothing in 3.0)."),
    f("hour", "hour(v=vector(time()) instant-vector) -> instant-vector", "Hour of the day (0–23) in UTC."),
    f("idelta", "idelta(v range-vector) -> instant-vector", "Difference between the last two samples of a gauge."),
    f("increase", "increase(v range-vector) -> instant-vector", "Increase of a counter over the range, adjusted for resets."),
    f("info", "info(v instant-vector, [data-label-selector instant-vector]) -> instant-vector", "Adds labels from info metrics such as target_info (experimental)."),
    f("irate", "irate(v range-vector) -> instant-vector", "Per-second instant rate of a counter from the last two samples."),
    f("label_join", "label_join(v instant-vector, dst_label string, separator string, src_label_1 string, ...) -> instant-vector", "Joins the values of source labels into dst_label."),
    f("label_replace", "label_replace(v instant-vector, dst_label string, replacement string, src_label string, regex string) -> instant-vector", "Sets dst_label from a regex match on src_label."),
    f("last_over_time", "last_over_time(v range-vector) -> instant-vector", "Most recent sample in the range."),
    f("ln", "ln(v instant-vector) -> instant-vector", "Natural logarithm of every sample."),
    f("log10", "log10(v instant-vector) -> instant-vector", "Decimal logarithm of every sample."),
    f("log2", "log2(v instant-vector) -> instant-vector", "Binary logarithm of every sample."),
    f("mad_over_time", "mad_over_time(v range-vector) -> instant-vector", "Median absolute deviation of the samples in the range (experimental)."),
    f("max_over_time", "max_over_time(v range-vector) -> instant-vector", "Maximum of all samples in the range."),
    f("min_over_time", "min_over_time(v range-vector) -> instant-vector", "Minimum of all samples in the range."),
    f("minute", "minute(v=vector(time()) instant-vector) -> instant-vector", "Minute of the hour (0–59) in UTC."),
    f("month", "month(v=vector(time()) instant-vector) -> instant-vector", "Month of the year (1–12) in UTC."),
    f("pi", "pi() -> scalar", "The number π."),
    f("predict_linear", "predict_linear(v range-vector, t scalar) -> instant-vector", "Predicted value t seconds from now by linear regression."),
    f("present_over_time", "present_over_time(v range-vector) -> instant-vector", "Value 1 for every series with a sample in the range."),
    f("quantile_over_time", "quantile_over_time(φ scalar, v range-vector) -> instant-vector", "φ-quantile (0 ≤ φ ≤ 1) of the samples in the range."),
    f("rad", "rad(v instant-vector) -> instant-vector", "Converts degrees to radians."),
    f("rate", "rate(v range-vector) -> instant-vector", "Per-second average rate of increase of a counter over the range."),
    f("resets", "resets(v range-vector) -> instant-vector", "Number of counter resets within the range."),
    f("round", "round(v instant-vector, to_nearest=1 scalar) -> instant-vector", "Rounds samples to the nearest multiple of to_nearest."),
    f("scalar", "scalar(v instant-vector) -> scalar", "The sample value of a single-element vector as a scalar, else NaN."),
    f("sgn", "sgn(v instant-vector) -> instant-vector", "Sign of every sample: 1, -1 or 0."),
    f("sin", "sin(v instant-vector) -> instant-vector", "Sine of every sample (radians)."),
    f("sinh", "sinh(v instant-vector) -> instant-vector", "Hyperbolic sine of every sample."),
    f("sort", "sort(v instant-vector) -> instant-vector", "Sorts elements by sample value, ascending (instant queries)."),
    f("sort_by_label", "sort_by_label(v instant-vector, label string, ...) -> instant-vector", "Sorts elements by the given labels, ascending (experimental)."),
    f("sort_by_label_desc", "sort_by_label_desc(v instant-vector, label string, ...) -> instant-vector", "Sorts elements by the given labels, descending (experimental)."),
    f("sort_desc", "sort_desc(v instant-vector) -> instant-vector", "Sorts elements by sample value, descending (instant queries)."),
    f("sqrt", "sqrt(v instant-vector) -> instant-vector", "Square root of every sample."),
    f("stddev_over_time", "stddev_over_time(v range-vector) -> instant-vector", "Population standard deviation of the samples in the range."),
    f("stdvar_over_time", "stdvar_over_time(v range-vector) -> instant-vector", "Population standard variance of the samples in the range."),
    f("sum_over_time", "sum_over_time(v range-vector) -> instant-vector", "Sum of all samples in the range."),
    f("tan", "tan(v instant-vector) -> instant-vector", "Tangent of every sample (radians)."),
    f("tanh", "tanh(v instant-vector) -> instant-vector", "Hyperbolic tangent of every sample."),
    f("time", "time() -> scalar", "Evaluation time in seconds since the epoch."),
    f("timestamp", "timestamp(v instant-vector) -> instant-vector", "Timestamp of every sample in seconds since the epoch."),
    f("ts_of_first_over_time", "ts_of_first_over_time(v range-vector) -> instant-vector", "Timestamp of the oldest sample in the range (experimental)."),
    f("ts_of_last_over_time", "ts_of_last_over_time(v range-vector) -> instant-vector", "Timestamp of the newest sample in the range (experimental)."),
    f("ts_of_max_over_time", "ts_of_max_over_time(v range-vector) -> instant-vector", "Timestamp of the largest sample in the range (experimental)."),
    f("ts_of_min_over_time", "ts_of_min_over_time(v range-vector) -> instant-vector", "Timestamp of the smallest sample in the range (experimental)."),
    f("vector", "vector(s scalar) -> instant-vector", "The scalar as a vector with no labels."),
    f("year", "year(v=vector(time()) instant-vector) -> instant-vector", "Year in UTC."),
];

/// PromQL aggregation operators (used as `sum by (job) (v)` or `sum(v) by (job)`).
pub const PROMQL_AGGREGATIONS: &[FunctionDoc] = &[
    agg("avg", "avg [by|without (labels)] (v instant-vector) -> instant-vector", "Average over dimensions."),
    agg("bottomk", "bottomk [by|without (labels)] (k scalar, v instant-vector) -> instant-vector", "Smallest k elements by sample value."),
    agg("count", "count [by|without (labels)] (v instant-vector) -> instant-vector", "Number of elements in the vector."),
    agg("count_values", "count_values [by|without (labels)] (label string, v instant-vector) -> instant-vector", "Number of elements with the same value, value in the given label."),
    agg("group", "group [by|without (labels)] (v instant-vector) -> instant-vector", "Value 1 for every group."),
    agg("limit_ratio", "limit_ratio [by|without (labels)] (ratio scalar, v instant-vector) -> instant-vector", "Deterministic pseudo-random sample of a ratio of elements (experimental)."),
    agg("limitk", "limitk [by|without (labels)] (k scalar, v instant-vector) -> instant-vector", "k elements picked deterministically, values unchanged (experimental)."),
    agg("max", "max [by|without (labels)] (v instant-vector) -> instant-vector", "Maximum over dimensions."),
    agg("min", "min [by|without (labels)] (v instant-vector) -> instant-vector", "Minimum over dimensions."),
    agg("quantile", "quantile [by|without (labels)] (φ scalar, v instant-vector) -> instant-vector", "φ-quantile (0 ≤ φ ≤ 1) over dimensions."),
    agg("stddev", "stddev [by|without (labels)] (v instant-vector) -> instant-vector", "Population standard deviation over dimensions."),
    agg("stdvar", "stdvar [by|without (labels)] (v instant-vector) -> instant-vector", "Population standard variance over dimensions."),
    agg("sum", "sum [by|without (labels)] (v instant-vector) -> instant-vector", "Sum over dimensions."),
    agg("topk", "topk [by|without (labels)] (k scalar, v instant-vector) -> instant-vector", "Largest k elements by sample value."),
];

/// PromQL keywords offered after a complete expression or an aggregation name.
pub const PROMQL_KEYWORDS: &[FunctionDoc] = &[
    op("by", "agg by (label, ...) (v)", "Aggregate keeping only the listed labels."),
    op("without", "agg without (label, ...) (v)", "Aggregate dropping the listed labels."),
    op("offset", "v offset <duration>", "Shift the evaluation time back by a duration."),
    op("and", "a and b", "Elements of a that have a match in b."),
    op("or", "a or b", "Elements of a plus elements of b without a match in a."),
    op("unless", "a unless b", "Elements of a without a match in b."),
    op("on", "a <op> on (labels) b", "Match elements only on the listed labels."),
    op("ignoring", "a <op> ignoring (labels) b", "Match elements ignoring the listed labels."),
    op("group_left", "a <op> on (l) group_left (labels) b", "Many-to-one matching, copying labels from the right side."),
    op("group_right", "a <op> on (l) group_right (labels) b", "One-to-many matching, copying labels from the left side."),
    op("bool", "a <cmp> bool b", "Comparison returning 0 or 1 instead of filtering."),
    op("atan2", "a atan2 b", "Arctangent of a/b, element-wise."),
];

/// LogQL range aggregations over a log range (`count_over_time({job="x"}[5m])`), including the unwrapped ones.
pub const LOGQL_RANGE_AGGREGATIONS: &[FunctionDoc] = &[
    range("absent_over_time", "absent_over_time(log-range) -> instant-vector", "1 for each stream when the range has no entries, else empty."),
    range("avg_over_time", "avg_over_time(unwrapped-range) -> instant-vector", "Average of the unwrapped values in the range."),
    range("bytes_over_time", "bytes_over_time(log-range) -> instant-vector", "Bytes used by the log lines in the range."),
    range("bytes_rate", "bytes_rate(log-range) -> instant-vector", "Bytes per second of the log lines in the range."),
    range("count_over_time", "count_over_time(log-range) -> instant-vector", "Number of log lines in the range."),
    range("first_over_time", "first_over_time(unwrapped-range) -> instant-vector", "First unwrapped value in the range."),
    range("last_over_time", "last_over_time(unwrapped-range) -> instant-vector", "Last unwrapped value in the range."),
    range("max_over_time", "max_over_time(unwrapped-range) -> instant-vector", "Maximum of the unwrapped values in the range."),
    range("min_over_time", "min_over_time(unwrapped-range) -> instant-vector", "Minimum of the unwrapped values in the range."),
    range("quantile_over_time", "quantile_over_time(φ scalar, unwrapped-range) -> instant-vector", "φ-quantile of the unwrapped values in the range."),
    range("rate", "rate(log-range | unwrapped-range) -> instant-vector", "Log lines (or unwrapped sum) per second over the range."),
    range("rate_counter", "rate_counter(unwrapped-range) -> instant-vector", "Per-second rate of an unwrapped counter, adjusted for resets."),
    range("stddev_over_time", "stddev_over_time(unwrapped-range) -> instant-vector", "Population standard deviation of the unwrapped values."),
    range("stdvar_over_time", "stdvar_over_time(unwrapped-range) -> instant-vector", "Population standard variance of the unwrapped values."),
    range("sum_over_time", "sum_over_time(unwrapped-range) -> instant-vector", "Sum of the unwrapped values in the range."),
];

/// LogQL aggregation operators and functions over metric results.
pub const LOGQL_AGGREGATIONS: &[FunctionDoc] = &[
    agg("approx_topk", "approx_topk(k scalar, v instant-vector) -> instant-vector", "Approximate largest k elements (probabilistic, instant queries)."),
    agg("avg", "avg [by|without (labels)] (v) -> instant-vector", "Average over dimensions."),
    agg("bottomk", "bottomk [by|without (labels)] (k scalar, v) -> instant-vector", "Smallest k elements by value."),
    agg("count", "count [by|without (labels)] (v) -> instant-vector", "Number of elements."),
    agg("max", "max [by|without (labels)] (v) -> instant-vector", "Maximum over dimensions."),
    agg("min", "min [by|without (labels)] (v) -> instant-vector", "Minimum over dimensions."),
    agg("sort", "sort(v) -> instant-vector", "Sorts by value, ascending."),
    agg("sort_desc", "sort_desc(v) -> instant-vector", "Sorts by value, descending."),
    agg("stddev", "stddev [by|without (labels)] (v) -> instant-vector", "Population standard deviation over dimensions."),
    agg("stdvar", "stdvar [by|without (labels)] (v) -> instant-vector", "Population standard variance over dimensions."),
    agg("sum", "sum [by|without (labels)] (v) -> instant-vector", "Sum over dimensions."),
    agg("topk", "topk [by|without (labels)] (k scalar, v) -> instant-vector", "Largest k elements by value."),
    f("label_replace", "label_replace(v, dst_label string, replacement string, src_label string, regex string)", "Sets dst_label from a regex match on src_label."),
    f("vector", "vector(s scalar) -> instant-vector", "The scalar as a vector with no labels."),
];

/// LogQL pipeline stages written after `|`.
/// LogsQL pipes (VictoriaLogs), the names after `|`.
pub const LOGSQL_PIPES: &[FunctionDoc] = &[
    stage("stats", "| stats [by (field, ...)] count() [as name], ...", "Counts or aggregates the lines per group; drawn as time series."),
    stage("sort", "| sort by (field [desc], ...) [limit N]", "Sorts the lines by fields."),
    stage("limit", "| limit N", "Keeps the first N lines."),
    stage("offset", "| offset N", "Skips the first N lines."),
    stage("fields", "| fields field, ...", "Keeps only the listed fields."),
    stage("delete", "| delete field, ...", "Removes the listed fields."),
    stage("rename", "| rename src as dst, ...", "Renames fields."),
    stage("copy", "| copy src as dst, ...", "Copies fields."),
    stage("extract", "| extract \"pattern<field>…\" [from field]", "Extracts fields from text by a pattern."),
    stage("extract_regexp", "| extract_regexp \"(?P<field>…)\" [from field]", "Extracts fields by a regular expression's named groups."),
    stage("unpack_json", "| unpack_json [from field] [fields (f, ...)]", "Unpacks JSON fields of the message (or a field)."),
    stage("unpack_logfmt", "| unpack_logfmt [from field] [fields (f, ...)]", "Unpacks logfmt fields of the message (or a field)."),
    stage("filter", "| filter <filters>", "Keeps the lines matching filters (also on fields made by earlier pipes)."),
    stage("format", "| format \"<field> text\" as field", "Sets a field from a template."),
    stage("uniq", "| uniq by (field, ...)", "Unique values of fields."),
    stage("top", "| top N by (field, ...)", "The most frequent values of fields."),
    stage("math", "| math expr as field", "Computes a field from others."),
    stage("replace", "| replace (\"old\", \"new\") at field", "Replaces text in a field."),
    stage("field_names", "| field_names", "The field names of the lines, with their counts."),
    stage("field_values", "| field_values field", "The values of a field, with their counts."),
];

pub const LOGQL_STAGES: &[FunctionDoc] = &[
    stage("decolorize", "| decolorize", "Strips ANSI colour codes from the line."),
    stage("drop", "| drop label, label=\"value\", ...", "Removes labels (optionally only with a given value)."),
    stage("json", "| json [label=\"json.path\", ...]", "Extracts all (or the listed) JSON fields as labels."),
    stage("keep", "| keep label, label=\"value\", ...", "Keeps only the listed labels."),
    stage("label_format", "| label_format dst=src, dst=\"{{.template}}\", ...", "Renames labels or sets them from templates."),
    stage("line_format", "| line_format \"{{.label}} ...\"", "Rewrites the log line from a Go template."),
    stage("logfmt", "| logfmt [--strict] [--keep-empty] [label=\"key\", ...]", "Extracts logfmt key=value pairs as labels."),
    stage("pattern", "| pattern \"<ip> - <_> <method> ...\"", "Extracts labels with a pattern expression."),
    stage("regexp", "| regexp \"(?P<name>re)\"", "Extracts labels from named regex groups."),
    stage("unpack", "| unpack", "Unpacks labels packed by Promtail's pack stage."),
    stage("unwrap", "| unwrap label | unwrap duration(label) | unwrap bytes(label)", "Uses a label's value as the sample value of a range aggregation."),
];

/// LogQL line filter operators.
pub const LOGQL_LINE_FILTERS: &[FunctionDoc] = &[
    op("|=", "|= \"text\"", "Line contains the text."),
    op("!=", "!= \"text\"", "Line does not contain the text."),
    op("|~", "|~ \"regex\"", "Line matches the regular expression."),
    op("!~", "!~ \"regex\"", "Line does not match the regular expression."),
    op("|>", "|> \"<_> pattern <_>\"", "Line matches the pattern."),
    op("!>", "!> \"<_> pattern <_>\"", "Line does not match the pattern."),
];

/// LogQL keywords (grouping, vector matching, binary operators, unwrap conversions).
pub const LOGQL_KEYWORDS: &[FunctionDoc] = &[
    op("by", "agg by (label, ...) (v)", "Aggregate keeping only the listed labels."),
    op("without", "agg without (label, ...) (v)", "Aggregate dropping the listed labels."),
    op("offset", "range offset <duration>", "Shift the range back by a duration."),
    op("and", "a and b", "Elements of a that have a match in b; joins label filters."),
    op("or", "a or b", "Union of a and b; alternative label filters or line filter texts."),
    op("unless", "a unless b", "Elements of a without a match in b."),
    op("on", "a <op> on (labels) b", "Match elements only on the listed labels."),
    op("ignoring", "a <op> ignoring (labels) b", "Match elements ignoring the listed labels."),
    op("group_left", "a <op> on (l) group_left (labels) b", "Many-to-one matching."),
    op("group_right", "a <op> on (l) group_right (labels) b", "One-to-many matching."),
    op("bool", "a <cmp> bool b", "Comparison returning 0 or 1."),
];

/// TraceQL intrinsics (bare and scoped forms).
pub const TRACEQL_INTRINSICS: &[FunctionDoc] = &[
    intr("name", "name: string", "Operation name of the span."),
    intr("status", "status: ok | error | unset", "Span status code."),
    intr("statusMessage", "statusMessage: string", "Span status message."),
    intr("kind", "kind: unspecified | internal | server | client | producer | consumer", "Span kind."),
    intr("duration", "duration: duration", "End time minus start time of the span."),
    intr("rootName", "rootName: string", "Name of the root span of the trace."),
    intr("rootServiceName", "rootServiceName: string", "Service name of the root span of the trace."),
    intr("traceDuration", "traceDuration: duration", "Duration of the whole trace."),
    intr("span:name", "span:name: string", "Operation name of the span."),
    intr("span:status", "span:status: ok | error | unset", "Span status code."),
    intr("span:statusMessage", "span:statusMessage: string", "Span status message."),
    intr("span:kind", "span:kind: span kind", "Span kind."),
    intr("span:duration", "span:duration: duration", "Duration of the span."),
    intr("span:id", "span:id: string", "Span ID (hex)."),
    intr("span:parentID", "span:parentID: string", "Parent span ID (hex)."),
    intr("trace:id", "trace:id: string", "Trace ID (hex)."),
    intr("trace:duration", "trace:duration: duration", "Duration of the whole trace."),
    intr("trace:rootName", "trace:rootName: string", "Name of the root span."),
    intr("trace:rootService", "trace:rootService: string", "Service name of the root span."),
    intr("event:name", "event:name: string", "Name of a span event."),
    intr("event:timeSinceStart", "event:timeSinceStart: duration", "Time from span start to the event."),
    intr("link:spanID", "link:spanID: string", "Span ID of a link."),
    intr("link:traceID", "link:traceID: string", "Trace ID of a link."),
    intr("instrumentation:name", "instrumentation:name: string", "Instrumentation scope name."),
    intr("instrumentation:version", "instrumentation:version: string", "Instrumentation scope version."),
    intr("nestedSetLeft", "nestedSetLeft: int", "Nested-set left bound of the span."),
    intr("nestedSetRight", "nestedSetRight: int", "Nested-set right bound of the span."),
    intr("nestedSetParent", "nestedSetParent: int", "Nested-set left bound of the parent span."),
];

/// TraceQL pipeline aggregates and operations written after `|`.
pub const TRACEQL_AGGREGATES: &[FunctionDoc] = &[
    agg("avg", "avg(field) <cmp> value", "Average of a numeric field over each spanset."),
    agg("count", "count() <cmp> n", "Number of spans in each spanset."),
    agg("max", "max(field) <cmp> value", "Maximum of a numeric field over each spanset."),
    agg("min", "min(field) <cmp> value", "Minimum of a numeric field over each spanset."),
    agg("sum", "sum(field) <cmp> value", "Sum of a numeric field over each spanset."),
    stage("by", "by(field, ...)", "Splits spansets by the value of a field."),
    stage("coalesce", "coalesce()", "Merges spansets of a trace into one."),
    stage("select", "select(field, ...)", "Returns the listed fields of matching spans."),
];

/// TraceQL metrics functions (`{…} | rate() by (resource.service.name)`).
pub const TRACEQL_METRICS: &[FunctionDoc] = &[
    range("avg_over_time", "avg_over_time(field)", "Average of a field per step."),
    range("compare", "compare({selection}, [topN], [start], [end])", "Compares attribute values of a selection against the rest."),
    range("count_over_time", "count_over_time()", "Number of matching spans per step."),
    range("histogram_over_time", "histogram_over_time(field)", "Histogram of a field per step."),
    range("max_over_time", "max_over_time(field)", "Maximum of a field per step."),
    range("min_over_time", "min_over_time(field)", "Minimum of a field per step."),
    range("quantile_over_time", "quantile_over_time(field, φ, ...)", "Quantiles of a field per step."),
    range("rate", "rate()", "Matching spans per second."),
    range("sum_over_time", "sum_over_time(field)", "Sum of a field per step."),
    agg("bottomk", "bottomk(k)", "Series with the k smallest values."),
    agg("topk", "topk(k)", "Series with the k largest values."),
];

/// TraceQL enumerated values and literals.
pub const TRACEQL_VALUES: &[&str] = &[
    "ok", "error", "unset", "unspecified", "internal", "server", "client", "producer", "consumer", "true",
    "false", "nil",
];

/// Values of `status`/`span:status`.
pub const TRACEQL_STATUS_VALUES: &[&str] = &["ok", "error", "unset"];
/// Values of `kind`/`span:kind`.
pub const TRACEQL_KIND_VALUES: &[&str] =
    &["unspecified", "internal", "server", "client", "producer", "consumer"];

/// Every callable built-in of a language (functions and aggregations; for TraceQL the pipeline
/// aggregates and metrics functions), in table order.
pub fn functions(lang: Lang) -> Vec<&'static FunctionDoc> {
    let tables: &[&[FunctionDoc]] = match lang {
        Lang::PromQL => &[PROMQL_AGGREGATIONS, PROMQL_FUNCTIONS],
        Lang::LogQL => &[LOGQL_RANGE_AGGREGATIONS, LOGQL_AGGREGATIONS],
        Lang::TraceQL => &[TRACEQL_AGGREGATES, TRACEQL_METRICS],
        Lang::LogsQL => &[],
    };
    tables.iter().flat_map(|t| t.iter()).collect()
}

/// The documentation of a built-in name of a language (functions, aggregations, stages, intrinsics,
/// keywords), if any. Exact, case-sensitive match.
pub fn lookup(lang: Lang, name: &str) -> Option<&'static FunctionDoc> {
    let tables: &[&[FunctionDoc]] = match lang {
        Lang::PromQL => &[PROMQL_AGGREGATIONS, PROMQL_FUNCTIONS, PROMQL_KEYWORDS],
        Lang::LogQL => &[LOGQL_RANGE_AGGREGATIONS, LOGQL_AGGREGATIONS, LOGQL_STAGES, LOGQL_LINE_FILTERS, LOGQL_KEYWORDS],
        Lang::TraceQL => &[TRACEQL_AGGREGATES, TRACEQL_METRICS, TRACEQL_INTRINSICS],
        Lang::LogsQL => &[],
    };
    tables.iter().flat_map(|t| t.iter()).find(|d| d.name == name)
}

/// Whether `name` is an aggregation that may be followed by `by`/`without` before its parentheses.
pub fn is_aggregation(lang: Lang, name: &str) -> bool {
    let table = match lang {
        Lang::PromQL => PROMQL_AGGREGATIONS,
        Lang::LogQL => LOGQL_AGGREGATIONS,
        Lang::TraceQL => TRACEQL_METRICS,
        Lang::LogsQL => &[],
    };
    table.iter().any(|d| d.name == name && d.kind == FnKind::Aggregation)
        || (lang == Lang::TraceQL && matches!(name, "rate" | "count_over_time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promql_table_is_sorted_unique_and_complete() {
        let names: Vec<&str> = PROMQL_FUNCTIONS.iter().map(|d| d.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        for name in ["rate", "irate", "increase", "histogram_quantile", "label_replace", "label_join", "predict_linear", "absent", "vector", "time", "clamp", "sort_by_label"] {
            assert!(lookup(Lang::PromQL, name).is_some(), "{name}");
        }
        let aggs: Vec<&str> = PROMQL_AGGREGATIONS.iter().map(|d| d.name).collect();
        for a in ["sum", "avg", "count", "min", "max", "topk", "bottomk", "quantile", "count_values", "stddev", "stdvar", "group", "limitk", "limit_ratio"] {
            assert!(aggs.contains(&a), "{a}");
        }
    }

    #[test]
    fn signatures_name_their_function() {
        for lang in [Lang::PromQL, Lang::LogQL, Lang::TraceQL] {
            for d in functions(lang) {
                assert!(d.signature.contains(d.name), "{:?} {}", lang, d.name);
                assert!(!d.doc.is_empty());
            }
        }
        assert_eq!(lookup(Lang::PromQL, "histogram_quantile").map(|d| d.signature),
            Some("histogram_quantile(φ scalar, b instant-vector) -> instant-vector"));
        assert_eq!(lookup(Lang::PromQL, "rate").map(|d| d.signature), Some("rate(v range-vector) -> instant-vector"));
    }

    #[test]
    fn logql_and_traceql_vocabulary() {
        assert_eq!(lookup(Lang::LogQL, "count_over_time").map(|d| d.kind), Some(FnKind::RangeAggregation));
        assert_eq!(lookup(Lang::LogQL, "json").map(|d| d.kind), Some(FnKind::Stage));
        assert_eq!(lookup(Lang::LogQL, "|~").map(|d| d.kind), Some(FnKind::Operator));
        assert_eq!(lookup(Lang::TraceQL, "rootServiceName").map(|d| d.kind), Some(FnKind::Intrinsic));
        assert_eq!(lookup(Lang::TraceQL, "count").map(|d| d.kind), Some(FnKind::Aggregation));
        assert!(is_aggregation(Lang::PromQL, "topk"));
        assert!(!is_aggregation(Lang::PromQL, "rate"));
        assert!(is_aggregation(Lang::LogQL, "sum"));
        assert!(lookup(Lang::PromQL, "nonexistent").is_none());
    }
}
