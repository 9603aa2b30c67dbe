//! A time series' draw style in the dashboard model (Grafana's `custom.transform`, `custom.fillOpacity`,
//! `custom.lineWidth`, `custom.lineStyle`, `custom.stacking`): the panel's defaults and an override's settings, each field
//! unset leaving it to the panel (or to Grafana's defaults: no transform, no fill, 1 px, solid), and their
//! reading from the saved JSON.

use serde::Serialize;
use serde_json::Value;

use super::json::{clip, Notes, Obj};
use super::schema::SeriesStyle;

/// What a series' values become before they are drawn (the hover tip and legend keep the true values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Transform {
    #[default]
    #[serde(rename = "none")]
    None,
    /// Drawn below the axis: values negated (Grafana's `negative-Y`: out/write/Tx under in/read/Rx).
    #[serde(rename = "negative-Y")]
    NegativeY,
    /// Drawn as a flat line at its first value (Grafana's `constant`).
    #[serde(rename = "constant")]
    Constant,
}

impl Transform {
    pub const ALL: [Transform; 3] = [Transform::None, Transform::NegativeY, Transform::Constant];
    pub fn id(self) -> &'static str {
        match self {
            Transform::None => "none",
            Transform::NegativeY => "negative-Y",
            Transform::Constant => "constant",
        }
    }
    pub fn from_id(s: &str) -> Option<Transform> {
        Transform::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// A line's pattern (Grafana's `lineStyle.fill`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineFill {
    #[default]
    Solid,
    Dash,
    Dot,
}

impl LineFill {
    pub const ALL: [LineFill; 3] = [LineFill::Solid, LineFill::Dash, LineFill::Dot];
    pub fn id(self) -> &'static str {
        match self {
            LineFill::Solid => "solid",
            LineFill::Dash => "dash",
            LineFill::Dot => "dot",
        }
    }
    pub fn from_id(s: &str) -> Option<LineFill> {
        LineFill::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// A line's style: solid, dashed or dotted, `dash` the lengths in px of mark and gap (Grafana's
/// `lineStyle: {fill, dash}`; empty: Grafana's [10, 10] for a dash, [0, 10] for dots).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LineStyle {
    pub fill: LineFill,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dash: Vec<u8>,
}

/// At most this many dash lengths, each at most this many px.
pub const MAX_DASHES: usize = 8;
pub const MAX_DASH_PX: u8 = 100;
/// The widest line, px (Grafana's slider stops at 10).
pub const MAX_LINE_WIDTH: u8 = 10;

impl LineStyle {
    /// The pattern drawn, marks and gaps in px alternating; empty for a solid line. A mark of 0 (Grafana's
    /// dots) is drawn 1 px long.
    pub fn pattern(&self) -> Vec<f64> {
        let dash: Vec<f64> = self.dash.iter().map(|&d| f64::from(d)).collect();
        let p = match self.fill {
            LineFill::Solid => return Vec::new(),
            LineFill::Dash if dash.len() >= 2 => dash,
            LineFill::Dash => vec![10.0, 10.0],
            LineFill::Dot if dash.len() >= 2 => dash,
            LineFill::Dot => vec![0.0, 10.0],
        };
        let p: Vec<f64> = p.iter().enumerate().map(|(i, d)| if i % 2 == 0 { d.max(1.0) } else { *d }).collect();
        // A pattern without gaps is a solid line.
        if p.iter().skip(1).step_by(2).all(|g| *g <= 0.0) {
            Vec::new()
        } else {
            p
        }
    }
}

/// How a series stacks (Grafana's `stacking.mode`): on its own, summed with its group, or summed as shares
/// (percent: drawn as normal stacking for now).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StackMode {
    #[default]
    None,
    Normal,
    Percent,
}

impl StackMode {
    pub const ALL: [StackMode; 3] = [StackMode::None, StackMode::Normal, StackMode::Percent];
    pub fn id(self) -> &'static str {
        match self {
            StackMode::None => "none",
            StackMode::Normal => "normal",
            StackMode::Percent => "percent",
        }
    }
    pub fn from_id(s: &str) -> Option<StackMode> {
        StackMode::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// A series' stack (Grafana's `custom.stacking`): series of one `group` (Grafana's default "A") and a mode other
/// than none are summed together; `none` draws the series on its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stacking {
    pub mode: StackMode,
    pub group: String,
}

/// The group a stacked panel's series share unless a stacking says otherwise (Grafana's default).
pub const DEFAULT_STACK_GROUP: &str = "A";

