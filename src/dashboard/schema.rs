//! Trifocal's own dashboard model: the types and their defaults. On disk it is the version 2 file
//! ([`super::file`], Perses-like `{kind, spec}`); reading goes through [`super::validate::parse_dashboard`],
//! which checks every field, reports JSON paths and upgrades version 1 files.

use serde::Serialize;

use crate::telemetry::alerts::AlertState;
use super::series_draw::SeriesDraw;

/// The file version written into every saved dashboard; [`super::parse_dashboard`] also reads version 1.
pub const SCHEMA_VERSION: u32 = 2;
/// Columns of the panel grid (as in Grafana).
pub const GRID_COLUMNS: u32 = 24;
/// Most panels a dashboard may hold (rows and panels inside collapsed rows included).
pub const MAX_PANELS: usize = 500;
/// Most queries one panel may hold.
pub const MAX_QUERIES: usize = 26;
/// Most template variables.
pub const MAX_VARIABLES: usize = 100;
/// Most values of one custom/interval variable or one variable selection.
pub const MAX_VALUES: usize = 1000;
/// Highest `y` (and `h`) of a panel, in grid units.
pub const MAX_GRID_Y: u32 = 100_000;

/// One dashboard: metadata, time range, variables and panels. Serialises as the version 2 file.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    /// Always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Stable identifier (URL `#/dashboard/<uid>`); letters, digits, `-`, `_`, `.`; at most 64 characters.
    pub uid: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub time: DashboardTime,
    /// Auto-refresh interval (`30s`, `1m`), `None` for off.
    pub refresh: Option<String>,
    pub variables: Vec<Variable>,
    /// Links shown in the dashboard's bar (Grafana's dashboard links of type "link").
    pub links: Vec<Link>,
    /// Prometheus queries whose series are drawn as shaded regions on every time-series panel (Grafana's
    /// annotation queries), e.g. `ALERTS{alertstate="firing"}` for the alerts' firing intervals.
    pub annotations: Vec<Annotation>,
    /// Top-level panels in grid order. A [`PanelKind::Row`] that is expanded is followed by its panels; a
    /// collapsed row holds them in [`Panel::panels`] (Grafana's model).
    pub panels: Vec<Panel>,
}

impl Default for Dashboard {
    fn default() -> Self {
        Dashboard {
            schema_version: SCHEMA_VERSION,
            uid: String::new(),
            title: "New dashboard".into(),
            description: String::new(),
            tags: Vec::new(),
            time: DashboardTime::default(),
            refresh: None,
            variables: Vec::new(),
            links: Vec::new(),
            annotations: Vec::new(),
            panels: Vec::new(),
        }
    }
}

/// Most annotation queries of a dashboard.
pub const MAX_ANNOTATIONS: usize = 20;

/// An annotation query: a PromQL expression run over each time-series panel's range; each series becomes
/// regions where it has samples (consecutive samples joined), titled and described from its labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    pub name: String,
    /// Drawn (Grafana's `enable`).
    pub enabled: bool,
    /// Which Prometheus answers: a configured one's name, empty = the default one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    pub expr: String,
    /// Step of the range query (`60s`); `None` = the panel's step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Region title, `{{label}}` templates (empty: the series' labels).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title_format: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text_format: String,
    /// Labels whose values become the region's tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_keys: Vec<String>,
    /// CSS colour or a Grafana colour name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub color: String,
}

/// A link on a panel's header or in the dashboard's bar. `url` may hold `$variables` and
/// `${__url_time_range}`; only http(s) and relative targets are kept (see [`super::links`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    /// Text shown (the URL when empty).
    pub title: String,
    pub url: String,
    /// Opens in a new tab.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub new_tab: bool,
}

/// The default time range: Grafana time expressions, checked with [`crate::time::TimeRange::parse`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DashboardTime {
    pub from: String,
    pub to: String,
}

impl Default for DashboardTime {
    fn default() -> Self {
        DashboardTime { from: "now-6h".into(), to: "now".into() }
    }
}

