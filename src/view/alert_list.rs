//! The alert list panel, computed: the rows of Prometheus' alerting rules that a panel's options keep (state,
//! name words, label matchers), one per rule or one per set of `group_by` label values over the alerts,
//! sorted and cut to `max_items`.

use std::collections::BTreeMap;

use crate::dashboard::{AlertListOptions, AlertSort};
use crate::telemetry::alerts::{AlertState, MatchOp, Matcher, Rule, RuleGroup};
use crate::telemetry::Labels;

/// Tells whether a value matches a pattern fully (Prometheus' anchored regex); `None` when the pattern is
/// not a valid regex. The browser supplies its RegExp; tests their own.
pub type FullMatch<'a> = &'a dyn Fn(&str, &str) -> Option<bool>;

/// One row of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertRow {
    /// The rule's name, or the group's `label=value` pairs.
    pub title: String,
    /// The most urgent state of the row's rule or alerts.
    pub state: AlertState,
    /// Alerts in the row.
    pub alerts: usize,
    /// When the earliest of its alerts became active.
    pub active_since_ms: Option<i64>,
    /// The rule's labels (rule rows) or the grouped labels (group rows).
    pub labels: Labels,
    /// A rule row's summary annotation, if any.
    pub summary: String,
}

/// The rows shown and how many the options kept before `max_items` cut them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlertList {
    pub rows: Vec<AlertRow>,
    pub kept: usize,
    /// Why the label filter could not be applied (it is then ignored).
    pub filter_error: Option<String>,
}

