//! Time range picker: quick ranges, typed `now-6h` / absolute expressions, shift back/forward, zoom out.

use leptos::prelude::*;

use super::ctx::use_ctx;
use crate::browser;
use crate::time::format::TimeZone;
use crate::time::quick::quick_range;
use crate::time::{TimeRange, QUICK_RANGES};

/// The `size` of a time field: its text's length in characters and one more (at least 12), so a whole
/// absolute time shows where CSS `field-sizing` is not known.
fn field_size(text: &str) -> String {
    (text.chars().count().max(11) + 1).to_string()
}

#[component]
pub fn TimePicker(range: TimeRange, on_change: Callback<TimeRange>) -> impl IntoView {
    let ctx = use_ctx();
    let from = RwSignal::new(range.from.to_string());
    let to = RwSignal::new(range.to.to_string());
    let error = RwSignal::new(None::<String>);
    let label = range.label_in(TimeZone::Browser(ctx.tz_offset()));
    let current = range.clone();
    let apply = move || match TimeRange::parse(&from.get_untracked(), &to.get_untracked()) {
        Ok(r) => {
            error.set(None);
            on_change.run(r);
        }
        Err(e) => error.set(Some(e)),
    };
    let (r1, r2) = (current.clone(), current.clone());
    view! {
        <div class="time-picker" role="group" aria-label="Time range">
            <select aria-label="Quick range" on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(r) = quick_range(&v) { on_change.run(r); }
            }>
                <option value="" selected=true>{label}</option>
                {QUICK_RANGES.iter().map(|(f, l)| view! { <option value=*f>{*l}</option> }).collect_view()}
            </select>
            <label>"From " <input class="time-input" aria-label="From" prop:value=move || from.get() size=move || field_size(&from.get())
                on:input=move |ev| from.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { apply() } /></label>
            <label>"To " <input class="time-input" aria-label="To" prop:value=move || to.get() size=move || field_size(&to.get())
                on:input=move |ev| to.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { apply() } /></label>
            <button on:click=move |_| apply()>"Apply"</button>
            <button title="Shift back" aria-label="Shift time range back" on:click=move |_| {
                on_change.run(r1.shift(browser::now_ms(), ctx.tz_offset(), false))
            }>"◀"</button>
            <button title="Shift forward" aria-label="Shift time range forward" on:click=move |_| {
                on_change.run(r2.shift(browser::now_ms(), ctx.tz_offset(), true))
            }>"▶"</button>
            <button title="Zoom out" aria-label="Zoom out" on:click=move |_| {
                on_change.run(current.zoom_out(browser::now_ms(), ctx.tz_offset(), 2.0))
            }>"−"</button>
            {move || error.get().map(|e| view! { <span class="error" role="alert">{e}</span> })}
        </div>
    }
}
