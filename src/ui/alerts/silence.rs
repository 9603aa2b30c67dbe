//! The silence form (matchers with their operators, duration, author remembered in this browser, comment),
//! and the Alertmanager tab: alerts as its routing groups them, silences (active, pending, expired) with
//! expire and recreate.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::rules_list::{label_list, start_silence, when, AUTHOR_KEY};
use crate::browser;
use crate::http::alerts as api;
use crate::telemetry::alerts::{MatchOp, Matcher, Silence, SilenceState};
use crate::ui::ctx::use_ctx;
use crate::ui::pages::alerts::AlertsData;
use crate::view::alerts::{check_silence, group_title, managed_state, SilenceForm};

/// The form, shown while `data.editing` holds one. A refused silence shows Alertmanager's message and keeps
/// the form as typed.
#[component]
pub fn SilenceEditor(data: AlertsData) -> impl IntoView {
    let ctx = use_ctx();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let open = Memo::new(move |_| data.editing.with(|f| f.is_some()));
    let count = Memo::new(move |_| data.editing.with(|f| f.as_ref().map(|f| f.matchers.len()).unwrap_or(0)));
    let edit = move |f: &dyn Fn(&mut SilenceForm)| data.editing.update(|e| if let Some(e) = e { f(e) });
    let text = move |get: fn(&SilenceForm) -> String| move || data.editing.with(|f| f.as_ref().map(get).unwrap_or_default());
    let submit = move |_| {
        let Some(form) = data.editing.get_untracked() else { return };
        let s = match check_silence(&form, browser::now_ms()) {
            Ok(s) => s,
            Err(why) => {
                error.set(Some(why));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        let ds = ctx.ds.get_untracked();
        spawn_local(async move {
            let r = api::create_silence(&ds, &s).await;
            let _ = busy.try_set(false);
            match r {
                Ok(id) => {
                    let _ = browser::storage_set(AUTHOR_KEY, &s.created_by);
                    let _ = done.try_set(Some(format!("Silence {id} created.")));
                    let _ = data.editing.try_set(None);
                    let _ = data.reload.try_update(|n| *n += 1);
                }
                Err(e) => {
                    let _ = error.try_set(Some(format!("Alertmanager refused the silence: {e}")));
                }
            }
        });
    };
    let row = move |i: usize| {
        let get = move |f: fn(&Matcher) -> String| move || data.editing.with(|e| e.as_ref().and_then(|e| e.matchers.get(i)).map(f).unwrap_or_default());
        let set = move |f: fn(&mut Matcher, String)| move |ev: leptos::ev::Event| { let v = event_target_value(&ev); edit(&|e| if let Some(m) = e.matchers.get_mut(i) { f(m, v.clone()) }) };
        view! {
            <div class="matcher" data-testid="matcher">
                <input class="code" aria-label="Label name" data-testid="matcher-name" prop:value=get(|m| m.name.clone()) on:input=set(|m, v| m.name = v)/>
                <select aria-label="Operator" data-testid="matcher-op" on:change=set(|m, v| m.op = MatchOp::from_text(&v).unwrap_or(MatchOp::Eq))>
                    {MatchOp::ALL.into_iter().map(|op| view! {
                        <option value=op.text() selected=move || data.editing.with(|e| e.as_ref().and_then(|e| e.matchers.get(i)).map(|m| m.op) == Some(op))>{op.text()}</option>
                    }).collect_view()}
                </select>
                <input class="code" aria-label="Value" data-testid="matcher-value" prop:value=get(|m| m.value.clone()) on:input=set(|m, v| m.value = v)/>
                <button aria-label="Remove matcher" data-testid="matcher-remove" on:click=move |_| edit(&|e| if i < e.matchers.len() { e.matchers.remove(i); })>"✕"</button>
            </div>
        }
    };
    view! {
        {move || done.get().map(|d| view! { <p class="notice" role="status" data-testid="silence-done">{d}</p> })}
        <Show when=move || open.get()>
            <form class="silence-form" data-testid="silence-form" aria-label="New silence" on:submit=move |ev| { ev.prevent_default(); submit(()); }>
                <h2>"New silence"</h2>
                {move || (0..count.get()).map(row).collect_view()}
                <button type="button" data-testid="matcher-add" on:click=move |_| edit(&|e| e.matchers.push(Matcher { name: String::new(), op: MatchOp::Eq, value: String::new() }))>"Add matcher"</button>
                <label class="field">"Duration"
                    <input data-testid="silence-duration" prop:value=text(|f| f.duration.clone()) on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.duration = v.clone()) }/>
                </label>
                <label class="field">"Author"
                    <input data-testid="silence-author" prop:value=text(|f| f.author.clone()) on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.author = v.clone()) }/>
                </label>
                <label class="field">"Comment"
                    <input data-testid="silence-comment" prop:value=text(|f| f.comment.clone()) on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.comment = v.clone()) }/>
                </label>
                {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="silence-error">{e}</p> })}
                <div class="toolbar">
                    <button class="primary" type="submit" data-testid="silence-create" disabled=move || busy.get()>"Create silence"</button>
                    <button type="button" data-testid="silence-cancel" on:click=move |_| { error.set(None); data.editing.set(None); }>"Cancel"</button>
                </div>
            </form>
        </Show>
    }
}

