//! The heatmap chart: one coloured cell per time step and histogram bucket, rows labelled by their upper
//! bounds, time axis as in the time-series chart; drawn on any plotters backend, returns the layout the UI
//! hit-tests for hover.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::time_axis_ticks;
use super::theme::{ChartTheme, Rgb};
use crate::view::heatmap::{cell_color, color_range, HeatLayout, Heatmap};
use crate::view::palette::Palette;
use crate::view::units::Unit;

/// Everything one heatmap drawing needs.
#[derive(Clone, Copy, Debug)]
pub struct HeatmapSpec<'a> {
    pub heat: &'a Heatmap,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Unit of the bucket bounds (row labels).
    pub bucket_unit: Unit,
    pub theme: &'a ChartTheme,
    pub palette: Palette,
    /// Minutes east of UTC the time labels are written in.
    pub tz_offset_min: i32,
    /// A time range being drag-selected, drawn as a shaded band.
    pub selection: Option<(i64, i64)>,
    /// The counts at the bottom and the top of the colour ramp (a panel's colour min/max; None: 0 and the
    /// largest count).
    pub color_min: Option<f64>,
    pub color_max: Option<f64>,
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn err<E: std::fmt::Display>(e: E) -> String {
    format!("heatmap drawing failed: {e}")
}

/// The label of a row's upper bound: `+Inf` for the open bucket.
fn bound_label(upper: f64, unit: Unit) -> String {
    if upper.is_infinite() {
        "+Inf".to_string()
    } else if upper.abs() < crate::view::heatmap::TINY {
        // The top of a native histogram's zero bucket at the default threshold.
        "0".to_string()
    } else {
        unit.format(upper)
    }
}

