//! What the logs page loads late in the release build: the live tail (over a WebSocket or a streamed answer),
//! the label browser and an opened line's details (with its context lines) are a wasm part of their own
//! (`ltools`), fetched when one of them is opened, so a first visit that only runs queries does not carry
//! them. Other builds draw them at once.
//!
//! While the part is on its way the place says "Loading…"; a part that cannot be fetched is said there, and the
//! query, the list and the rest of the page keep working (the next opening tries again).

use leptos::prelude::*;

use super::browser::LabelBrowser;
use super::list::{details, Opened};
use super::stream_tail::StreamTail;
use super::tail::LiveTail;

/// A tool of the logs page, with what it needs from the page.
pub enum Tool {
    /// The live tail: `stream` when the backend streams its answer (VictoriaLogs), else Loki's WebSocket.
    Tail { stream: bool, query: String, filter_text: RwSignal<String>, filter_regex: RwSignal<bool>, link_for: Callback<i64, String> },
    /// The label browser over `range_ns`.
    Browser { range_ns: (i64, i64), on_apply: Callback<(String, bool)>, on_field: Callback<(String, String)> },
    /// An opened line's details.
    Details(Opened),
}

/// Draws `t`: at once in builds without split parts, else once the part is in.
pub fn tool(t: Tool) -> AnyView {
    #[cfg(not(feature = "split"))]
    return draw(t);
    #[cfg(feature = "split")]
    crate::ui::panels::late::late_view(
        async move { part::tool(t).await },
        "This tool's code could not be loaded from the server. Check the connection, then open it again.",
    )
}

fn draw(t: Tool) -> AnyView {
    match t {
        Tool::Tail { stream: true, query, filter_text, filter_regex, link_for } => {
            view! { <StreamTail query=query filter_text=filter_text filter_regex=filter_regex link_for=link_for/> }.into_any()
        }
        Tool::Tail { stream: false, query, filter_text, filter_regex, link_for } => {
            view! { <LiveTail query=query filter_text=filter_text filter_regex=filter_regex link_for=link_for/> }.into_any()
        }
        Tool::Browser { range_ns, on_apply, on_field } => view! { <LabelBrowser range_ns=range_ns on_apply=on_apply on_field=on_field/> }.into_any(),
        Tool::Details(o) => details(o).into_any(),
    }
}

/// The part (leptos' `wasm_split`, fallible: a failed fetch is an `Err`, never a panic).
#[cfg(feature = "split")]
mod part {
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use super::Tool;

    #[wasm_split(ltools, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn tool(t: Tool) -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw(t))
    }
}
