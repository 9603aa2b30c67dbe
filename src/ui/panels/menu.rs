//! A panel's edit-mode controls in its header: an Edit button and a "More" menu (duplicate, move, resize,
//! delete; a row's: rename, move, delete) whose items say what they do in words. The menu floats over the grid (never clipped by a small
//! panel), closes on a choice, Escape, a press elsewhere or a scroll, and is driven by the arrow keys.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::PanelAction;
use crate::view::editor;
use crate::view::popup;

/// One menu entry: its text (also its accessible name), its tooltip, what it does.
type Item = (&'static str, &'static str, PanelAction);

fn panel_items(id: u32) -> Vec<Item> {
    vec![
        ("Duplicate panel", "A copy of this panel, placed at the first free spot", PanelAction::Duplicate(id)),
        ("Move left", "Move one column left", PanelAction::Move(id, -1, 0)),
        ("Move right", "Move one column right", PanelAction::Move(id, 1, 0)),
        ("Move up", "Swap with the panel above", PanelAction::Move(id, 0, -1)),
        ("Move down", "Swap with the panel below", PanelAction::Move(id, 0, 1)),
        ("Narrower", "Two columns narrower", PanelAction::Resize(id, -2, 0)),
        ("Wider", "Two columns wider", PanelAction::Resize(id, 2, 0)),
        ("Shorter", "Two rows shorter", PanelAction::Resize(id, 0, -2)),
        ("Taller", "Two rows taller", PanelAction::Resize(id, 0, 2)),
        ("Delete panel", "Delete this panel (Undo brings it back)", PanelAction::Delete(id)),
    ]
}

fn row_items(id: u32) -> Vec<Item> {
    vec![
        ("Rename row", "Give this row a new title", PanelAction::Rename(id)),
        ("Move up", "Move this row up", PanelAction::Move(id, 0, -1)),
        ("Move down", "Move this row down", PanelAction::Move(id, 0, 1)),
        ("Delete row", "Delete this row (Undo brings it back)", PanelAction::Delete(id)),
    ]
}

/// The menu's items as elements, to move the focus among them.
fn menu_items(menu: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = menu.query_selector_all("[role=menuitem]") else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}

/// The Edit button (not for rows) and the "More" menu of panel `id`.
#[component]
pub fn PanelControls(id: u32, is_row: bool, on_action: Callback<PanelAction>) -> impl IntoView {
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let menu = NodeRef::<leptos::html::Div>::new();
    let items = if is_row { row_items(id) } else { panel_items(id) };
    let what = if is_row { "row" } else { "panel" };

    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };

    // Placed under the button, right-aligned, inside the viewport; the first item takes the focus.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let (Some(m), Some(b)) = (menu.get(), button.get_untracked()) else { return };
        let Some(root) = m.owner_document().and_then(|d| d.document_element()) else { return };
        let r = b.get_bounding_client_rect();
        let p = popup::under_button(
            r.right(),
            r.top(),
            r.bottom(),
            f64::from(m.offset_width()),
            f64::from(m.offset_height()),
            f64::from(root.client_width()),
            f64::from(root.client_height()),
        );
        let style = web_sys::HtmlElement::style(&m);
        let px = |v: f64| format!("{v:.1}px");
        let _ = style.set_property("left", &px(p.left));
        let _ = style.set_property("top", &px(p.top));
        let _ = style.set_property("max-height", &px(p.max_height));
        let _ = style.set_property("visibility", "visible");
        if let Some(first) = menu_items(&m).into_iter().next() {
            let _ = first.focus();
        }
    });

    // A press anywhere but on the menu or its button closes it.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) else { return };
        let inside = |n: Option<web_sys::HtmlElement>| n.is_some_and(|e| e.contains(Some(&target)));
        let on_menu = inside(menu.get_untracked().map(|m| m.unchecked_into()));
        let on_button = inside(button.get_untracked().map(|b| b.unchecked_into()));
        if !on_menu && !on_button {
            open.set(false);
        }
    });
    // It is placed once: scrolling the page or resizing the window closes it rather than leave it behind.
    let scrolled = window_event_listener(leptos::ev::scroll, move |_| if open.get_untracked() { open.set(false) });
    let resized = window_event_listener(leptos::ev::resize, move |_| if open.get_untracked() { open.set(false) });
    on_cleanup(move || {
        outside.remove();
        scrolled.remove();
        resized.remove();
    });

    let on_menu_key = move |ev: web_sys::KeyboardEvent| {
        let Some(m) = menu.get_untracked() else { return };
        let list = menu_items(&m);
        let focused = m.owner_document().and_then(|d| d.active_element());
        let at = list.iter().position(|e| focused.as_ref().is_some_and(|f| f.is_same_node(Some(e)))).unwrap_or(0);
        let go = |i: usize| {
            if let Some(e) = list.get(i) {
                let _ = e.focus();
            }
        };
        match ev.key().as_str() {
            "ArrowDown" => { ev.prevent_default(); go(editor::step(at, list.len(), 1)); }
            "ArrowUp" => { ev.prevent_default(); go(editor::step(at, list.len(), -1)); }
            "Home" => { ev.prevent_default(); go(0); }
            "End" => { ev.prevent_default(); go(list.len().saturating_sub(1)); }
            "Escape" => { ev.prevent_default(); ev.stop_propagation(); close(true); }
            "Tab" => close(false),
            _ => {}
        }
    };

    let items = StoredValue::new(items);
    let entries = move || items.with_value(|v| v.iter().copied()
        .map(|(label, tip, act)| {
            let danger = matches!(act, PanelAction::Delete(_));
            view! {
                {danger.then(|| view! { <hr class="menu-sep" aria-hidden="true"/> })}
                <button type="button" role="menuitem" class="menu-item" class:danger=danger tabindex="-1" title=tip aria-label=label
                    on:click=move |_| { close(!danger); on_action.run(act); }>{label}</button>
            }
        })
        .collect_view());
    let menu_label = format!("{} {id} actions", if is_row { "Row" } else { "Panel" });

    view! {
        <span class="panel-edit" role="group" aria-label=format!("{} controls", if is_row { "Row" } else { "Panel" })>
            {(!is_row).then(|| view! {
                <button type="button" class="icon small" aria-label=format!("Edit panel {id}") title="Edit panel"
                    on:click=move |_| on_action.run(PanelAction::Edit(id))>"✎"</button>
            })}
            <button type="button" class="icon small" node_ref=button aria-haspopup="menu" aria-expanded=move || open.get().to_string()
                aria-label=format!("More actions for {what} {id}") title=format!("More: move, resize, duplicate, delete this {what}")
                on:click=move |_| open.update(|o| *o = !*o)>"⋮"</button>
            <Show when=move || open.get()>
                <div class="panel-menu" role="menu" aria-label=menu_label.clone() node_ref=menu style="visibility:hidden"
                    data-testid="panel-menu"
                    on:pointerdown=|ev| ev.stop_propagation()
                    on:keydown=on_menu_key>{entries}</div>
            </Show>
        </span>
    }
}