/// One panel on the grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Panel {
    /// Unique within the dashboard (including panels inside collapsed rows).
    pub id: u32,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub kind: PanelKind,
    pub grid_pos: GridPos,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub queries: Vec<PanelQuery>,
    pub options: PanelOptions,
    /// Links on the panel's header.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Rows only: true when the row is folded (its panels are then in `panels`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collapsed: bool,
    /// Rows only: the panels of a collapsed row (empty otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub panels: Vec<Panel>,
    /// Shown once per value of a variable (Grafana's panel repeat).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
    /// Rows only: the row is a tab (Grafana 12's tabs). Consecutive tab rows are one set of tabs, of which
    /// one is shown at a time; the others load nothing, as folded rows.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tab: bool,
    /// The panel's own relative range (Grafana's `timeFrom`, `1h`, `now/d`): it shows that much up to now
    /// whatever the dashboard's range ([`super::panel_time`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_from: Option<String>,
    /// The panel's range moved back by this (Grafana's `timeShift`, `1h`, `1d`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_shift: Option<String>,
    /// The header does not say the panel's own time (Grafana's `hideTimeOverride`); the window still applies.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hide_time_override: bool,
}

/// A panel drawn once per selected value of `variable`, each copy with the variable set to one value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Repeat {
    pub variable: String,
    pub direction: RepeatDirection,
    /// Horizontal repeats: at most this many copies side by side (Grafana's default: 4).
    pub max_per_row: u32,
}

/// Where the copies of a repeated panel go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum RepeatDirection {
    /// Side by side, wrapping after `max_per_row`.
    #[default]
    #[serde(rename = "h")]
    Horizontal,
    /// One below the other, each as wide as the panel.
    #[serde(rename = "v")]
    Vertical,
}

impl RepeatDirection {
    pub fn from_id(s: &str) -> Option<RepeatDirection> {
        match s {
            "h" => Some(RepeatDirection::Horizontal),
            "v" => Some(RepeatDirection::Vertical),
            _ => None,
        }
    }
}

/// Largest number of copies of one repeated panel (a variable with more values shows the first ones).
pub const MAX_REPEATS: usize = 200;

impl Default for Panel {
    fn default() -> Self {
        Panel {
            id: 1,
            title: String::new(),
            description: String::new(),
            kind: PanelKind::TimeSeries,
            grid_pos: GridPos { x: 0, y: 0, w: 12, h: 8 },
            queries: Vec::new(),
            options: PanelOptions::default(),
            links: Vec::new(),
            collapsed: false,
            panels: Vec::new(),
            repeat: None,
            tab: false,
            time_from: None,
            time_shift: None,
            hide_time_override: false,
        }
    }
}

/// What a panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PanelKind {
    #[default]
    TimeSeries,
    Stat,
    Table,
    Heatmap,
    Logs,
    /// A trace search result list (Tempo TraceQL).
    Traces,
    /// Markdown/plain text (`options.content`).
    Text,
    /// A full-width row header grouping the panels below it.
    Row,
    /// Alerting rules and alerts of the panel's Prometheus (`options.alertList`).
    #[serde(rename = "alertlist")]
    AlertList,
    /// The service map over the dashboard's range (`options.nodeGraph`).
    #[serde(rename = "nodegraph")]
    NodeGraph,
}

impl PanelKind {
    pub const ALL: [PanelKind; 10] = [
        PanelKind::TimeSeries,
        PanelKind::Stat,
        PanelKind::Table,
        PanelKind::Heatmap,
        PanelKind::Logs,
        PanelKind::Traces,
        PanelKind::Text,
        PanelKind::Row,
        PanelKind::AlertList,
        PanelKind::NodeGraph,
    ];

