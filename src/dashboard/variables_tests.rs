//! Tests of variable interpolation and variable query parsing.

use super::*;
use crate::dashboard::schema::{AutoInterval, VariableKind};

fn vars() -> Vec<(String, Vec<String>)> {
    vec![
        ("job".into(), vec!["api".into()]),
        ("inst".into(), vec!["a.example:9100".into(), "b.example:9100".into()]),
        ("env".into(), vec!["prod".into(), "dev".into()]),
        ("all".into(), vec![ALL_VALUE.into()]),
        ("none".into(), vec![]),
        ("jobx".into(), vec!["long".into()]),
        ("q".into(), vec!["it's \"x\"".into()]),
    ]
}

fn b() -> Builtins {
    Builtins { range_ms: 3_600_000, interval_ms: 15_000, rate_interval_ms: 60_000, from_ms: 1_000, to_ms: 3_601_000 }
}

fn i(expr: &str) -> String {
    interpolate(expr, &vars(), &b())
}

#[test]
fn single_values_in_all_syntaxes() {
    assert_eq!(i("up{job=\"$job\"}"), "up{job=\"api\"}");
    assert_eq!(i("up{job=\"${job}\"}"), "up{job=\"api\"}");
    assert_eq!(i("up{job=\"[[job]]\"}"), "up{job=\"api\"}");
    assert_eq!(i("${job:raw}-${job:regex}"), "api-api");
    // Longest name wins: $jobx is its own variable, ${job}x is job followed by x.
    assert_eq!(i("$jobx ${job}x"), "long apix");
}

#[test]
fn multi_values_default_to_promql_regex() {
    assert_eq!(i("up{instance=~\"$inst\"}"), "up{instance=~\"(a\\\\.example:9100|b\\\\.example:9100)\"}");
    assert_eq!(i("${env}"), "(prod|dev)");
    assert_eq!(i("${inst:regex}"), "(a\\.example:9100|b\\.example:9100)");
    assert_eq!(i("${env:pipe}"), "prod|dev");
    assert_eq!(i("${env:csv}"), "prod,dev");
    assert_eq!(i("${env:raw}"), "prod,dev");
    assert_eq!(i("${env:json}"), "[\"prod\",\"dev\"]");
    assert_eq!(i("${env:glob}"), "{prod,dev}");
    assert_eq!(i("${env:singlequote}"), "'prod','dev'");
    assert_eq!(i("${env:doublequote}"), "\"prod\",\"dev\"");
    assert_eq!(i("${inst:queryparam}"), "var-inst=a.example%3A9100&var-inst=b.example%3A9100");
    assert_eq!(i("[[env:pipe]]"), "prod|dev");
    assert_eq!(i("${env:nonsense}"), "(prod|dev)");
}

#[test]
fn all_and_empty_values() {
    assert_eq!(i("up{job=~\"$all\"}"), "up{job=~\".*\"}");
    assert_eq!(i("${all:csv}"), ".*");
    assert_eq!(i("x$none.y"), "x.y");
}

#[test]
fn builtins() {
    assert_eq!(i("rate(x[$__rate_interval])"), "rate(x[1m])");
    assert_eq!(i("rate(x[$__interval]) $__interval_ms"), "rate(x[15s]) 15000");
    assert_eq!(i("increase(x[$__range]) / $__range_s / ${__range_ms}"), "increase(x[1h]) / 3600 / 3600000");
    assert_eq!(i("$__from-$__to"), "1000-3601000");
    assert_eq!(i("$__unknown $nope ${nope} [[nope]]"), "$__unknown $nope ${nope} [[nope]]");
    let b = Builtins::new(0, 6 * 3_600_000, 30_000, None);
    assert_eq!(b.range_ms, 6 * 3_600_000);
    assert_eq!(b.rate_interval_ms, 60_000);
    assert_eq!(rate_interval_ms(120_000, 15_000), 135_000);
    assert_eq!(rate_interval_ms(-5, 0), 4);
}

#[test]
fn quoting_and_odd_text_is_safe() {
    assert_eq!(i("${q:singlequote}"), "'it\\'s \"x\"'");
    assert_eq!(i("${q:doublequote}"), "\"it's \\\"x\\\"\"");
    // Not references.
    for s in ["$", "$$", "${", "${}", "${job", "[[", "[[job", "[a]", "[[]]", "é$€${é}[[é]]", "$1"] {
        assert_eq!(interpolate(s, &[], &Builtins::default()), s, "{s}");
    }
    assert_eq!(i("$job$job"), "apiapi");
    assert_eq!(i("€$job€"), "€api€");
    // No recursive expansion.
    let v = vec![("a".to_string(), vec!["$b".to_string()]), ("b".to_string(), vec!["x".to_string()])];
    assert_eq!(interpolate("$a", &v, &Builtins::default()), "$b");
    let long = "$job ".repeat(10_000);
    assert_eq!(i(&long).len(), "api ".len() * 10_000);
}