/// How a series is drawn; `None` leaves it to the panel (in an override) or to the default (in a panel).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesDraw {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
    /// 0..=100: the area between the line and zero filled at that opacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill_opacity: Option<u8>,
    /// Px, 0..=10 (0: no line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_width: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_style: Option<LineStyle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stacking: Option<Stacking>,
    /// An override's lines, bars or points for its series (Grafana's `custom.drawStyle`; a panel's own is its
    /// style).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draw_style: Option<SeriesStyle>,
}

impl SeriesDraw {
    pub fn is_empty(&self) -> bool {
        *self == SeriesDraw::default()
    }
    /// `self` without the settings that equal the defaults (no transform, no fill, 1 px, solid): what a
    /// panel keeps of Grafana's defaults.
    pub fn without_defaults(mut self) -> SeriesDraw {
        self.transform = self.transform.filter(|t| *t != Transform::None);
        self.fill_opacity = self.fill_opacity.filter(|f| *f != 0);
        self.line_width = self.line_width.filter(|w| *w != 1);
        self.line_style = self.line_style.filter(|l| !l.pattern().is_empty());
        self
    }
    /// `self` with the fields `over` sets replaced.
    pub fn under(&self, over: &SeriesDraw) -> SeriesDraw {
        SeriesDraw {
            transform: over.transform.or(self.transform),
            fill_opacity: over.fill_opacity.or(self.fill_opacity),
            line_width: over.line_width.or(self.line_width),
            line_style: over.line_style.clone().or_else(|| self.line_style.clone()),
            stacking: over.stacking.clone().or_else(|| self.stacking.clone()),
            draw_style: over.draw_style.or(self.draw_style),
        }
    }

    /// The stack this series joins in a panel drawn stacked (`panel_stacked`) or not: its group, or None when
    /// it is drawn on its own.
    pub fn stack_group(&self, panel_stacked: bool) -> Option<&str> {
        match &self.stacking {
            Some(s) if s.mode == StackMode::None => None,
            Some(s) => Some(s.group.as_str()),
            None => panel_stacked.then_some(DEFAULT_STACK_GROUP),
        }
    }
}

/// A [`SeriesDraw`] from the object `o` (its keys `transform`, `fillOpacity`, `lineWidth`, `lineStyle`).
pub(super) fn read_series_draw(o: &Obj, notes: &mut Notes) -> Result<SeriesDraw, String> {
    let transform = match o.opt_str("transform", 32)? {
        None => None,
        Some(s) => Some(Transform::from_id(&s).ok_or_else(|| {
            let all: Vec<_> = Transform::ALL.iter().map(|k| k.id()).collect();
            format!("{} \"{}\" is not one of {}", o.p("transform"), clip(&s, 40), all.join(", "))
        })?),
    };
    let line_style = match o.get("lineStyle") {
        None => None,
        Some(v) => Some(read_line_style(v, &o.p("lineStyle"), notes)?),
    };
    let stacking = match o.get("stacking") {
        None => None,
        Some(v) => Some(read_stacking(v, &o.p("stacking"), notes)?),
    };
    let draw_style = match o.opt_str("drawStyle", 16)? {
        None => None,
        Some(s) => Some(SeriesStyle::from_id(&s).ok_or_else(|| format!("{} \"{}\" is not one of lines, points, bars", o.p("drawStyle"), clip(&s, 40)))?),
    };
    Ok(SeriesDraw {
        transform,
        fill_opacity: o.opt_u32("fillOpacity", 0, 100)?.and_then(|v| u8::try_from(v).ok()),
        line_width: o.opt_u32("lineWidth", 0, u32::from(MAX_LINE_WIDTH))?.and_then(|v| u8::try_from(v).ok()),
        line_style,
        stacking,
        draw_style,
    })
}

/// Most characters of a stack group's name.
pub const MAX_STACK_GROUP: usize = 40;

fn read_stacking(v: &Value, path: &str, notes: &mut Notes) -> Result<Stacking, String> {
    let o = Obj::new(v, path, &["mode", "group"], notes)?;
    let mode = match o.opt_str("mode", 16)? {
        None => StackMode::Normal,
        Some(s) => StackMode::from_id(&s).ok_or_else(|| format!("{} \"{}\" is not one of none, normal, percent", o.p("mode"), clip(&s, 40)))?,
    };
    let group = o.opt_str("group", MAX_STACK_GROUP)?.filter(|g| !g.trim().is_empty()).unwrap_or_else(|| DEFAULT_STACK_GROUP.into());
    Ok(Stacking { mode, group })
}

