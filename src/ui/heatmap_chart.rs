//! A histogram heatmap: `view::heatmap` turns the `le` series into cells, `chart::heatmap` draws them on a
//! canvas; hover shows the cell's time, bucket range and count; drag selects a range to zoom into.

use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;

use super::ctx::use_ctx;
use super::chart_canvas::redraw_on_resize;
use crate::browser;
use crate::chart::heatmap::{self as draw_heatmap, HeatmapSpec};
use crate::chart::sized::CssSized;
use crate::chart::theme::ChartTheme;
use crate::telemetry::Series;
use crate::time::format::TimeZone;
use crate::view::heatmap_fields::CountFormat;
use crate::view::heatmap::{cell_info, color_range, from_series, ramp, HeatLayout, Heatmap};
use crate::view::palette::css;
use crate::view::units::Unit;

#[derive(Clone, Debug, PartialEq)]
pub struct HeatmapData {
    pub series: Vec<Series>,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Unit of the bucket bounds (`view::heatmap::bucket_unit` of the query).
    pub bucket_unit: Unit,
    /// Unit of the counts (per second under `rate`).
    /// How the counts are shown: their name, unit (per second under `rate`) and decimals.
    pub count: CountFormat,
    /// Value mappings of the counts (a dashboard panel's): a matched count shows the mapping's text.
    pub mappings: Vec<crate::dashboard::ValueMapping>,
    /// The counts at the ends of the colour scale (a dashboard panel's colour min/max; None: 0, the largest).
    pub color_min: Option<f64>,
    pub color_max: Option<f64>,
}

