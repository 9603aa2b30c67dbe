//! The Gantt: a time ruler (drag on it to zoom into a time window) over virtualised span rows with
//! collapse twisties, problem badges, service-coloured bars, critical path and find highlights.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;
use wasm_bindgen::JsCast;

use super::state::{Loaded, TraceUi, OVERSCAN, ROW_PX};
use crate::time::duration::format_duration_human;
use crate::view::palette::service_color;
use crate::view::trace::detail::{badges, event_marks};
use crate::view::trace::minimap::{drag_window, fraction_at};
use crate::view::trace::nav::row_window;
use crate::view::trace::viewport::{span_geometry, ticks, TimeWindow};

/// Fraction of the event's current target at the pointer, and the target.
pub fn pointer_fraction(ev: &web_sys::MouseEvent) -> Option<(f64, web_sys::HtmlElement)> {
    let el = ev.current_target()?.dyn_into::<web_sys::HtmlElement>().ok()?;
    let r = el.get_bounding_client_rect();
    Some((fraction_at(f64::from(ev.client_x()), r.left(), r.width()), el))
}

#[component]
pub fn Waterfall(ui: TraceUi, l: Arc<Loaded>) -> impl IntoView {
    let duration = l.stats.duration_ns;
    let drag = RwSignal::new(None::<(f64, f64)>);
    let ruler = move || {
        ticks(&ui.window.get(), duration, 6)
            .into_iter()
            .map(|(x, label)| view! { <span class="tick" style=format!("left:{:.2}%", x * 100.0)>{label}</span> })
            .collect_view()
    };
    let selection = move || {
        drag.get().map(|(a, b)| {
            let (x0, x1) = (a.min(b), a.max(b));
            view! { <span class="zoom-sel" style=format!("left:{:.2}%;width:{:.2}%", x0 * 100.0, (x1 - x0) * 100.0)></span> }
        })
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if let Some((f, el)) = pointer_fraction(&ev) {
            drag.set(Some((f, f)));
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if let (Some((a, _)), Some((f, _))) = (drag.get_untracked(), pointer_fraction(&ev)) {
            drag.set(Some((a, f)));
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some((a, _)) = drag.get_untracked() else { return };
        drag.set(None);
        let Some((b, _)) = pointer_fraction(&ev) else { return };
        if let Some(z) = drag_window(a, b) {
            ui.window.update(|w| *w = w.zoom_to(z.start, z.end));
        }
    };

    let l2 = l.clone();
    let rows = move || {
        let vis = ui.visible.get();
        let (first, last) = row_window(vis.len(), ui.scroll_top.get(), ROW_PX, ui.viewport_h.get(), OVERSCAN);
        let w = ui.window.get();
        let sel = ui.selected.get();
        let hits = ui.matches.get();
        // While a find is active, the rows it does not match are dimmed (as Jaeger does).
        let finding = ui.find_text.with(|t| !t.trim().is_empty());
        let crit = ui.show_critical.get();
        ui.collapsed.with(|c| {
            vis.get(first..last)
                .unwrap_or(&[])
                .iter()
                .map(|&row| {
                    let state = RowState {
                        selected: sel == Some(row),
                        collapsed: c.is_collapsed(row),
                        hit: hits.binary_search(&row).is_ok(),
                        finding,
                        critical: crit,
                    };
                    span_row(&l2, row, &w, state, ui)
                })
                .collect_view()
        })
    };
    let offset = move || {
        let vis = ui.visible.get();
        let (first, _) = row_window(vis.len(), ui.scroll_top.get(), ROW_PX, ui.viewport_h.get(), OVERSCAN);
        format!("transform:translateY({}px)", first as f64 * ROW_PX)
    };
    let total = move || format!("height:{}px;position:relative", ui.visible.get().len() as f64 * ROW_PX);
    Effect::new(move |_| {
        if let Some(el) = ui.list.get() {
            ui.viewport_h.set(f64::from(el.client_height()));
        }
    });
    let window_attr = move || {
        let w = ui.window.get().normalized();
        format!("{:.4}-{:.4}", w.start, w.end)
    };

    view! {
        <div class="gantt" data-testid="gantt" data-window=window_attr>
            <div class="ruler" title="Drag to zoom into a time window" data-testid="ruler"
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
                on:pointercancel=move |_| drag.set(None)>
                {ruler}{selection}
            </div>
            <div class="span-list" role="tree" aria-label="Spans" tabindex="0" data-testid="span-list" node_ref=ui.list
                data-rows=move || ui.visible.get().len().to_string()
                on:scroll=move |ev| {
                    let el = event_target::<web_sys::HtmlElement>(&ev);
                    ui.scroll_top.set(f64::from(el.scroll_top()));
                    ui.viewport_h.set(f64::from(el.client_height()));
                }>
                <div style=total>
                    <div style=offset>{rows}</div>
                </div>
            </div>
        </div>
    }
}

/// The duration label goes after the bar, or inside its right end when the bar reaches the right edge.
fn label_style(left: f64, width: f64) -> String {
    let right = left + width;
    if right > 0.85 {
        format!("right:{:.3}%;padding-right:4px", (1.0 - right).max(0.0) * 100.0)
    } else {
        format!("left:{:.3}%", right * 100.0)
    }
}

#[derive(Clone, Copy)]
struct RowState {
    selected: bool,
    collapsed: bool,
    hit: bool,
    /// A find is active: rows that are not hits are dimmed.
    finding: bool,
    critical: bool,
}

fn span_row(l: &Arc<Loaded>, row: u32, w: &TimeWindow, st: RowState, ui: TraceUi) -> impl IntoView {
    let Some(r) = l.model.rows.get(row as usize) else { return ().into_any() };
    let span = r.span.and_then(|i| l.trace.spans.get(i));
    let (name, service, dur, err) = match span {
        Some(s) => (s.name.clone(), s.service.to_string(), format_duration_human(s.duration_ns()), s.is_error()),
        None => (
            format!("missing parent span {}", r.missing_id.map(|m| m.to_hex()).unwrap_or_default()),
            String::new(),
            String::new(),
            false,
        ),
    };
    let (cr, cg, cb) = if span.is_some() { service_color(l.service_index(row), crate::ui::ctx::palette_now()) } else { (128, 128, 128) };
    let critical = st.critical && r.flags.critical;
    let self_time = format_duration_human(r.self_time_ns);
    let marks_on_bar = event_marks(&l.model, &l.trace, row, w);
    let bar = span_geometry(&l.model, &l.trace, row, w).map(|(left, width)| {
        view! {
            <span class="bar" class:critical=critical class:error=err
                title=format!("{dur} (self {self_time})")
                style=format!("left:{:.3}%;width:max(2px,{:.3}%);background:rgb({cr},{cg},{cb})", left * 100.0, width * 100.0)></span>
            {marks_on_bar.iter().map(|x| view! { <span class="event-mark" title="Span event" style=format!("left:{:.3}%", x * 100.0)></span> }).collect_view()}
            <span class="bar-label" style=label_style(left, width)>{dur.clone()}</span>
        }
    });
    let has_children = r.child_count > 0;
    let depth = r.depth;
    let is_collapsed = st.collapsed;
    let marks = badges(&r.flags)
        .into_iter()
        .map(|b| view! { <span class=format!("badge {}", b.class) title=b.title aria-label=b.title>{b.mark}</span> })
        .collect_view();
    let placeholder = r.span.is_none();
    view! {
        <div class="span-row" role="treeitem" aria-selected=st.selected.to_string()
            aria-expanded=has_children.then(|| (!is_collapsed).to_string())
            data-row=row.to_string() data-span-id=span.map(|s| s.span_id.to_hex())
            data-match=(st.finding && st.hit).then_some("true")
            class:selected=st.selected class:hit=st.finding && st.hit class:dim=st.finding && !st.hit
            class:placeholder=placeholder class:error-row=err
            class:on-critical=critical
            on:click=move |_| ui.selected.set(Some(row))
            // tachys has no `aria-level` method (and `attr:aria-level` writes that literal name): set it by name.
            {..custom_attribute("aria-level", (depth + 1).to_string())}>
            <span class="span-name" style=format!("padding-left:{}px", 4 + depth.min(60) * 12)>
                {if has_children {
                    view! {
                        <button class="twisty" aria-label=if is_collapsed { "Expand" } else { "Collapse" } tabindex="-1"
                            title="Shift-click: the whole subtree"
                            on:click=move |ev| {
                                ev.stop_propagation();
                                if ev.shift_key() {
                                    ui.toggle_subtree(row);
                                } else {
                                    ui.collapsed.update(|c| c.toggle(row));
                                }
                            }>{if is_collapsed { "▸" } else { "▾" }}</button>
                    }.into_any()
                } else {
                    view! { <span class="twisty-space"></span> }.into_any()
                }}
                {marks}
                <span class="svc-dot" style=format!("background:rgb({cr},{cg},{cb})")></span>
                <span class="svc">{service}</span>" "{name}
            </span>
            <span class="span-track">{bar}</span>
        </div>
    }
    .into_any()
}
