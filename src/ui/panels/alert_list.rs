//! Alert list panel body: Prometheus' alerting rules as the panel's options keep, sort and group them
//! (`view::alert_list`), each row linking to the alerts page; reloads with the dashboard's refresh.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PanelEnv;
use crate::ui::latest::Latest;
use crate::backends::ApiError;
use crate::browser;
use crate::dashboard::Panel;
use crate::http::alerts as api;
use crate::time::format::{format_ms, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::url_state::{encode, AlertsState, Route};
use crate::view::alert_list::{alert_list, AlertList};

/// Prometheus' anchored regex match through the browser's RegExp.
fn full_match(pattern: &str, value: &str) -> Option<bool> {
    browser::regex::compile(&format!("^(?:{pattern})$"), true).ok().map(|re| re.is_match(value))
}

#[component]
pub fn AlertListBody(panel: Panel, env: Signal<PanelEnv>) -> impl IntoView {
    let ctx = use_ctx();
    let opts = panel.options.alert_list.clone().unwrap_or_default();
    let loaded = RwSignal::new(None::<Result<AlertList, ApiError>>);
    let abort = Latest::new();
    Effect::new(move |_| {
        let e = env.get();
        if !e.health.prometheus_known {
            return;
        }
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        let opts = opts.clone();
        spawn_local(async move {
            let r = api::rule_groups(&ds, &a).await;
            if matches!(r, Err(ApiError::Aborted)) {
                return;
            }
            let _ = loaded.try_set(Some(r.map(|g| alert_list(&g, &opts, &full_match))));
            browser::mark("trifocal:panel-loaded");
        });
    });
    let tz = if ctx.utc.get_untracked() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
    move || match loaded.get() {
        None => view! { <p class="muted panel-msg" data-testid="alert-list" data-state="loading">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <p class="error panel-msg" role="alert" data-testid="alert-list" data-state="error">{format!("Prometheus' alerting rules: {e}")}</p>
        }
        .into_any(),
        Some(Ok(l)) => {
            let more = l.kept.saturating_sub(l.rows.len());
            let empty = l.rows.is_empty();
            let rows = l
                .rows
                .into_iter()
                .map(|r| {
                    let href = format!("#{}", encode(&Route::Alerts(AlertsState { filter: r.title.clone(), ..AlertsState::default() })));
                    let since = r.active_since_ms.map(|t| format!("since {}", format_ms(t, tz, false))).unwrap_or_default();
                    let labels = r.labels.0.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
                    view! {
                        <li class="alert-row" data-testid="alert-row" data-state=r.state.id() data-name=r.title.clone() data-alerts=r.alerts.to_string()>
                            <span class=format!("state {}", r.state.id())>{r.state.id()}</span>" "
                            <a href=href>{r.title.clone()}</a>
                            <span class="muted small">{format!(" {} alerts {since}", r.alerts)}</span>
                            {(!r.summary.is_empty()).then(|| view! { <div class="small">{r.summary.clone()}</div> })}
                            {(!labels.is_empty()).then(|| view! { <div class="muted small code">{labels}</div> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="panel-scroll alert-list" data-testid="alert-list" data-state="ok" data-kept=l.kept.to_string()>
                    <style>{LIST_CSS}</style>
                    {l.filter_error.map(|e| view! { <p class="warning panel-note" data-testid="alert-list-note">{e}</p> })}
                    {empty.then(|| view! { <p class="empty panel-msg">"No alerting rules match."</p> })}
                    <ul class="alert-rows">{rows}</ul>
                    {(more > 0).then(|| view! { <p class="muted small">{format!("{more} more not shown (max items)")}</p> })}
                </div>
            }
            .into_any()
        }
    }
}

/// The list's styles (kept here, out of the first load's CSS).
const LIST_CSS: &str = ".alert-rows{list-style:none;margin:0;padding:0}.alert-row{border-left:3px solid var(--border);padding:2px 8px;margin:4px 0}.alert-row[data-state=firing]{border-left-color:var(--error)}.alert-row[data-state=pending]{border-left-color:var(--warn)}.alert-row .state{font-weight:700}.alert-row .state.firing{color:var(--error)}.alert-row .state.pending{color:var(--warn)}";
