//! A time-series chart: plotters draws on a canvas (a right axis for a second unit); exemplars are links
//! laid over it, placed by the layout the pure chart code returns, one tab stop that arrow keys move through
//! in time; drag selects a range to zoom into; hover lists values; "Show as table" lists the values under it.

use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;

use super::ctx::use_ctx;
use super::time_table::TimeTable;
use crate::browser;
use crate::chart::sized::CssSized;
use crate::chart::theme::ChartTheme;
use crate::chart::timeseries::{self, ChartLayout, DrawStyle, TimeSeriesSpec};
use crate::telemetry::{Exemplar, Series};
use crate::time::format::{format_ms, TimeZone};
use crate::url_state::{self, CorrelateState, Route, TraceState};
use crate::view::annotations::{self as anno, Region};
use crate::view::axes;
use crate::view::exemplars::{key_step, keyboard_order, owners, ExemplarOwner};
use crate::view::hover;
use crate::view::tip;
use crate::dashboard::{AxisPlacement, HideFrom, SeriesDraw, ValueMapping};
use crate::view::overrides::value_text;
use crate::view::palette::{Palette, Rgb};
use crate::view::series_fields::ThresholdMarks;
use crate::view::series_view::{prepare, SeriesView};
use crate::view::units::Unit;
use crate::chart::axis_range::AxisBounds;

/// Most exemplar links laid over a chart (the canvas draws every exemplar).
const MAX_EXEMPLAR_LINKS: usize = 2000;
/// How long an exemplar's tip stays after the pointer leaves the exemplar, so the pointer can reach its links.
const TIP_GRACE_MS: u64 = 400;

#[derive(Clone, Default, PartialEq)]
pub struct ChartData {
    pub series: Vec<Series>,
    pub legends: Vec<String>,
    pub exemplars: Vec<Exemplar>,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The unit of series without one of their own.
    pub unit: Unit,
    /// Per series: its own unit (its query's); missing entries use `unit`. Two units: a right axis.
    pub series_units: Vec<Unit>,
    /// Per series and per exemplar: the ref id of the query it came from (empty: one query). An exemplar
    /// belongs to a series of its own query.
    pub series_refs: Vec<String>,
    pub exemplar_refs: Vec<String>,
    /// Annotation regions shaded over the plot (dashboard annotation queries, e.g. alerts firing).
    pub regions: Vec<Region>,
    /// Per series: a colour of its own (a field override); missing or None entries keep the palette's.
    pub colors: Vec<Option<Rgb>>,
    /// Per series: the decimals its hovered values are written with (missing: the unit's own).
    pub decimals: Vec<Option<u8>>,
    /// Value mappings: a hovered value that matches one shows its text.
    pub mappings: Vec<ValueMapping>,
    /// Threshold steps drawn on the plot (a dashboard panel's thresholds style).
    pub thresholds: Option<ThresholdMarks>,
    /// Per series: what its field config hides it from (missing: nothing).
    pub hide_from: Vec<HideFrom>,
    /// Per series: where its value axis goes (missing: auto).
    pub placements: Vec<AxisPlacement>,
    /// Fixed and soft bounds of the value axes (a dashboard panel's min/max).
    pub bounds: AxisBounds,
    /// Per series: how it is drawn (transform, fill, line width and style; missing: the chart's default).
    pub draws: Vec<SeriesDraw>,
}

/// Display options a page controls (when it does, the chart shows no style picker of its own).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ChartOptions {
    pub style: DrawStyle,
    pub log_scale: bool,
}

/// Series keys hidden through the legend.
pub type HiddenSet = std::collections::BTreeSet<String>;

/// Redraw when a canvas's box changes size (a window resize; a chart drawn while hidden, then shown): the CSS
/// size it was last drawn at, which the drawing effect sets, and a trigger the resize watch pulls when the box
/// no longer has that size, which the drawing effect tracks.
pub(crate) fn redraw_on_resize(canvas: NodeRef<leptos::html::Canvas>) -> (StoredValue<(i32, i32)>, Trigger) {
    let drawn_at = StoredValue::new((0i32, 0i32));
    let resized = Trigger::new();
    let watch = StoredValue::new_local(None::<browser::ResizeWatch>);
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        let e = el.clone();
        let w = browser::watch_resize(&el, move || {
            if drawn_at.try_get_value().is_some_and(|d| d != (e.client_width(), e.client_height())) {
                resized.notify();
            }
        });
        watch.set_value(w);
    });
    (drawn_at, resized)
}

