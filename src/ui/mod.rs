//! The leptos UI: composes core results into views. It computes nothing itself: geometry, parsing and
//! URL state come from the pure core, data from `http/`.

pub(crate) mod app;
mod chart_canvas;
mod heatmap_chart;
pub(crate) mod query_editor;
mod series_table;
mod stat_list;
mod ctx;
mod metrics;
mod logs;
mod pages;
mod panels;
mod shell;
mod shortcuts;
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
    leptos::mount::mount_to_body(app::App);
}

fn show_crash_screen(msg: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let Ok(div) = doc.create_element("div") else { return };
    div.set_class_name("crash");
    div.set_attribute("role", "alert").ok();
    // Text only: the message may contain anything.
    let Ok(h) = doc.create_element("h1") else { return };
    h.set_text_content(Some("Trifocal hit a bug and stopped."));
    let Ok(p) = doc.create_element("pre") else { return };
    p.set_text_content(Some(&format!("{msg}\n\nURL: {}", crate::browser::location_hash())));
    let Ok(a) = doc.create_element("a") else { return };
    a.set_text_content(Some("Reload (your view is kept in the URL)"));
    a.set_attribute("href", "").ok();
    div.append_child(&h).ok();
    div.append_child(&p).ok();
    div.append_child(&a).ok();
    body.append_child(&div).ok();
}
