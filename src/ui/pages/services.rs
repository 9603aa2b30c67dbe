//! The service map page (`#/services`): services and the calls between them from the trace backend's
//! dependencies and Prometheus' service-graph metrics, laid out left to right; pan (drag), zoom, focus a
//! service with a depth in hops, search; a node opens its RED metrics, traces and logs, an edge the
//! traces that cross it. Loading and drawing in `ui::service_map`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::browser;
use crate::dashboard::MapSource;
use crate::time::TimeRange;
use crate::ui::ctx::use_ctx;
use crate::ui::service_map::{load_map, map_view, Loaded, Picked};
use crate::ui::time_picker::TimePicker;
use crate::url_state::{Route, ServicesState, MAX_SERVICE_DEPTH};

#[component]
pub fn ServiceMapPage(state: ServicesState) -> impl IntoView {
    let ctx = use_ctx();
    let loaded = RwSignal::new(None::<Loaded>);
    let search = RwSignal::new(state.search.clone());
    let focus = RwSignal::new(state.focus.clone());
    let depth = RwSignal::new(state.depth);
    let picked = RwSignal::new(None::<Picked>);
    let zoom = RwSignal::new(4usize);
    let abort = Latest::new();
    let st = StoredValue::new(state.clone());
    let ready = Memo::new(move |_| ctx.health.with(|h| h.prometheus_known && h.traces_known));

    Effect::new(move |_| {
        if !ready.get() {
            return;
        }
        let h = ctx.health.get_untracked();
        let ds = ctx.ds.get_untracked();
        let s = st.get_value();
        let (start, end) = s.range.resolve(browser::now_ms(), ctx.tz_offset());
        let a = abort.renew();
        spawn_local(async move {
            if let Some(l) = load_map(&ds, &h, start, end, MapSource::Both, &a).await {
                let _ = loaded.try_set(Some(l));
            }
        });
    });

    let go = move |s: ServicesState| ctx.navigate(&Route::Services(s));
    let apply_focus = move || {
        let mut s = st.get_value();
        s.focus = focus.get_untracked().trim().to_string();
        s.depth = depth.get_untracked().min(MAX_SERVICE_DEPTH);
        s.search = search.get_untracked();
        go(s);
    };
    let set_range = Callback::new(move |r: TimeRange| {
        let mut s = st.get_value();
        s.range = r;
        go(s);
    });
    // The search is kept in the URL without a history entry.
    Effect::new(move |_| {
        let q = search.get();
        let mut s = st.get_value();
        if s.search != q {
            s.search = q;
            st.set_value(s.clone());
            ctx.replace(&Route::Services(s));
        }
    });

    let body = move || match loaded.get() {
        None => view! { <p class="muted" role="status">"Loading the service map…"</p> }.into_any(),
        Some(l) => map_view(l, st.get_value(), search, picked, zoom).into_any(),
    };
    let services_list = move || {
        loaded.get().map(|l| l.map.nodes.iter().map(|n| view! { <option value=n.name.clone()></option> }).collect_view())
    };

    view! {
        <section class="services-page" aria-label="Service map">
            <div class="toolbar">
                <h1>"Service map"</h1>
                <label class="check">"Focus "
                    <input list="service-names" data-testid="map-focus" aria-label="Focus on service" placeholder="all services" prop:value=move || focus.get()
                        on:input=move |ev| focus.set(event_target_value(&ev)) on:keydown=move |ev| if ev.key() == "Enter" { apply_focus() }/>
                </label>
                <datalist id="service-names">{services_list}</datalist>
                <label class="check">"Depth "
                    <input type="number" min="0" max=MAX_SERVICE_DEPTH.to_string() data-testid="map-depth" aria-label="Hops around the focused service" style="width:4em"
                        prop:value=move || depth.get().to_string() on:change=move |ev| depth.set(event_target_value(&ev).parse().unwrap_or(2))/>
                </label>
                <button data-testid="map-apply" on:click=move |_| apply_focus()>"Show"</button>
                <input type="search" data-testid="map-search" aria-label="Search services" placeholder="Search services"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                <span class="spacer"></span>
                <TimePicker range=state.range.clone() on_change=set_range/>
            </div>
            {body}
        </section>
    }
}