/// Where the hover tooltip's top goes, in the chart box.
const TIP_TOP: f64 = 8.0;

/// Moves the hover tooltip to where `view::tip::place_tip` says: beside the cursor (`data-x`), inside the
/// chart box (its positioned parent) and the viewport.
fn place_hover_tip(el: &web_sys::HtmlDivElement) {
    let Some(host) = el.parent_element() else { return };
    let Some(root) = el.owner_document().and_then(|d| d.document_element()) else { return };
    let Some(x) = el.get_attribute("data-x").and_then(|v| v.parse::<f64>().ok()) else { return };
    let style = web_sys::HtmlElement::style(el);
    // Measured where the whole box is free to it: its own width, not what is left right of the cursor.
    let _ = style.remove_property("max-width");
    let _ = style.remove_property("max-height");
    let _ = style.set_property("left", "0px");
    let _ = style.set_property("top", "0px");
    let r = host.get_bounding_client_rect();
    let area = tip::visible_area(f64::from(host.client_width()), f64::from(host.client_height()), r.left(), r.top(), f64::from(root.client_width()), f64::from(root.client_height()));
    let p = tip::place_tip(x, TIP_TOP, f64::from(el.offset_width()), f64::from(el.offset_height()), area);
    let px = |v: f64| format!("{v:.1}px");
    if p.max_width < f64::from(el.offset_width()) {
        let _ = style.set_property("max-width", &px(p.max_width));
    }
    if p.max_height < f64::from(el.offset_height()) {
        let _ = style.set_property("max-height", &px(p.max_height));
    }
    let _ = style.set_property("left", &px(p.left));
    let _ = style.set_property("top", &px(p.top));
}

