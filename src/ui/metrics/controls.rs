//! Metrics page controls: visualisation picker, chart options (draw style, unit, log scale, exemplars), auto-refresh
//! picker with its indicator, min step input and the keyboard shortcut help popover.

use leptos::prelude::*;

use crate::chart::timeseries::DrawStyle;
use crate::time::duration::parse_duration;
use crate::view::shortcuts::explore_help;
use crate::view::units::Unit;

/// Auto-refresh choices: value in the URL (`refresh=`) and label; "" = off.
pub const REFRESH_CHOICES: [(&str, &str); 6] = [("", "Off"), ("5s", "5s"), ("10s", "10s"), ("30s", "30s"), ("1m", "1m"), ("5m", "5m")];

/// The URL name of a draw style.
pub fn style_id(s: DrawStyle) -> &'static str {
    match s {
        DrawStyle::Lines => "lines",
        DrawStyle::Points => "points",
        DrawStyle::Bars => "bars",
        DrawStyle::Stacked => "stacked",
    }
}

/// The draw style of a URL name (lines when unknown).
pub fn style_from_id(s: &str) -> DrawStyle {
    match s {
        "points" => DrawStyle::Points,
        "bars" => DrawStyle::Bars,
        "stacked" => DrawStyle::Stacked,
        _ => DrawStyle::Lines,
    }
}

/// The visualisations of range results: URL name (`viz=`) and label.
pub const VIZ_CHOICES: [(&str, &str); 4] = [("graph", "Time series"), ("stat", "Stat"), ("table", "Table"), ("heatmap", "Heatmap")];

/// Time series / stat / table / heatmap. `on_change` runs after a change.
#[component]
pub fn VizPicker(viz: RwSignal<String>, on_change: Callback<()>) -> impl IntoView {
    view! {
        <label class="viz-picker">"Visualisation "
            <select aria-label="Visualisation" data-testid="viz-picker" on:change=move |ev| { viz.set(event_target_value(&ev)); on_change.run(()); }>
                {VIZ_CHOICES.into_iter().map(|(v, l)| view! { <option value=v selected=move || viz.get() == v>{l}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// Draw style, unit (Auto = guessed per query), log scale and exemplars on/off. `on_change` runs after any of
/// them changes.
#[component]
pub fn ChartOptionsBar(
    style: RwSignal<DrawStyle>,
    unit: RwSignal<Option<Unit>>,
    /// The units guessed for the queries drawn (one per query unit, in query order).
    auto_units: Signal<Vec<Unit>>,
    log_scale: RwSignal<bool>,
    exemplars: RwSignal<bool>,
    on_change: Callback<()>,
) -> impl IntoView {
    let styles = [DrawStyle::Lines, DrawStyle::Points, DrawStyle::Bars, DrawStyle::Stacked];
    view! {
        <div class="chart-options" role="group" aria-label="Chart options">
            <label>"Style "
                <select aria-label="Draw style" data-testid="draw-style" on:change=move |ev| { style.set(style_from_id(&event_target_value(&ev))); on_change.run(()); }>
                    {styles.into_iter().map(|s| view! {
                        <option value=style_id(s) selected=move || style.get() == s>{match s { DrawStyle::Lines => "Lines", DrawStyle::Points => "Points", DrawStyle::Bars => "Bars", DrawStyle::Stacked => "Stacked" }}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Unit "
                <select aria-label="Unit" data-testid="unit-picker" on:change=move |ev| { unit.set(Unit::from_id(&event_target_value(&ev))); on_change.run(()); }>
                    <option value="" selected=move || unit.get().is_none()>{move || format!("Auto ({})", auto_units.get().iter().map(|u| u.label()).collect::<Vec<_>>().join(" · "))}</option>
                    {Unit::ALL.into_iter().map(|u| view! { <option value=u.id() selected=move || unit.get() == Some(u)>{u.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" aria-label="Log scale" data-testid="log-scale" prop:checked=move || log_scale.get()
                on:change=move |ev| { log_scale.set(event_target_checked(&ev)); on_change.run(()); }/>"Log scale"</label>
            <label class="check"><input type="checkbox" data-testid="exemplars-toggle" prop:checked=move || exemplars.get()
                on:change=move |ev| { exemplars.set(event_target_checked(&ev)); on_change.run(()); }/>"Exemplars"</label>
        </div>
    }
}

/// Auto-refresh interval picker and its indicator (`status`: e.g. "next in 7s", "paused: tab hidden").
#[component]
pub fn RefreshPicker(refresh: RwSignal<Option<String>>, status: Signal<String>, on_change: Callback<()>) -> impl IntoView {
    view! {
        <span class="refresh" role="group" aria-label="Auto-refresh">
            <select aria-label="Auto-refresh interval" data-testid="refresh-picker" on:change=move |ev| {
                let v = event_target_value(&ev);
                refresh.set((!v.is_empty()).then_some(v));
                on_change.run(());
            }>
                {REFRESH_CHOICES.into_iter().map(|(v, l)| view! {
                    <option value=v selected=move || refresh.get().as_deref().unwrap_or("") == v>{if v.is_empty() { "Refresh: off".to_string() } else { format!("Every {l}") }}</option>
                }).collect_view()}
            </select>
            <Show when=move || refresh.get().is_some()>
                <span class="refresh-indicator" data-testid="refresh-indicator" role="status"
                    class:paused=move || status.get().starts_with("paused")>
                    <span class="dot" aria-hidden="true"></span>{move || status.get()}
                </span>
            </Show>
        </span>
    }
}

/// The min step input: a Prometheus duration (`15s`), empty for none. `on_commit` gets the valid value.
#[component]
pub fn MinStepInput(initial: Option<String>, on_commit: Callback<Option<String>>) -> impl IntoView {
    let text = RwSignal::new(initial.unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let commit = move || {
        let Some(v) = text.try_get_untracked().map(|t| t.trim().to_string()) else { return };
        if v.is_empty() {
            error.set(None);
            on_commit.run(None);
        } else if parse_duration(&v).is_some_and(|ms| ms > 0) {
            error.set(None);
            on_commit.run(Some(v));
        } else {
            error.set(Some(format!("\"{v}\" is not a duration such as 15s or 1m")));
        }
    };
    view! {
        <label class="min-step">"Min step "
            <input class="code" size="5" aria-label="Min step" placeholder="auto" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:change=move |_| commit()
                on:keydown=move |ev| if ev.key() == "Enter" { commit() } />
        </label>
        {move || error.get().map(|e| view! { <span class="error" role="alert">{e}</span> })}
    }
}

/// A "Shortcuts" button opening a popover listing the keyboard shortcuts.
#[component]
pub fn ShortcutHelp() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <span class="shortcut-help">
            <button class="link" aria-expanded=move || open.get().to_string() aria-controls="metrics-shortcuts"
                on:click=move |_| open.update(|o| *o = !*o)>"Shortcuts"</button>
            <Show when=move || open.get()>
                <div class="popover" id="metrics-shortcuts" role="dialog" aria-label="Keyboard shortcuts"
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                    <table>
                        {explore_help().into_iter().map(|(k, d)| view! { <tr><td><kbd>{k}</kbd></td><td>{d}</td></tr> }).collect_view()}
                    </table>
                    <button class="link" on:click=move |_| open.set(false)>"Close"</button>
                </div>
            </Show>
        </span>
    }
}