    /// The JSON name (`timeseries`, `stat`, …).
    pub fn id(self) -> &'static str {
        match self {
            PanelKind::TimeSeries => "timeseries",
            PanelKind::Stat => "stat",
            PanelKind::Table => "table",
            PanelKind::Heatmap => "heatmap",
            PanelKind::Logs => "logs",
            PanelKind::Traces => "traces",
            PanelKind::Text => "text",
            PanelKind::Row => "row",
            PanelKind::AlertList => "alertlist",
            PanelKind::NodeGraph => "nodegraph",
        }
    }

    /// Human name for a picker.
    pub fn label(self) -> &'static str {
        match self {
            PanelKind::TimeSeries => "Time series",
            PanelKind::Stat => "Stat",
            PanelKind::Table => "Table",
            PanelKind::Heatmap => "Heatmap",
            PanelKind::Logs => "Logs",
            PanelKind::Traces => "Trace search",
            PanelKind::Text => "Text",
            PanelKind::Row => "Row",
            PanelKind::AlertList => "Alert list",
            PanelKind::NodeGraph => "Node graph",
        }
    }

    pub fn from_id(s: &str) -> Option<PanelKind> {
        PanelKind::ALL.iter().copied().find(|k| k.id() == s)
    }

    /// The datasource a new query of this panel kind uses.
    pub fn default_datasource(self) -> DatasourceKind {
        match self {
            PanelKind::Logs => DatasourceKind::Loki,
            PanelKind::Traces => DatasourceKind::Tempo,
            _ => DatasourceKind::Prometheus,
        }
    }

    /// True for kinds that run queries (not text, row, alert list or node graph: those two ask their
    /// backends' own APIs, configured by their options).
    pub fn has_queries(self) -> bool {
        !matches!(self, PanelKind::Text | PanelKind::Row | PanelKind::AlertList | PanelKind::NodeGraph)
    }
}

/// Position and size on the 24-column grid, in grid units (`h` in rows of 30 px).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct GridPos {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// Which backend runs a query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasourceKind {
    #[default]
    Prometheus,
    Loki,
    Tempo,
}

impl DatasourceKind {
    pub const ALL: [DatasourceKind; 3] = [DatasourceKind::Prometheus, DatasourceKind::Loki, DatasourceKind::Tempo];

    pub fn id(self) -> &'static str {
        match self {
            DatasourceKind::Prometheus => "prometheus",
            DatasourceKind::Loki => "loki",
            DatasourceKind::Tempo => "tempo",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DatasourceKind::Prometheus => "Prometheus",
            DatasourceKind::Loki => "Loki",
            DatasourceKind::Tempo => "Tempo",
        }
    }

    pub fn from_id(s: &str) -> Option<DatasourceKind> {
        DatasourceKind::ALL.iter().copied().find(|k| k.id() == s)
    }
}

/// One query of a panel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelQuery {
    /// `A`, `B`, … unique within the panel.
    pub ref_id: String,
    pub datasource: DatasourceKind,
    /// Which datasource of that kind answers: a configured one's name or uid, or a `$variable` of kind
    /// datasource naming one; empty = the default one (see `datasource::Datasources::with_source`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// PromQL, LogQL or TraceQL; may contain `$variables` (see [`super::variables::interpolate`]).
    pub expr: String,
    /// Legend template (`{{instance}}`), empty for the default series name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub legend: String,
    /// Instant query (one value per series) instead of a range query.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub instant: bool,
    /// Not run and not drawn.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// Minimum step (`15s`, `$interval`), Grafana's per-query "Min step".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_interval: Option<String>,
    /// Resolution divisor: step = auto step × factor (Grafana's `intervalFactor`); 1 = full resolution.
    #[serde(skip_serializing_if = "is_one")]
    pub interval_factor: u32,
    /// Row/trace limit for Loki and Tempo queries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl PanelQuery {
    /// A query with defaults (`interval_factor` 1).
    pub fn new(ref_id: &str, datasource: DatasourceKind, expr: &str) -> PanelQuery {
        PanelQuery {
            ref_id: ref_id.into(),
            datasource,
            expr: expr.into(),
            interval_factor: 1,
            ..PanelQuery::default()
        }
    }
}