fn silence_row(data: AlertsData, s: Silence) -> impl IntoView {
    let ctx = use_ctx();
    let matchers = s.matchers.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ");
    let id = s.id.clone();
    let failed = RwSignal::new(None::<String>);
    let action = match s.state {
        SilenceState::Expired => {
            let again = s.clone();
            view! { <button data-testid="silence-recreate" on:click=move |_| data.editing.set(Some(SilenceForm {
                matchers: again.matchers.clone(),
                duration: "2h".into(),
                author: browser::storage_get(AUTHOR_KEY).unwrap_or_else(|| again.created_by.clone()),
                comment: again.comment.clone(),
            }))>"Recreate"</button> }.into_any()
        }
        _ => view! { <button data-testid="silence-expire" on:click=move |_| {
            let ds = ctx.ds.get_untracked();
            let id = id.clone();
            spawn_local(async move {
                match api::expire_silence(&ds, &id).await {
                    Ok(()) => { let _ = data.reload.try_update(|n| *n += 1); }
                    Err(e) => { let _ = failed.try_set(Some(format!("Not expired: {e}"))); }
                }
            });
        }>"Expire"</button> }.into_any(),
    };
    view! {
        <tr data-testid="silence" data-id=s.id.clone() data-state=s.state.id()>
            <td class=format!("state {}", s.state.id())>{s.state.id()}</td>
            <td class="code" data-testid="silence-matchers">{matchers}</td>
            <td>{s.created_by.clone()}</td>
            <td>{s.comment.clone()}</td>
            <td>{when(s.starts_ms)}</td>
            <td>{when(s.ends_ms)}</td>
            <td>{action}{move || failed.get().map(|e| view! { <span class="error" role="alert">{e}</span> })}</td>
        </tr>
    }
}

/// Alertmanager's alert groups and silences.
#[component]
pub fn Manager(data: AlertsData) -> impl IntoView {
    let groups = move || match data.groups.get() {
        None => view! { <p class="muted" role="status">"Loading Alertmanager's alerts…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert" data-testid="am-unavailable">{format!("Alertmanager: {e}. Prometheus' rules and alerts are on the Alert rules tab.")}</p> }.into_any(),
        Some(Ok(groups)) => {
            let sections: Vec<_> = groups
                .into_iter()
                .map(|g| {
                    let title = group_title(&g);
                    let rows: Vec<_> = g
                        .alerts
                        .into_iter()
                        .map(|a| {
                            let st = managed_state(&a);
                            let by = [a.silenced_by.join(", "), a.inhibited_by.join(", ")].into_iter().find(|s| !s.is_empty()).unwrap_or_default();
                            let labels = a.labels.clone();
                            view! {
                                <tr data-testid="am-alert" data-state=st>
                                    <td>{label_list(&a.labels)}</td>
                                    <td class=format!("state {st}")>{st}{(!by.is_empty()).then(|| format!(" by {by}"))}</td>
                                    <td>{when(a.starts_ms)}</td>
                                    <td><button data-testid="silence-alert" on:click=move |_| start_silence(data, &labels)>"Silence"</button></td>
                                </tr>
                            }
                        })
                        .collect();
                    view! {
                        <section class="am-group" data-testid="am-group">
                            <h3>{title}<span class="muted">" · receiver "{g.receiver.clone()}</span></h3>
                            <table class="alerts-table"><tbody>{rows}</tbody></table>
                        </section>
                    }
                })
                .collect();
            view! { <h2>"Alerts by routing group"</h2>{sections}<p class="muted" hidden=true></p> }.into_any()
        }
    };
    let silences = move || match data.silences.get() {
        None | Some(Err(_)) => ().into_any(),
        Some(Ok(list)) => {
            let rows: Vec<_> = list.into_iter().map(|s| silence_row(data, s)).collect();
            view! {
                <h2>"Silences"</h2>
                <table class="silences-table" data-testid="silences">
                    <thead><tr><th>"State"</th><th>"Matchers"</th><th>"Author"</th><th>"Comment"</th><th>"Starts"</th><th>"Ends"</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
    };
    view! { {groups}{silences} }
}
