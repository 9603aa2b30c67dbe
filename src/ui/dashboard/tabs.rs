//! A dashboard's tab strip: one button per tab, and the shown tab's row controls in edit mode.

use leptos::prelude::*;

use crate::ui::panels::PanelAction;
use crate::view::dash_tabs;

/// A set of tabs: one button per tab, the shown one selected; in edit mode the shown tab's row controls.
#[component]
pub(super) fn TabStrip(strip: dash_tabs::TabStrip, on_choose: Callback<u32>, editing: Signal<bool>, on_action: Callback<PanelAction>) -> impl IntoView {
    let current = strip.current;
    view! {
        <div class="dash-row dash-tabs" data-testid="dash-tabs" data-panel-id=current.to_string()>
            <div role="tablist" aria-label="Tabs">
                {strip.tabs.into_iter().map(|(id, title)| {
                    let selected = id == current;
                    view! {
                        <button role="tab" class="dash-tab" class:selected=selected aria-selected=selected.to_string()
                            data-testid="dash-tab" on:click=move |_| if !selected { on_choose.run(id) }>{title}</button>
                    }
                }).collect_view()}
            </div>
            <Show when=move || editing.get()>
                <crate::ui::panels::menu::PanelControls id=current is_row=true on_action=on_action/>
            </Show>
        </div>
    }
}
