//! Dashboards, pure core: Trifocal's dashboard JSON model, its validation, Grafana and Perses import, template
//! variables, the panel grid and snapshots. No I/O and no clock; the UI wires these functions to pages.
//!
//! # Using it from the UI
//! - **Open/save** ([`validate`], [`file`]): [`parse_dashboard`]`(text) -> Result<(Dashboard, Vec<String>
//!   notices), String>` reads a saved dashboard, version 2 (Perses-like `{kind, spec}`: panels keyed by id,
//!   grid layouts referring to them) or version 1 (upgraded, with a notice). Errors name the JSON path:
//!   `spec.layouts[0].spec.items[1].width must be a whole number in 1..24 (got 30)`; unknown fields are
//!   ignored with a notice; at most [`MAX_PANELS`] panels, 8 MiB. [`to_json`] writes version 2 (pretty,
//!   stable field order, round-trips exactly once normalised by [`layout::normalize`]). [`check`] validates a
//!   dashboard built in code (call it before saving an edit). `Dashboard` also implements
//!   `serde::Deserialize` through the same checks, so it can sit inside other serde types.
//! - **Model** ([`schema`]): [`Dashboard`] { uid, title, description, tags, time
//!   {from, to} (Grafana time expressions), refresh, variables, panels } → [`Panel`] { id, title, kind
//!   ([`PanelKind`]), grid_pos ([`GridPos`], 24 columns), queries ([`PanelQuery`] { ref_id, datasource
//!   ([`DatasourceKind`]), expr, legend, instant, hidden, min_interval, interval_factor, limit }), options
//!   ([`PanelOptions`]) }. Rows are panels of kind [`PanelKind::Row`]; a collapsed row keeps its panels in
//!   `Panel::panels` (as Grafana does), an expanded row is followed by its panels. [`Variable`] { name,
//!   label, kind ([`VariableKind`]: Query/Custom/Interval/Constant/TextBox), current, multi, include_all,
//!   all_value, hidden }. Helpers: `Dashboard::{all_panels, panel, panel_mut, next_panel_id, variable,
//!   variable_values}`.
//! - **Grafana import** ([`grafana`]): [`import_grafana`]`(text) -> Result<Import { dashboard, notices,
//!   skipped_panels }, String>`. Always yields a dashboard that passes [`check`]; everything dropped is named
//!   in `notices`. Grafana 12's schema v2 ([`grafana_v2`]) is read as the classic JSON, tabs as rows with
//!   `tab` set (one tab of a run of consecutive tab rows is shown at a time: `view::dash_tabs`).
//! - **Panel time** ([`panel_time`]): a panel's `time_from`/`time_shift` (Grafana's `timeFrom`/`timeShift`)
//!   → [`panel_time::panel_window`] (what its queries ask for; `datasource::plan` applies it) and
//!   [`panel_time::describe`] (its header: "Last 1 hour timeshift -1h").
//! - **Perses import** ([`perses`]): [`import_perses`]`(text) -> Result<Import, String>` (the same result
//!   type): `spec.panels` placed by the `Grid` layouts through [`layout::assemble`] (a titled grid is a row,
//!   folded when `collapse.open` is false), panel names → ids in layout order, Prometheus/Loki/Tempo query
//!   plugins, list/text variables. Unknown plugins and dangling `$ref`s become placeholder text panels,
//!   panels in no layout a folded row at the bottom, all named in `notices`; broken structure is an error
//!   naming the JSON path (`spec.layouts[0].spec.items[2].width must be a number, not a string.`).
//! - **Variables** ([`variables`]): for each panel query, build
//!   [`variables::Builtins::new`]`(from_ms, to_ms, step_ms, scrape_interval)` and call
//!   [`variables::interpolate`]`(expr, &values, &builtins)` where `values` is `(name, selected values)`,
//!   best from [`variables::selected_values`]`(var, loaded_options)` (resolves `$__all`). A query variable's
//!   options come from [`variables::parse_variable_query`] (`label_values(sel, label)` →
//!   `/api/v1/label/<label>/values?match[]=sel`, `query_result(expr)` → instant query, …); interpolate the
//!   variable query with the variables before it first (chained variables). The variable `regex` field is
//!   kept but not applied here (no regex engine in the core).
//! - **Layout sections** ([`layout`]): [`layout::sections`] splits the panel list into Perses-style grids
//!   (one per row, positions relative to it), [`layout::assemble`] builds the list back (for the file reader
//!   and imports), [`layout::normalize`] = both.
//! - **Grid** ([`grid`]): [`grid::layout`]`(&dashboard.panels, &GridGeometry { width_px, .. })` → pixel
//!   rectangles (compacted like Grafana); [`grid::move_panel`], [`grid::resize_panel`] (drag/resize
//!   handlers; [`grid::cell_at`] turns pointer px into a grid cell), [`grid::toggle_row`] (fold/unfold),
//!   [`grid::free_spot`] (where a new panel goes), [`grid::content_height`]; [`removal::remove`] deletes a
//!   panel (the panels below move up) and [`removal::restore`] undoes it (back at its place).
//! - **Snapshots** ([`snapshot`]): [`snapshot::Snapshot::new`]`(dashboard, now_ms, from_ms, to_ms,
//!   Vec<PanelData>)` with `PanelData { panel_id, error, series, logs, traces, trace }` built by
//!   `SnapSeries::from_series`, `SnapLog::from_entry`, `SnapTrace::from_summary`;
//!   [`snapshot::snapshot_to_json`] / [`snapshot::parse_snapshot`] (`"snapshotVersion": 1`), and
//!   `to_series`/`to_entry`/`to_summary` to draw a snapshot with the normal views and no backend.
//!   A correlation workspace: a [`snapshot_workspace::SnapWorkspace`] in the same file, written by
//!   `workspace_snapshot_json` and read back by the workspace page with `read_workspace_file` (neither
//!   holds the dashboard model's reader or writer, which the trace part would otherwise carry).

pub mod grafana;
pub mod grafana_v2;
pub mod file;
pub mod grid;
pub mod layout;
pub mod panel_time;
pub mod perses;
pub mod removal;
pub mod repeat;
pub mod links;
pub(crate) mod json;
pub mod schema;
pub mod series_draw;
pub mod snapshot;
pub mod snapshot_trace;
pub mod snapshot_workspace;
pub mod validate;
pub mod variables;

pub use grafana::{import_grafana, Import};
pub use grid::{GridGeometry, PanelRect};
pub use perses::import_perses;
pub use schema::*;
pub use series_draw::{LineFill, LineStyle, SeriesDraw, StackMode, Stacking, Transform, DEFAULT_STACK_GROUP};
pub use snapshot::{parse_snapshot, snapshot_to_json, PanelData, Snapshot};
pub use validate::{check, check_uid, check_variable_name, dashboard_from_value, parse_dashboard, to_json};
pub use variables::{interpolate, parse_label_values_query, parse_query_result, Builtins};
