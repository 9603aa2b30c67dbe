//! Settings → named datasources: the list (name, kind, URL; test, remove) and a form to add one with its
//! own auth. Each change is saved at once (secrets in this browser only, never in links or exports).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::datasource::sources::{new_uid, Auth, Source, SourceKind};
use crate::ui::ctx::use_ctx;

#[component]
pub fn NamedSources() -> impl IntoView {
    let ctx = use_ctx();
    let form = RwSignal::new(Source { kind: SourceKind::Prometheus, ..Source::default() });
    let message = RwSignal::new(None::<String>);
    // uid → what its test found.
    let tested = RwSignal::new(Vec::<(String, Result<String, String>)>::new());
    let save = move |list: Vec<Source>| {
        let mut d = ctx.ds.get_untracked();
        d.sources = list;
        ctx.save_datasources(d)
    };
    let add = move |_| {
        let mut s = form.get_untracked();
        let list = ctx.ds.get_untracked().sources;
        s.name = s.name.trim().to_string();
        s.url = s.url.trim().to_string();
        s.uid = new_uid(&s.name, &list);
        if let Err(e) = s.check(&list) {
            message.set(Some(format!("Not added: {e}")));
            return;
        }
        let name = s.name.clone();
        let mut next = list;
        next.push(s);
        message.set(Some(match save(next) {
            Ok(()) => format!("Added “{name}”. Test it below; pick it in a panel query or with a datasource variable ($ds)."),
            Err(e) => e,
        }));
        form.set(Source { kind: form.get_untracked().kind, ..Source::default() });
    };
    let remove = move |uid: String| {
        let next: Vec<Source> = ctx.ds.get_untracked().sources.into_iter().filter(|s| s.uid != uid).collect();
        message.set(save(next).err());
    };
    let test = move |s: Source| {
        let uid = s.uid.clone();
        tested.update(|t| t.retain(|(u, _)| *u != uid));
        let ds = ctx.ds.get_untracked();
        spawn_local(async move {
            let r = crate::http::sources::test(&ds, &s).await;
            tested.try_update(|t| t.push((uid, r)));
        });
    };
    let text = move |label: &'static str, testid: &'static str, secret: bool, get: fn(&Source) -> String, set: fn(&mut Source, String)| {
        view! {
            <label class="field">{label}
                <input data-testid=testid type=if secret { "password" } else { "text" } autocomplete="off"
                    prop:value=move || get(&form.get()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }/>
            </label>
        }
    };
    let rows = move || {
        ctx.ds.get().sources.into_iter().map(|s| {
            let (uid, uid2, s2) = (s.uid.clone(), s.uid.clone(), s.clone());
            let result = move || tested.get().into_iter().find(|(u, _)| *u == uid2).map(|(_, r)| match r {
                Ok(m) => view! { <span class="ok" data-testid="source-test">{m}</span> }.into_any(),
                Err(e) => view! { <span class="error" data-testid="source-test">{e}</span> }.into_any(),
            });
            view! {
                <tr data-testid="source-row" data-name=s.name.clone()>
                    <td>{s.name.clone()}</td>
                    <td>{s.kind.label()}</td>
                    <td class="code">{s.url.clone()}</td>
                    <td>{if s.auth == Auth::default() { "none" } else { "set" }}</td>
                    <td>
                        <button class="small" on:click=move |_| test(s2.clone())>"Test"</button>
                        " "
                        <button class="small" aria-label=format!("Remove datasource {}", s.name) on:click=move |_| remove(uid.clone())>"Remove"</button>
                        " " {result}
                    </td>
                </tr>
            }
        }).collect_view()
    };
    view! {
        <h2>"More datasources"</h2>
        <p class="small">"Besides the defaults above: another Prometheus (staging, an older server), a second logs or trace backend. Each has its own URL and auth; a panel query picks one, or a datasource variable ($ds) switches a dashboard between them."</p>
        <table class="sources" data-testid="sources">
            <thead><tr><th>"Name"</th><th>"Kind"</th><th>"URL"</th><th>"Auth"</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <fieldset class="source-form" data-testid="source-form">
            <legend>"Add a datasource"</legend>
            <label class="field">"Kind"
                <select data-testid="source-kind" on:change=move |ev| { let v = event_target_value(&ev); if let Some(k) = SourceKind::from_id(&v) { form.update(|f| f.kind = k); } }>
                    {SourceKind::ALL.into_iter().map(|k| view! { <option value=k.id() selected=move || form.get().kind == k>{k.label()}</option> }).collect_view()}
                </select>
            </label>
            {text("Name", "source-name", false, |s| s.name.clone(), |s, v| s.name = v)}
            {text("URL or path on this site", "source-url", false, |s| s.url.clone(), |s, v| s.url = v)}
            {text("Bearer token", "source-token", true, |s| s.auth.bearer_token.clone(), |s, v| s.auth.bearer_token = v)}
            {text("Basic auth user", "source-user", false, |s| s.auth.basic_user.clone(), |s, v| s.auth.basic_user = v)}
            {text("Basic auth password", "source-password", true, |s| s.auth.basic_password.clone(), |s, v| s.auth.basic_password = v)}
            {text("Tenant header (X-Scope-OrgID)", "source-tenant", true, |s| s.auth.tenant.clone(), |s, v| s.auth.tenant = v)}
            {move || form.get().kind.takes_account_ids().then(|| view! {
                {text("AccountID", "source-account", false, |s| s.auth.account_id.clone(), |s, v| s.auth.account_id = v)}
                {text("ProjectID", "source-project", false, |s| s.auth.project_id.clone(), |s, v| s.auth.project_id = v)}
            })}
            <button class="primary" data-testid="source-add" on:click=add>"Add datasource"</button>
        </fieldset>
        {move || message.get().map(|m| view! { <p role="status" data-testid="sources-message">{m}</p> })}
    }
}
