//! Alerting rules by file and group (state, expression as a metrics link, for/keep_firing_for, labels,
//! annotations with safe links, health and error, each alert with its labels, value, active since and
//! Alertmanager state), and the rules health table.

use leptos::prelude::*;

use crate::browser;
use crate::dashboard::links::safe_href;
use crate::telemetry::alerts::{Alert, Rule, RuleKind};
use crate::telemetry::Labels;
use crate::time::duration::format_duration;
use crate::time::format::{format_ms, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::ui::pages::alerts::AlertsData;
use crate::url_state::AlertsState;
use crate::view::alerts::{alerting_groups, all_rules, correlate_link, first_active, managed_for, managed_state, matchers_of, metrics_link, SilenceForm};

pub(crate) fn tz() -> TimeZone {
    if use_ctx().utc.get_untracked() {
        TimeZone::Utc
    } else {
        TimeZone::Browser(browser::tz_offset_min())
    }
}

pub(crate) fn when(ms: Option<i64>) -> String {
    ms.map(|t| format_ms(t, tz(), false)).unwrap_or_else(|| "—".into())
}

pub(crate) fn label_list(l: &Labels) -> impl IntoView {
    let items: Vec<_> = l.0.iter().map(|(k, v)| view! { <li class="label"><span class="k">{k.clone()}</span>"="<span class="v">{v.clone()}</span></li> }).collect();
    view! { <ul class="labels">{items}</ul> }
}

/// An annotation: a link when its name says URL and its value is an allowed target, else text.
fn annotation(k: &str, v: &str) -> impl IntoView {
    let link = k.to_ascii_lowercase().ends_with("url").then(|| safe_href(v)).flatten();
    let value = match link {
        Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer" data-testid="annotation-link">{v.to_string()}</a> }.into_any(),
        None => view! { <span>{v.to_string()}</span> }.into_any(),
    };
    view! { <dt>{k.to_string()}</dt><dd>{value}</dd> }
}

/// The author remembered from the last silence made in this browser.
pub(crate) const AUTHOR_KEY: &str = "trifocal.silence.author";

pub(crate) fn start_silence(data: AlertsData, labels: &Labels) {
    data.editing.set(Some(SilenceForm {
        matchers: matchers_of(labels),
        duration: "2h".into(),
        author: browser::storage_get(AUTHOR_KEY).unwrap_or_default(),
        comment: String::new(),
    }));
}

fn alert_row(data: AlertsData, query: &str, a: Alert) -> impl IntoView {
    let groups = data.groups.get();
    let managed = match &groups {
        Some(Ok(g)) => managed_for(g, &a.labels).map(|m| {
            let st = managed_state(m);
            let by = if !m.silenced_by.is_empty() { format!(" by {}", m.silenced_by.join(", ")) } else if !m.inhibited_by.is_empty() { format!(" by {}", m.inhibited_by.join(", ")) } else { String::new() };
            format!("{st}{by}")
        }),
        _ => None,
    };
    let am_ok = matches!(groups, Some(Ok(_)));
    let link = metrics_link(query, a.active_at_ms);
    let correlate = correlate_link(&a);
    let labels = a.labels.clone();
    let am_attr = managed.clone().unwrap_or_default();
    let am_text = managed.unwrap_or_else(|| if am_ok { "not in Alertmanager (yet)".into() } else { "—".into() });
    view! {
        <tr data-testid="alert" data-state=a.state.id() data-am=am_attr>
            <td>{label_list(&a.labels)}</td>
            <td class=format!("state {}", a.state.id())>{a.state.id()}</td>
            <td class="num" data-testid="alert-value">{a.value.clone()}</td>
            <td data-testid="alert-active">{when(a.active_at_ms)}</td>
            <td data-testid="alert-am">{am_text}</td>
            <td>
                <a href=link data-testid="alert-expr-link">"Graph"</a>
                {correlate.map(|h| view! { " " <a href=h data-testid="alert-correlate" title="The service's log lines, metrics and traces since the alert became active">"Correlate"</a> })}
                {am_ok.then(|| view! { " " <button data-testid="silence-alert" on:click=move |_| start_silence(data, &labels)>"Silence"</button> })}
            </td>
        </tr>
    }
}

fn rule_card(data: AlertsData, r: Rule) -> impl IntoView {
    let RuleKind::Alerting { state, for_s, keep_firing_for_s, annotations, alerts } = r.kind.clone() else { return ().into_any() };
    let link = metrics_link(&r.query, first_active(&r));
    let health = r.health.id();
    let secs = |s: f64| format_duration((s * 1000.0).round() as i64);
    let anns: Vec<_> = annotations.0.iter().map(|(k, v)| annotation(k, v)).collect();
    let query = r.query.clone();
    let rows: Vec<_> = alerts.into_iter().map(|a| alert_row(data, &query, a)).collect();
    let has_rows = !rows.is_empty();
    view! {
        <article class="rule" data-testid="rule" data-rule=r.name.clone() data-state=state.id() data-health=health>
            <h3><span class=format!("badge state {}", state.id())>{state.id()}</span>" "{r.name.clone()}
                <span class="muted">" · health "<span data-testid="rule-health">{health}</span></span></h3>
            <a class="code expr" href=link data-testid="rule-expr">{r.query.clone()}</a>
            <p class="muted">"for "{secs(for_s)}{(keep_firing_for_s > 0.0).then(|| format!(" · keep firing for {}", secs(keep_firing_for_s)))}
                " · last evaluation "{when(r.last_evaluation_ms)}</p>
            {(!r.last_error.is_empty()).then(|| view! { <p class="error" role="alert" data-testid="rule-error">{r.last_error.clone()}</p> })}
            {(!r.labels.0.is_empty()).then(|| label_list(&r.labels))}
            {(!anns.is_empty()).then(|| view! { <dl class="annotations">{anns}</dl> })}
            {has_rows.then(|| view! {
                <table class="alerts-table">
                    <thead><tr><th>"Labels"</th><th>"State"</th><th>"Value"</th><th>"Active since"</th><th>"Alertmanager"</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })}
        </article>
    }
    .into_any()
}

#[component]
pub fn AlertRules(state: AlertsState, data: AlertsData) -> impl IntoView {
    move || match data.rules.get() {
        None => view! { <p class="muted" role="status">"Loading rules…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="rules-error">{format!("Prometheus' rules could not be loaded: {e}")}</p> }.into_any(),
        Some(Ok(groups)) => {
            let am_note = match data.groups.get() {
                Some(Err(e)) => Some(view! { <p class="notice" role="status" data-testid="am-unavailable">{format!("Alertmanager: {e}. Silences are not available; Prometheus' rules and alerts below are.")}</p> }),
                _ => None,
            };
            let views = alerting_groups(&groups, &state);
            let empty = views.is_empty();
            let sections: Vec<_> = views
                .into_iter()
                .map(|g| {
                    let [f, p, i] = g.counts;
                    let cards: Vec<_> = g.rules.into_iter().map(|r| rule_card(data, r)).collect();
                    view! {
                        <section class="rule-group" data-testid="rule-group" data-group=g.name.clone()>
                            <h2>{g.name.clone()}<span class="muted">" · "{g.file.clone()}</span></h2>
                            <p class="counts" data-testid="group-counts">{format!("firing {f} · pending {p} · inactive {i}")}</p>
                            {cards}
                        </section>
                    }
                })
                .collect();
            view! {
                {am_note}
                {empty.then(|| view! { <p class="muted" data-testid="no-rules">"No alerting rule matches."</p> })}
                {sections}
            }
            .into_any()
        }
    }
}

#[component]
pub fn RulesHealth(data: AlertsData) -> impl IntoView {
    move || match data.rules.get() {
        None => view! { <p class="muted" role="status">"Loading rules…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="rules-error">{format!("Prometheus' rules could not be loaded: {e}")}</p> }.into_any(),
        Some(Ok(groups)) => {
            let rows: Vec<_> = all_rules(&groups)
                .into_iter()
                .map(|(group, r)| {
                    let kind = if r.kind == RuleKind::Recording { "recording" } else { "alerting" };
                    let health = r.health.id();
                    view! {
                        <tr data-testid="rule-row" data-rule=r.name.clone() data-kind=kind data-health=health>
                            <td>{group}</td>
                            <td>{r.name.clone()}</td>
                            <td>{kind}</td>
                            <td><a class="code" href=metrics_link(&r.query, None)>{r.query.clone()}</a></td>
                            <td class=format!("health {health}")>{health}</td>
                            <td>{when(r.last_evaluation_ms)}</td>
                            <td class="num">{format!("{:.3} ms", r.evaluation_time_s * 1000.0)}</td>
                            <td class="error">{r.last_error.clone()}</td>
                        </tr>
                    }
                })
                .collect();
            view! {
                <table class="rules-table" data-testid="rules-table">
                    <thead><tr><th>"Group"</th><th>"Rule"</th><th>"Type"</th><th>"Expression"</th><th>"Health"</th><th>"Last evaluation"</th><th>"Took"</th><th>"Error"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
    }
}
