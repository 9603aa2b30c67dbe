//! The alerts page, computed: which rules the state and text filters keep, counts per state, the metrics link of
//! a rule over its alerts' active window, and the silence form (matchers from an alert's labels, checked).

use crate::backends::alertmanager::NewSilence;
use crate::telemetry::alerts::{Alert, AlertGroup, AlertState, MatchOp, Matcher, ManagedAlert, Rule, RuleGroup};
use crate::telemetry::Labels;
use crate::time::duration::parse_duration;
use crate::time::{TimeExpr, TimeRange};
use crate::url_state::{encode, AlertsState, CorrelateState, MetricQuery, MetricsState, Route};

/// How far before the first alert became active the metrics link starts, so the chart shows the lead-in.
pub const LEAD_IN_MS: i64 = 15 * 60 * 1000;

/// One term of the text filter: `name=value`, `name!=value`, or words found in the rule or alert name.
#[derive(Debug, PartialEq)]
enum Term {
    Label { name: String, value: String, equal: bool },
    Word(String),
}

fn terms(filter: &str) -> Vec<Term> {
    filter
        .split_whitespace()
        .map(|t| {
            let t = t.trim_matches(',');
            let (name, value, equal) = match (t.split_once("!="), t.split_once('=')) {
                (Some((n, v)), _) => (n, v, false),
                (None, Some((n, v))) => (n, v, true),
                (None, None) => return Term::Word(t.to_lowercase()),
            };
            let value = value.trim_matches('"').to_string();
            Term::Label { name: name.to_string(), value, equal }
        })
        .filter(|t| !matches!(t, Term::Word(w) if w.is_empty()))
        .collect()
}

/// Whether a label set (the rule's labels, or one alert's) satisfies a label term.
fn labels_match(sets: &[&Labels], name: &str, value: &str, equal: bool) -> bool {
    let has = sets.iter().any(|l| l.0.get(name).map(String::as_str) == Some(value));
    has == equal
}

/// Whether a rule is kept by the page's state and text filters. A label term matches the rule's labels or
/// any of its alerts' labels; a word matches the rule's name (case-insensitive).
pub fn keeps(rule: &Rule, st: &AlertsState) -> bool {
    let Some(state) = rule.state() else { return false };
    if !st.states.is_empty() && !st.states.contains(&state) {
        return false;
    }
    let name = rule.name.to_lowercase();
    let mut sets: Vec<&Labels> = vec![&rule.labels];
    sets.extend(rule.alerts().iter().map(|a| &a.labels));
    terms(&st.filter).iter().all(|t| match t {
        Term::Word(w) => name.contains(w.as_str()),
        Term::Label { name, value, equal } => labels_match(&sets, name, value, *equal),
    })
}

/// A group of alerting rules as the page lists it: the rules the filters keep, and counts per state of all
/// its alerting rules.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupView {
    pub file: String,
    pub name: String,
    pub rules: Vec<Rule>,
    /// Firing, pending, inactive rules of the group (unfiltered).
    pub counts: [usize; 3],
}

/// Counts of firing, pending and inactive alerting rules.
pub fn counts<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> [usize; 3] {
    let mut c = [0; 3];
    for r in rules {
        if let Some(s) = r.state() {
            c[AlertState::ALL.iter().position(|x| *x == s).unwrap_or(2)] += 1;
        }
    }
    c
}

/// The groups holding alerting rules, each with the rules the filters keep (groups left empty by the
/// filters are dropped), in the server's order.
pub fn alerting_groups(groups: &[RuleGroup], st: &AlertsState) -> Vec<GroupView> {
    groups
        .iter()
        .filter(|g| g.rules.iter().any(|r| r.state().is_some()))
        .map(|g| GroupView {
            file: g.file.clone(),
            name: g.name.clone(),
            rules: g.rules.iter().filter(|r| keeps(r, st)).cloned().collect(),
            counts: counts(&g.rules),
        })
        .filter(|g| !g.rules.is_empty())
        .collect()
}