/// Grafana's `custom.stacking` value (`{mode, group}`), lenient: a missing group is Grafana's "A", and
/// `group: false` (which Grafana's files hold) a group of its own named "false"; an unknown mode is None.
fn grafana_stacking(v: Option<&Value>) -> Option<Stacking> {
    let o = v?.as_object()?;
    let mode = match o.get("mode").and_then(Value::as_str) {
        None => StackMode::None,
        Some(s) => StackMode::from_id(s)?,
    };
    let group = match o.get("group") {
        Some(Value::String(g)) if !g.trim().is_empty() => clip(g, MAX_STACK_GROUP),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => DEFAULT_STACK_GROUP.into(),
    };
    Some(Stacking { mode, group })
}

fn read_line_style(v: &Value, path: &str, notes: &mut Notes) -> Result<LineStyle, String> {
    let o = Obj::new(v, path, &["fill", "dash"], notes)?;
    let fill = match o.opt_str("fill", 16)? {
        None => LineFill::Solid,
        Some(s) => LineFill::from_id(&s).ok_or_else(|| format!("{} \"{}\" is not one of solid, dash, dot", o.p("fill"), clip(&s, 40)))?,
    };
    let mut dash = Vec::new();
    for (i, d) in o.arr("dash", MAX_DASHES)?.iter().enumerate() {
        match d.as_u64() {
            Some(x) if x <= u64::from(MAX_DASH_PX) => dash.push(x as u8),
            _ => return Err(format!("{}[{i}] must be a whole number in 0..{MAX_DASH_PX}", o.p("dash"))),
        }
    }
    Ok(LineStyle { fill, dash })
}

/// Grafana's `custom.lineStyle` value (`{fill, dash}`), lenient: unknown fills and bad lengths are None.
fn grafana_line_style(v: Option<&Value>) -> Option<LineStyle> {
    let o = v?.as_object()?;
    let fill = match o.get("fill").and_then(Value::as_str) {
        None => LineFill::Solid,
        Some(s) => LineFill::from_id(s)?,
    };
    let dash = match o.get("dash").and_then(Value::as_array) {
        None => Vec::new(),
        Some(a) => a.iter().take(MAX_DASHES).map(|d| d.as_f64().filter(|d| d.is_finite()).map(|d| d.clamp(0.0, f64::from(MAX_DASH_PX)).round() as u8)).collect::<Option<Vec<u8>>>()?,
    };
    Some(LineStyle { fill, dash })
}

