//! The panel editor's rules: number fields, threshold steps, value mappings and field overrides, and the
//! check a panel passes before Apply (so an edit can never make a dashboard the reader refuses).

use crate::dashboard::links::check_links;
use crate::dashboard::series_draw::{MAX_LINE_WIDTH, MAX_STACK_GROUP};
use crate::dashboard::{check, Dashboard, FieldOverride, HideFrom, LineFill, LineStyle, MappingKind, Panel, PanelKind, SeriesDraw, SeriesStyle, StackMode, Stacking, Threshold, Transform, ValueMapping, DEFAULT_STACK_GROUP};

/// What a field override matches, as the editor offers it (Grafana's matchers of the same names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverrideMatch {
    Name,
    Regex,
    Query,
    Type,
    /// Any of a list of names (`byNames`, mode include); the text lists them separated by commas.
    Names,
    /// Every series but a list of names (`byNames`, mode exclude: Grafana's "hide series" of a legend click).
    AllBut,
}

impl OverrideMatch {
    pub const ALL: [OverrideMatch; 6] =
        [OverrideMatch::Name, OverrideMatch::Regex, OverrideMatch::Query, OverrideMatch::Type, OverrideMatch::Names, OverrideMatch::AllBut];
    pub fn id(self) -> &'static str {
        match self {
            OverrideMatch::Name => "name",
            OverrideMatch::Regex => "regex",
            OverrideMatch::Query => "refId",
            OverrideMatch::Type => "type",
            OverrideMatch::Names => "names",
            OverrideMatch::AllBut => "allBut",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OverrideMatch::Name => "Series named",
            OverrideMatch::Regex => "Series matching regex",
            OverrideMatch::Query => "Series of query",
            OverrideMatch::Type => "Fields of type",
            OverrideMatch::Names => "Series named any of",
            OverrideMatch::AllBut => "Every series but",
        }
    }
    pub fn from_id(s: &str) -> Option<OverrideMatch> {
        OverrideMatch::ALL.into_iter().find(|m| m.id() == s)
    }
}

/// What override `o` matches and the text it matches (a name, a pattern, a ref id, a type or names
/// separated by commas).
pub fn override_match(o: &FieldOverride) -> (OverrideMatch, String) {
    if !o.names.is_empty() {
        (if o.names_exclude { OverrideMatch::AllBut } else { OverrideMatch::Names }, o.names.join(", "))
    } else if !o.regex.is_empty() {
        (OverrideMatch::Regex, o.regex.clone())
    } else if !o.ref_id.is_empty() {
        (OverrideMatch::Query, o.ref_id.clone())
    } else if !o.field_type.is_empty() {
        (OverrideMatch::Type, o.field_type.clone())
    } else {
        (OverrideMatch::Name, o.name.clone())
    }
}

/// Makes `o` match `text` by `by` (and nothing else).
pub fn set_override_match(o: &mut FieldOverride, by: OverrideMatch, text: &str) {
    for f in [&mut o.name, &mut o.regex, &mut o.ref_id, &mut o.field_type] {
        f.clear();
    }
    o.names.clear();
    o.names_exclude = by == OverrideMatch::AllBut;
    let slot = match by {
        OverrideMatch::Name => &mut o.name,
        OverrideMatch::Regex => &mut o.regex,
        OverrideMatch::Query => &mut o.ref_id,
        OverrideMatch::Type => &mut o.field_type,
        OverrideMatch::Names | OverrideMatch::AllBut => {
            o.names = text.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
            o.names_exclude &= !o.names.is_empty();
            return;
        }
    };
    *slot = text.to_string();
}

/// What a series can be hidden from, as the editor names them: Grafana's `hideFrom` keys.
pub const HIDE_TARGETS: [(&str, &str); 3] = [("legend", "legend"), ("tooltip", "tooltip"), ("viz", "plot")];

