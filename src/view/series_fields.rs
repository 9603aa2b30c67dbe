//! A time-series panel's series under its field config: each one's legend name, colour, unit, decimals,
//! what it is hidden from, where its axis goes and how it is drawn, after the panel's field overrides (`view::overrides`) over
//! the panel's defaults, and the threshold steps as the chart draws them.

use super::overrides::field_display;
use super::palette::Rgb;
use super::stat::rgb_of;
use super::units::Unit;
use crate::dashboard::{AxisPlacement, HideFrom, PanelOptions, SeriesDraw, Threshold, ThresholdsStyle};

/// How one series is drawn; `None` keeps the chart's own choice (palette colour, the query's unit).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesField {
    pub name: String,
    pub color: Option<Rgb>,
    pub unit: Option<Unit>,
    pub decimals: Option<u8>,
    pub hide_from: HideFrom,
    pub placement: AxisPlacement,
    /// Transform, fill, line width and style: the overrides' over the panel's.
    pub draw: SeriesDraw,
}

/// The fields of `series` (each its query's ref id and its name: the legend, or its labels when the legend
/// is blank — the name Grafana's `byName` and `byRegexp` match) under the panel's overrides; the panel's
/// decimals, `hideFrom` and `axisPlacement` apply where no override sets them. `regex(i, name)` tells whether
/// override `i`'s pattern matches.
pub fn series_fields(series: &[(String, String)], panel: &PanelOptions, regex: &dyn Fn(usize, &str) -> bool) -> Vec<SeriesField> {
    series
        .iter()
        .map(|(ref_id, name)| {
            let d = field_display(name, ref_id, &panel.overrides, regex);
            SeriesField {
                name: d.name,
                color: d.color.as_deref().and_then(rgb_of),
                unit: d.unit.as_deref().and_then(Unit::from_id),
                decimals: d.decimals.or(panel.decimals),
                hide_from: d.hide_from.unwrap_or(panel.hide_from),
                placement: d.axis_placement.unwrap_or(panel.axis_placement),
                draw: panel.series_draw.under(&d.draw),
            }
        })
        .collect()
}

