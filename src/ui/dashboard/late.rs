//! What a dashboard's viewer does not need, loaded late in the release build: the edit tools (variables
//! editor, JSON model, panel editor with its query editors) are a wasm part of their own (`dedit`), fetched when
//! edit mode or a panel editor opens; the dashboard list with its importers (Grafana, Grafana v2, Perses) is
//! another (`dlist`). Other builds draw them directly. A part that cannot be fetched is said where it would
//! have been drawn.

use leptos::prelude::*;

use crate::dashboard::{Dashboard, Panel};
use crate::ui::panels::PanelEnv;

/// The variables editor and the JSON model (edit mode), side by side.
pub fn settings_bar(dash: RwSignal<Option<Dashboard>>, on_edit: Callback<Dashboard>) -> AnyView {
    #[cfg(not(feature = "split"))]
    return draw_settings(Settings(dash, on_edit));
    #[cfg(feature = "split")]
    late_view(async move { part::settings(Settings(dash, on_edit)).await }, "The dashboard's editors could not be loaded from the server. Check the connection, then leave and enter edit mode again.")
}

/// The panel editor of `panel` (`on_close` gets the edited panel, or `None` when cancelled).
pub fn panel_editor(panel: Panel, env: Signal<PanelEnv>, on_close: Callback<Option<Panel>>) -> AnyView {
    let job = Editor(panel, env, on_close);
    #[cfg(not(feature = "split"))]
    return draw_editor(job);
    #[cfg(feature = "split")]
    late_view(async move { part::editor(job).await }, "The panel editor could not be loaded from the server. Check the connection, then open it again.")
}

/// The dashboard list (`#/dashboard`).
pub fn dashboard_list() -> AnyView {
    #[cfg(not(feature = "split"))]
    return draw_list();
    #[cfg(feature = "split")]
    late_view(async move { part::list().await }, "The dashboard list could not be loaded from the server. Check the connection, then open it again or reload.")
}

pub struct Settings(RwSignal<Option<Dashboard>>, Callback<Dashboard>);
pub struct Editor(Panel, Signal<PanelEnv>, Callback<Option<Panel>>);

fn draw_settings(Settings(dash, on_edit): Settings) -> AnyView {
    use crate::ui::panels::settings::{JsonModel, VariablesEditor};
    view! {
        <div class="dash-settings-bar">
            <VariablesEditor dash=dash on_edit=on_edit/>
            <JsonModel dash=dash on_edit=on_edit/>
        </div>
    }
    .into_any()
}

fn draw_editor(Editor(panel, env, on_close): Editor) -> AnyView {
    view! { <super::panel_editor::PanelEditor panel=panel env=env on_close=on_close/> }.into_any()
}

fn draw_list() -> AnyView {
    view! { <crate::ui::pages::dashboards::DashboardList/> }.into_any()
}

#[cfg(feature = "split")]
use crate::ui::panels::late::late_view;

/// The parts (leptos' `wasm_split`, fallible: a failed fetch is an `Err`, never a panic).
#[cfg(feature = "split")]
mod part {
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use super::{Editor, Settings};

    #[wasm_split(dedit, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn settings(s: Settings) -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw_settings(s))
    }
    #[wasm_split(dedit, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn editor(e: Editor) -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw_editor(e))
    }
    #[wasm_split(dlist, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn list() -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw_list())
    }
}