/// Draws the heatmap into `area` and returns its layout. Never panics; an empty heatmap gives axes and a
/// "No data" note.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, spec: &HeatmapSpec) -> Result<HeatLayout, String> {
    let theme = spec.theme;
    let heat = spec.heat;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w.min(100_000) as i32, h.min(100_000) as i32);
    let start = spec.start_ms.min(spec.end_ms);
    let end = spec.start_ms.max(spec.end_ms).max(start.saturating_add(1));
    let rows = heat.buckets.len();
    let color_range = color_range(heat.max, spec.color_min, spec.color_max);
    let mut layout = HeatLayout { plot: (0, 0, w, h), start_ms: start, end_ms: end, rows, y_ticks: Vec::new(), x_ticks: Vec::new(), color_range };
    if w <= 0 || h <= 0 {
        return Ok(layout);
    }
    area.fill(&rgb(theme.background)).map_err(err)?;

    let labels: Vec<String> = heat.buckets.iter().map(|b| bound_label(b.upper, spec.bucket_unit)).collect();
    let font_px = theme.font_size.clamp(6, 40) as i32;
    let char_w = font_px as f64 * 0.62;
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let top = (font_px / 2 + 4).min(h / 4);
    let bottom = (font_px + 10).min(h / 3);
    let right = 12.min(w / 10);
    let left = ((widest as f64 * char_w) as i32 + 10).max(24).min((w / 3).max(1));
    layout.plot = (left.min(w), top.min(h), (w - right).max(left.min(w)), (h - bottom).max(top.min(h)));
    let (x0, y0, x1, y1) = layout.plot;
    if x1 - x0 < 4 || y1 - y0 < 4 {
        return Ok(layout);
    }
    let text_style = |anchor: Pos| (theme.font_family, font_px).into_font().color(&rgb(theme.text)).pos(anchor);
    let grid = ShapeStyle::from(&rgb(theme.grid)).stroke_width(1);

    // Cells first, so grid lines and labels stay readable on top.
    let mut any = false;
    for (t, counts) in heat.times.iter().zip(&heat.counts) {
        if *t < start || t.saturating_sub(heat.step_ms) > end {
            continue;
        }
        for (row, c) in counts.iter().enumerate() {
            let Some(color) = cell_color(*c, color_range, spec.palette) else { continue };
            let Some((a, b, c2, d)) = layout.cell_rect(*t, heat.step_ms, row) else { continue };
            let (xa, xb) = (a.round() as i32, (c2.round() as i32).max(a.round() as i32 + 1));
            let (ya, yb) = (b.round() as i32, (d.round() as i32).max(b.round() as i32 + 1));
            area.draw(&Rectangle::new([(xa, ya), (xb, yb)], rgb(color).filled())).map_err(err)?;
            any = true;
        }
    }

    // Row boundaries: the upper bound of each row at its top edge, thinned to fit.
    let row_h = layout.row_h();
    let every = ((font_px as f64 + 2.0) / row_h.max(0.01)).ceil().max(1.0) as usize;
    for (row, label) in labels.iter().enumerate() {
        let y = y1 as f64 - (row + 1) as f64 * row_h;
        let yi = y.round() as i32;
        if !(rows - 1 - row).is_multiple_of(every) {
            continue;
        }
        area.draw(&PathElement::new(vec![(x0 - 3, yi), (x0, yi)], ShapeStyle::from(&rgb(theme.axis)).stroke_width(1))).map_err(err)?;
        area.draw(&Text::new(label.clone(), (x0 - 5, yi), text_style(Pos::new(HPos::Right, VPos::Center)))).map_err(err)?;
        layout.y_ticks.push((y, label.clone()));
    }
    // Time ticks.
    for (x, label) in time_axis_ticks(start, end, x0, x1, char_w, spec.tz_offset_min, |t| layout.ms_to_x(t)) {
        let xi = x.round() as i32;
        area.draw(&PathElement::new(vec![(xi, y1), (xi, y1 + 3)], grid)).map_err(err)?;
        area.draw(&Text::new(label.clone(), (xi, y1 + 4), text_style(Pos::new(HPos::Center, VPos::Top)))).map_err(err)?;
        layout.x_ticks.push((x, label));
    }

    if let Some((a, b)) = spec.selection {
        let xa = layout.ms_to_x(a.min(b)).clamp(x0 as f64, x1 as f64).round() as i32;
        let xb = layout.ms_to_x(a.max(b)).clamp(x0 as f64, x1 as f64).round() as i32;
        let c = rgb(theme.selection);
        area.draw(&Rectangle::new([(xa, y0), (xb.max(xa + 1), y1)], c.mix(theme.selection_alpha.clamp(0.0, 1.0)).filled())).map_err(err)?;
        area.draw(&Rectangle::new([(xa, y0), (xb.max(xa + 1), y1)], ShapeStyle::from(&c).stroke_width(1))).map_err(err)?;
    }

    let axis = ShapeStyle::from(&rgb(theme.axis)).stroke_width(1);
    area.draw(&PathElement::new(vec![(x0, y0), (x0, y1), (x1, y1)], axis)).map_err(err)?;
    if !any {
        let note = (theme.font_family, font_px + 2).into_font().color(&rgb(theme.text)).pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new("No data", ((x0 + x1) / 2, (y0 + y1) / 2), note)).map_err(err)?;
    }
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{Labels, Point, Series};
    use crate::view::heatmap::{from_series, ramp};

    const T0: i64 = 1_795_540_000_000;

    fn bucket(le: &str, vals: &[f64]) -> Series {
        let mut l = Labels::new();
        l.insert("le", le);
        Series { labels: l, points: vals.iter().enumerate().map(|(i, v)| Point { t_ms: T0 + (i as i64 + 1) * 60_000, v: *v }).collect(), histograms: Vec::new() }
    }

    fn render(heat: &Heatmap, palette: Palette) -> (String, HeatLayout) {
        render_clamped(heat, palette, None, None)
    }

    fn render_clamped(heat: &Heatmap, palette: Palette, color_min: Option<f64>, color_max: Option<f64>) -> (String, HeatLayout) {
        let mut svg = String::new();
        let theme = ChartTheme::light();
        let l = {
            let area = SVGBackend::with_string(&mut svg, (600, 300)).into_drawing_area();
            let spec = HeatmapSpec { heat, start_ms: T0, end_ms: T0 + 600_000, bucket_unit: Unit::Seconds, theme: &theme, palette, tz_offset_min: 0, selection: None, color_min, color_max };
            let l = draw(&area, &spec).unwrap();
            area.present().unwrap();
            l
        };
        (svg, l)
    }

    fn hex(c: Rgb) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn draws_one_rect_per_non_zero_cell_coloured_by_count() {
        // 10 steps of 1 min; 3 buckets; the middle bucket holds the most.
        let heat = from_series(&[bucket("0.1", &[1.0; 10]), bucket("0.5", &[5.0; 10]), bucket("+Inf", &[5.0; 10])]).unwrap();
        let (svg, l) = render(&heat, Palette::ColorBlind);
        let top = hex(*ramp(Palette::ColorBlind).last().unwrap());
        // 10 columns of the largest count (4), drawn in the top colour; the +Inf row is empty (0).
        assert_eq!(svg.matches(&format!("fill=\"{top}\"")).count(), 10, "{svg}");
        let low = hex(cell_color(Some(1.0), (0.0, 4.0), Palette::ColorBlind).unwrap());
        assert_eq!(svg.matches(&format!("fill=\"{low}\"")).count(), 10);
        // Rows are labelled by their upper bounds, +Inf on top.
        let labels: Vec<&str> = l.y_ticks.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(labels, vec!["100 ms", "500 ms", "+Inf"]);
        assert!(svg.contains("+Inf"), "the +Inf row is labelled");
        assert!(!l.x_ticks.is_empty());
        assert_eq!(l.rows, 3);
        // Hover on the middle row of the fifth column finds that cell.
        let x = l.ms_to_x(T0 + 5 * 60_000) - 1.0;
        let y = l.plot.3 as f64 - 1.5 * l.row_h();
        assert_eq!(l.hit(&heat, x, y), Some((4, 1)));
    }

    #[test]
    fn a_colour_max_below_the_counts_draws_every_cell_in_the_top_colour() {
        // Counts 1 and 4: with the scale's max at 1, both rows are the top colour; with its min at 4 both are
        // the bottom one.
        let heat = from_series(&[bucket("0.1", &[1.0; 10]), bucket("0.5", &[5.0; 10]), bucket("+Inf", &[5.0; 10])]).unwrap();
        let r = ramp(Palette::ColorBlind);
        let (svg, l) = render_clamped(&heat, Palette::ColorBlind, None, Some(1.0));
        assert_eq!(l.color_range, (0.0, 1.0));
        assert_eq!(svg.matches(&format!("fill=\"{}\"", hex(*r.last().unwrap()))).count(), 20, "{svg}");
        let (svg, l) = render_clamped(&heat, Palette::ColorBlind, Some(4.0), Some(10.0));
        assert_eq!(l.color_range, (4.0, 10.0));
        assert_eq!(svg.matches(&format!("fill=\"{}\"", hex(r[0]))).count(), 20, "{svg}");
        assert_eq!(render(&heat, Palette::ColorBlind).1.color_range, (0.0, 4.0));
    }

    #[test]
    fn the_palette_changes_the_cells() {
        let heat = from_series(&[bucket("+Inf", &[3.0; 5])]).unwrap();
        let (classic, _) = render(&heat, Palette::Classic);
        let (cb, _) = render(&heat, Palette::ColorBlind);
        assert!(classic.contains(&hex(*ramp(Palette::Classic).last().unwrap())));
        assert!(cb.contains(&hex(*ramp(Palette::ColorBlind).last().unwrap())));
        assert_ne!(classic, cb);
    }

    #[test]
    fn empty_and_tiny_areas_do_not_panic() {
        let heat = Heatmap::default();
        let (svg, l) = render(&heat, Palette::Classic);
        assert!(svg.contains("No data"));
        assert_eq!(l.rows, 0);
        let mut s = String::new();
        let theme = ChartTheme::dark();
        let area = SVGBackend::with_string(&mut s, (3, 2)).into_drawing_area();
        let h2 = from_series(&[bucket("1", &[1.0]), bucket("+Inf", &[2.0])]).unwrap();
        let spec = HeatmapSpec { heat: &h2, start_ms: T0, end_ms: T0, bucket_unit: Unit::None, theme: &theme, palette: Palette::Classic, tz_offset_min: 0, selection: Some((T0, T0 + 1)), color_min: None, color_max: None };
        assert!(draw(&area, &spec).is_ok());
    }

    #[test]
    fn many_buckets_thin_their_labels() {
        let series: Vec<Series> = (1..=60).map(|i| bucket(&format!("{i}"), &[i as f64; 3])).collect();
        let heat = from_series(&series).unwrap();
        let (_, l) = render(&heat, Palette::Classic);
        assert!(l.y_ticks.len() < 30 && l.y_ticks.len() >= 5, "{} labels", l.y_ticks.len());
        // Labels never overlap: at least a font height apart.
        assert!(l.y_ticks.windows(2).all(|w| (w[0].0 - w[1].0).abs() >= 12.0));
    }
}
