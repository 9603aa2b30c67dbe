//! Text panel body: minimal markdown rendered as elements and text nodes (never HTML); links only
//! http(s) or relative.

use leptos::prelude::*;

use crate::view::dash::{markdown_blocks, Inline, TextBlock};

fn inline_view(items: Vec<Inline>) -> impl IntoView {
    items
        .into_iter()
        .map(|i| match i {
            Inline::Text(t) => view! { <span>{t}</span> }.into_any(),
            Inline::Strong(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Emphasis(t) => view! { <em>{t}</em> }.into_any(),
            Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
            Inline::Link { text, href } => view! { <a href=href rel="noopener noreferrer">{text}</a> }.into_any(),
        })
        .collect_view()
}

#[component]
pub fn TextBody(content: String) -> impl IntoView {
    let blocks = markdown_blocks(&content)
        .into_iter()
        .map(|b| match b {
            TextBlock::Heading(1, t) => view! { <h2>{inline_view(t)}</h2> }.into_any(),
            TextBlock::Heading(2, t) => view! { <h3>{inline_view(t)}</h3> }.into_any(),
            TextBlock::Heading(_, t) => view! { <h4>{inline_view(t)}</h4> }.into_any(),
            TextBlock::Paragraph(t) => view! { <p>{inline_view(t)}</p> }.into_any(),
            TextBlock::List(items) => view! { <ul>{items.into_iter().map(|i| view! { <li>{inline_view(i)}</li> }).collect_view()}</ul> }.into_any(),
            TextBlock::Code(c) => view! { <pre class="code">{c}</pre> }.into_any(),
        })
        .collect_view();
    view! { <div class="panel-text" data-testid="panel-text">{blocks}</div> }
}
