//! Where the query editor's completion code runs: in the release build, what is expected at the caret
//! (`lang::context_at`) and the ranked suggestions (`lang::suggest`) are a wasm part of their own
//! (`complete`), fetched when an editor first gets focus, so a page's first visit does not carry them; other
//! builds call them directly.
//!
//! A part that cannot be fetched offers nothing (said on the console, as a failed list fetch is): the query
//! text and everything else on the page keep working, and the next keystroke asks for the part again.

use crate::lang::{self, CompletionContext, Lang, Sources, Suggestion};

use super::query_editor::SourceLists;

/// The context at byte `cursor` of `text`; `None` when the part could not be fetched.
pub async fn context(lang: Lang, text: String, cursor: usize) -> Option<CompletionContext> {
    #[cfg(not(feature = "split"))]
    return Some(lang::context_at(lang, &text, cursor));
    #[cfg(feature = "split")]
    part::context(part::At(lang, text, cursor)).await.map_err(failed).ok()
}

/// The ranked suggestions for `c` from `lists`; `None` when the part could not be fetched.
pub async fn suggest(c: CompletionContext, lists: SourceLists) -> Option<Vec<Suggestion>> {
    #[cfg(not(feature = "split"))]
    return Some(ranked(&c, &lists));
    #[cfg(feature = "split")]
    part::suggest(part::Ask(c, lists)).await.map_err(failed).ok()
}

/// Starts fetching the part (an editor got focus), so that it is in by the first keystroke.
pub fn prefetch() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = part::fetch().await;
    });
}

fn ranked(c: &CompletionContext, s: &SourceLists) -> Vec<Suggestion> {
    lang::suggest(c, &Sources { metrics: &s.metrics, labels: &s.labels, values: &s.values, metric_help: &s.metric_help })
}

#[cfg(feature = "split")]
fn failed(e: leptos::wasm_split::SplitLoaderError) {
    web_sys::console::warn_1(&format!("autocomplete: its code could not be loaded from the server ({e:?})").into());
}

/// The part (leptos' `wasm_split`, fallible: a failed fetch is an `Err`, never a panic).
#[cfg(feature = "split")]
mod part {
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use super::{CompletionContext, Lang, SourceLists, Suggestion};

    /// A caret in a query: language, text, byte offset.
    pub struct At(pub Lang, pub String, pub usize);
    /// A context and the lists fetched for it.
    pub struct Ask(pub CompletionContext, pub SourceLists);

    #[wasm_split(complete, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn context(at: At) -> Result<CompletionContext, SplitLoaderError> {
        Ok(crate::lang::context_at(at.0, &at.1, at.2))
    }
    #[wasm_split(complete, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn suggest(ask: Ask) -> Result<Vec<Suggestion>, SplitLoaderError> {
        Ok(super::ranked(&ask.0, &ask.1))
    }
    /// Nothing: calling it fetches the part (`prefetch`).
    #[wasm_split(complete, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn fetch() -> Result<(), SplitLoaderError> {
        Ok(())
    }
}
