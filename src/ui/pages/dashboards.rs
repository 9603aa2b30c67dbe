//! The dashboard list (`#/dashboard`): shipped and saved dashboards, New, Import (paste or file:
//! Trifocal JSON, Grafana or Perses JSON, or a snapshot) with the list of what the import could not keep,
//! search, Rename and Delete; stored snapshots are listed too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::dashboard::Dashboard;
use crate::http::{dashboards as http_dash, Abort};
use crate::time::format::{format_ms, TimeZone};
use crate::ui::ctx::use_ctx;
use crate::ui::panels::store;
use crate::url_state::{self, DashboardState, Route};
use crate::view::dash::{import_any, Imported};
use crate::view::library::{merge_library, new_dashboard, parse_shipped_index, replace_question, snapshot_uid, unique_uid, LibraryEntry, Source};

/// What the last import did.
#[derive(Clone, Debug, PartialEq)]
struct ImportOutcome {
    uid: String,
    title: String,
    kind: &'static str,
    panels: usize,
    notices: Vec<String>,
    skipped: Vec<String>,
}

fn href(uid: &str) -> String {
    format!("#{}", url_state::encode(&Route::Dashboard(DashboardState { uid: uid.to_string(), ..DashboardState::default() })))
}

fn confirm(msg: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(msg).ok()).unwrap_or(false)
}

/// Asks for a text; `None` when the user cancels.
fn prompt(msg: &str, default: &str) -> Option<String> {
    web_sys::window().and_then(|w| w.prompt_with_message_and_default(msg, default).ok()).flatten()
}

/// Rename and Delete for a saved dashboard, Delete for a stored snapshot; nothing for shipped ones.
fn entry_actions(e: &LibraryEntry, errors: RwSignal<Vec<String>>, version: RwSignal<u32>) -> impl IntoView {
    let uid = e.uid.clone();
    let title = e.title.clone();
    let snapshot = matches!(e.source, Source::Snapshot { .. });
    (!e.is_shipped()).then(|| {
        let (uid_r, title_r) = (uid.clone(), title.clone());
        let rename = move |_| {
            if let Some(asked) = prompt(&format!("New title for \"{title_r}\":"), &title_r) {
                match store::rename(&uid_r, &asked) {
                    Ok(_) => errors.set(Vec::new()),
                    Err(err) => errors.set(vec![format!("Not renamed: {err}")]),
                }
                version.update(|v| *v += 1);
            }
        };
        let delete = move |_| {
            let what = if snapshot { "stored snapshot" } else { "saved dashboard" };
            if confirm(&format!("Delete the {what} \"{title}\" ({uid})?")) {
                let r = if snapshot { store::delete_snapshot(&uid) } else { store::delete(&uid) };
                if let Err(err) = r {
                    errors.set(vec![err]);
                }
                version.update(|v| *v += 1);
            }
        };
        view! {
            {(!snapshot).then(|| view! { <button class="link" aria-label=format!("Rename dashboard {}", e.title) on:click=rename>"Rename"</button> })}
            <button class="link" aria-label=format!("Delete dashboard {}", e.title) on:click=delete>"Delete"</button>
        }
    })
}