#[test]
fn escaping_helpers() {
    assert_eq!(regex_escape("a.b*c(d)|e\\"), "a\\.b\\*c\\(d\\)\\|e\\\\");
    assert_eq!(promql_regex_escape("a.b"), "a\\\\.b");
    assert_eq!(promql_regex_escape("a\\b"), "a\\\\\\\\b");
}

#[test]
fn referenced_variables_are_listed_once() {
    assert_eq!(
        referenced_variables("rate(x{job=~\"$job\",i=\"${inst:regex}\"}[$__rate_interval]) + [[job]] + $env"),
        vec!["job".to_string(), "inst".to_string(), "env".to_string()]
    );
    assert!(referenced_variables("up").is_empty());
}

#[test]
fn selected_values_resolve_all_and_defaults() {
    let opts: Vec<String> = vec!["a".into(), "b".into()];
    let mut v = Variable {
        name: "x".into(),
        kind: VariableKind::Custom { values: opts.clone() },
        current: vec![ALL_VALUE.into()],
        include_all: true,
        ..Variable::default()
    };
    assert_eq!(selected_values(&v, &opts), opts);
    v.all_value = Some(".+".into());
    assert_eq!(selected_values(&v, &opts), vec![".+".to_string()]);
    v.current = vec![];
    assert_eq!(selected_values(&v, &opts), vec!["a".to_string()]);
    assert!(selected_values(&v, &[]).is_empty());
    v.current = vec!["b".into()];
    assert_eq!(selected_values(&v, &opts), vec!["b".to_string()]);
}

#[test]
fn grafana_rounds_an_interval_to_the_nearest_recognisable_step() {
    // Each step takes the intervals from halfway below it to halfway above it (Grafana's ladder).
    let cases = [
        (12_499, 10_000), (12_500, 15_000), (17_499, 15_000), (17_500, 20_000), (44_999, 30_000), (45_000, 60_000),
        (120_000, 120_000), (209_999, 120_000), (210_000, 300_000), (720_000, 600_000), (750_000, 900_000),
        (2_880_000, 3_600_000), (86_399_999, 43_200_000), (86_400_000, 86_400_000), (1_000_000_000, 604_800_000),
        (4_000_000_000, 31_536_000_000), (5, 1), (0, 1),
    ];
    for (ms, step) in cases {
        assert_eq!(round_interval(ms), step, "{ms} ms");
    }
}

#[test]
fn the_auto_interval_option_stands_for_the_window_in_steps() {
    let v = Variable {
        name: "interval".into(),
        kind: VariableKind::Interval { values: vec!["1m".into(), "1h".into()], auto: Some(AutoInterval { count: 30, min: "10s".into() }) },
        current: vec!["auto".into()],
        ..Variable::default()
    };
    let opts = v.kind.static_options();
    assert_eq!(opts, vec!["auto", "1m", "1h"]);
    // 6 h in 30 steps = 12 min → 10 min; 24 h → 48 min → 1 h; 1 h → 2 min.
    assert_eq!(window_values(&v, &opts, 6 * 3_600_000), vec!["10m".to_string()]);
    assert_eq!(window_values(&v, &opts, 24 * 3_600_000), vec!["1h".to_string()]);
    assert_eq!(window_values(&v, &opts, 3_600_000), vec!["2m".to_string()]);
    // 5 min in 30 steps = 10 s; 1 min = 2 s, raised to the 10 s minimum.
    assert_eq!(window_values(&v, &opts, 300_000), vec!["10s".to_string()]);
    assert_eq!(window_values(&v, &opts, 60_000), vec!["10s".to_string()]);
    // Another choice is itself; without the auto option, "auto" is nothing special.
    let fixed = Variable { current: vec!["1h".into()], ..v.clone() };
    assert_eq!(window_values(&fixed, &opts, 60_000), vec!["1h".to_string()]);
    let plain = Variable { kind: VariableKind::Interval { values: vec!["1m".into()], auto: None }, ..v };
    assert_eq!(window_values(&plain, &["1m".into()], 60_000), vec!["auto".to_string()]);
}

#[test]
fn label_values_queries() {
    assert_eq!(
        parse_label_values_query("label_values(up{job=\"x\"}, instance)"),
        Some((Some("up{job=\"x\"}".to_string()), "instance".to_string()))
    );
    assert_eq!(parse_label_values_query(" label_values( job ) "), Some((None, "job".to_string())));
    assert_eq!(
        parse_label_values_query("label_values(haproxy_process_start_time_seconds,instance)"),
        Some((Some("haproxy_process_start_time_seconds".to_string()), "instance".to_string()))
    );
    // Commas and parentheses inside the selector's quoted values.
    assert_eq!(
        parse_label_values_query("label_values(x{a=\"1,2)\", b=~\"$job\"}, le)"),
        Some((Some("x{a=\"1,2)\", b=~\"$job\"}".to_string()), "le".to_string()))
    );
    assert_eq!(
        parse_label_values_query("label_values(node_uname_info{job=\"$job\", nodename=\"$nodename\"}, instance)"),
        Some((Some("node_uname_info{job=\"$job\", nodename=\"$nodename\"}".to_string()), "instance".to_string()))
    );
    assert_eq!(parse_label_values_query("label_values(up, $lbl)"), Some((Some("up".into()), "$lbl".into())));
    for bad in ["label_values()", "label_values(up, )", "label_values(, job)", "label_values(up, job) + 1",
        "label_values(up, 1job)", "label_values(up, job", "label_values up, job)", "query_result(up)", "",
        "label_values(up, a-b)", "label_values(\"unclosed, job)"] {
        assert_eq!(parse_label_values_query(bad), None, "{bad}");
    }
}