/// Every rule with its group, for the rules tab (health, last evaluation, time taken, error).
pub fn all_rules(groups: &[RuleGroup]) -> Vec<(String, Rule)> {
    groups.iter().flat_map(|g| g.rules.iter().map(move |r| (format!("{} › {}", g.file, g.name), r.clone()))).collect()
}

/// The metrics view's fragment (`#/metrics?…`) for an expression from `active_ms` (less [`LEAD_IN_MS`]) to now,
/// exemplars on; the last hour when nothing is active.
pub fn metrics_link(expr: &str, active_ms: Option<i64>) -> String {
    let range = match active_ms {
        Some(t) => TimeRange { from: TimeExpr::Absolute(t - LEAD_IN_MS), to: TimeExpr::now() },
        None => TimeRange::default(),
    };
    let q = MetricQuery { ref_id: "A".into(), expr: expr.to_string(), ..MetricQuery::default() };
    let s = MetricsState { range, queries: vec![q], exemplars: true, ..MetricsState::default() };
    format!("#{}", encode(&Route::Metrics(s)))
}

/// How far before a firing alert became active its correlation window starts.
pub const CORRELATE_LEAD_MS: i64 = 5 * 60 * 1000;
/// The labels that name an alert's service, in order of preference.
const SERVICE_LABELS: [&str; 3] = ["service_name", "service", "job"];

/// The correlation workspace of a firing alert (`#/correlate?from=…&to=now&service=…`): its service's lines,
/// RED chart and traces from a little before it became active to now. None unless it fires, names a service
/// and says when it became active.
pub fn correlate_link(a: &Alert) -> Option<String> {
    if a.state != AlertState::Firing {
        return None;
    }
    let service = SERVICE_LABELS.iter().find_map(|k| a.labels.0.get(*k).filter(|v| !v.trim().is_empty()))?;
    let t = a.active_at_ms?;
    let range = TimeRange { from: TimeExpr::Absolute(t - CORRELATE_LEAD_MS), to: TimeExpr::now() };
    Some(format!("#{}", encode(&Route::Correlate(CorrelateState { service: service.clone(), range, ..CorrelateState::default() }))))
}

/// When the earliest of a rule's alerts became active.
pub fn first_active(rule: &Rule) -> Option<i64> {
    rule.alerts().iter().filter_map(|a| a.active_at_ms).min()
}

/// The matchers a silence of this alert starts from: each of its labels, `=`, sorted by name.
pub fn matchers_of(labels: &Labels) -> Vec<Matcher> {
    labels.0.iter().map(|(k, v)| Matcher { name: k.clone(), op: MatchOp::Eq, value: v.clone() }).collect()
}

/// The silence form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SilenceForm {
    pub matchers: Vec<Matcher>,
    /// A Prometheus duration: `2h`, `30m`, `1d`.
    pub duration: String,
    pub author: String,
    pub comment: String,
}

/// Longest silence the form makes.
const MAX_SILENCE_MS: i64 = 366 * 24 * 3600 * 1000;

/// The silence to create from the form at `now_ms`, or what to fix (a sentence).
pub fn check_silence(f: &SilenceForm, now_ms: i64) -> Result<NewSilence, String> {
    let matchers: Vec<Matcher> = f.matchers.iter().filter(|m| !(m.name.trim().is_empty() && m.value.is_empty())).cloned().collect();
    if matchers.is_empty() {
        return Err("Add at least one matcher.".into());
    }
    if let Some(m) = matchers.iter().find(|m| m.name.trim().is_empty()) {
        return Err(format!("A matcher with the value {:?} has no label name.", m.value));
    }
    if matchers.iter().all(|m| !m.op.is_equal() || (m.op.is_regex() && m.value.trim_matches(['.', '*']).is_empty())) {
        return Err("At least one matcher must select something (=, or =~ with a non-empty pattern): this silence would match every alert.".into());
    }
    let ms = parse_duration(f.duration.trim()).filter(|ms| *ms > 0).ok_or_else(|| format!("\"{}\" is not a duration: use 30m, 2h or 1d.", f.duration.trim()))?;
    if ms > MAX_SILENCE_MS {
        return Err("A silence lasts at most a year.".into());
    }
    if f.author.trim().is_empty() {
        return Err("Say who creates the silence (author).".into());
    }
    Ok(NewSilence {
        matchers: matchers.into_iter().map(|m| Matcher { name: m.name.trim().to_string(), ..m }).collect(),
        starts_ms: now_ms,
        ends_ms: now_ms.saturating_add(ms),
        created_by: f.author.trim().to_string(),
        comment: f.comment.clone(),
    })
}

