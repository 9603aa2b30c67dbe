//! The datasource picker of an explore view (metrics, logs, trace search): the default and every configured
//! datasource of the view's signal, shown only when there is a choice. The choices come from
//! `view::dash::source_choices`; the caller says what picking one does (a new link with `ds=`).

use leptos::prelude::*;

use crate::dashboard::DatasourceKind;
use crate::datasource::Datasources;
use crate::view::dash::source_choices;

#[component]
pub fn SourcePicker(
    /// The app's settings (not a view's copy with a datasource in place of the default).
    ds: RwSignal<Datasources>,
    signal: DatasourceKind,
    /// The name asked now (empty: the default).
    current: String,
    #[prop(into)] on_pick: Callback<String>,
) -> impl IntoView {
    move || {
        let choices = source_choices(&ds.get(), signal, &[]);
        let current = current.clone();
        (choices.len() > 1).then(|| {
            view! {
                <select aria-label="Datasource" data-testid="explore-source" on:change=move |ev| on_pick.run(event_target_value(&ev))>
                    {choices.into_iter().map(|(v, label)| { let sel = v == current; view! { <option value=v selected=sel>{label}</option> } }).collect_view()}
                </select>
            }
        })
    }
}