#[test]
fn query_result_and_other_queries() {
    assert_eq!(parse_query_result("query_result(sum by (job) (rate(x[5m])))"), Some("sum by (job) (rate(x[5m]))".into()));
    assert_eq!(parse_query_result("query_result(topk(5, up{a=\")\"}))"), Some("topk(5, up{a=\")\"})".into()));
    assert_eq!(parse_query_result("query_result()"), None);
    assert_eq!(parse_query_result("query_result(up) extra"), None);
    assert_eq!(parse_query_result("query_result(up"), None);
    assert_eq!(
        parse_variable_query("label_values(job)"),
        VariableQuery::LabelValues { selector: None, label: "job".into() }
    );
    assert_eq!(parse_variable_query("label_names()"), VariableQuery::LabelNames { selector: None });
    assert_eq!(parse_variable_query("label_names(up)"), VariableQuery::LabelNames { selector: Some("up".into()) });
    assert_eq!(parse_variable_query("metrics(node_.*)"), VariableQuery::Metrics { regex: "node_.*".into() });
    assert_eq!(parse_variable_query("query_result(up)"), VariableQuery::QueryResult { expr: "up".into() });
    assert_eq!(parse_variable_query(" up "), VariableQuery::Other("up".into()));
}

/// A stand-in engine for the option regex: `prefix(…)suffix` with a literal prefix and suffix around one group.
struct Around(&'static str, &'static str);
impl crate::view::log_regex::RegexMatcher for Around {
    fn find_ranges(&self, line: &str) -> Vec<std::ops::Range<usize>> {
        self.capture(line).into_iter().collect()
    }
    fn is_match(&self, line: &str) -> bool {
        self.capture(line).is_some()
    }
    fn capture(&self, line: &str) -> Option<std::ops::Range<usize>> {
        let s = line.find(self.0)? + self.0.len();
        let e = s + line.get(s..)?.find(self.1)?;
        Some(s..e)
    }
}

#[test]
fn option_regex_is_read_as_grafana_writes_it_and_keeps_first_groups() {
    assert_eq!(parse_option_regex(r#"/.*instance="([^"]+)".*/"#), Some((r#".*instance="([^"]+)".*"#.to_string(), false)));
    assert_eq!(parse_option_regex("/^prod-(.*)$/i"), Some(("^prod-(.*)$".to_string(), true)));
    assert_eq!(parse_option_regex("prod-.*"), Some(("prod-.*".to_string(), false)));
    // A slash inside and odd endings stay part of the pattern.
    assert_eq!(parse_option_regex("/a/b/"), Some(("a/b".to_string(), false)));
    assert_eq!(parse_option_regex("/a/1"), Some(("/a/1".to_string(), false)));
    assert_eq!(parse_option_regex("  "), None);
    // query_result options ("series value") reduced to a label's value, misses dropped, repeats once.
    let opts: Vec<String> = [
        r#"up{instance="a:9100", job="node"} 1"#,
        r#"up{job="x"} 1"#,
        r#"up{instance="b:9100", job="node"} 0"#,
        r#"node_boot{instance="a:9100"} 17"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(apply_option_regex(&opts, &Around("instance=\"", "\"")), vec!["a:9100".to_string(), "b:9100".to_string()]);
    assert!(apply_option_regex(&opts, &Around("nothing", "x")).is_empty());
}

#[test]
fn trace_variables_name_attributes_with_dots() {
    assert_eq!(
        parse_variable_query("label_values(resource.service.name)"),
        VariableQuery::LabelValues { selector: None, label: "resource.service.name".into() }
    );
    assert!(matches!(parse_variable_query("label_values(.x)"), VariableQuery::Other(_)));
    assert!(jaeger_services_query(&parse_variable_query("label_values(resource.service.name)")).is_ok());
    assert!(jaeger_services_query(&parse_variable_query("label_values(service)")).is_ok());
    let e = jaeger_services_query(&parse_variable_query("label_values(span.http.route)")).unwrap_err();
    assert!(e.contains("services only"), "{e}");
    assert!(jaeger_services_query(&parse_variable_query("label_names()")).is_err());
}