/// `h` with `what` (a key of [`HIDE_TARGETS`]) set to `on`; nothing hidden any more is None (an override
/// then leaves it to the panel).
pub fn set_hidden(h: Option<HideFrom>, what: &str, on: bool) -> Option<HideFrom> {
    let mut h = h.unwrap_or_default();
    match what {
        "legend" => h.legend = on,
        "tooltip" => h.tooltip = on,
        "viz" => h.viz = on,
        _ => {}
    }
    (!h.is_none()).then_some(h)
}

/// Whether `h` hides from `what` (a key of [`HIDE_TARGETS`]).
pub fn is_hidden(h: HideFrom, what: &str) -> bool {
    match what {
        "legend" => h.legend,
        "tooltip" => h.tooltip,
        "viz" => h.viz,
        _ => false,
    }
}

/// What the editor sets of a series' draw style, each from one control's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawField {
    /// `none`, `negative-Y`, `constant`.
    Transform,
    /// 0..100 (%).
    FillOpacity,
    /// 0..10 (px).
    LineWidth,
    /// `solid`, `dash`, `dot`.
    LineStyle,
    /// `none` (drawn on its own), `normal`, `percent`.
    StackMode,
    /// The stack's group (Grafana's "A" when empty).
    StackGroup,
    /// `lines`, `points`, `bars`.
    DrawStyle,
}

/// `d` with `field` set from the control's `text`; empty text unsets it (an override then leaves it to the
/// panel, a panel to the default); a number out of range is clamped, text that is no value unsets it.
pub fn set_draw(d: &SeriesDraw, field: DrawField, text: &str) -> SeriesDraw {
    let mut d = d.clone();
    let t = text.trim();
    let num = |hi: u8| t.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| n.clamp(0.0, f64::from(hi)).round() as u8);
    match field {
        DrawField::Transform => d.transform = Transform::from_id(t),
        DrawField::FillOpacity => d.fill_opacity = num(100),
        DrawField::LineWidth => d.line_width = num(MAX_LINE_WIDTH),
        DrawField::LineStyle => {
            // A kept dash pattern stays with a change between dash and dot.
            let dash = d.line_style.as_ref().map(|l| l.dash.clone()).unwrap_or_default();
            d.line_style = LineFill::from_id(t).map(|fill| LineStyle { fill, dash: if fill == LineFill::Solid { Vec::new() } else { dash } });
        }
        DrawField::StackMode => {
            let group = d.stacking.as_ref().map_or_else(|| DEFAULT_STACK_GROUP.to_string(), |s| s.group.clone());
            d.stacking = StackMode::from_id(t).map(|mode| Stacking { mode, group });
        }
        DrawField::StackGroup => {
            // A group alone stacks normally; an empty one is the panel's.
            let group: String = t.chars().take(MAX_STACK_GROUP).collect();
            let group = if group.trim().is_empty() { DEFAULT_STACK_GROUP.to_string() } else { group };
            let mode = d.stacking.as_ref().map_or(StackMode::Normal, |s| s.mode);
            d.stacking = Some(Stacking { mode, group });
        }
        DrawField::DrawStyle => d.draw_style = SeriesStyle::from_id(t),
    }
    d
}

/// The text of `field` of `d` as its control shows it (empty: unset).
pub fn draw_text(d: &SeriesDraw, field: DrawField) -> String {
    match field {
        DrawField::Transform => d.transform.map(|t| t.id().to_string()).unwrap_or_default(),
        DrawField::FillOpacity => d.fill_opacity.map(|f| f.to_string()).unwrap_or_default(),
        DrawField::LineWidth => d.line_width.map(|w| w.to_string()).unwrap_or_default(),
        DrawField::LineStyle => d.line_style.as_ref().map(|l| l.fill.id().to_string()).unwrap_or_default(),
        DrawField::StackMode => d.stacking.as_ref().map(|s| s.mode.id().to_string()).unwrap_or_default(),
        DrawField::StackGroup => d.stacking.as_ref().map(|s| s.group.clone()).unwrap_or_default(),
        DrawField::DrawStyle => d.draw_style.map(|s| s.id().to_string()).unwrap_or_default(),
    }
}