/// How series are drawn in a time-series panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesStyle {
    #[default]
    Lines,
    Points,
    Bars,
}

impl SeriesStyle {
    pub fn id(self) -> &'static str {
        match self {
            SeriesStyle::Lines => "lines",
            SeriesStyle::Points => "points",
            SeriesStyle::Bars => "bars",
        }
    }
    pub fn from_id(s: &str) -> Option<SeriesStyle> {
        [SeriesStyle::Lines, SeriesStyle::Points, SeriesStyle::Bars].into_iter().find(|k| k.id() == s)
    }
    /// Grafana's `custom.drawStyle` (`line`, `bars`, `points`).
    pub fn from_grafana(s: &str) -> Option<SeriesStyle> {
        match s {
            "line" => Some(SeriesStyle::Lines),
            "bars" => Some(SeriesStyle::Bars),
            "points" => Some(SeriesStyle::Points),
            _ => None,
        }
    }
}

/// How a stat panel reduces a series to one number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StatCalc {
    #[default]
    LastNotNull,
    Last,
    First,
    Mean,
    Min,
    Max,
    Sum,
    Count,
}

impl StatCalc {
    pub const ALL: [StatCalc; 8] = [
        StatCalc::LastNotNull,
        StatCalc::Last,
        StatCalc::First,
        StatCalc::Mean,
        StatCalc::Min,
        StatCalc::Max,
        StatCalc::Sum,
        StatCalc::Count,
    ];
    /// JSON name, the same as Grafana's `reduceOptions.calcs` entries.
    pub fn id(self) -> &'static str {
        match self {
            StatCalc::LastNotNull => "lastNotNull",
            StatCalc::Last => "last",
            StatCalc::First => "first",
            StatCalc::Mean => "mean",
            StatCalc::Min => "min",
            StatCalc::Max => "max",
            StatCalc::Sum => "sum",
            StatCalc::Count => "count",
        }
    }
    pub fn from_id(s: &str) -> Option<StatCalc> {
        StatCalc::ALL.iter().copied().find(|k| k.id() == s)
    }
}

/// A colour step: from `value` upwards (the base step has `value: None`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Threshold {
    pub value: Option<f64>,
    /// CSS colour or a Grafana colour name (`green`, `red`, `#e24d42`).
    pub color: String,
}

/// How a time-series panel draws its thresholds (Grafana's `custom.thresholdsStyle.mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ThresholdsStyle {
    /// Not drawn.
    #[default]
    #[serde(rename = "off")]
    Off,
    /// A solid line at each step's value.
    #[serde(rename = "line")]
    Line,
    /// A dashed line at each step's value.
    #[serde(rename = "dashed")]
    Dashed,
    /// Each step's band (from its value to the next step's) shaded in its colour.
    #[serde(rename = "area")]
    Area,
    /// Bands and solid lines.
    #[serde(rename = "line+area")]
    LineArea,
    /// Bands and dashed lines.
    #[serde(rename = "dashed+area")]
    DashedArea,
}

impl ThresholdsStyle {
    pub const ALL: [ThresholdsStyle; 6] =
        [ThresholdsStyle::Off, ThresholdsStyle::Line, ThresholdsStyle::Dashed, ThresholdsStyle::Area, ThresholdsStyle::LineArea, ThresholdsStyle::DashedArea];

