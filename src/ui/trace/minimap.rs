//! Minimap of the whole trace under the header: drag outside the window to zoom to a new one, drag the
//! window to pan it, wheel to zoom around the pointer, click to centre. Geometry from `view::trace::minimap`.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::{Loaded, TraceUi, MINIMAP_COLUMNS, MINIMAP_LINES};
use super::waterfall::pointer_fraction;
use crate::view::palette::service_color;
use crate::browser;
use crate::view::trace::minimap::{drag_window, minimap, pan, window_label, zoom_around, Minimap};
use crate::view::trace::viewport::{ticks, TimeWindow};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Drag {
    Pan { anchor: f64, from: TimeWindow },
    Select { from: f64, to: f64 },
}

#[component]
pub fn TraceMinimap(ui: TraceUi, l: Arc<Loaded>) -> impl IntoView {
    // The minimap's geometry waits for the first frame (the span list is drawn first; ~20–30 ms at 250k
    // spans in wasm, plus its thousands of SVG rects).
    let geometry = RwSignal::new(None::<Minimap>);
    {
        let l = l.clone();
        leptos::task::spawn_local(async move {
            browser::after_paint(500).await;
            let _ = geometry.try_set(Some(minimap(&l.model, &l.trace, MINIMAP_LINES, MINIMAP_COLUMNS)));
        });
    }
    let view_box = move || format!("0 0 1000 {}", geometry.with(|m| m.as_ref().map_or(1, |m| m.lines.max(1))));
    let palette = crate::ui::ctx::palette_now();
    let rects = move || {
        geometry.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.segments
                        .iter()
                        .map(|s| {
                            let (r, g, b) = service_color(s.service, palette);
                            view! {
                                <rect x=format!("{:.2}", s.left * 1000.0) y=s.line.to_string() width=format!("{:.2}", (s.width * 1000.0).max(1.0)) height="0.8"
                                    fill=format!("rgb({r},{g},{b})")></rect>
                            }
                        })
                        .collect_view()
                })
        })
    };
    let duration = l.stats.duration_ns;
    let tick_marks = ticks(&TimeWindow::FULL, duration, 6)
        .into_iter()
        .map(|(x, label)| view! { <span class="tick" style=format!("left:{:.2}%", x * 100.0)>{label}</span> })
        .collect_view();
    let drag = RwSignal::new(None::<Drag>);

    let on_down = move |ev: web_sys::PointerEvent| {
        let Some((f, el)) = pointer_fraction(&ev) else { return };
        let w = ui.window.get_untracked().normalized();
        let inside = !w.is_full() && f >= w.start && f <= w.end;
        drag.set(Some(if inside { Drag::Pan { anchor: f, from: w } } else { Drag::Select { from: f, to: f } }));
        let _ = el.set_pointer_capture(ev.pointer_id());
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(d) = drag.get_untracked() else { return };
        let Some((f, _)) = pointer_fraction(&ev) else { return };
        match d {
            Drag::Pan { anchor, from } => ui.window.set(pan(&from, f - anchor)),
            Drag::Select { from, .. } => drag.set(Some(Drag::Select { from, to: f })),
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some(d) = drag.get_untracked() else { return };
        drag.set(None);
        let Some((f, _)) = pointer_fraction(&ev) else { return };
        if let Drag::Select { from, .. } = d {
            match drag_window(from, f) {
                Some(w) => ui.window.set(w),
                // A click: centre the window there.
                None => ui.window.update(|w| {
                    let n = w.normalized();
                    *w = pan(&n, f - (n.start + n.end) / 2.0);
                }),
            }
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        let Some((f, _)) = pointer_fraction(&ev) else { return };
        ev.prevent_default();
        let factor = if ev.delta_y() < 0.0 { 0.8 } else { 1.25 };
        ui.window.update(|w| {
            let n = w.normalized();
            let width = n.end - n.start;
            let at = if width > 0.0 { (f - n.start) / width } else { 0.5 };
            *w = zoom_around(&n, at, factor);
        });
    };
    let overlay = move || {
        let w = ui.window.get().normalized();
        let sel = match drag.get() {
            Some(Drag::Select { from, to }) => {
                let (a, b) = (from.min(to), from.max(to));
                Some(view! { <span class="zoom-sel" style=format!("left:{:.2}%;width:{:.2}%", a * 100.0, (b - a) * 100.0)></span> })
            }
            _ => None,
        };
        view! {
            <span class="mm-shade" style=format!("left:0;width:{:.3}%", w.start * 100.0)></span>
            <span class="mm-window" data-testid="minimap-window" style=format!("left:{:.3}%;width:{:.3}%", w.start * 100.0, (w.end - w.start) * 100.0)></span>
            <span class="mm-shade" style=format!("left:{:.3}%;width:{:.3}%", w.end * 100.0, (1.0 - w.end) * 100.0)></span>
            {sel}
        }
    };
    let label = move || window_label(&ui.window.get(), duration);

    view! {
        <div class="minimap-box">
            <div class="minimap" data-testid="minimap" role="slider" aria-label="Trace overview: drag to choose the time window"
                aria-valuetext=label tabindex="0"
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=move |_| drag.set(None)
                on:wheel=on_wheel>
                <svg viewBox=view_box preserveAspectRatio="none" aria-hidden="true">{rects}</svg>
                {overlay}
            </div>
            <div class="mm-ticks" aria-hidden="true">{tick_marks}</div>
            <p class="muted window-label">
                <span data-testid="window-label">{label}</span>" "
                <button class="link" on:click=move |_| ui.window.set(TimeWindow::FULL) disabled=move || ui.window.get().is_full()>"Reset zoom"</button>
            </p>
        </div>
    }
}
