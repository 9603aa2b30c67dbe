//! Alerts page (`#/alerts`): Prometheus' alerting rules grouped by file and group with counts per state,
//! filtered by state and text (both in the URL); the rules tab (recording rules and rule health); the
//! Alertmanager tab (routing groups and silences). An Alertmanager that is not set or does not answer leaves
//! the Prometheus part working and says so.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::backends::ApiError;
use crate::http::alerts as api;
use crate::telemetry::alerts::{AlertGroup, AlertState, RuleGroup, Silence};
use crate::ui::alerts::rules_list::{AlertRules, RulesHealth};
use crate::ui::alerts::silence::{Manager, SilenceEditor};
use crate::ui::ctx::use_ctx;
use crate::url_state::{AlertsState, AlertsTab, Route};
use crate::view::alerts::SilenceForm;

type Loaded<T> = RwSignal<Option<Result<T, ApiError>>>;

/// What the page loaded, shared with its parts; `reload` asks again (after a silence changed).
#[derive(Clone, Copy)]
pub struct AlertsData {
    pub rules: Loaded<Vec<RuleGroup>>,
    pub groups: Loaded<Vec<AlertGroup>>,
    pub silences: Loaded<Vec<Silence>>,
    pub reload: RwSignal<u32>,
    /// The silence being written (from an alert's labels, or an expired silence recreated).
    pub editing: RwSignal<Option<SilenceForm>>,
}

#[component]
pub fn Alerts(state: AlertsState) -> impl IntoView {
    let ctx = use_ctx();
    let data = AlertsData {
        rules: RwSignal::new(None),
        groups: RwSignal::new(None),
        silences: RwSignal::new(None),
        reload: RwSignal::new(0),
        editing: RwSignal::new(None),
    };
    let abort = Latest::new();
    Effect::new(move |_| {
        let _ = data.reload.get();
        let a = abort.renew();
        let ds = ctx.ds.get_untracked();
        spawn_local(async move {
            let r = api::rule_groups(&ds, &a).await;
            if !matches!(r, Err(ApiError::Aborted)) {
                let _ = data.rules.try_set(Some(r));
            }
            let g = api::alert_groups(&ds, &a).await;
            if !matches!(g, Err(ApiError::Aborted)) {
                let _ = data.groups.try_set(Some(g));
            }
            let s = api::silences(&ds, &a).await;
            if !matches!(s, Err(ApiError::Aborted)) {
                let _ = data.silences.try_set(Some(s));
            }
            crate::browser::mark("trifocal:alerts-loaded");
        });
    });
    let st = StoredValue::new(state.clone());
    let go = move |edit: &dyn Fn(&mut AlertsState)| {
        let mut s = st.get_value();
        edit(&mut s);
        ctx.navigate(&Route::Alerts(s));
    };
    let filter = RwSignal::new(state.filter.clone());
    let tab_link = move |t: AlertsTab, label: &'static str| {
        let mut s = st.get_value();
        s.tab = t;
        let href = format!("#{}", crate::url_state::encode(&Route::Alerts(s)));
        let current = st.get_value().tab == t;
        view! { <a href=href class:active=current aria-current=if current { "page" } else { "false" } data-testid=format!("alerts-tab-{}", t.id())>{label}</a> }
    };
    let state_box = move |s: AlertState| {
        let on = st.get_value().states.contains(&s);
        view! {
            <label class="check">
                <input type="checkbox" data-testid=format!("state-{}", s.id()) prop:checked=on
                    on:change=move |_| go(&|x: &mut AlertsState| {
                        if let Some(i) = x.states.iter().position(|y| *y == s) { x.states.remove(i); } else { x.states.push(s); x.states.sort(); }
                    })/>
                {s.id()}
            </label>
        }
    };
    let body = match state.tab {
        AlertsTab::Alerts => view! { <AlertRules state=state.clone() data=data/> }.into_any(),
        AlertsTab::Rules => view! { <RulesHealth data=data/> }.into_any(),
        AlertsTab::Silences => view! { <Manager data=data/> }.into_any(),
    };
    view! {
        <section class="alerts-page" aria-label="Alerts">
            <nav class="tabs" aria-label="Alerts views">
                {tab_link(AlertsTab::Alerts, "Alert rules")}
                {tab_link(AlertsTab::Rules, "Rules health")}
                {tab_link(AlertsTab::Silences, "Alertmanager")}
            </nav>
            <div class="toolbar">
                {(state.tab == AlertsTab::Alerts).then(|| view! {
                    <span class="muted">"State:"</span>
                    {AlertState::ALL.into_iter().map(state_box).collect_view()}
                    <input class="code" data-testid="alerts-filter" aria-label="Filter rules by name or label"
                        placeholder="name words or label=value, label!=value" prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { let f = filter.get_untracked(); go(&|x: &mut AlertsState| x.filter = f.clone()); }/>
                    <button data-testid="alerts-filter-apply" on:click=move |_| { let f = filter.get_untracked(); go(&|x: &mut AlertsState| x.filter = f.clone()); }>"Filter"</button>
                })}
                <button data-testid="alerts-refresh" on:click=move |_| data.reload.update(|n| *n += 1)>"Refresh"</button>
            </div>
            <SilenceEditor data=data/>
            {body}
        </section>
    }
}
