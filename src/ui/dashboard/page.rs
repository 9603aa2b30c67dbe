//! A dashboard (`#/dashboard/<uid>`): loaded from this browser (saved, or an autosaved draft), a snapshot,
//! or the shipped `dashboards/` folder; time picker, refresh, the panel grid with drag and resize, edit mode,
//! undo, save/export/share/snapshot. `#/dashboard` alone is the dashboard list.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::latest::Latest;
use crate::browser;
use crate::dashboard::links::shown_links;
use crate::dashboard::grid::{self, DragKind, GridGeometry};
use crate::dashboard::removal;
use crate::dashboard::variables::{apply_option_regex, parse_option_regex, parse_variable_query, window_values, ALL_VALUE};
use crate::dashboard::{
    check, interpolate, snapshot_to_json, to_json, Builtins, Dashboard, DatasourceKind, Panel, PanelData, Snapshot,
    VariableKind,
};
use crate::http::{dashboards as http_dash, Abort};
use crate::time::TimeRange;
use crate::ui::ctx::{use_ctx, Ctx};
use crate::dashboard::repeat::{bound_values, copy_fold, expand_shown, expand_tabs, repeat_values, toggle_fold, Flip, Shown};
use crate::ui::panels::store::{self, SNAPSHOT_PREFIX};
use crate::ui::panels::{link_anchor, PanelAction, PanelBox, PanelEnv};
use crate::ui::time_picker::TimePicker;
use crate::url_state::{self, CorrelateState, DashboardState, Route};
use crate::view::dash::{self as dash_view, apply_url_vars, effective_range, fragment_has_range, url_vars};
use crate::view::dash_deps::{options_key, panel_variables, used_values, OptionsKey};
use crate::view::dash_layout::{change_message, panel_name, place_text};
use crate::view::dash_tabs;
use super::edit_bar::EditBar;
use super::tabs::TabStrip;
use super::variables_bar::VariablesBar;
use super::late;

/// Where the open dashboard came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Saved,
    Shipped,
    Snapshot,
    New,
}

#[component]
pub fn DashboardPage(state: DashboardState) -> impl IntoView {
    if state.uid.is_empty() {
        return late::dashboard_list();
    }
    view! { <DashboardView state=state/> }.into_any()
}

/// Loads the shipped dashboard or snapshot `uid` (`http::dashboards::shipped`).
async fn load_shipped(uid: &str, abort: &Abort) -> Result<dash_view::ShippedFile, String> {
    let (file, text) = http_dash::shipped(uid, abort).await?;
    dash_view::read_shipped_file(&file, &text)
}

/// A correlation workspace's snapshot (stored or shipped) opens as that workspace (`#/correlate?snap=<uid>`).
fn open_workspace_snapshot(ctx: Ctx, uid: &str) {
    let r = Route::Correlate(CorrelateState::of_snapshot(uid));
    browser::replace_location_hash(&url_state::encode(&r));
    ctx.route.try_set(r);
}