    /// Grafana's and the file's name of the style.
    pub fn id(self) -> &'static str {
        match self {
            ThresholdsStyle::Off => "off",
            ThresholdsStyle::Line => "line",
            ThresholdsStyle::Dashed => "dashed",
            ThresholdsStyle::Area => "area",
            ThresholdsStyle::LineArea => "line+area",
            ThresholdsStyle::DashedArea => "dashed+area",
        }
    }

    pub fn from_id(s: &str) -> Option<ThresholdsStyle> {
        ThresholdsStyle::ALL.into_iter().find(|k| k.id() == s)
    }

    pub fn is_off(&self) -> bool {
        *self == ThresholdsStyle::Off
    }
    /// Whether the step values get a line, and whether it is dashed.
    pub fn line(self) -> Option<bool> {
        match self {
            ThresholdsStyle::Line | ThresholdsStyle::LineArea => Some(false),
            ThresholdsStyle::Dashed | ThresholdsStyle::DashedArea => Some(true),
            _ => None,
        }
    }
    /// Whether the bands between steps are shaded.
    pub fn area(self) -> bool {
        matches!(self, ThresholdsStyle::Area | ThresholdsStyle::LineArea | ThresholdsStyle::DashedArea)
    }
}

/// What a value mapping matches (Grafana's mapping types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MappingKind {
    /// The value's text equals `value` (`1` for the number 1, as Grafana compares).
    Value,
    /// `from` ≤ value ≤ `to` (either end may be open).
    Range,
    /// The value's text matches the regular expression in `value`.
    Regex,
    /// A special value named in `value`: one of [`SPECIAL_VALUES`].
    Special,
}

/// The special values a [`MappingKind::Special`] mapping names (Grafana's): no value, NaN, either, the
/// booleans and the empty text.
pub const SPECIAL_VALUES: [&str; 6] = ["null", "nan", "null+nan", "true", "false", "empty"];

/// A value mapping: a value it matches shown as `text` (the formatted value when empty) in `color`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueMapping {
    pub kind: MappingKind,
    /// The value (value), the pattern (regex) or the special value's name (special).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

impl MappingKind {
    pub const ALL: [MappingKind; 4] = [MappingKind::Value, MappingKind::Range, MappingKind::Regex, MappingKind::Special];

    pub fn id(self) -> &'static str {
        match self {
            MappingKind::Value => "value",
            MappingKind::Range => "range",
            MappingKind::Regex => "regex",
            MappingKind::Special => "special",
        }
    }

    pub fn from_id(s: &str) -> Option<MappingKind> {
        MappingKind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// A field override (Grafana's `fieldConfig.overrides`): the series whose name (its legend, or its labels
/// when the legend is blank) equals `name`, or matches the regular expression `regex`, or that come from the
/// query `ref_id` (Grafana's `byFrameRefID`), or whose values are of `field_type` (`byType`: `number` is
/// every drawn series), or whose name is one of `names` (`byNames`; with `names_exclude`, every series but
/// those, as Grafana's legend click saves it) are shown with these settings in place of the panel's. Later
/// overrides win. Stat and time-series panels apply them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOverride {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub regex: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ref_id: String,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub field_type: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub names_exclude: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Time series: what the series is hidden from (Grafana's `custom.hideFrom`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_from: Option<HideFrom>,
    /// Time series: where the series' value axis goes (Grafana's `custom.axisPlacement`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_placement: Option<AxisPlacement>,
    /// Time series: how the series is drawn (transform, fill, line width and style).
    #[serde(flatten)]
    pub draw: SeriesDraw,
}

impl FieldOverride {
    /// Whether it sets anything (an override that sets nothing is not kept).
    pub fn sets_something(&self) -> bool {
        self.display_name.is_some()
            || self.unit.is_some()
            || self.decimals.is_some()
            || self.color.is_some()
            || self.hide_from.is_some()
            || self.axis_placement.is_some()
            || !self.draw.is_empty()
    }
}

/// What a time series is hidden from (Grafana's `custom.hideFrom`): the legend, the hover tip, the plot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HideFrom {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub legend: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tooltip: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub viz: bool,
}

impl HideFrom {
    pub fn is_none(&self) -> bool {
        *self == HideFrom::default()
    }
}

/// Where a time series' value axis goes (Grafana's `custom.axisPlacement`): `auto` puts a first unit left and
/// a second one right; `left`/`right` put the series' own scale on that side; `hidden` scales it as `auto`
/// but draws no labels for an axis whose series are all hidden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AxisPlacement {
    #[default]
    Auto,
    Left,
    Right,
    Hidden,
}