/// Threshold steps as the chart draws them: each step's start (None: the base step, from −∞) in the
/// panel's values or in percent of the drawn range, and its colour; steps are kept in value order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThresholdMarks {
    pub steps: Vec<(Option<f64>, Rgb)>,
    pub percent: bool,
    /// A line at each step's start (Some(true): dashed).
    pub line: Option<bool>,
    /// Each step's band shaded in its colour.
    pub area: bool,
    /// The range percent steps are of (the panel's min and max); None: the drawn values' lowest or highest.
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// The marks of `thresholds` drawn in `style` (percent steps of `min..max`); None when the style is off or
/// no step has a colour that can be drawn.
pub fn threshold_marks(thresholds: &[Threshold], percent: bool, style: ThresholdsStyle, min: Option<f64>, max: Option<f64>) -> Option<ThresholdMarks> {
    if style.is_off() {
        return None;
    }
    let mut steps: Vec<(Option<f64>, Rgb)> = thresholds
        .iter()
        .filter(|t| t.value.is_none_or(f64::is_finite))
        .filter_map(|t| Some((t.value, rgb_of(&t.color)?)))
        .collect();
    // Grafana sorts the steps by value, the base step (−∞) first.
    crate::sort::by(&mut steps, |a, b| a.0.unwrap_or(f64::NEG_INFINITY).total_cmp(&b.0.unwrap_or(f64::NEG_INFINITY)));
    (!steps.is_empty()).then_some(ThresholdMarks { steps, percent, line: style.line(), area: style.area(), min, max })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::FieldOverride;

    fn s(r: &str, n: &str) -> (String, String) {
        (r.into(), n.into())
    }

    fn opts(overrides: &[FieldOverride], decimals: Option<u8>) -> PanelOptions {
        PanelOptions { overrides: overrides.to_vec(), decimals, ..PanelOptions::default() }
    }

    #[test]
    fn hiding_and_axis_placement_come_from_the_panel_unless_an_override_sets_them() {
        // Node Exporter Full's "CPU Frequency Scaling": Max and Min hidden from the legend; a panel whose
        // series go to a hidden axis but one placed right.
        let panel = PanelOptions {
            axis_placement: AxisPlacement::Hidden,
            hide_from: HideFrom { tooltip: true, ..HideFrom::default() },
            overrides: vec![
                FieldOverride { regex: "^M".into(), hide_from: Some(HideFrom { legend: true, ..HideFrom::default() }), ..FieldOverride::default() },
                FieldOverride { name: "Min".into(), axis_placement: Some(AxisPlacement::Right), ..FieldOverride::default() },
            ],
            ..PanelOptions::default()
        };
        let f = series_fields(&[s("A", "cpu0"), s("B", "Max"), s("C", "Min")], &panel, &|i, n| i == 0 && n.starts_with('M'));
        let got: Vec<(HideFrom, AxisPlacement)> = f.iter().map(|f| (f.hide_from, f.placement)).collect();
        let legend = HideFrom { legend: true, ..HideFrom::default() };
        assert_eq!(
            got,
            vec![
                (HideFrom { tooltip: true, ..HideFrom::default() }, AxisPlacement::Hidden),
                (legend, AxisPlacement::Hidden),
                (legend, AxisPlacement::Right)
            ]
        );
    }

    #[test]
    fn the_draw_style_is_the_panels_with_what_matching_overrides_set() {
        use crate::dashboard::{LineFill, LineStyle, Transform};
        // Node Exporter Full's "System Load": every series filled at 20 %; the core count dashed, unfilled.
        let dash = LineStyle { fill: LineFill::Dash, dash: vec![10, 10] };
        let panel = PanelOptions {
            series_draw: SeriesDraw { fill_opacity: Some(20), ..SeriesDraw::default() },
            overrides: vec![
                FieldOverride { name: "CPU Core Count".into(), draw: SeriesDraw { fill_opacity: Some(0), line_style: Some(dash.clone()), ..SeriesDraw::default() }, ..FieldOverride::default() },
                FieldOverride { regex: "5m".into(), draw: SeriesDraw { transform: Some(Transform::NegativeY), ..SeriesDraw::default() }, ..FieldOverride::default() },
            ],
            ..PanelOptions::default()
        };
        let f = series_fields(&[s("A", "Load 1m"), s("B", "Load 5m"), s("D", "CPU Core Count")], &panel, &|i, n| i == 1 && n.contains("5m"));
        assert_eq!(f[0].draw, SeriesDraw { fill_opacity: Some(20), ..SeriesDraw::default() });
        assert_eq!(f[1].draw, SeriesDraw { fill_opacity: Some(20), transform: Some(Transform::NegativeY), ..SeriesDraw::default() });
        assert_eq!(f[2].draw, SeriesDraw { fill_opacity: Some(0), line_style: Some(dash), ..SeriesDraw::default() });
    }

    #[test]
    fn overrides_by_query_and_by_type_set_name_colour_unit_and_decimals() {
        // Grafana: {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [displayName "Errors",
        // color {mode: fixed, fixedColor: "red"}]}, then byType number → unit bytes.
        let os = [
            FieldOverride { ref_id: "B".into(), display_name: Some("Errors".into()), color: Some("red".into()), ..FieldOverride::default() },
            FieldOverride { field_type: "number".into(), unit: Some("bytes".into()), ..FieldOverride::default() },
        ];
        let f = series_fields(&[s("A", "up"), s("B", "errs")], &opts(&os, Some(1)), &|_, _| false);
        assert_eq!(f[0], SeriesField { name: "up".into(), color: None, unit: Some(Unit::Bytes), decimals: Some(1), ..SeriesField::default() });
        // Grafana's "red" is #F2495C.
        assert_eq!(f[1], SeriesField { name: "Errors".into(), color: Some((0xf2, 0x49, 0x5c)), unit: Some(Unit::Bytes), decimals: Some(1), ..SeriesField::default() });
    }

    #[test]
    fn a_type_other_than_number_matches_no_drawn_series() {
        let os = [FieldOverride { field_type: "time".into(), display_name: Some("T".into()), ..FieldOverride::default() }];
        assert_eq!(series_fields(&[s("A", "up")], &opts(&os, None), &|_, _| false)[0].name, "up");
    }

    #[test]
    fn colours_in_hex_and_rgba_are_read_and_unknown_ones_keep_the_palette() {
        let os = [
            FieldOverride { name: "a".into(), color: Some("#7EB26D".into()), ..FieldOverride::default() },
            FieldOverride { name: "b".into(), color: Some("rgba(31, 120, 193, 0.5)".into()), ..FieldOverride::default() },
            FieldOverride { name: "c".into(), color: Some("url(x)".into()), ..FieldOverride::default() },
        ];
        let f = series_fields(&[s("A", "a"), s("A", "b"), s("A", "c")], &opts(&os, None), &|_, _| false);
        assert_eq!(f.iter().map(|f| f.color).collect::<Vec<_>>(), vec![Some((0x7e, 0xb2, 0x6d)), Some((31, 120, 193)), None]);
    }

    #[test]
    fn threshold_marks_follow_the_style_and_sort_the_steps() {
        let th = [
            Threshold { value: Some(80.0), color: "red".into() },
            Threshold { value: None, color: "green".into() },
            Threshold { value: Some(50.0), color: "#EAB839".into() },
        ];
        assert_eq!(threshold_marks(&th, false, ThresholdsStyle::Off, None, None), None);
        let m = threshold_marks(&th, true, ThresholdsStyle::DashedArea, None, None).unwrap();
        assert_eq!(m.steps, vec![(None, (0x73, 0xbf, 0x69)), (Some(50.0), (0xea, 0xb8, 0x39)), (Some(80.0), (0xf2, 0x49, 0x5c))]);
        assert_eq!((m.percent, m.line, m.area), (true, Some(true), true));
        let l = threshold_marks(&th, false, ThresholdsStyle::Line, None, None).unwrap();
        assert_eq!((l.line, l.area), (Some(false), false));
    }
}