/// A new value mapping: `value` → `text` (both to be filled in).
pub fn add_mapping(ms: &mut Vec<ValueMapping>) {
    ms.push(ValueMapping { kind: MappingKind::Value, value: String::new(), from: None, to: None, text: String::new(), color: None });
}

/// Changes a mapping's kind, keeping its text and colour; a special one starts as "null".
pub fn set_mapping_kind(m: &mut ValueMapping, kind: MappingKind) {
    if m.kind == kind {
        return;
    }
    m.kind = kind;
    m.from = None;
    m.to = None;
    m.value = if kind == MappingKind::Special { "null".into() } else { String::new() };
}

/// What a mapping or override lacks before Apply, named by its place (1-based).
fn check_field_config(p: &Panel) -> Result<(), String> {
    for (i, m) in p.options.mappings.iter().enumerate() {
        let n = i + 1;
        match m.kind {
            MappingKind::Value if m.value.trim().is_empty() => return Err(format!("Mapping {n}: which value does it map?")),
            MappingKind::Regex if m.value.is_empty() => return Err(format!("Mapping {n}: the regex is empty.")),
            MappingKind::Range if m.from.is_none() && m.to.is_none() => return Err(format!("Mapping {n}: a range needs From or To.")),
            MappingKind::Range if m.from.zip(m.to).is_some_and(|(a, b)| a > b) => return Err(format!("Mapping {n}: From is above To.")),
            _ => {}
        }
        if m.text.trim().is_empty() && m.color.is_none() {
            return Err(format!("Mapping {n}: give it a text or a colour."));
        }
    }
    for (i, o) in p.options.overrides.iter().enumerate() {
        let n = i + 1;
        if override_match(o).1.trim().is_empty() {
            return Err(format!("Override {n}: what does it match?"));
        }
        if !o.sets_something() {
            return Err(format!("Override {n}: it sets nothing (display name, unit, decimals, colour, hiding, axis or draw style)."));
        }
    }
    Ok(())
}

/// A number typed in a field: empty is "not set"; anything else must be a finite number.
pub fn parse_number_field(label: &str, text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("{label}: \"{t}\" is not a number.")),
    }
}

/// Decimals typed in a field: empty is automatic, else a whole number 0..=20.
pub fn parse_decimals(text: &str) -> Result<Option<u8>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u8>() {
        Ok(d) if d <= 20 => Ok(Some(d)),
        _ => Err(format!("Decimals: \"{t}\" is not a whole number from 0 to 20.")),
    }
}

/// A relative time typed in the panel editor (Grafana's `timeFrom`: `1h`, `7d`, `now/d`, `now-1d/d`):
/// empty is "follow the dashboard"; anything else must be one of those.
pub fn parse_time_from(text: &str) -> Result<Option<String>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let shown = crate::dashboard::json::clip(t, 40);
    crate::dashboard::panel_time::check_time_from(t)
        .map(|()| Some(t.to_string()))
        .map_err(|_| format!("Relative time \"{shown}\" is neither a duration (1h, 7d) nor a now expression (now/d, now-1d/d)."))
}

/// A time shift typed in the panel editor (Grafana's `timeShift`: `1h`, `1d`, `1d/d`): empty is none.
pub fn parse_time_shift(text: &str) -> Result<Option<String>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let shown = crate::dashboard::json::clip(t, 40);
    crate::dashboard::panel_time::check_time_shift(t)
        .map(|()| Some(t.to_string()))
        .map_err(|_| format!("Time shift \"{shown}\" is not a duration: use 1h, 1d, 1w or 1d/d."))
}