#[component]
pub fn DashboardList() -> impl IntoView {
    let ctx = use_ctx();
    let shipped = RwSignal::new(Vec::<LibraryEntry>::new());
    let errors = RwSignal::new(Vec::<String>::new());
    let version = RwSignal::new(0u32);
    let search = RwSignal::new(String::new());
    let import_text = RwSignal::new(String::new());
    let import_error = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<ImportOutcome>);

    spawn_local(async move {
        let a = Abort::new();
        match http_dash::shipped_file("index.json", &a).await {
            Ok(t) => match parse_shipped_index(&t) {
                Ok(l) => shipped.set(l),
                Err(e) => errors.update(|v| v.push(e)),
            },
            Err(e) => errors.update(|v| v.push(format!("The shipped dashboards could not be listed: {e}"))),
        }
    });

    let list = move || {
        let _ = version.get();
        let (saved, errs) = store::list_saved();
        let q = search.get();
        let all = merge_library(&shipped.get(), &saved, &store::snapshot_index());
        (all.into_iter().filter(|e| e.matches(&q)).collect::<Vec<_>>(), errs)
    };

    let taken = move || {
        let mut t: Vec<String> = shipped.get_untracked().into_iter().map(|e| e.uid).collect();
        t.extend(store::saved_uids().unwrap_or_default());
        t
    };

    let new_dash = move |_| {
        let d = new_dashboard(browser::now_ms(), &taken());
        match store::save(&d) {
            Ok(()) => ctx.navigate(&Route::Dashboard(DashboardState { uid: d.uid, ..DashboardState::default() })),
            Err(e) => errors.set(vec![format!("Could not create a dashboard: {e}")]),
        }
    };

    // Keeps an imported dashboard; a uid already in use is replaced only when the user says so.
    let keep = move |mut d: Dashboard| -> Result<Dashboard, String> {
        let t = taken();
        if t.contains(&d.uid) && !confirm(&replace_question("dashboard", &d.uid, store::has_draft(&d.uid))) {
            d.uid = unique_uid(&d.uid, &t);
        }
        store::save(&d)?;
        Ok(d)
    };

    // Keeps an imported snapshot the same way (Cancel keeps both).
    let keep_snapshot = move |s: &crate::dashboard::Snapshot| -> Result<String, String> {
        let stored: Vec<String> = store::snapshot_index().into_iter().map(|e| e.uid).collect();
        let mut uid = snapshot_uid(&s.dashboard.uid, &[]);
        if stored.contains(&uid) && !confirm(&replace_question("snapshot", &uid, false)) {
            uid = snapshot_uid(&s.dashboard.uid, &stored);
        }
        store::save_snapshot(s, &uid)?;
        Ok(uid)
    };

    let import_converted = move |mut i: crate::dashboard::Import, kind: &'static str| {
        // Each datasource the file names is mapped onto a configured one, or said to be missing.
        let mapped = ctx.ds.get_untracked().map_imported(&mut i.dashboard);
        i.notices.extend(mapped);
        match keep(i.dashboard) {
        Ok(d) => outcome.set(Some(ImportOutcome {
            uid: d.uid.clone(),
            title: d.title.clone(),
            kind,
            panels: d.all_panels().iter().filter(|p| p.kind != crate::dashboard::PanelKind::Row).count(),
            notices: i.notices,
            skipped: i.skipped_panels,
        })),
        Err(e) => import_error.set(Some(format!("Not imported: {e}"))),
    }
    };

    let do_import = move |text: String| {
        import_error.set(None);
        outcome.set(None);
        match import_any(&text) {
            Err(e) => import_error.set(Some(e)),
            Ok(Imported::Trifocal(d, notices)) => match keep(d) {
                Ok(d) => outcome.set(Some(ImportOutcome { uid: d.uid.clone(), title: d.title.clone(), kind: "Trifocal dashboard", panels: d.all_panels().len(), notices, skipped: Vec::new() })),
                Err(e) => import_error.set(Some(format!("Not imported: {e}"))),
            },
            Ok(Imported::Grafana(i)) => import_converted(i, "Grafana dashboard"),
            Ok(Imported::Perses(i)) => import_converted(i, "Perses dashboard"),
            Ok(Imported::Snapshot(s, notices)) => match keep_snapshot(&s) {
                Ok(uid) => outcome.set(Some(ImportOutcome { uid, title: s.dashboard.title.clone(), kind: "snapshot", panels: s.dashboard.all_panels().len(), notices, skipped: Vec::new() })),
                Err(e) => import_error.set(Some(format!("Not imported: {e}"))),
            },
        }
        version.update(|v| *v += 1);
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        spawn_local(async move {
            match browser::read_file_text(&file).await {
                Ok(t) => do_import(t),
                Err(e) => import_error.set(Some(format!("Could not read the file: {e}"))),
            }
        });
    };

    let rows = move || {
        let (entries, errs) = list();
        let tz = if ctx.utc.get() { TimeZone::Utc } else { TimeZone::Browser(browser::tz_offset_min()) };
        let empty = entries.is_empty();
        view! {
            {errs.into_iter().map(|e| view! { <p class="error" role="alert">{e}</p> }).collect_view()}
            {empty.then(|| view! { <p class="empty">"No dashboards yet: create one or import a file."</p> })}
            <ul class="dash-list" data-testid="dash-list">
                {entries.into_iter().map(|e| {
                    let uid = e.uid.clone();
                    let kind = match &e.source {
                        Source::Shipped { .. } => "shipped".to_string(),
                        Source::Saved { overrides_shipped: true } => "saved (replaces shipped)".to_string(),
                        Source::Saved { .. } => "saved".to_string(),
                        Source::Snapshot { captured_at_ms } => format!("snapshot taken {}", format_ms(*captured_at_ms, tz, false)),
                    };
                    let source = match &e.source { Source::Shipped { .. } => "shipped", Source::Saved { .. } => "saved", Source::Snapshot { .. } => "snapshot" };
                    view! {
                        <li data-testid="dash-entry" data-uid=uid.clone() data-source=source>
                            <a href=href(&uid)>{e.title.clone()}</a>
                            <span class="muted small">{format!(" — {kind}")}{(!e.tags.is_empty()).then(|| format!(" · {}", e.tags.join(", ")))}</span>
                            {entry_actions(&e, errors, version)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    };

    let result = move || {
        outcome.get().map(|o| {
            let open = href(&o.uid);
            let n_notices = o.notices.len();
            let n_skipped = o.skipped.len();
            view! {
                <div class="import-result" role="status" data-testid="import-result" data-uid=o.uid.clone() data-panels=o.panels.to_string()
                    data-skipped=n_skipped.to_string() data-notices=n_notices.to_string()>
                    <p>{format!("Imported {} \"{}\" with {} panels. ", o.kind, o.title, o.panels)}<a href=open data-testid="import-open">"Open it"</a></p>
                    {(n_skipped > 0).then(|| view! {
                        <h3>{format!("Panels shown as placeholders ({n_skipped})")}</h3>
                        <ul data-testid="import-skipped">{o.skipped.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
                    })}
                    {(n_notices > 0).then(|| view! {
                        <details open=true><summary>{format!("What was changed or left out ({n_notices})")}</summary>
                            <ul data-testid="import-notices">{o.notices.iter().map(|s| view! { <li data-testid="import-notice">{s.clone()}</li> }).collect_view()}</ul>
                        </details>
                    })}
                </div>
            }
        })
    };

    view! {
        <section class="dashboards" aria-label="Dashboards">
            <div class="toolbar">
                <h1>"Dashboards"</h1>
                <input type="search" aria-label="Search dashboards" placeholder="Search by title or tag" prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev)) />
                <span class="spacer"></span>
                <button class="primary" on:click=new_dash data-testid="dash-new">"New dashboard"</button>
            </div>
            {move || errors.get().into_iter().map(|e| view! { <p class="warning">{e}</p> }).collect_view()}
            {rows}
            <h2>"Import"</h2>
            <p class="muted">"A Trifocal dashboard or snapshot, a Grafana dashboard (classic JSON or a v1 resource) or a Perses dashboard (JSON). Panels that cannot be shown become placeholders and are listed."</p>
            <textarea class="code" rows="6" aria-label="Dashboard JSON to import" placeholder="Paste JSON here" data-testid="import-text"
                prop:value=move || import_text.get() on:input=move |ev| import_text.set(event_target_value(&ev))></textarea>
            <div class="toolbar">
                <button class="primary" on:click=move |_| do_import(import_text.get_untracked()) data-testid="import-button">"Import"</button>
                <label>"or a file: " <input type="file" accept=".json,application/json" aria-label="Import a file" data-testid="import-file" on:change=on_file /></label>
            </div>
            {move || import_error.get().map(|e| view! { <p class="error" role="alert" data-testid="import-error">{e}</p> })}
            {result}
        </section>
    }
}