impl AxisPlacement {
    pub const ALL: [AxisPlacement; 4] = [AxisPlacement::Auto, AxisPlacement::Left, AxisPlacement::Right, AxisPlacement::Hidden];
    pub fn id(self) -> &'static str {
        match self {
            AxisPlacement::Auto => "auto",
            AxisPlacement::Left => "left",
            AxisPlacement::Right => "right",
            AxisPlacement::Hidden => "hidden",
        }
    }
    pub fn from_id(s: &str) -> Option<AxisPlacement> {
        AxisPlacement::ALL.into_iter().find(|k| k.id() == s)
    }
    pub fn is_auto(&self) -> bool {
        *self == AxisPlacement::Auto
    }
}

/// Display options; every field has a neutral default and each panel kind reads the ones that apply.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelOptions {
    /// Unit id as in Grafana and [`crate::view::units::Unit::id`] (`bytes`, `s`, `percent`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Time series: the value axis reaches at least down / up to these (Grafana's `custom.axisSoftMin`,
    /// `axisSoftMax`); `min`/`max` fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soft_min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soft_max: Option<f64>,
    /// Heatmaps: the counts at the bottom and top of the colour scale (Grafana's `options.color.min`/`max`);
    /// None: 0 and the largest count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_max: Option<f64>,
    pub style: SeriesStyle,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stacked: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub log_scale: bool,
    pub show_legend: bool,
    /// Stat panels: how a series becomes one number.
    pub calc: StatCalc,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
    /// Threshold values are percentages of the panel's min..max (of the drawn values when unset), as
    /// Grafana's `thresholds.mode: percentage`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub thresholds_percent: bool,
    /// Time-series panels: how the thresholds are drawn on the chart (Grafana's `custom.thresholdsStyle`).
    #[serde(skip_serializing_if = "ThresholdsStyle::is_off")]
    pub thresholds_style: ThresholdsStyle,
    /// Value mappings, first match wins (stat and table panels apply them; time series in tooltips).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mappings: Vec<ValueMapping>,
    /// Field overrides by series name, regex, query or type (stat and time-series panels apply them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<FieldOverride>,
    /// Time series: what every series is hidden from unless an override says otherwise.
    #[serde(skip_serializing_if = "HideFrom::is_none")]
    pub hide_from: HideFrom,
    /// Time series: where every series' axis goes unless an override says otherwise.
    #[serde(skip_serializing_if = "AxisPlacement::is_auto")]
    pub axis_placement: AxisPlacement,
    /// What the panel shows when its queries return nothing (Grafana's `noValue`); None: "No data".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_value: Option<String>,
    /// Time series: how every series is drawn unless an override says otherwise.
    #[serde(flatten)]
    pub series_draw: SeriesDraw,
    /// Panel-wide minimum step (`30s`), Grafana's panel "Min interval".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_interval: Option<String>,
    /// Text panels: the text (markdown shown as plain text by the UI).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub content: String,
    /// Alert list panels: which alerts are listed and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert_list: Option<AlertListOptions>,
    /// Node graph panels: where the services and calls come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_graph: Option<NodeGraphOptions>,
}

/// Most rows an alert list panel may show.
pub const MAX_ALERT_ITEMS: u32 = 1000;

/// An alert list panel's options (Grafana's `alertlist`): the rules of the default Prometheus (its rules API)
/// kept by state, name and labels, sorted, optionally grouped by label values, at most `max_items` rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertListOptions {
    /// States shown; empty shows every state.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<AlertState>,
    pub max_items: u32,
    pub sort: AlertSort,
    /// When set, one row per set of values of these labels over the alerts (not per rule).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_by: Vec<String>,
    /// Words the rule's name must contain (case-insensitive).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Label matchers the rule or its alerts must satisfy: `{severity="critical", service=~"check.*"}`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub labels: String,
}