#[component]
pub fn HeatmapChart(data: Signal<HeatmapData>, on_zoom: Callback<(i64, i64)>, #[prop(into)] label: String, #[prop(optional)] compact: bool) -> impl IntoView {
    let ctx = use_ctx();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let heat = Memo::new(move |_| data.with(|d| from_series(&d.series)));
    let layout = RwSignal::new(None::<HeatLayout>);
    let hover = RwSignal::new(None::<(f64, f64)>);
    let drag = RwSignal::new(None::<(f64, f64)>);
    let draws = StoredValue::new(0u64);
    let (drawn_at, resized) = redraw_on_resize(canvas);

    Effect::new(move |_| {
        let d = data.get();
        let h = heat.get();
        let dark = ctx.dark.get();
        let palette = ctx.palette.get();
        let tz = ctx.tz_offset();
        let sel = drag.get();
        let Some(el) = canvas.get() else { return };
        let Ok(h) = h else { return };
        resized.track();
        drawn_at.set_value((el.client_width(), el.client_height()));
        let size = browser::fit_canvas(&el);
        let theme = if dark { ChartTheme::dark() } else { ChartTheme::light() };
        let selection = sel.and_then(|(a, b)| {
            let l = layout.get_untracked()?;
            Some((l.x_to_ms(a.min(b)), l.x_to_ms(a.max(b))))
        });
        let Some(canvas_backend) = plotters_canvas::CanvasBackend::with_canvas_object(el.clone()) else { return };
        let backend = CssSized::new(canvas_backend, size);
        let area = backend.into_drawing_area();
        let spec = HeatmapSpec { heat: &h, start_ms: d.start_ms, end_ms: d.end_ms, bucket_unit: d.bucket_unit, theme: &theme, palette, tz_offset_min: tz, selection, color_min: d.color_min, color_max: d.color_max };
        match draw_heatmap::draw(&area, &spec) {
            Ok(l) => layout.set(Some(l)),
            Err(e) => web_sys::console::warn_1(&format!("heatmap: {e}").into()),
        }
        let _ = area.present();
        draws.update_value(|n| *n = n.wrapping_add(1));
        el.set_attribute("data-draws", &draws.get_value().to_string()).ok();
        browser::mark_after_paint("trifocal:chart-painted");
    });

    let tooltip = move || {
        let (x, y) = hover.get()?;
        let l = layout.get()?;
        let d = data.get_untracked();
        let h = heat.get();
        let h: &Heatmap = h.as_ref().ok()?;
        let (col, row) = l.hit(h, x, y)?;
        let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
        let mut info = cell_info(h, col, row, d.bucket_unit, &d.count, tz)?;
        let count_name = d.count.name.clone();
        if !d.mappings.is_empty() {
            let hit = crate::ui::stat_list::mapper(d.mappings.clone())(info.value);
            if let Some(t) = hit.and_then(|m| m.text).filter(|t| !t.is_empty()) {
                info.count = t;
            }
        }
        let left = (x + 12.0).min(l.plot.2 as f64 - 220.0).max(0.0);
        let top = (y + 12.0).max(0.0);
        Some(view! {
            <div class="tooltip" role="tooltip" data-testid="heatmap-tip" style=format!("left:{left:.0}px;top:{top:.0}px")>
                <div class="muted">{info.time}</div>
                <div>"bucket "<b>{info.bucket}</b></div>
                <div>{count_name}" "<b data-testid="heatmap-count">{info.count}</b></div>
            </div>
        })
    };
    let scale = move || {
        let h = heat.get();
        let h = h.as_ref().ok()?;
        let d = data.get();
        let stops: Vec<String> = ramp(ctx.palette.get()).iter().map(|c| css(*c)).collect();
        let (lo, hi) = color_range(h.max, d.color_min, d.color_max);
        let (min, max) = (if lo == 0.0 { "0".to_string() } else { d.count.text(lo) }, d.count.text(hi));
        Some(view! {
            <div class="heat-scale" aria-label="Colour scale">
                <span>{min}</span>
                <span class="heat-ramp" style=format!("background:linear-gradient(to right,{})", stops.join(","))></span>
                <span>{max}</span>
                <span class="muted">" (square-root scale)"</span>
            </div>
        })
    };
    let problem = move || heat.get().err().map(|e| view! { <p class="error" role="alert" data-testid="heatmap-error">{e}</p> });
    let notes = move || {
        heat.get().ok().map(|h| h.notes.into_iter().map(|n| view! { <p class="muted small" data-testid="heatmap-note">{n}</p> }).collect_view())
    };
    let summary = move || match heat.get() {
        Ok(h) => format!("{} buckets × {} steps", h.buckets.len(), h.times.len()),
        Err(_) => String::new(),
    };

    view! {
        <figure class="chart heatmap" class:compact=compact role="region" aria-label=label data-testid="heatmap"
            data-buckets=move || heat.with(|h| h.as_ref().map(|h| h.buckets.len()).unwrap_or(0)).to_string()
            data-steps=move || heat.with(|h| h.as_ref().map(|h| h.times.len()).unwrap_or(0)).to_string()
            data-color-range=move || layout.with(|l| l.as_ref().map(|l| format!("{}|{}", l.color_range.0, l.color_range.1)))>
            {problem}
            <Show when=move || heat.with(|h| h.is_ok())>
                <div class="chart-box"
                    on:mousedown=move |ev: web_sys::MouseEvent| { let x = ev.offset_x() as f64; drag.set(Some((x, x))); }
                    on:mousemove=move |ev: web_sys::MouseEvent| {
                        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
                        hover.set(Some((x, y)));
                        if let Some((a, _)) = drag.get_untracked() { drag.set(Some((a, x))); }
                    }
                    on:mouseleave=move |_| hover.set(None)
                    on:mouseup=move |_| {
                        if let (Some((a, b)), Some(l)) = (drag.get_untracked(), layout.get_untracked()) {
                            drag.set(None);
                            if (a - b).abs() > 4.0 {
                                on_zoom.run((l.x_to_ms(a.min(b)), l.x_to_ms(a.max(b))));
                            }
                        }
                    }>
                    <canvas node_ref=canvas aria-hidden="true"></canvas>
                    <div class="overlay">{tooltip}</div>
                </div>
                {scale}
                <p class="sr-only">{summary}</p>
            </Show>
            {notes}
        </figure>
    }
}