/// Parses label matchers: `{a="x", b=~"y.*"}`, `a=x b!=y` (braces, commas and quotes optional).
pub fn parse_matchers(text: &str) -> Result<Vec<Matcher>, String> {
    let t = text.trim();
    let t = t.strip_prefix('{').map(|r| r.strip_suffix('}').unwrap_or(r)).unwrap_or(t);
    let mut out = Vec::new();
    let mut rest = t.trim_start_matches([',', ' ']);
    while !rest.is_empty() {
        let name_end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let name = &rest[..name_end];
        if name.is_empty() {
            return Err(format!("a label matcher must start with a label name: \"{}\"", clip(rest)));
        }
        let after = rest[name_end..].trim_start();
        let op = ["=~", "!~", "!=", "="].into_iter().find(|o| after.starts_with(o)).ok_or_else(|| format!("\"{name}\" must be followed by =, !=, =~ or !~"))?;
        let after = after[op.len()..].trim_start();
        let (value, tail) = if let Some(q) = after.strip_prefix('"') {
            let mut end = None;
            let mut escaped = false;
            for (i, c) in q.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let end = end.ok_or_else(|| format!("the value of \"{name}\" lacks its closing quote"))?;
            (q[..end].replace("\\\"", "\"").replace("\\\\", "\\"), &q[end + 1..])
        } else {
            let end = after.find([',', ' ']).unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        out.push(Matcher { name: name.to_string(), op: MatchOp::from_text(op).unwrap_or(MatchOp::Eq), value });
        rest = tail.trim_start_matches([',', ' ']);
    }
    Ok(out)
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Whether a label set satisfies every matcher (a missing label is the empty value, as in Prometheus).
fn matches_all(labels: &Labels, ms: &[Matcher], full: FullMatch<'_>) -> bool {
    ms.iter().all(|m| {
        let v = labels.0.get(&m.name).map(String::as_str).unwrap_or("");
        let hit = if m.op.is_regex() { full(&m.value, v).unwrap_or(false) } else { v == m.value };
        hit == m.op.is_equal()
    })
}

/// A rule's labels merged with one alert's (the alert's win).
fn merged(rule: &Labels, alert: &Labels) -> Labels {
    let mut l = rule.clone();
    l.0.extend(alert.0.iter().map(|(k, v)| (k.clone(), v.clone())));
    l
}

fn name_ok(rule: &Rule, words: &[String]) -> bool {
    let n = rule.name.to_lowercase();
    words.iter().all(|w| n.contains(w.as_str()))
}

/// The list a panel with options `o` shows of `groups`.
pub fn alert_list(groups: &[RuleGroup], o: &AlertListOptions, full: FullMatch<'_>) -> AlertList {
    let words: Vec<String> = o.name.split_whitespace().map(str::to_lowercase).collect();
    let (matchers, filter_error) = match parse_matchers(&o.labels) {
        Ok(m) => (m, None),
        Err(e) => (Vec::new(), Some(format!("Label filter ignored: {e}"))),
    };
    let bad_regex = matchers.iter().find(|m| m.op.is_regex() && full(&m.value, "").is_none()).map(|m| format!("Label filter ignored: {:?} is not a valid regex", m.value));
    let (matchers, filter_error) = match bad_regex {
        Some(e) => (Vec::new(), Some(e)),
        None => (matchers, filter_error),
    };
    let state_ok = |s: AlertState| o.states.is_empty() || o.states.contains(&s);
    let rules = groups.iter().flat_map(|g| g.rules.iter()).filter(|r| r.state().is_some() && name_ok(r, &words));
    let mut rows: Vec<AlertRow> = Vec::new();
    if o.group_by.is_empty() {
        for r in rules {
            let Some(state) = r.state() else { continue };
            // The rule's own labels, or any alert's: the rule is kept when one of them satisfies the filter.
            let alerts: Vec<_> = r.alerts().iter().filter(|a| matches_all(&merged(&r.labels, &a.labels), &matchers, full)).collect();
            if !state_ok(state) || (!matchers.is_empty() && alerts.is_empty() && !matches_all(&r.labels, &matchers, full)) {
                continue;
            }
            // The rule's summary is a template (`{{ $labels.x }}`) more often than not: an alert's is filled in.
            let rule_summary = match &r.kind {
                crate::telemetry::alerts::RuleKind::Alerting { annotations, .. } => annotations.0.get("summary").filter(|s| !s.contains("{{")).cloned(),
                _ => None,
            };
            let summary = alerts.iter().find_map(|a| a.annotations.0.get("summary").cloned()).or(rule_summary).unwrap_or_default();
            rows.push(AlertRow {
                title: r.name.clone(),
                state,
                alerts: if matchers.is_empty() { r.alerts().len() } else { alerts.len() },
                active_since_ms: alerts.iter().filter_map(|a| a.active_at_ms).min(),
                labels: Labels(r.labels.0.iter().filter(|(_, v)| !v.contains("{{")).map(|(k, v)| (k.clone(), v.clone())).collect()),
                summary,
            });
        }
    } else {
        let mut by: BTreeMap<Vec<(String, String)>, AlertRow> = BTreeMap::new();
        for r in rules {
            for a in r.alerts() {
                let l = merged(&r.labels, &a.labels);
                if !state_ok(a.state) || !matches_all(&l, &matchers, full) {
                    continue;
                }
                let key: Vec<(String, String)> = o.group_by.iter().map(|g| (g.clone(), l.0.get(g).cloned().unwrap_or_default())).collect();
                let row = by.entry(key.clone()).or_insert_with(|| AlertRow {
                    title: key.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "),
                    state: a.state,
                    alerts: 0,
                    active_since_ms: None,
                    labels: Labels(key.into_iter().collect()),
                    summary: String::new(),
                });
                row.alerts += 1;
                row.state = row.state.min(a.state);
                row.active_since_ms = match (row.active_since_ms, a.active_at_ms) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
            }
        }
        rows = by.into_values().collect();
    }
    sort_rows(&mut rows, o.sort);
    let kept = rows.len();
    rows.truncate(o.max_items as usize);
    AlertList { rows, kept, filter_error }
}

fn sort_rows(rows: &mut [AlertRow], sort: AlertSort) {
    let name = |r: &AlertRow| r.title.to_lowercase();
    match sort {
        AlertSort::Importance => crate::sort::by(rows, |a, b| a.state.cmp(&b.state).then_with(|| name(a).cmp(&name(b)))),
        AlertSort::AlphaAsc => crate::sort::by_key(rows, name),
        AlertSort::AlphaDesc => crate::sort::by_key(rows, |r| std::cmp::Reverse(name(r))),
        // Rows without an active alert go last either way.
        AlertSort::TimeAsc => crate::sort::by_key(rows, |r| (r.active_since_ms.is_none(), r.active_since_ms, name(r))),
        AlertSort::TimeDesc => crate::sort::by_key(rows, |r| (r.active_since_ms.is_none(), std::cmp::Reverse(r.active_since_ms), name(r))),
    }
}

#[cfg(test)]
#[path = "alert_list_tests.rs"]
mod tests;