/// Adds a threshold step: the base colour first (green), then steps above the highest value (red).
pub fn add_threshold(ts: &mut Vec<Threshold>) {
    if ts.is_empty() {
        ts.push(Threshold { value: None, color: "green".into() });
        return;
    }
    let top = ts.iter().filter_map(|t| t.value).fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    let value = top.map_or(80.0, |v| v + 10.0);
    ts.push(Threshold { value: Some(value), color: "red".into() });
}

/// Steps in the order they apply: the base (no value) first, then by value.
pub fn sort_thresholds(ts: &mut [Threshold]) {
    crate::sort::by(ts, |a, b| match (a.value, b.value) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.total_cmp(&y),
    });
}

/// What Apply checks: links, min ≤ max, threshold colours, and that a dashboard holding this panel passes
/// the reader's own checks. The message says what to fix.
pub fn check_panel(p: &Panel) -> Result<(), String> {
    check_links(&p.links)?;
    if let (Some(a), Some(b)) = (p.options.min, p.options.max) {
        if a > b {
            return Err(format!("Min ({a}) is above max ({b})."));
        }
    }
    if let (Some(a), Some(b)) = (p.options.color_min, p.options.color_max) {
        if a >= b {
            return Err(format!("Colour min ({a}) must be below colour max ({b})."));
        }
    }
    for (i, t) in p.options.thresholds.iter().enumerate() {
        if t.color.trim().is_empty() {
            return Err(format!("Threshold {} has no colour.", i + 1));
        }
    }
    if p.options.thresholds.iter().filter(|t| t.value.is_none()).count() > 1 {
        return Err("Only one threshold can be the base (no value).".into());
    }
    check_field_config(p)?;
    if p.kind == PanelKind::Row {
        return Ok(());
    }
    let one = Dashboard { uid: "check".into(), panels: vec![p.clone()], ..Dashboard::default() };
    check(&one).map_err(|e| format!("This panel cannot be saved: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::Link;

    #[test]
    fn number_fields() {
        assert_eq!(parse_number_field("Min", " "), Ok(None));
        assert_eq!(parse_number_field("Min", "-1.5e3"), Ok(Some(-1500.0)));
        assert_eq!(parse_number_field("Max", "NaN"), Err("Max: \"NaN\" is not a number.".into()));
        assert_eq!(parse_number_field("Max", "12px"), Err("Max: \"12px\" is not a number.".into()));
        assert_eq!(parse_decimals(""), Ok(None));
        assert_eq!(parse_decimals("3"), Ok(Some(3)));
        assert!(parse_decimals("21").is_err());
        assert!(parse_decimals("-1").is_err());
    }

    #[test]
    fn relative_time_and_shift_fields() {
        assert_eq!(parse_time_from(" "), Ok(None));
        assert_eq!(parse_time_from(" 1h "), Ok(Some("1h".into())));
        assert_eq!(parse_time_from("now-1d/d"), Ok(Some("now-1d/d".into())));
        assert_eq!(parse_time_from("now/d"), Ok(Some("now/d".into())));
        for bad in ["1x", "yesterday", "-1h", "now-"] {
            assert_eq!(parse_time_from(bad), Err(format!("Relative time \"{bad}\" is neither a duration (1h, 7d) nor a now expression (now/d, now-1d/d).")));
        }
        assert_eq!(parse_time_shift(""), Ok(None));
        assert_eq!(parse_time_shift("1d/d"), Ok(Some("1d/d".into())));
        assert_eq!(parse_time_shift("2h"), Ok(Some("2h".into())));
        for bad in ["-1h", "now-1h", "1x"] {
            assert_eq!(parse_time_shift(bad), Err(format!("Time shift \"{bad}\" is not a duration: use 1h, 1d, 1w or 1d/d.")));
        }
    }

    #[test]
    fn thresholds_are_added_above_the_top_and_sorted() {
        let mut ts = Vec::new();
        add_threshold(&mut ts);
        add_threshold(&mut ts);
        add_threshold(&mut ts);
        assert_eq!(ts.iter().map(|t| t.value).collect::<Vec<_>>(), vec![None, Some(80.0), Some(90.0)]);
        ts[1].value = Some(95.0);
        sort_thresholds(&mut ts);
        assert_eq!(ts.iter().map(|t| t.value).collect::<Vec<_>>(), vec![None, Some(90.0), Some(95.0)]);
    }

    #[test]
    fn apply_is_refused_with_a_reason() {
        let ok = Panel::default();
        assert_eq!(check_panel(&ok), Ok(()));
        let mut p = ok.clone();
        p.options.min = Some(5.0);
        p.options.max = Some(1.0);
        assert_eq!(check_panel(&p), Err("Min (5) is above max (1).".into()));
        let mut p = ok.clone();
        p.options.thresholds = vec![Threshold { value: None, color: "green".into() }, Threshold { value: Some(1.0), color: " ".into() }];
        assert_eq!(check_panel(&p), Err("Threshold 2 has no colour.".into()));
        let mut p = ok.clone();
        p.links = vec![Link { title: "x".into(), url: "data:text/html,hi".into(), new_tab: false }];
        assert!(check_panel(&p).unwrap_err().starts_with("Link 1:"));
        let mut p = ok.clone();
        p.title = "t".repeat(501);
        assert!(check_panel(&p).unwrap_err().starts_with("This panel cannot be saved: spec.panels.1.spec.display.name is too long"));
    }

    #[test]
    fn override_matches_switch_kind_and_keep_one_text() {
        let mut o = FieldOverride { name: "up".into(), color: Some("red".into()), ..FieldOverride::default() };
        assert_eq!(override_match(&o), (OverrideMatch::Name, "up".to_string()));
        set_override_match(&mut o, OverrideMatch::Query, "B");
        assert_eq!(o, FieldOverride { ref_id: "B".into(), color: Some("red".into()), ..FieldOverride::default() });
        assert_eq!(override_match(&o), (OverrideMatch::Query, "B".to_string()));
        assert_eq!(OverrideMatch::from_id("refId"), Some(OverrideMatch::Query));
        // A list of names, typed with commas; "every series but" is Grafana's byNames mode exclude.
        set_override_match(&mut o, OverrideMatch::AllBut, " Resident Memory,, Virtual Memory ");
        assert_eq!((o.ref_id.as_str(), o.names.clone(), o.names_exclude), ("", vec!["Resident Memory".to_string(), "Virtual Memory".to_string()], true));
        assert_eq!(override_match(&o), (OverrideMatch::AllBut, "Resident Memory, Virtual Memory".to_string()));
        set_override_match(&mut o, OverrideMatch::Names, "a");
        assert_eq!((o.names.clone(), o.names_exclude), (vec!["a".to_string()], false));
        set_override_match(&mut o, OverrideMatch::Name, "up");
        assert_eq!(o, FieldOverride { name: "up".into(), color: Some("red".into()), ..FieldOverride::default() });
    }

    #[test]
    fn hiding_a_series_sets_one_target_and_nothing_hidden_is_left_to_the_panel() {
        let h = set_hidden(None, "legend", true);
        assert_eq!(h, Some(HideFrom { legend: true, ..HideFrom::default() }));
        let h = set_hidden(h, "viz", true).unwrap();
        assert!(is_hidden(h, "viz") && is_hidden(h, "legend") && !is_hidden(h, "tooltip"));
        assert_eq!(set_hidden(set_hidden(Some(h), "viz", false), "legend", false), None);
        // An override that only hides a series sets something.
        let o = FieldOverride { name: "Max".into(), hide_from: Some(h), ..FieldOverride::default() };
        assert!(o.sets_something());
    }

    #[test]
    fn the_draw_style_controls_set_clamp_and_unset_each_field() {
        let d = set_draw(&SeriesDraw::default(), DrawField::Transform, "negative-Y");
        assert_eq!(d.transform, Some(Transform::NegativeY));
        let d = set_draw(&d, DrawField::FillOpacity, "140");
        let d = set_draw(&d, DrawField::LineWidth, " 2 ");
        assert_eq!((d.fill_opacity, d.line_width), (Some(100), Some(2)));
        let d = set_draw(&SeriesDraw { line_style: Some(LineStyle { fill: LineFill::Dash, dash: vec![4, 2] }), ..d }, DrawField::LineStyle, "dot");
        assert_eq!(d.line_style, Some(LineStyle { fill: LineFill::Dot, dash: vec![4, 2] }));
        assert_eq!(draw_text(&d, DrawField::LineStyle), "dot");
        assert_eq!(draw_text(&d, DrawField::Transform), "negative-Y");
        assert_eq!(set_draw(&d, DrawField::LineStyle, "solid").line_style, Some(LineStyle::default()));
        // Empty or no number: unset.
        let d = set_draw(&set_draw(&d, DrawField::Transform, ""), DrawField::FillOpacity, "lots");
        assert_eq!((d.transform, d.fill_opacity), (None, None));
        assert_eq!(draw_text(&d, DrawField::FillOpacity), "");
        // Stacking: a mode keeps the group ("A" when none was set); a group alone stacks normally; empty unsets.
        let s = set_draw(&SeriesDraw::default(), DrawField::StackMode, "none");
        assert_eq!(s.stacking, Some(Stacking { mode: StackMode::None, group: "A".into() }));
        let s = set_draw(&set_draw(&SeriesDraw::default(), DrawField::StackGroup, " B "), DrawField::StackMode, "percent");
        assert_eq!(s.stacking, Some(Stacking { mode: StackMode::Percent, group: "B".into() }));
        assert_eq!((draw_text(&s, DrawField::StackMode), draw_text(&s, DrawField::StackGroup)), ("percent".to_string(), "B".to_string()));
        assert_eq!(set_draw(&s, DrawField::StackMode, "").stacking, None);
        // Lines, points or bars for the series; anything else is the panel's.
        let s = set_draw(&s, DrawField::DrawStyle, "bars");
        assert_eq!((s.draw_style, draw_text(&s, DrawField::DrawStyle)), (Some(SeriesStyle::Bars), "bars".to_string()));
        assert_eq!(set_draw(&s, DrawField::DrawStyle, "").draw_style, None);
        // An override that only draws a series below the axis sets something.
        let o = FieldOverride { regex: ".*Tx.*".into(), draw: set_draw(&SeriesDraw::default(), DrawField::Transform, "negative-Y"), ..FieldOverride::default() };
        assert!(o.sets_something());
    }

    #[test]
    fn mappings_and_overrides_are_checked_before_apply() {
        let mut p = Panel::default();
        add_mapping(&mut p.options.mappings);
        assert_eq!(check_panel(&p), Err("Mapping 1: which value does it map?".into()));
        p.options.mappings[0].value = "1".into();
        assert_eq!(check_panel(&p), Err("Mapping 1: give it a text or a colour.".into()));
        p.options.mappings[0].text = "Up".into();
        assert_eq!(check_panel(&p), Ok(()));
        set_mapping_kind(&mut p.options.mappings[0], MappingKind::Range);
        assert_eq!(p.options.mappings[0].text, "Up");
        assert_eq!(check_panel(&p), Err("Mapping 1: a range needs From or To.".into()));
        set_mapping_kind(&mut p.options.mappings[0], MappingKind::Special);
        assert_eq!((p.options.mappings[0].value.as_str(), check_panel(&p)), ("null", Ok(())));
        p.options.overrides.push(FieldOverride::default());
        assert_eq!(check_panel(&p), Err("Override 1: what does it match?".into()));
        set_override_match(&mut p.options.overrides[0], OverrideMatch::Regex, ".*");
        assert!(check_panel(&p).unwrap_err().starts_with("Override 1: it sets nothing"));
        p.options.overrides[0].unit = Some("bytes".into());
        assert_eq!(check_panel(&p), Ok(()));
    }
}