/// The chart. `options`: style and log scale from the page (else a style picker is shown); `hidden`: the
/// legend's hidden set, owned by the page so it survives re-runs (else kept inside the chart).
#[component]
pub fn TimeSeriesChart(
    data: Signal<ChartData>,
    on_zoom: Callback<(i64, i64)>,
    #[prop(into)] label: String,
    /// Logarithmic y axis (dashboard panels' `logScale`) when the page passes no `options`.
    #[prop(optional)]
    log_scale: bool,
    /// Initial draw style (dashboard panels' `style`/`stacked`) when the page passes no `options`.
    #[prop(optional)]
    initial_style: Option<DrawStyle>,
    /// Compact mode for dashboard panels: no style picker.
    #[prop(optional)]
    compact: bool,
    #[prop(optional)]
    hide_legend: bool,
    /// No "Show as table" button (explore has its own Table visualisation).
    #[prop(optional)]
    no_table_toggle: bool,
    #[prop(optional)] options: Option<Signal<ChartOptions>>,
    #[prop(optional)] hidden: Option<RwSignal<HiddenSet>>,
    /// Colour per series instead of the palette's (e.g. by log level); None keeps the palette colour.
    #[prop(optional)]
    color_of: Option<fn(&SeriesView, Palette) -> Option<crate::view::palette::Rgb>>,
    /// A time (ms) the page points at: a line on the chart (the correlation workspace's shared cursor).
    #[prop(optional)]
    cursor_ms: Option<Signal<Option<i64>>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(None::<ChartLayout>);
    let views = RwSignal::new(Vec::<SeriesView>::new());
    let hidden = hidden.unwrap_or_else(|| RwSignal::new(HiddenSet::new()));
    let drag = RwSignal::new(None::<(f64, f64)>);
    let hover_x = RwSignal::new(None::<f64>);
    let ex_hover = RwSignal::new(None::<usize>);
    // The pointer left an exemplar: its tip (which has links) stays a moment so the pointer can reach it;
    // entering another exemplar or the tip cancels the hiding (the counter says which leave is the latest).
    let tip_leave = StoredValue::new(0u64);
    let tip_held = StoredValue::new(false);
    let hide_tip_soon = move || {
        tip_leave.update_value(|g| *g = g.wrapping_add(1));
        let g = tip_leave.get_value();
        set_timeout(
            move || {
                if tip_leave.try_get_value() == Some(g) && tip_held.try_get_value() == Some(false) {
                    let _ = ex_hover.try_set(None);
                }
            },
            std::time::Duration::from_millis(TIP_GRACE_MS),
        );
    };
    let tip_ref = NodeRef::<leptos::html::Div>::new();
    let own_style = RwSignal::new(initial_style.unwrap_or(DrawStyle::Lines));
    let as_table = RwSignal::new(false);
    let external = options.is_some() || compact;
    let opts = Signal::derive(move || match options {
        Some(o) => o.get(),
        None => ChartOptions { style: own_style.get(), log_scale },
    });

    // The series each exemplar belongs to (its colour, its axis, hidden with it).
    let ex_owners = Memo::new(move |_| data.with(|d| owners(&d.exemplars, &d.exemplar_refs, &d.series, &d.series_refs)));
    // Position (in time order) of the exemplar link that is the chart's one tab stop.
    let ex_focus = RwSignal::new(0usize);
    let draws = StoredValue::new(0u64);
    let (drawn_at, resized) = redraw_on_resize(canvas);
    // Draw whenever the data, theme, time zone, hidden set or style change.
    Effect::new(move |_| {
        let d = data.get();
        let dark = ctx.dark.get();
        let tz = ctx.tz_offset();
        let hide = hidden.get();
        let o = opts.get();
        let sel = drag.get();
        let Some(el) = canvas.get() else { return };
        resized.track();
        drawn_at.set_value((el.client_width(), el.client_height()));
        let (w, h) = browser::fit_canvas(&el);
        let palette = ctx.palette.get();
        let mut v = prepare(&d.series, &d.legends, d.start_ms, d.end_ms, w, palette);
        let owners = ex_owners.get();
        for (i, s) in v.iter_mut().enumerate() {
            s.hide_from = d.hide_from.get(i).copied().unwrap_or_default();
            s.placement = d.placements.get(i).copied().unwrap_or_default();
            s.draw = d.draws.get(i).cloned().unwrap_or_default();
            // Hidden from the plot by its field config (Grafana's `hideFrom.viz`): as if hidden in the legend.
            s.hidden = hide.contains(&s.key) || s.hide_from.viz;
            s.unit = d.series_units.get(i).copied();
            if let Some(c) = color_of.and_then(|f| f(s, palette)) {
                s.color = c;
            }
            if let Some(Some(c)) = d.colors.get(i) {
                s.color = *c;
            }
        }
        let theme = if dark { ChartTheme::dark() } else { ChartTheme::light() };
        let selection = sel.and_then(|(a, b)| {
            let l = layout.get_untracked()?;
            let (x0, x1) = (a.min(b), a.max(b));
            Some((l.x_to_ms(x0), l.x_to_ms(x1)))
        });
        let Some(canvas_backend) = plotters_canvas::CanvasBackend::with_canvas_object(el.clone()) else { return };
        let backend = CssSized::new(canvas_backend, (w, h));
        let area = backend.into_drawing_area();
        let spec = TimeSeriesSpec {
            views: &v,
            exemplars: &d.exemplars,
            exemplar_owners: &owners,
            start_ms: d.start_ms,
            end_ms: d.end_ms,
            unit: d.unit,
            log_scale: o.log_scale,
            style: o.style,
            theme: &theme,
            tz_offset_min: tz,
            selection,
            thresholds: d.thresholds.as_ref(),
            bounds: d.bounds,
        };
        match timeseries::draw(&area, &spec) {
            Ok(l) => layout.set(Some(l)),
            Err(e) => web_sys::console::warn_1(&format!("chart: {e}").into()),
        }
        let _ = area.present();
        let _ = h;
        el.set_attribute("data-draws", &draws.get_value().wrapping_add(1).to_string()).ok();
        draws.update_value(|n| *n = n.wrapping_add(1));
        views.set(v);
        browser::mark("trifocal:chart-drawn");
        if !d.series.is_empty() {
            browser::mark_after_paint("trifocal:chart-painted");
        }
    });

    let offset_x = move |ev: &web_sys::MouseEvent| ev.offset_x() as f64;
    let exemplar_links = move || {
        let d = data.get();
        let Some(l) = layout.get() else { return Vec::new() };
        let owners = ex_owners.get();
        let v = views.get();
        let dark = ctx.dark.get_untracked();
        let neutral = if dark { ChartTheme::dark() } else { ChartTheme::light() }.exemplar;
        let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
        // At most MAX_EXEMPLAR_LINKS links, spread evenly over all the drawn exemplars, in time order (the
        // order arrow keys move in).
        let drawn: Vec<(usize, i64, f64)> = l
            .exemplar_xy
            .iter()
            .enumerate()
            .filter(|(_, (x, y))| x.is_finite() && y.is_finite())
            .filter_map(|(i, (x, _))| Some((i, d.exemplars.get(i)?.t_ms, *x)))
            .collect();
        let stride = drawn.len().div_ceil(MAX_EXEMPLAR_LINKS).max(1);
        let order: Vec<usize> = keyboard_order(&drawn).into_iter().step_by(stride).collect();
        let n = order.len();
        order
            .into_iter()
            .enumerate()
            .filter_map(|(pos, i)| Some((pos, i, d.exemplars.get(i)?, l.exemplar_xy.get(i)?)))
            .map(|(pos, i, e, (x, y))| {
                let when = format_ms(e.t_ms, tz, true);
                let series = match owners.get(i) {
                    Some(ExemplarOwner::Series(j)) => v.get(*j),
                    _ => None,
                };
                let (r, g, b) = series.map(|s| s.color).unwrap_or(neutral);
                let of = series.map(|s| format!(" of {}", s.name)).unwrap_or_default();
                let (href, aria) = match e.trace_id {
                    Some(id) => (
                        format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: id.to_hex(), ..TraceState::default() }))),
                        format!("Exemplar{of} value {} at {}, trace {}", e.value, when, id.to_hex()),
                    ),
                    None => (String::new(), format!("Exemplar{of} value {} at {} (no trace ID)", e.value, when)),
                };
                let style = format!("left:{:.1}px;top:{:.1}px", x, y);
                let tab = move || if ex_focus.get().min(n.saturating_sub(1)) == pos { "0" } else { "-1" };
                view! {
                    <a class="exemplar" href=href aria-label=aria style=style data-trace-id=e.trace_id.map(|t| t.to_hex())
                        data-pos=pos.to_string() data-t=e.t_ms.to_string() data-series=series.map(|s| s.key.clone())
                        data-color=format!("rgb({r},{g},{b})") tabindex=tab
                        on:mouseenter=move |_| { tip_leave.update_value(|g| *g = g.wrapping_add(1)); ex_hover.set(Some(i)); } on:mouseleave=move |_| hide_tip_soon()
                        on:focus=move |_| { ex_hover.set(Some(i)); ex_focus.set(pos); }
                        on:blur=move |ev: web_sys::FocusEvent| if !into_tip(&ev) { ex_hover.set(None) }
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            let Some(to) = key_step(n, pos, &ev.key()) else { return };
                            ev.prevent_default();
                            ev.stop_propagation();
                            ex_focus.set(to);
                            focus_exemplar(&ev, to);
                        }
                        on:mousemove=move |ev: web_sys::MouseEvent| ev.stop_propagation()></a>
                }
            })
            .collect::<Vec<_>>()
    };

    // Hovered or focused exemplar: its time, value, trace ID and labels.
    let exemplar_tip = move || {
        let i = ex_hover.get()?;
        let d = data.get();
        let l = layout.get()?;
        let e = d.exemplars.get(i)?.clone();
        let &(x, y) = l.exemplar_xy.get(i)?;
        let unit = match ex_owners.with(|o| o.get(i).copied()) {
            Some(ExemplarOwner::Series(j)) => d.series_units.get(j).copied().unwrap_or(d.unit),
            _ => d.unit,
        };
        let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
        let rows = e.labels.iter().map(|(k, v)| view! { <li><span class="muted">{k.to_string()}"="</span>{v.to_string()}</li> }).collect_view();
        let left = (x + 12.0).min(l.plot.2 as f64 - 200.0).max(0.0);
        let top = (y + 12.0).max(0.0);
        // A trace's exemplar offers its trace and its correlation workspace (Tab from the exemplar reaches them).
        let actions = e.trace_id.map(|t| {
            let hex = t.to_hex();
            let trace = format!("#{}", url_state::encode(&Route::Trace(TraceState { trace_id: hex.clone(), ..TraceState::default() })));
            view! {
                <div class="code">"trace "{hex.clone()}</div>
                <p class="tip-actions">
                    <a href=trace data-testid="exemplar-open-trace">"Open trace"</a>" · "
                    <a href=CorrelateState::href(&hex) data-testid="exemplar-correlate" title="The trace, its log lines and its services' metrics on one time axis">"Correlate logs and metrics"</a>
                </p>
            }
        });
        let linked = e.trace_id.is_some();
        Some(view! {
            <div class="tooltip exemplar-tip" role=if linked { "dialog" } else { "tooltip" } aria-label="Exemplar" data-testid="exemplar-tip"
                style=format!("left:{left:.0}px;top:{top:.0}px{}", if linked { ";pointer-events:auto" } else { "" })
                on:mouseenter=move |_| tip_held.set_value(true)
                on:mouseleave=move |_| { tip_held.set_value(false); hide_tip_soon(); }
                on:mousemove=move |ev: web_sys::MouseEvent| ev.stop_propagation()
                on:mousedown=move |ev: web_sys::MouseEvent| ev.stop_propagation()
                on:focusout=move |ev: web_sys::FocusEvent| if !into_tip(&ev) { ex_hover.set(None) }>
                <div class="muted">{format_ms(e.t_ms, tz, true)}</div>
                <div>"value "<b>{unit.format(e.value)}</b></div>
                {actions}
                <ul>{rows}</ul>
            </div>
        })
    };

    // Annotation regions: a translucent band over the plot's height (at least 2 px wide: a marker).
    let region_marks = move || {
        let l = layout.get()?;
        let (x0, y0, x1, y1) = (l.plot.0 as f64, l.plot.1 as f64, l.plot.2 as f64, l.plot.3 as f64);
        data.with(|d| {
            (!d.regions.is_empty()).then(|| {
                d.regions
                    .iter()
                    .map(|r| {
                        let a = l.ms_to_x(r.start_ms).clamp(x0, x1);
                        let b = l.ms_to_x(r.end_ms).clamp(x0, x1).max(a + 2.0);
                        let style = format!("position:absolute;opacity:.12;left:{a:.1}px;width:{:.1}px;top:{y0:.0}px;height:{:.0}px;background:{}", b - a, y1 - y0, anno::css_color(&r.color));
                        view! { <div class="anno-region" data-testid="anno-region" data-start=r.start_ms.to_string() data-end=r.end_ms.to_string() data-title=r.title.clone() style=style></div> }
                    })
                    .collect_view()
            })
        })
    };

    let tooltip = move || {
        if ex_hover.get().is_some() {
            return None;
        }
        let x = hover_x.get()?;
        let l = layout.get()?;
        let v = views.get();
        let t = l.x_to_ms(x);
        let t = hover::nearest_time(&v, t)?;
        let vals = hover::values_at(&v, t);
        let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
        let (unit, decimals, mappings) = data.with_untracked(|d| (d.unit, d.decimals.clone(), d.mappings.clone()));
        let mapped = (!mappings.is_empty()).then(|| crate::ui::stat_list::mapper(mappings));
        let text = |i: usize, s: &SeriesView, val: f64| {
            let hit = mapped.as_ref().and_then(|m| m(Some(val)));
            value_text(val, s.unit.unwrap_or(unit), decimals.get(i).copied().flatten(), hit.as_ref())
        };
        let more = vals.len().saturating_sub(12);
        let rows = vals
            .into_iter()
            .take(12)
            .filter_map(|(i, val)| v.get(i).map(|s| (s.name.clone(), s.color, text(i, s, val))))
            .map(|(name, (r, g, b), val)| view! {
                <li><span class="swatch" style=format!("background:rgb({r},{g},{b})")></span><span class="tip-name" title=name.clone()>{name.clone()}</span>" "<b>{val}</b></li>
            })
            .collect_view();
        // The annotation regions under the pointer (within two pixels).
        let slack = ((l.x_to_ms(x + 2.0) - l.x_to_ms(x)).abs()).max(1);
        let annos = data.with_untracked(|d| {
            anno::at(&d.regions, l.x_to_ms(x), slack)
                .into_iter()
                .take(6)
                .map(|r| {
                    let text = if r.text.is_empty() { r.title.clone() } else { format!("{}: {}", r.title, r.text) };
                    view! { <div class="anno-tip" data-testid="hover-anno" data-title=r.title.clone()><b>{r.name.clone()}</b>" "{text}</div> }
                })
                .collect::<Vec<_>>()
        });
        // Placed inside the chart and the viewport once measured (`place_hover_tip`).
        let x = l.ms_to_x(t);
        Some(view! {
            <div class="tooltip hover-tip" data-testid="hover-tip" node_ref=tip_ref data-x=format!("{x:.1}") style=format!("left:{:.0}px;top:{TIP_TOP}px", x + tip::GAP)>
                <div class="muted">{format_ms(t, tz, false)}</div>{annos}<ul>{rows}</ul>
                {(more > 0).then(|| view! { <div class="muted">{format!("+{more} more")}</div> })}
            </div>
            <div class="crosshair" style=format!("left:{:.1}px", l.ms_to_x(t))></div>
        })
    };

    // The page's cursor, where the chart's own time axis puts it (data-ms: the time, for tests and tools).
    let shared_cursor = move || {
        let t = cursor_ms?.get()?;
        let l = layout.get()?;
        let x = l.ms_to_x(t);
        Some(view! { <div class="crosshair shared-cursor" data-testid="chart-cursor" data-ms=t.to_string() data-x=format!("{x:.1}") style=format!("left:{x:.1}px")></div> })
    };

    Effect::new(move |_| {
        if let Some(el) = tip_ref.get() {
            place_hover_tip(&el);
        }
    });

    let legend = move || {
        let v = views.get();
        let hide = hidden.get();
        // A series its field config hides from the legend (Grafana's `hideFrom.legend`) is not listed.
        v.into_iter()
            .filter(|s| !s.hide_from.legend)
            .map(|s| {
                let key = s.key.clone();
                let key2 = key.clone();
                let (r, g, b) = s.color;
                // Off: hidden through the legend, or from the plot by its field config.
                let off = hide.contains(&key) || s.hide_from.viz;
                view! {
                    <li>
                        <button class="legend-item" class:off=off aria-pressed=(!off).to_string() data-series=key.clone()
                            title="Click to show only this series, shift-click to toggle it"
                            on:click=move |ev: web_sys::MouseEvent| {
                                let all: Vec<String> = views.get_untracked().iter().map(|s| s.key.clone()).collect();
                                hidden.update(|h| {
                                    if ev.shift_key() {
                                        if !h.remove(&key2) { h.insert(key2.clone()); }
                                    } else if h.len() == all.len().saturating_sub(1) && !h.contains(&key2) {
                                        h.clear();
                                    } else {
                                        // Inserted one by one (`collect` into a set compiles a sort for it).
                                        h.clear();
                                        h.extend(all.into_iter().filter(|k| *k != key2));
                                    }
                                });
                            }>
                            <span class="swatch" style=format!("background:rgb({r},{g},{b})")></span>{s.name.clone()}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    // Which query is on which axis (two units), or which units share the one axis (three or more).
    let axis_caption = move || {
        let l = layout.get()?;
        let v = views.get();
        let units: Vec<Unit> = v.iter().map(|s| s.unit.unwrap_or(data.with_untracked(|d| d.unit))).collect();
        let shown: Vec<bool> = v.iter().map(|s| !s.hidden).collect();
        let text = data.with_untracked(|d| axes::caption(&l.axes, &units, &d.series_refs, &shown))?;
        let warn = !l.axes.unaxed.is_empty();
        Some(view! { <p class="muted small axis-caption" class:warning=warn data-testid="axis-caption">{text}</p> })
    };
    let ticks_attr = |t: &[(f64, String)]| t.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join("|");
    let label_t = StoredValue::new(label.clone());
    view! {
        <figure class="chart" class:compact=compact role="region" aria-label=label.clone()>
            <div class="chart-tools" hidden=external>
                <label>"Style "
                    <select aria-label="Draw style" on:change=move |ev| own_style.set(match event_target_value(&ev).as_str() {
                        "points" => DrawStyle::Points, "bars" => DrawStyle::Bars, "stacked" => DrawStyle::Stacked, _ => DrawStyle::Lines })>
                        <option value="lines">"Lines"</option><option value="points">"Points"</option>
                        <option value="bars">"Bars"</option><option value="stacked">"Stacked"</option>
                    </select>
                </label>
            </div>
            {(!no_table_toggle).then(|| view! {
                <div class="chart-view-toggle">
                    <button class="link small" data-testid="show-table" aria-pressed=move || as_table.get().to_string()
                        on:click=move |_| as_table.update(|t| *t = !*t)>{move || if as_table.get() { "Show as chart" } else { "Show as table" }}</button>
                </div>
            })}
            {axis_caption}
            <div class="chart-box"
                data-axis-left=move || layout.with(|l| l.as_ref().map(|l| l.axes.left.symbol()))
                data-axis-right=move || layout.with(|l| l.as_ref().and_then(|l| l.right.and(l.axes.right)).map(|u| u.symbol()))
                data-y-ticks=move || layout.with(|l| l.as_ref().map(|l| ticks_attr(&l.y_ticks)))
                data-y-tick-rows=move || layout.with(|l| l.as_ref().map(|l| l.y_ticks.iter().map(|(y, t)| format!("{t}@{y:.1}")).collect::<Vec<_>>().join("|")))
                data-y2-ticks=move || layout.with(|l| l.as_ref().map(|l| ticks_attr(&l.y2_ticks)))
                data-thresholds=move || layout.with(|l| l.as_ref().filter(|l| !l.threshold_y.is_empty()).map(|l| l.threshold_y.iter().map(|(v, y)| format!("{v}@{y:.1}")).collect::<Vec<_>>().join("|")))
                on:mousedown=move |ev| { let x = offset_x(&ev); drag.set(Some((x, x))); }
                on:mousemove=move |ev| {
                    let x = offset_x(&ev);
                    hover_x.set(Some(x));
                    if let Some((a, _)) = drag.get_untracked() { drag.set(Some((a, x))); }
                }
                on:mouseleave=move |_| { hover_x.set(None); }
                on:mouseup=move |_| {
                    if let (Some((a, b)), Some(l)) = (drag.get_untracked(), layout.get_untracked()) {
                        drag.set(None);
                        if (a - b).abs() > 4.0 {
                            on_zoom.run((l.x_to_ms(a.min(b)), l.x_to_ms(a.max(b))));
                        }
                    }
                }>
                <canvas node_ref=canvas aria-hidden="true"></canvas>
                <div class="overlay">{region_marks}{exemplar_links}{tooltip}{exemplar_tip}{shared_cursor}</div>
            </div>
            <Show when=move || !hide_legend>
            <ul class="legend" aria-label="Legend" data-testid="legend"
                data-visible=move || views.with(|v| v.iter().filter(|s| !s.hidden).count()).to_string()
                data-total=move || views.with(|v| v.len()).to_string()
                data-listed=move || views.with(|v| v.iter().filter(|s| !s.hide_from.legend).count()).to_string()>{legend}</ul>
            </Show>
            <Show when=move || as_table.get()>
                {move || {
                    let d = data.get();
                    view! { <TimeTable series=d.series legends=d.legends unit=d.unit units=d.series_units aria_label=format!("{} as a table", label_t.get_value())/> }
                }}
            </Show>
        </figure>
    }
}

/// Whether focus moves into an exemplar's tip (Tab from the exemplar to the tip's links, or within the tip).
fn into_tip(ev: &web_sys::FocusEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.related_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest(".exemplar-tip").ok().flatten()).is_some()
}

/// Moves keyboard focus to the exemplar link at position `pos` among the links next to the event's target.
fn focus_exemplar(ev: &web_sys::KeyboardEvent, pos: usize) {
    use wasm_bindgen::JsCast;
    let Some(parent) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.parent_element()) else { return };
    if let Ok(Some(el)) = parent.query_selector(&format!("a.exemplar[data-pos=\"{pos}\"]")) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
