//! Dashboards, pure core: Trifocal's dashboard JSON model, its validation, Grafana import, template
//! variables, the panel grid and snapshots. No I/O and no clock; the UI wires these functions to pages.
//!
//! # Using it from the UI
//! - **Open/save**: [`parse_dashboard`]`(text) -> Result<(Dashboard, notices), String>` reads a saved
//!   dashboard (errors name the JSON path: `panels[3].gridPos.w must be a whole number in 1..24 (got 30)`);
//!   [`to_json`] writes it back (pretty, stable field order). [`check`] validates a dashboard built in code
//!   (e.g. before saving an edit). `Dashboard` also implements `serde::Deserialize` through the same checks.
//! - **Model** ([`schema`]): [`Dashboard`] → [`Panel`] (kind, [`GridPos`], [`PanelQuery`]s, [`PanelOptions`])
//!   and [`Variable`]s. Rows are panels of kind [`PanelKind::Row`]; a collapsed row keeps its panels in
//!   `Panel::panels` (as Grafana does), an expanded row is followed by its panels.

pub mod grafana;
pub mod grid;
pub(crate) mod json;
pub mod schema;
pub mod validate;
pub mod variables;

pub use grafana::{import_grafana, Import};
pub use schema::*;
pub use validate::{check, check_uid, check_variable_name, dashboard_from_value, parse_dashboard, to_json};