/// A short word for an Alertmanager alert's state: `active`, `silenced`, `inhibited`.
pub fn managed_state(a: &ManagedAlert) -> &'static str {
    if !a.silenced_by.is_empty() {
        "silenced"
    } else if !a.inhibited_by.is_empty() {
        "inhibited"
    } else if a.state == "unprocessed" {
        "unprocessed"
    } else {
        "active"
    }
}

/// The alert manager's copy of an alert with these labels (the rule evaluator sends them unchanged unless it
/// adds external labels, so an alert manager's alert is found when it has every label of the rule's alert).
pub fn managed_for<'a>(groups: &'a [AlertGroup], labels: &Labels) -> Option<&'a ManagedAlert> {
    groups.iter().flat_map(|g| &g.alerts).find(|a| labels.0.iter().all(|(k, v)| a.labels.0.get(k) == Some(v)))
}

/// The routing group's title: its group labels, `alertname="X", service="y"`, or `(no group labels)`.
pub fn group_title(g: &AlertGroup) -> String {
    if g.labels.0.is_empty() {
        return "(no group labels)".into();
    }
    g.labels.0.iter().map(|(k, v)| format!("{k}={v:?}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_firing_alert_correlates_its_service_from_before_it_became_active() {
        use crate::telemetry::alerts::Alert;
        let labels = |kv: &[(&str, &str)]| Labels(kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        let alert = |state, kv: &[(&str, &str)], at| Alert { labels: labels(kv), annotations: Labels::default(), state, active_at_ms: at, value: "1".into() };
        let a = alert(AlertState::Firing, &[("alertname", "HighErrorRate"), ("service", "api"), ("service_name", "search-service")], Some(1_700_000_600_000));
        assert_eq!(correlate_link(&a).as_deref(), Some("#/correlate?from=1700000300000&to=now&service=search-service"));
        let d = crate::url_state::decode(&correlate_link(&a).unwrap());
        let Route::Correlate(c) = d.route else { panic!() };
        assert!(c.is_window() && d.notices.is_empty());
        assert_eq!(correlate_link(&alert(AlertState::Firing, &[("service", "api")], Some(1_000_000))).as_deref(), Some("#/correlate?from=700000&to=now&service=api"));
        // Not firing, no service, or no active time: no link.
        assert_eq!(correlate_link(&alert(AlertState::Pending, &[("service", "api")], Some(1))), None);
        assert_eq!(correlate_link(&alert(AlertState::Firing, &[("alertname", "X"), ("service", " ")], Some(1))), None);
        assert_eq!(correlate_link(&alert(AlertState::Firing, &[("service", "api")], None)), None);
    }

    use super::*;
    use crate::backends::prometheus::rules::parse_rules;
    use crate::url_state::decode;

    fn groups() -> Vec<RuleGroup> {
        let body = std::fs::read_to_string(format!("{}/tests/fixtures/alerts/rules.json", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
        parse_rules(200, "application/json", &body).expect("parses")
    }

    fn names(v: &[GroupView]) -> Vec<String> {
        v.iter().flat_map(|g| g.rules.iter().map(|r| r.name.clone())).collect()
    }

    fn st(states: &[AlertState], filter: &str) -> AlertsState {
        AlertsState { states: states.to_vec(), filter: filter.into(), ..AlertsState::default() }
    }

    #[test]
    fn groups_list_alerting_rules_with_counts_and_filters_by_state() {
        let g = groups();
        let all = alerting_groups(&g, &st(&[], ""));
        assert_eq!(all.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["rag-alerts", "rag-slo"]);
        assert_eq!(names(&all), ["HighErrorRate", "TrafficSustained", "RequestFlood", "DurationByCount", "ErrorBudgetBurn"]);
        // rag-alerts: HighErrorRate firing, TrafficSustained pending, RequestFlood and DurationByCount inactive.
        assert_eq!(all[0].counts, [1, 1, 2]);
        // The burn-rate alert fired too when the answer was recorded.
        assert_eq!(names(&alerting_groups(&g, &st(&[AlertState::Firing], ""))), ["HighErrorRate", "ErrorBudgetBurn"]);
        assert_eq!(names(&alerting_groups(&g, &st(&[AlertState::Firing, AlertState::Pending], ""))), ["HighErrorRate", "TrafficSustained", "ErrorBudgetBurn"]);
        assert_eq!(names(&alerting_groups(&g, &st(&[AlertState::Inactive], ""))), ["RequestFlood", "DurationByCount"]);
    }

    #[test]
    fn text_filter_matches_names_and_labels_of_rules_and_alerts() {
        let g = groups();
        assert_eq!(names(&alerting_groups(&g, &st(&[], "budget"))), ["ErrorBudgetBurn"]);
        assert_eq!(names(&alerting_groups(&g, &st(&[], "severity=critical"))), ["RequestFlood", "ErrorBudgetBurn"]);
        // llm-gateway had traffic but no errors when the answer was recorded: only TrafficSustained has its alert.
        assert_eq!(names(&alerting_groups(&g, &st(&[], "service=\"llm-gateway\""))), ["TrafficSustained"]);
        assert_eq!(names(&alerting_groups(&g, &st(&[], "service=qdrant high"))), ["HighErrorRate"]);
        assert_eq!(names(&alerting_groups(&g, &st(&[], "severity!=warning rate"))), Vec::<String>::new());
        assert!(alerting_groups(&g, &st(&[], "nothing-like-this")).is_empty());
    }

    #[test]
    fn the_metrics_link_opens_the_expression_from_before_the_first_alert_with_exemplars() {
        let g = groups();
        let r = g.iter().flat_map(|g| &g.rules).find(|r| r.name == "HighErrorRate").expect("rule");
        let first = first_active(r).expect("active");
        let link = metrics_link(&r.query, Some(first));
        let Route::Metrics(m) = decode(&link).route else { panic!("metrics route: {link}") };
        assert_eq!(m.queries[0].expr, r.query);
        assert!(m.exemplars);
        assert_eq!(m.range.from, TimeExpr::Absolute(first - LEAD_IN_MS));
        assert_eq!(m.range.to, TimeExpr::now());
    }

    #[test]
    fn a_silence_needs_a_selecting_matcher_a_duration_and_an_author() {
        let mut labels = Labels::default();
        labels.0.insert("alertname".into(), "HighErrorRate".into());
        labels.0.insert("service".into(), "qdrant".into());
        let mut f = SilenceForm { matchers: matchers_of(&labels), duration: "2h".into(), author: " ana ".into(), comment: "deploy".into() };
        let s = check_silence(&f, 1_000).expect("valid");
        assert_eq!((s.starts_ms, s.ends_ms, s.created_by.as_str()), (1_000, 1_000 + 7_200_000, "ana"));
        assert_eq!(s.matchers.iter().map(|m| m.to_string()).collect::<Vec<_>>(), ["alertname=\"HighErrorRate\"", "service=\"qdrant\""]);
        f.duration = "soon".into();
        assert!(check_silence(&f, 0).unwrap_err().contains("not a duration"));
        f.duration = "1h".into();
        f.author.clear();
        assert!(check_silence(&f, 0).unwrap_err().contains("author"));
        f.author = "ana".into();
        for m in &mut f.matchers {
            m.op = MatchOp::Ne;
        }
        assert!(check_silence(&f, 0).unwrap_err().contains("every alert"));
        f.matchers = vec![Matcher { name: "".into(), op: MatchOp::Eq, value: "x".into() }];
        assert!(check_silence(&f, 0).unwrap_err().contains("no label name"));
        f.matchers.clear();
        assert!(check_silence(&f, 0).is_err());
    }
}