impl Default for AlertListOptions {
    fn default() -> Self {
        AlertListOptions { states: Vec::new(), max_items: 10, sort: AlertSort::Importance, group_by: Vec::new(), name: String::new(), labels: String::new() }
    }
}

/// How an alert list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AlertSort {
    /// Firing, then pending, then inactive; by name within a state.
    #[default]
    Importance,
    AlphaAsc,
    AlphaDesc,
    /// Oldest active first.
    TimeAsc,
    /// Newest active first.
    TimeDesc,
}

impl AlertSort {
    pub const ALL: [AlertSort; 5] = [AlertSort::Importance, AlertSort::AlphaAsc, AlertSort::AlphaDesc, AlertSort::TimeAsc, AlertSort::TimeDesc];
    pub fn id(self) -> &'static str {
        match self {
            AlertSort::Importance => "importance",
            AlertSort::AlphaAsc => "alphaAsc",
            AlertSort::AlphaDesc => "alphaDesc",
            AlertSort::TimeAsc => "timeAsc",
            AlertSort::TimeDesc => "timeDesc",
        }
    }
    pub fn from_id(s: &str) -> Option<AlertSort> {
        AlertSort::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// A node graph panel's options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeGraphOptions {
    pub source: MapSource,
}

/// Where a node graph's services and calls come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MapSource {
    /// The trace backend's dependencies and Prometheus' service-graph metrics, merged (as `#/services`).
    #[default]
    Both,
    /// The trace backend's dependencies (Jaeger's `/api/dependencies`).
    Traces,
    /// Prometheus' service-graph metrics (what Grafana's Tempo service map reads).
    Metrics,
}

impl MapSource {
    pub const ALL: [MapSource; 3] = [MapSource::Both, MapSource::Traces, MapSource::Metrics];
    pub fn id(self) -> &'static str {
        match self {
            MapSource::Both => "both",
            MapSource::Traces => "traces",
            MapSource::Metrics => "metrics",
        }
    }
    pub fn from_id(s: &str) -> Option<MapSource> {
        MapSource::ALL.into_iter().find(|k| k.id() == s)
    }
    /// Whether the trace backend's dependencies are asked.
    pub fn traces(self) -> bool {
        self != MapSource::Metrics
    }
    /// Whether Prometheus' service-graph metrics are asked.
    pub fn metrics(self) -> bool {
        self != MapSource::Traces
    }
}

impl Default for PanelOptions {
    fn default() -> Self {
        PanelOptions {
            unit: None,
            decimals: None,
            min: None,
            max: None,
            soft_min: None,
            soft_max: None,
            color_min: None,
            color_max: None,
            no_value: None,
            style: SeriesStyle::Lines,
            stacked: false,
            log_scale: false,
            show_legend: true,
            calc: StatCalc::LastNotNull,
            thresholds: Vec::new(),
            thresholds_percent: false,
            thresholds_style: ThresholdsStyle::Off,
            mappings: Vec::new(),
            overrides: Vec::new(),
            hide_from: HideFrom::default(),
            axis_placement: AxisPlacement::Auto,
            series_draw: SeriesDraw::default(),
            min_interval: None,
            content: String::new(),
            alert_list: None,
            node_graph: None,
        }
    }
}

/// A template variable (`$job`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    /// Identifier used as `$name`: letters, digits and `_`, not starting with a digit, not `__…`.
    pub name: String,
    /// Text shown before the picker (the name when empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub kind: VariableKind,
    /// Selected values (several when `multi`); `["$__all"]` selects All.
    pub current: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub multi: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub include_all: bool,
    /// What `$__all` expands to (e.g. `.*`); `None` = all the option values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_value: Option<String>,
    /// Not shown in the variable bar.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl Default for Variable {
    fn default() -> Self {
        Variable {
            name: String::new(),
            label: String::new(),
            kind: VariableKind::TextBox { value: String::new() },
            current: Vec::new(),
            multi: false,
            include_all: false,
            all_value: None,
            hidden: false,
        }
    }
}

