//! The leptos UI: composes core results into views. It computes nothing itself: geometry, parsing and
//! URL state come from the pure core, data from `http/`.

mod alerts;
pub(crate) mod app;
mod chart_canvas;
mod heatmap_chart;
mod query_complete;
pub(crate) mod query_editor;
mod query_sources;
mod series_table;
mod stat_list;
mod ctx;
mod latest;
mod graph_edges;
mod service_map;
mod metrics;
mod logs;
mod dashboard;
mod pages;
mod panels;
mod shell;
mod shortcuts;
mod source_picker;
mod time_picker;
mod time_table;
mod trace;


/// Mounts the app. A panic shows a recovery screen instead of leaving a dead page.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&msg.clone().into());
        show_crash_screen(&msg);
    }));
    let mount = |ds: crate::datasource::Datasources, notice: Option<String>| {
        leptos::mount::mount_to_body(move || leptos::view! { <app::App ds notice/> });
    };
    // Saved settings are read before the app mounts, so every page and probe starts with them. In the release
    // build their reader is a part of its own, fetched only when there are saved settings (docs/decisions/0011).
    match ctx::stored_datasources() {
        None => mount(Default::default(), None),
        Some(stored) => wasm_bindgen_futures::spawn_local(async move {
            let (ds, notice) = pages::read_datasources(stored).await;
            mount(ds, notice);
        }),
    }
}

thread_local! {
    static CRASHED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The recovery screen: what happened, a copyable error report without secrets, and a reload that keeps
/// the work (the view is in the URL, dashboard edits are autosaved as drafts on every change). Built with
/// plain DOM calls and no app state: after a panic, leptos' state may be half-updated.
fn show_crash_screen(msg: &str) {
    use wasm_bindgen::JsCast;
    if CRASHED.with(|c| c.replace(true)) {
        return;
    }
    let Some(win) = web_sys::window() else { return };
    let Some(doc) = win.document() else { return };
    let Some(body) = doc.body() else { return };
    // Secrets come straight from storage, not from the (possibly borrowed) app context.
    let secrets = ctx::known_secrets();
    let agent = win.navigator().user_agent().unwrap_or_default();
    let report = crate::view::crash::crash_report(msg, &crate::browser::location_hash(), &agent, env!("CARGO_PKG_VERSION"), &secrets);
    let el = |tag: &str, text: &str| {
        let e = doc.create_element(tag).ok()?;
        // Text only: the message may contain anything.
        e.set_text_content(Some(text));
        Some(e)
    };
    let (Some(div), Some(h), Some(p), Some(area), Some(copy), Some(reload), Some(status)) = (
        el("div", ""),
        el("h1", "Trifocal hit a bug and stopped."),
        el("p", "Your work is kept: the view is in the address, and unsaved dashboard changes were saved as a draft with every edit. Reload to carry on; please send the error report with the issue."),
        el("textarea", &report),
        el("button", "Copy error report"),
        el("button", "Reload with my work kept"),
        el("p", ""),
    ) else {
        return;
    };
    div.set_class_name("crash");
    let _ = div.set_attribute("role", "alert");
    let _ = div.set_attribute("data-testid", "crash-screen");
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("rows", "12");
    let _ = area.set_attribute("aria-label", "Error report");
    let _ = area.set_attribute("data-testid", "crash-report");
    let _ = reload.set_attribute("class", "primary");
    let _ = status.set_attribute("role", "status");
    // The handlers touch only the browser, never the app's state.
    let on_copy = {
        let status = status.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            crate::browser::copy_to_clipboard(&report);
            status.set_text_content(Some("Error report copied."));
        })
    };
    let on_reload = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    if let Some(b) = copy.dyn_ref::<web_sys::HtmlElement>() {
        b.set_onclick(Some(on_copy.as_ref().unchecked_ref()));
    }
    if let Some(b) = reload.dyn_ref::<web_sys::HtmlElement>() {
        b.set_onclick(Some(on_reload.as_ref().unchecked_ref()));
    }
    // The screen stays until the page goes: the handlers live as long.
    on_copy.forget();
    on_reload.forget();
    for child in [&h, &p, &area, &copy, &reload, &status] {
        let _ = div.append_child(child);
    }
    let _ = body.append_child(&div);
}