#[component]
fn DashboardView(state: DashboardState) -> impl IntoView {
    let ctx = use_ctx();
    let uid = state.uid.clone();
    let st = StoredValue::new(state.clone());
    let url_has_range = fragment_has_range(&browser::location_hash());

    let dash = RwSignal::new(None::<Dashboard>);
    let source = RwSignal::new(Source::New);
    let snapshot = RwSignal::new(None::<Arc<Snapshot>>);
    let load_error = RwSignal::new(None::<String>);
    let messages = RwSignal::new(Vec::<String>::new());
    let dirty = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let editor = RwSignal::new(None::<Panel>);
    let drag = StoredValue::new(None::<Drag>);
    let preview = RwSignal::new(None::<Vec<Panel>>);
    // One panel filling the page (`view=<id>` in the URL, so a link can show just that panel).
    let fullscreen = RwSignal::new(state.view.as_deref().and_then(|v| v.trim().parse::<u32>().ok()));
    // Kiosk: no app chrome and no dashboard actions (an iframe, a wall screen); Esc leaves it.
    let kiosk = state.kiosk;
    // The tabs shown (`tab=<title>` in the URL): of each set of tabs only the chosen one is drawn and loads.
    let chosen_tabs = RwSignal::new(state.tabs.clone());
    let options = RwSignal::new(BTreeMap::<String, Vec<String>>::new());
    let vars_ready = RwSignal::new(false);
    let tick = RwSignal::new(0u32);
    let collected = RwSignal::new(BTreeMap::<u32, PanelData>::new());
    let grid_width = RwSignal::new(1200.0f64);
    let abort = Latest::new();

    // Load: snapshot, draft, saved, shipped.
    {
        let uid = uid.clone();
        let a = abort.current();
        spawn_local(async move {
            let vars = st.get_value().vars;
            let mut notes = Vec::new();
            let mut base: Option<(Dashboard, Source)> = None;
            // A snapshot's dashboard, with the variable values its data was captured with.
            let snap_uid = uid.clone();
            let open_snapshot = move |s: Snapshot| {
                let mut d = s.dashboard.clone();
                d.uid = snap_uid.clone();
                for v in d.variables.iter_mut() {
                    if let Some(sv) = s.variables.iter().find(|x| x.name == v.name) {
                        v.current = sv.values.clone();
                    }
                }
                snapshot.set(Some(Arc::new(s)));
                (d, Source::Snapshot)
            };
            if uid.starts_with(SNAPSHOT_PREFIX) {
                match store::load_snapshot(&uid) {
                    // A correlation workspace's snapshot opens as that workspace.
                    Some(Ok(s)) if s.workspace.is_some() => {
                        open_workspace_snapshot(ctx, &uid);
                        return;
                    }
                    Some(Ok(s)) => base = Some(open_snapshot(s)),
                    Some(Err(e)) => notes.push(e),
                    None => {}
                }
            }
            if base.is_none() {
                match store::load_saved(&uid) {
                    Some(Ok((d, n))) => {
                        notes.extend(n);
                        base = Some((d, Source::Saved));
                    }
                    Some(Err(e)) => notes.push(e),
                    None => {}
                }
            }
            if base.is_none() {
                match load_shipped(&uid, &a).await {
                    Ok(dash_view::ShippedFile::Dashboard(d)) => base = Some((d, Source::Shipped)),
                    // A shipped workspace snapshot opens as that workspace, as a stored one does.
                    Ok(dash_view::ShippedFile::Snapshot(s)) if s.workspace.is_some() => {
                        open_workspace_snapshot(ctx, &uid);
                        return;
                    }
                    Ok(dash_view::ShippedFile::Snapshot(s)) => base = Some(open_snapshot(*s)),
                    Err(e) => {
                        load_error.set(Some(e));
                        messages.set(notes);
                        return;
                    }
                }
            }
            let Some((mut d, src)) = base else { return };
            if src != Source::Snapshot {
                match store::load_draft(&uid) {
                    Some(Ok(draft)) => {
                        d = draft;
                        dirty.set(true);
                        notes.push("Unsaved changes from your last visit were restored. Save them, or discard them to go back.".into());
                    }
                    Some(Err(e)) => notes.push(e),
                    None => {}
                }
            }
            let unknown = apply_url_vars(&mut d, &vars);
            if !unknown.is_empty() {
                notes.push(format!("The link sets variables this dashboard does not have: {}.", unknown.join(", ")));
            }
            source.set(src);
            messages.set(notes);
            dash.set(Some(d));
        });
    }

    // The range shown: the link's, else the dashboard's; a snapshot shows its own.
    let range = Memo::new(move |_| {
        if let Some(s) = snapshot.get() {
            return TimeRange::from_absolute(s.from_ms, s.to_ms);
        }
        let s = st.get_value();
        dash.with(|d| d.as_ref().map(|d| effective_range(&d.time, &s.range, url_has_range))).unwrap_or(s.range)
    });

    // Variable options, in order (a variable's query sees the values chosen before it). Resolved once the
    // backends are known, and again when the variables themselves are edited (not when a value is chosen:
    // that redraws the page from the URL).
    let resolved_for = StoredValue::new(None::<OptionsKey>);
    Effect::new(move |_| {
        let h = ctx.health.get();
        let Some(kinds) = dash.with(|d| d.as_ref().map(options_key)) else { return };
        if (!h.checked && snapshot.get_untracked().is_none()) || resolved_for.with_value(|r| r.as_ref() == Some(&kinds)) {
            return;
        }
        resolved_for.set_value(Some(kinds.clone()));
        let Some(d) = dash.get_untracked() else { return };
        let r = range.get_untracked();
        let (from, to) = r.resolve(browser::now_ms(), ctx.tz_offset());
        let ds = ctx.ds.get_untracked();
        let a = abort.current();
        let snapshot_mode = snapshot.get_untracked().is_some();
        spawn_local(async move {
            let mut opts = BTreeMap::new();
            let mut values: Vec<(String, Vec<String>)> = Vec::new();
            let mut notes = Vec::new();
            let b = Builtins::new(from, to, 60_000, None);
            for v in &d.variables {
                // Whether a query variable's datasource can be asked now (a snapshot asks nothing).
                let live = |k: DatasourceKind| !snapshot_mode && h.live(k);
                let list = match &v.kind {
                    VariableKind::Query { datasource, query, regex } if live(*datasource) => {
                        let q = parse_variable_query(&interpolate(query, &values, &b));
                        let list = match http_dash::query_variable_options(&ds, *datasource, h.traces, &q, from, to, &a).await {
                            Ok(l) => l,
                            Err(e) => {
                                notes.push(format!("Variable ${}: {e}", v.name));
                                Vec::new()
                            }
                        };
                        // The variable's regex filters the fetched options and keeps their first group.
                        match parse_option_regex(regex) {
                            Some((pattern, fold)) => match crate::browser::regex::compile(&pattern, !fold) {
                                Ok(m) => apply_option_regex(&list, m.as_ref()),
                                Err(e) => {
                                    notes.push(format!("Variable ${}: its regex is not valid ({e}); the options are shown unfiltered.", v.name));
                                    list
                                }
                            },
                            None => list,
                        }
                    }
                    VariableKind::Query { .. } => v.current.iter().filter(|c| *c != ALL_VALUE).cloned().collect(),
                    VariableKind::Datasource { datasource, regex } => {
                        crate::datasource::sources::names_for(&ds.sources, *datasource, ds.default_name(*datasource), regex)
                    }
                    k => k.static_options(),
                };
                values.push((v.name.clone(), window_values(v, &list, to - from)));
                opts.insert(v.name.clone(), list);
            }
            // A newer edit of the variables started its own resolution: this one's answer is dropped.
            if resolved_for.try_with_value(|r| r.as_ref() != Some(&kinds)).unwrap_or(true) {
                return;
            }
            if !notes.is_empty() {
                messages.update(|m| m.extend(notes));
            }
            options.set(opts);
            vars_ready.set(true);
        });
    });

    // The window every panel shows, resolved when the range is set or refreshed: choosing a variable's value
    // reloads its panels over the same window as the others (and a frozen link keeps that window).
    let window = Memo::new(move |_| {
        let r = range.get();
        let _ = tick.get();
        match snapshot.get() {
            Some(s) => (s.from_ms, s.to_ms, s.to_ms),
            None => {
                let now = browser::now_ms();
                let (a, b) = r.resolve(now, ctx.tz_offset());
                (a, b, now)
            }
        }
    });
    let var_values = Memo::new(move |_| {
        let opts = options.get();
        let (from, to, _) = window.get();
        dash.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.variables
                        .iter()
                        .map(|v| (v.name.clone(), window_values(v, opts.get(&v.name).map(Vec::as_slice).unwrap_or(&[]), to - from)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // The annotation queries: their own memo, so that other edits of the dashboard reload no panel.
    let annotations = Memo::new(move |_| dash.with(|d| std::sync::Arc::new(d.as_ref().map(|d| d.annotations.clone()).unwrap_or_default())));
    let env = Memo::new(move |_| {
        let r = range.get();
        let snap = snapshot.get();
        let (from_ms, to_ms, now_ms) = window.get();
        let mut health = ctx.health.get();
        if !vars_ready.get() {
            // Panels wait for the variables.
            health.checked = false;
        }
        PanelEnv {
            range: r,
            from_ms,
            to_ms,
            vars: var_values.get(),
            health,
            tick: tick.get(),
            snapshot: snap,
            annotations: annotations.get(),
            now_ms,
            tz_offset_min: ctx.tz_offset(),
        }
    });

    // Auto-refresh from the link or the dashboard.
    let refresh_ms = Memo::new(move |_| {
        let r = st.get_value().refresh.or_else(|| dash.with(|d| d.as_ref().and_then(|d| d.refresh.clone())));
        r.as_deref().and_then(crate::time::duration::parse_duration).filter(|ms| *ms >= 1000)
    });
    let interval = StoredValue::new_local(None::<leptos::prelude::IntervalHandle>);
    Effect::new(move |_| {
        if let Some(h) = interval.get_value() {
            h.clear();
        }
        let ms = refresh_ms.get();
        if snapshot.get().is_some() {
            return;
        }
        if let Some(ms) = ms {
            let h = set_interval_with_handle(move || tick.update(|t| *t = t.wrapping_add(1)), std::time::Duration::from_millis(ms.unsigned_abs()));
            interval.set_value(h.ok());
        }
    });
    on_cleanup(move || {
        if let Some(h) = interval.get_value() {
            h.clear();
        }
    });

    // Navigation keeps the URL the state of the view.
    let go = move |f: &dyn Fn(&mut DashboardState)| {
        let mut s = st.get_value();
        if let Some(d) = dash.get_untracked() {
            s.vars = url_vars(&d);
        }
        f(&mut s);
        ctx.navigate(&Route::Dashboard(s));
    };
    let set_range = Callback::new(move |r: TimeRange| go(&|s| s.range = r.clone()));
    // The panel shown alone is kept in the URL without a new history entry.
    Effect::new(move |prev: Option<Option<u32>>| {
        let f = fullscreen.get();
        if prev.is_some_and(|p| p != f) {
            let mut s = st.get_value();
            s.view = f.map(|id| id.to_string());
            st.set_value(s.clone());
            ctx.replace(&Route::Dashboard(s));
        }
        f
    });
    if kiosk {
        let h = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" && fullscreen.get_untracked().is_none() {
                go(&|s| s.kiosk = false);
            }
        });
        on_cleanup(move || h.remove());
    }
    let on_zoom = Callback::new(move |(a, b): (i64, i64)| set_range.run(TimeRange::from_absolute(a, b)));

    // Every edit: update, keep a draft, mark unsaved.
    let edit = move |f: &dyn Fn(&mut Dashboard)| {
        let mut d = match dash.get_untracked() {
            Some(d) => d,
            None => return,
        };
        f(&mut d);
        if let Err(e) = check(&d) {
            messages.set(vec![format!("That change was not applied: {e}")]);
            return;
        }
        if source.get_untracked() != Source::Snapshot {
            if let Err(e) = store::save_draft(&d) {
                messages.set(vec![format!("Your change is shown but could not be kept as a draft: {e}")]);
            }
            dirty.set(true);
        }
        dash.set(Some(d));
    };

    let set_var = move |name: String, values: Vec<String>| {
        let Some(mut d) = dash.get_untracked() else { return };
        dash_view::select(&mut d, &name, values);
        if editing.get_untracked() || dirty.get_untracked() {
            let _ = store::save_draft(&d);
        }
        dash.set(Some(d.clone()));
        // Drawn in place: the panels that use the variable reload (once), the others keep their data. The
        // URL gets a history entry without a hashchange, so Back still returns to the previous value.
        let mut s = st.get_value();
        s.vars = url_vars(&d);
        st.set_value(s.clone());
        ctx.push(&Route::Dashboard(s));
    };

    // The last deleted panel or layout change, while its Undo is offered.
    let deleted = RwSignal::new(None::<Undoable>);
    let deleted_seq = StoredValue::new(0u32);
    // What a screen reader hears after a panel moved or changed size.
    let announce = RwSignal::new(String::new());
    let undo = move |_| {
        let Some(x) = deleted.get_untracked() else { return };
        deleted.set(None);
        if dash.with_untracked(|d| d.as_ref().is_some_and(|d| d.uid == x.uid)) {
            edit(&|d| match &x.what {
                UndoWhat::Delete(r) => {
                    removal::restore(&mut d.panels, r.clone());
                }
                UndoWhat::Layout(before) => grid::restore_positions(&mut d.panels, before),
            });
            announce.set(format!("{}: undone.", x.message));
        }
    };
    let offer_undo = move |message: String, what: UndoWhat| {
        let uid = dash.with_untracked(|d| d.as_ref().map(|d| d.uid.clone())).unwrap_or_default();
        deleted_seq.update_value(|n| *n = n.wrapping_add(1));
        let mine = deleted_seq.get_value();
        deleted.set(Some(Undoable { uid, message, what }));
        set_timeout(
            move || {
                if deleted_seq.try_get_value() == Some(mine) {
                    deleted.try_set(None);
                }
            },
            UNDO_FOR,
        );
    };
    // A layout change of panel `id` (move, resize, drag): one edit, announced, with an Undo.
    let layout_edit = move |id: u32, f: &dyn Fn(&mut Dashboard)| {
        let Some((before, old)) = dash.with_untracked(|d| d.as_ref().map(|d| (grid::layout_of(&d.panels), d.panel(id).map(|p| p.grid_pos)))) else {
            return;
        };
        edit(f);
        let now = dash.with_untracked(|d| d.as_ref().map(|d| (grid::layout_of(&d.panels), d.panel(id).cloned())));
        let (Some((after, Some(p))), Some(old)) = (now, old) else { return };
        if after != before {
            announce.set(place_text(&p));
            offer_undo(change_message(&old, &p), UndoWhat::Layout(before));
        }
    };

    // The panels as drawn: repeated panels and rows once per value of their variable (in edit mode, once: the
    // copies are not edited on their own, as in Grafana). The copies of a repeated row whose fold was changed.
    let flips = RwSignal::new(Vec::<Flip>::new());
    // Another dashboard: its rows' copies start folded as their rows are.
    Effect::new(move |prev: Option<Option<String>>| {
        let uid = dash.with(|d| d.as_ref().map(|d| d.uid.clone()));
        if prev.is_some_and(|p| p != uid) {
            flips.set(Vec::new());
        }
        uid
    });
    // The values each repeat variable runs over (none in edit mode).
    let rep_values = Memo::new(move |_| {
        if editing.get() {
            return Vec::new();
        }
        let opts = options.get();
        let snap = snapshot.get();
        dash.with(|d| {
            let Some(d) = d.as_ref() else { return Vec::new() };
            d.variables
                .iter()
                .filter(|v| d.all_panels().iter().any(|p| p.repeat.as_ref().is_some_and(|r| r.variable == v.name)))
                .map(|v| {
                    // A snapshot lists the values it was taken with.
                    let from_snap = snap.as_ref().and_then(|s| s.variables.iter().find(|sv| sv.name == v.name)).map(|sv| sv.values.clone());
                    let options = from_snap.unwrap_or_else(|| opts.get(&v.name).cloned().unwrap_or_default());
                    (v.name.clone(), repeat_values(v, &options))
                })
                .collect::<Vec<_>>()
        })
    });
    // The panels with repeated tabs drawn once per value (each copy a tab of its set), before a tab is chosen.
    let tabbed = Memo::new(move |_| {
        let values = rep_values.get();
        dash.with(|d| d.as_ref().map(|d| expand_tabs(&d.panels, &values)).unwrap_or_default())
    });
    let tabbed_panels = move || tabbed.with(|t| t.iter().map(|s| s.panel.clone()).collect::<Vec<_>>());
    let shown = Memo::new(move |_| {
        let chosen = chosen_tabs.get();
        let values = rep_values.get();
        let (kept, _) = dash_tabs::shown_copies(tabbed.get(), &chosen);
        flips.with(|f| expand_shown(kept, &values, f))
    });
    let on_action = Callback::new(move |a: PanelAction| match a {
        PanelAction::Edit(id) => editor.set(dash.get_untracked().and_then(|d| d.panel(id).cloned())),
        PanelAction::FullScreen(id) => fullscreen.update(|f| *f = if *f == Some(id) { None } else { Some(id) }),
        PanelAction::Duplicate(id) => edit(&|d| {
            if let Some(p) = dash_view::duplicate_panel(d, id) {
                d.panels.push(p);
            }
        }),
        PanelAction::Delete(id) => {
            // The panels below move up; the toast's Undo puts it back at its place.
            let taken = std::cell::RefCell::new(None);
            edit(&|d| *taken.borrow_mut() = removal::remove(&mut d.panels, id));
            let Some(r) = taken.into_inner() else { return };
            if dash.with_untracked(|d| d.as_ref().is_none_or(|d| d.panel(id).is_some())) {
                return;
            }
            offer_undo(format!("{} deleted", panel_name(&r.panel)), UndoWhat::Delete(r));
        }
        PanelAction::ToggleRow(id) => {
            // A copy of a repeated row folds on its own; the dashboard keeps its row's fold.
            if let Some(copy) = shown.with_untracked(|s| copy_fold(s, id)) {
                flips.update(|f| toggle_fold(f, copy));
                return;
            }
            let f = |d: &mut Dashboard| {
                if let Some(i) = d.panels.iter().position(|p| p.id == id) {
                    grid::toggle_row(&mut d.panels, i);
                }
            };
            if editing.get_untracked() {
                edit(&f);
            } else {
                dash.update(|d| {
                    if let Some(d) = d {
                        f(d);
                    }
                });
            }
        }
        PanelAction::Rename(id) => {
            let Some(old) = dash.with_untracked(|d| d.as_ref().and_then(|d| d.panel(id)).map(|p| p.title.clone())) else { return };
            let asked = web_sys::window().and_then(|w| w.prompt_with_message_and_default(&format!("New title for row \"{old}\":"), &old).ok()).flatten();
            if let Some(asked) = asked {
                edit(&|d| {
                    dash_view::rename_row(d, id, &asked);
                });
            }
        }
        PanelAction::Move(id, dx, dy) => layout_edit(id, &|d| {
            if let Some(i) = d.panels.iter().position(|p| p.id == id) {
                grid::move_by(&mut d.panels, i, dx, dy);
            }
        }),
        PanelAction::Resize(id, dw, dh) => layout_edit(id, &|d| {
            if let Some(i) = d.panels.iter().position(|p| p.id == id) {
                grid::resize_by(&mut d.panels, i, dw, dh);
            }
        }),
        PanelAction::Drag(id, kind, x0, y0) => {
            let Some(mut start) = dash.get_untracked().map(|d| d.panels) else { return };
            grid::compact_panels(&mut start);
            if let Some(index) = start.iter().position(|p| p.id == id) {
                drag.set_value(Some(Drag { id, index, kind, x0, y0, start }));
            }
        }
    });

    // A pointer drag: the layout is previewed (snapped, pushed, compacted) while the pointer moves, and
    // becomes one edit when it is released.
    let drag_move = window_event_listener(leptos::ev::pointermove, move |ev| {
        let geom = GridGeometry { width_px: grid_width.get_untracked(), ..GridGeometry::default() };
        let next = drag.with_value(|d| {
            d.as_ref().map(|d| grid::drag(&d.start, d.index, d.kind, f64::from(ev.client_x() - d.x0), f64::from(ev.client_y() - d.y0), &geom))
        });
        if next.is_some() && preview.with_untracked(|p| *p != next) {
            preview.set(next);
        }
    });
    let finish = move |commit: bool| {
        let Some(id) = drag.with_value(|d| d.as_ref().map(|d| d.id)) else { return };
        drag.set_value(None);
        let next = preview.get_untracked();
        preview.set(None);
        if let Some(panels) = next.filter(|_| commit) {
            if dash.with_untracked(|d| d.as_ref().is_some_and(|d| d.panels != panels)) {
                layout_edit(id, &|d| d.panels = panels.clone());
            }
        }
    };
    let drag_end = window_event_listener(leptos::ev::pointerup, move |_| finish(true));
    let drag_cancel = window_event_listener(leptos::ev::pointercancel, move |_| finish(false));
    on_cleanup(move || {
        drag_move.remove();
        drag_end.remove();
        drag_cancel.remove();
    });

    // Grid width follows the container.
    let grid_ref = NodeRef::<leptos::html::Div>::new();
    let measure = move || {
        if let Some(el) = grid_ref.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 0.0 && (w - grid_width.get_untracked()).abs() > 1.0 {
                grid_width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        let _ = dash.with(|d| d.is_some());
        let _ = grid_ref.get();
        measure();
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let geom = move || GridGeometry { width_px: grid_width.get(), ..GridGeometry::default() };
    // The strip of titles each shown tab heads.
    let tab_strips = Memo::new(move |_| {
        let chosen = chosen_tabs.get();
        dash_tabs::shown_copies(tabbed.get(), &chosen).1
    });
    // Choosing a tab draws it and records it in the URL (a history entry, no reload of the page).
    let choose_tab = Callback::new(move |id: u32| {
        if dash.with_untracked(Option::is_none) {
            return;
        }
        let next = dash_tabs::choose(&untrack(tabbed_panels), &chosen_tabs.get_untracked(), id);
        chosen_tabs.set(next.clone());
        let mut s = st.get_value();
        s.tabs = next;
        st.set_value(s.clone());
        ctx.push(&Route::Dashboard(s));
    });
    // Their grid places, collected once per change (the layout and the height both read them).
    let shown_panels = Memo::new(move |_| shown.with(|s| s.iter().map(|x| x.panel.clone()).collect::<Vec<_>>()));
    // While a drag is under way the grid shows its preview.
    // (Its hidden tabs are left out, as from the panels drawn.)
    let preview_shown = move || preview.with(|p| p.as_ref().map(|ps| dash_tabs::shown(ps, &chosen_tabs.get()).0));
    let rects = Memo::new(move |_| {
        preview_shown().map(|ps| grid::layout(&ps, &geom())).unwrap_or_else(|| shown_panels.with(|ps| grid::layout(ps, &geom())))
    });
    let height = move || {
        preview_shown().map(|ps| grid::content_height(&ps, &geom())).unwrap_or_else(|| shown_panels.with(|ps| grid::content_height(ps, &geom())))
    };

    let panel_items = move || {
        shown.get()
            .into_iter()
            .map(|s| {
                let mut k = s.panel.clone();
                k.grid_pos = Default::default();
                (format!("{}|{:?}", serde_json::to_string(&k).unwrap_or_default(), s.bindings), s)
            })
            .collect::<Vec<_>>()
    };

    let title = move || dash.with(|d| d.as_ref().map(|d| d.title.clone()).unwrap_or_default());
    let header = move || {
        let d = dash.get()?;
        let src = source.get();
        let badge = match src {
            Source::Saved => "Saved in this browser",
            Source::Shipped => "Shipped with the app",
            Source::Snapshot => "Snapshot (no backend needed)",
            Source::New => "",
        };
        let tags = d.tags.join(", ");
        Some(view! {
            <span class="muted small" data-testid="dash-source">{badge}</span>
            {(!tags.is_empty()).then(|| view! { <span class="muted small">" · "{tags}</span> })}
            <span class="dash-links">{move || {
                let e = env.get();
                let links = dash.with(|d| d.as_ref().map(|d| d.links.clone()).unwrap_or_default());
                shown_links(&links, &e.vars, &e.range, e.from_ms, e.to_ms).into_iter().map(|l| link_anchor(l, "dash-link")).collect_view()
            }}</span>
            <Show when=move || dirty.get()><span class="warning small" data-testid="dash-unsaved">" · unsaved changes"</span></Show>
        })
    };

    let save = move |_| {
        let Some(d) = dash.get_untracked() else { return };
        match store::save(&d) {
            Ok(()) => {
                dirty.set(false);
                source.set(Source::Saved);
                messages.set(vec![format!("Saved \"{}\" in this browser.", d.title)]);
            }
            Err(e) => messages.set(vec![format!("Not saved: {e}")]),
        }
    };
    // Save as: the dashboard as shown (with its unsaved edits) under a new id and title; the edits go with
    // the copy, so the original goes back to its saved version.
    let save_as = move |_| {
        let Some(d) = dash.get_untracked() else { return };
        let Some(asked) = web_sys::window().and_then(|w| w.prompt_with_message_and_default("Title of the copy:", &format!("{} (copy)", d.title)).ok()).flatten() else { return };
        let taken = store::saved_uids().unwrap_or_default();
        match crate::view::library::copy_of(&d, &asked, &taken).and_then(|c| store::save(&c).map(|()| c)) {
            Ok(c) => {
                store::discard_draft(&d.uid);
                ctx.navigate(&Route::Dashboard(DashboardState { uid: c.uid, ..st.get_value() }));
            }
            Err(e) => messages.set(vec![format!("Not saved as a copy: {e}")]),
        }
    };
    let discard = move |_| {
        let uid = st.get_value().uid;
        store::discard_draft(&uid);
        dirty.set(false);
        let s = st.get_value();
        // Reload the page's view from storage or the shipped file.
        ctx.route.set(Route::Home);
        ctx.route.set(Route::Dashboard(s));
    };
    let export = move |_| {
        if let Some(d) = dash.get_untracked() {
            browser::download_text(&format!("{}.json", d.uid), "application/json", &to_json(&d));
        }
    };
    // A snapshot holds every shown panel's data, so panels out of view load first ("eager"), and the file is
    // written once each has data for the current range.
    let eager = RwSignal::new(false);
    let export_snapshot = move |_| {
        eager.set(true);
    };
    Effect::new(move |_| {
        if !eager.get() {
            return;
        }
        let ready = collected.with(|c| shown.with(|s| s.iter().filter(|x| x.panel.kind.has_queries()).all(|x| c.contains_key(&x.panel.id))));
        if !ready {
            return;
        }
        eager.set(false);
        let Some(d) = dash.get_untracked() else { return };
        let e = env.get_untracked();
        let data: Vec<PanelData> = collected.get_untracked().into_values().collect();
        let mut s = Snapshot::new(d.clone(), browser::now_ms(), e.from_ms, e.to_ms, data);
        // Repeat variables: the values the copies were drawn for (All becomes its options).
        // (The other tabs of a repeated tab's set too: the snapshot shows them all.)
        for (name, values) in bound_values(&[tabbed.get_untracked(), shown.get_untracked()].concat()) {
            if let Some(sv) = s.variables.iter_mut().find(|v| v.name == name) {
                sv.values = values;
            }
        }
        browser::download_text(&format!("{}-snapshot.json", d.uid), "application/json", &snapshot_to_json(&s));
    });
    let share = move |frozen: bool| {
        let mut s = st.get_value();
        if let Some(d) = dash.get_untracked() {
            s.vars = url_vars(&d);
        }
        if frozen {
            let e = env.get_untracked();
            s.range = TimeRange::from_absolute(e.from_ms, e.to_ms);
        } else if !url_has_range {
            s.range = range.get_untracked();
        }
        let link = format!("{}#{}", browser::location_base(), url_state::encode(&Route::Dashboard(s)));
        browser::copy_to_clipboard(&link);
        messages.set(vec![format!("Link copied: {link}")]);
    };

    let refresh_picker = move || {
        let current = st.get_value().refresh.unwrap_or_default();
        let opts = ["", "5s", "10s", "30s", "1m", "5m", "15m", "1h"];
        view! {
            <select aria-label="Auto refresh" on:change=move |ev| {
                let v = event_target_value(&ev);
                go(&|s| s.refresh = (!v.is_empty()).then(|| v.clone()));
            }>
                {opts.iter().map(|o| view! { <option value=*o selected=*o == current>{if o.is_empty() { "Off" } else { o }}</option> }).collect_view()}
            </select>
        }
    };

    view! {
        <section class="dashboard" aria-label="Dashboard">
            {move || load_error.get().map(|e| view! {
                <div class="empty"><h1>"Dashboard not found"</h1><p class="error" role="alert" data-testid="dash-error">{e}</p><p><a href="#/dashboard">"All dashboards"</a></p></div>
            })}
            {move || deleted.get().map(|x| view! {
                <div class="toast" role="status" data-testid="panel-deleted" data-what=x.what.kind()>
                    <span>{x.message}</span>
                    <button class="primary small" on:click=undo data-testid="panel-undo">"Undo"</button>
                    <button class="link" aria-label="Dismiss" title="Dismiss" on:click=move |_| deleted.set(None)>"Dismiss"</button>
                </div>
            })}
            <p class="sr-only" aria-live="polite" data-testid="layout-announce">{move || announce.get()}</p>
            {move || (!messages.get().is_empty()).then(|| view! {
                <div class="notice" role="status" data-testid="dash-messages">
                    {messages.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                    <button class="link" on:click=move |_| messages.set(Vec::new())>"Dismiss"</button>
                </div>
            })}
            <Show when=move || dash.with(|d| d.is_some())>
                <div class="toolbar dash-toolbar">
                    {(!kiosk).then(|| view! { <a href="#/dashboard" class="muted" title="All dashboards">"Dashboards /"</a> })}
                    <h1 data-testid="dash-title">{title}</h1>
                    {header}
                    <span class="spacer"></span>
                    {move || view! { <TimePicker range=range.get() on_change=set_range/> }}
                    {refresh_picker}
                    <button aria-label="Refresh now" title="Refresh now" on:click=move |_| tick.update(|t| *t = t.wrapping_add(1))>"↻"</button>
                </div>
                <Show when=move || !kiosk>
                <div class="toolbar dash-actions">
                    <Show when=move || source.get() != Source::Snapshot>
                        <button class:primary=move || editing.get() aria-pressed=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e) data-testid="dash-edit">
                            {move || if editing.get() { "Done editing" } else { "Edit" }}
                        </button>
                        <button on:click=save data-testid="dash-save">"Save"</button>
                        <button on:click=save_as data-testid="dash-save-as" title="Save this dashboard, with its unsaved changes, under a new title">"Save as…"</button>
                        <Show when=move || dirty.get()><button on:click=discard data-testid="dash-discard">"Discard changes"</button></Show>
                    </Show>
                    <button on:click=export data-testid="dash-export">"Export JSON"</button>
                    <button on:click=export_snapshot data-testid="dash-snapshot" aria-busy=move || eager.get().to_string()
                        title="Download the dashboard with every panel's data (panels out of view load first)">
                        {move || if eager.get() { "Loading every panel…" } else { "Export snapshot" }}
                    </button>
                    <button on:click=move |_| share(false) data-testid="dash-share">"Copy link"</button>
                    <button on:click=move |_| share(true)>"Copy link (frozen time)"</button>
                    <button on:click=move |_| go(&|s| s.kiosk = true) data-testid="dash-kiosk" title="Hide the app's chrome, for an iframe or a wall screen (Esc leaves it)">"Kiosk"</button>
                </div>
                </Show>
                <VariablesBar dash=dash options=options on_change=Callback::new(move |(n, v): (String, Vec<String>)| set_var(n, v))/>
                <Show when=move || editing.get()>
                    <EditBar dash=dash on_edit=Callback::new(move |d: Dashboard| edit(&|x| *x = d.clone()))/>
                    {late::settings_bar(dash, Callback::new(move |d: Dashboard| edit(&|x| *x = d.clone())))}
                </Show>
                {move || editor.get().map(|p| late::panel_editor(p, Signal::from(env), Callback::new(move |res: Option<Panel>| {
                        if let Some(p) = res {
                            edit(&|d| {
                                if let Some(slot) = d.panel_mut(p.id) {
                                    *slot = p.clone();
                                }
                            });
                        }
                        editor.set(None);
                    })))}
                {move || (dash.with(|d| d.as_ref().is_some_and(|d| d.panels.is_empty()))).then(|| view! {
                    <p class="empty">"This dashboard has no panels yet. Click Edit, then Add panel."</p>
                })}
                <div class="dash-grid" node_ref=grid_ref style=move || format!("height:{}px", height()) data-testid="dash-grid">
                    <For each=panel_items key=|(k, _)| k.clone() let:item>
                        {
                            let Shown { panel: item_panel, bindings, source: repeat_of } = item.1;
                            let id = item_panel.id;
                            // A repeated copy sees its one value of the repeat variable.
                            // A panel sees only the variables it uses, so choosing another one leaves it alone.
                            let used = panel_variables(&item_panel);
                            let bound = bindings.clone();
                            let cell_env = Signal::from(Memo::new(move |_| {
                                let mut e = env.get();
                                e.vars = used_values(&e.vars, &used);
                                for (name, value) in &bound {
                                    if let Some(slot) = e.vars.iter_mut().find(|(n, _)| n == name) {
                                        slot.1 = vec![value.clone()];
                                    }
                                }
                                e
                            }));
                            let repeat_value = bindings.last().map(|(_, v)| v.clone());
                            let repeat_of = repeat_value.is_some().then(|| repeat_of.to_string());
                            let style = move || {
                                if fullscreen.get() == Some(id) {
                                    let top = if kiosk { 16 } else { 56 };
                                    return format!("position:fixed;left:16px;top:{top}px;right:16px;bottom:16px;z-index:20");
                                }
                                rects.with(|rs| rs.iter().find(|r| r.id == id).map(|r| format!("left:{}px;top:{}px;width:{}px;height:{}px", r.x, r.y, r.w, r.h)).unwrap_or_default())
                            };
                            let width = Signal::derive(move || rects.with(|rs| rs.iter().find(|r| r.id == id).map(|r| r.w.max(50) as u32).unwrap_or(600)));
                            view! {
                                <div class="dash-cell" style=style class:dragging=move || preview.with(|p| p.is_some()) && drag.with_value(|d| d.as_ref().is_some_and(|d| d.id == id))
                                    data-repeat-of=repeat_of data-repeat-value=repeat_value>
                                    {match tab_strips.with_untracked(|t| t.get(&id).cloned()) {
                                        Some(strip) => view! { <TabStrip strip=strip on_choose=choose_tab editing=Signal::from(editing) on_action=on_action/> }.into_any(),
                                        None => view! {
                                            <PanelBox panel=item_panel env=cell_env width_px=width on_zoom=on_zoom collected=collected
                                                editing=Signal::from(editing) on_action=on_action eager=Signal::from(eager)/>
                                        }.into_any(),
                                    }}
                                </div>
                            }
                        }
                    </For>
                </div>
            </Show>
        </section>
    }
}

struct Drag {
    id: u32,
    index: usize,
    kind: DragKind,
    x0: i32,
    y0: i32,
    start: Vec<Panel>,
}

/// How long a deleted panel's Undo is offered.
const UNDO_FOR: std::time::Duration = std::time::Duration::from_secs(15);

/// The last deleted panel or layout change while its Undo is offered, and the dashboard it was in.
#[derive(Clone, Debug)]
struct Undoable {
    uid: String,
    message: String,
    what: UndoWhat,
}

#[derive(Clone, Debug)]
enum UndoWhat {
    Delete(removal::Removed),
    /// Every top-level panel's place before the change.
    Layout(Vec<(u32, crate::dashboard::GridPos)>),
}

impl UndoWhat {
    /// For tests and styles: "delete" or "layout".
    fn kind(&self) -> &'static str {
        match self {
            UndoWhat::Delete(_) => "delete",
            UndoWhat::Layout(_) => "layout",
        }
    }
}