/// Where a variable's options come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum VariableKind {
    /// Options from a backend: `label_values(up, job)`, `label_values(job)`, `query_result(...)`,
    /// `label_names()`, `metrics(regex)`; `regex` (optional) filters/extracts the option values.
    Query {
        datasource: DatasourceKind,
        query: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        regex: String,
    },
    Custom { values: Vec<String> },
    /// Steps to choose from (`1m`, `5m`), and with `auto` an option "auto" that stands for a step fitted to
    /// the dashboard's window (Grafana's "Auto option").
    Interval {
        values: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        auto: Option<AutoInterval>,
    },
    /// Picks one of the datasources of a kind (`$ds` in a query's datasource): its options are the
    /// default's name and the configured ones' names, kept when they contain `regex` (a plain substring).
    Datasource {
        datasource: DatasourceKind,
        #[serde(skip_serializing_if = "String::is_empty")]
        regex: String,
    },
    Constant { value: String },
    #[serde(rename = "textbox")]
    TextBox { value: String },
}

/// An interval variable's "auto" option: the dashboard's window divided into `count` steps, rounded to a step
/// people recognise, never below `min` (Grafana's `auto_count` and `auto_min`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AutoInterval {
    pub count: u32,
    pub min: String,
}

impl Default for AutoInterval {
    /// Grafana's defaults: 30 steps, at least 10 s.
    fn default() -> Self {
        AutoInterval { count: 30, min: "10s".into() }
    }
}

impl VariableKind {
    /// The JSON `type` name.
    pub fn id(&self) -> &'static str {
        match self {
            VariableKind::Query { .. } => "query",
            VariableKind::Custom { .. } => "custom",
            VariableKind::Interval { .. } => "interval",
            VariableKind::Constant { .. } => "constant",
            VariableKind::TextBox { .. } => "textbox",
            VariableKind::Datasource { .. } => "datasource",
        }
    }

    /// The options known without asking a backend (custom and interval values, the constant or text).
    pub fn static_options(&self) -> Vec<String> {
        match self {
            VariableKind::Query { .. } | VariableKind::Datasource { .. } => Vec::new(),
            VariableKind::Custom { values } | VariableKind::Interval { values, auto: None } => values.clone(),
            VariableKind::Interval { values, auto: Some(_) } => {
                std::iter::once(super::variables::AUTO_VALUE.to_string()).chain(values.iter().cloned()).collect()
            }
            VariableKind::Constant { value } | VariableKind::TextBox { value } => vec![value.clone()],
        }
    }
}

impl Dashboard {
    /// All panels in order, the panels inside collapsed rows right after their row.
    pub fn all_panels(&self) -> Vec<&Panel> {
        let mut out = Vec::new();
        for p in &self.panels {
            out.push(p);
            out.extend(p.panels.iter());
        }
        out
    }

    /// The panel with this id, wherever it is (top level or inside a collapsed row).
    pub fn panel(&self, id: u32) -> Option<&Panel> {
        self.all_panels().into_iter().find(|p| p.id == id)
    }

    /// Mutable access to the panel with this id.
    pub fn panel_mut(&mut self, id: u32) -> Option<&mut Panel> {
        for p in self.panels.iter_mut() {
            if p.id == id {
                return Some(p);
            }
            if let Some(c) = p.panels.iter_mut().find(|c| c.id == id) {
                return Some(c);
            }
        }
        None
    }

    /// An id no panel uses yet (max + 1, saturating).
    pub fn next_panel_id(&self) -> u32 {
        self.all_panels().iter().map(|p| p.id).max().map_or(1, |m| m.saturating_add(1))
    }

    /// The variable with this name.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// Variables as `(name, current values)` for [`super::variables::interpolate`].
    pub fn variable_values(&self) -> Vec<(String, Vec<String>)> {
        self.variables.iter().map(|v| (v.name.clone(), v.current.clone())).collect()
    }
}