/// Grafana's `custom.transform`, `custom.fillOpacity`, `custom.lineWidth` or `custom.lineStyle` property
/// (`key` without its `custom.` prefix) set on `style`; false when the key is another or its value unreadable.
pub(super) fn set_grafana_style(style: &mut SeriesDraw, key: &str, v: Option<&Value>) -> bool {
    let num = || v.and_then(Value::as_f64).filter(|n| n.is_finite());
    match key {
        "transform" => match v.and_then(Value::as_str).and_then(Transform::from_id) {
            Some(t) => style.transform = Some(t),
            None => return false,
        },
        "fillOpacity" => match num() {
            Some(n) => style.fill_opacity = Some(n.clamp(0.0, 100.0).round() as u8),
            None => return false,
        },
        "lineWidth" => match num() {
            Some(n) => style.line_width = Some(n.clamp(0.0, f64::from(MAX_LINE_WIDTH)).round() as u8),
            None => return false,
        },
        "lineStyle" => match grafana_line_style(v) {
            Some(l) => style.line_style = Some(l),
            None => return false,
        },
        "stacking" => match grafana_stacking(v) {
            Some(s) => style.stacking = Some(s),
            None => return false,
        },
        "drawStyle" => match v.and_then(Value::as_str).and_then(SeriesStyle::from_grafana) {
            Some(s) => style.draw_style = Some(s),
            None => return false,
        },
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dash_and_dot_patterns_follow_grafana_defaults_and_a_dot_is_one_px() {
        assert_eq!(LineStyle::default().pattern(), Vec::<f64>::new());
        assert_eq!(LineStyle { fill: LineFill::Dash, dash: vec![] }.pattern(), vec![10.0, 10.0]);
        assert_eq!(LineStyle { fill: LineFill::Dash, dash: vec![10, 20] }.pattern(), vec![10.0, 20.0]);
        assert_eq!(LineStyle { fill: LineFill::Dot, dash: vec![] }.pattern(), vec![1.0, 10.0]);
        // No gap: solid.
        assert_eq!(LineStyle { fill: LineFill::Dash, dash: vec![5, 0] }.pattern(), Vec::<f64>::new());
    }

    #[test]
    fn an_override_style_replaces_only_what_it_sets() {
        let panel = SeriesDraw { fill_opacity: Some(20), line_width: Some(2), ..SeriesDraw::default() };
        let o = SeriesDraw { fill_opacity: Some(0), transform: Some(Transform::NegativeY), ..SeriesDraw::default() };
        assert_eq!(panel.under(&o), SeriesDraw { transform: Some(Transform::NegativeY), fill_opacity: Some(0), line_width: Some(2), line_style: None, stacking: None, draw_style: None });
        // A panel keeps only what differs from Grafana's defaults.
        let grafana_defaults = SeriesDraw {
            transform: Some(Transform::None),
            fill_opacity: Some(0),
            line_width: Some(1),
            line_style: Some(LineStyle { fill: LineFill::Solid, dash: vec![10, 10] }),
            stacking: None,
            draw_style: None,
        };
        assert!(grafana_defaults.clone().without_defaults().is_empty());
        assert_eq!(SeriesDraw { fill_opacity: Some(40), ..grafana_defaults }.without_defaults(), SeriesDraw { fill_opacity: Some(40), ..SeriesDraw::default() });
    }

    #[test]
    fn grafana_stacking_is_read_with_its_group_and_decides_the_stack() {
        let mut s = SeriesDraw::default();
        // Node Exporter Full's "Memory Basic" Total: `group: false` is a group of its own.
        assert!(set_grafana_style(&mut s, "stacking", Some(&json!({"group": false, "mode": "normal"}))));
        assert_eq!(s.stacking, Some(Stacking { mode: StackMode::Normal, group: "false".into() }));
        assert_eq!(s.stack_group(true), Some("false"));
        // "CPU"'s Guest: mode none is drawn on its own, whatever the panel.
        assert!(set_grafana_style(&mut s, "stacking", Some(&json!({"group": "A", "mode": "none"}))));
        assert_eq!((s.stack_group(true), s.stack_group(false)), (None, None));
        // No group is Grafana's "A"; no stacking follows the panel.
        assert!(set_grafana_style(&mut s, "stacking", Some(&json!({"mode": "percent"}))));
        assert_eq!(s.stacking, Some(Stacking { mode: StackMode::Percent, group: "A".into() }));
        assert_eq!((SeriesDraw::default().stack_group(true), SeriesDraw::default().stack_group(false)), (Some("A"), None));
        assert!(!set_grafana_style(&mut s, "stacking", Some(&json!({"mode": "sideways"}))));
        assert!(!set_grafana_style(&mut s, "stacking", Some(&json!("normal"))));
        // Apache's "Bytes sent": bars among lines.
        assert!(set_grafana_style(&mut s, "drawStyle", Some(&json!("bars"))));
        assert_eq!(s.draw_style, Some(SeriesStyle::Bars));
        assert!(!set_grafana_style(&mut s, "drawStyle", Some(&json!("wiggles"))));
    }

    #[test]
    fn grafana_properties_are_read_leniently_and_unreadable_ones_refused() {
        let mut s = SeriesDraw::default();
        // Node Exporter Full's "System Load": the core count dashed, not filled.
        assert!(set_grafana_style(&mut s, "fillOpacity", Some(&json!(0))));
        assert!(set_grafana_style(&mut s, "lineStyle", Some(&json!({"dash": [10, 10], "fill": "dash"}))));
        assert!(set_grafana_style(&mut s, "transform", Some(&json!("negative-Y"))));
        assert!(set_grafana_style(&mut s, "lineWidth", Some(&json!(25))));
        assert_eq!(s.line_width, Some(10));
        assert_eq!(s.line_style, Some(LineStyle { fill: LineFill::Dash, dash: vec![10, 10] }));
        assert_eq!((s.fill_opacity, s.transform), (Some(0), Some(Transform::NegativeY)));
        assert!(!set_grafana_style(&mut s, "transform", Some(&json!("upside-down"))));
        assert!(!set_grafana_style(&mut s, "lineStyle", Some(&json!({"fill": "wavy"}))));
        assert!(!set_grafana_style(&mut s, "fillOpacity", Some(&json!("x"))));
        assert!(!set_grafana_style(&mut s, "gradientMode", Some(&json!("opacity"))));
    }
}
