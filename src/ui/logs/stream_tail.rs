//! Live tail over a streamed HTTP answer (VictoriaLogs' `/select/logsql/tail`, read chunk by chunk through
//! `http::logs::tail_stream`): pause keeps receiving (new lines are shown on resume), leaving the view aborts
//! the request, a break reconnects with backoff from just after the newest line received, a refused query
//! stops with the backend's message. Offsets and backoff come from the core.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::tail_frame::{Status, TailFrame, TailState};
use crate::backends::loki::tail::backoff_ms;
use crate::backends::victorialogs::tail::start_offset_ms;
use crate::backends::ApiError;
use crate::browser;
use crate::http::logs::tail_stream;
use crate::http::Abort;
use crate::ui::ctx::use_ctx;
use crate::view::log_lang::log_language;

/// How far back the first connection starts (lines of the last seconds, so the list is not empty at first).
const FIRST_OFFSET_MS: i64 = 5_000;

#[component]
pub fn StreamTail(query: String, filter_text: RwSignal<String>, filter_regex: RwSignal<bool>, link_for: Callback<i64, String>) -> impl IntoView {
    let ctx = use_ctx();
    let ds = ctx.ds.get_untracked();
    let state = TailState::new();
    let abort = Abort::new();
    let held = StoredValue::new_local(abort.clone());
    on_cleanup(move || held.with_value(Abort::abort));
    spawn_local(async move {
        let mut attempt = 0u32;
        loop {
            let offset = start_offset_ms(state.resume_from_ns(), browser::now_ms(), FIRST_OFFSET_MS);
            state.set_status(Status::Connecting);
            let r = tail_stream(&ds, &query, offset, &abort, &mut |m| {
                attempt = 0;
                if state.status.try_get_untracked().is_some_and(|s| s != Status::Live) {
                    state.set_status(Status::Live);
                }
                if !m.logs.entries.is_empty() || m.dropped > 0 {
                    state.push(m);
                }
            })
            .await;
            let reason = match r {
                Err(ApiError::Aborted) => return,
                Err(e @ (ApiError::Backend { .. } | ApiError::InvalidJson(_) | ApiError::Html { .. } | ApiError::NotFound(_))) => {
                    state.set_status(Status::Failed(e.to_string()));
                    return;
                }
                Err(e) => e.to_string(),
                Ok(()) => "the server ended the answer".to_string(),
            };
            let delay = backoff_ms(attempt);
            attempt = attempt.saturating_add(1);
            state.set_status(Status::Disconnected { reason, retry_s: delay / 1000 });
            browser::sleep_ms(delay).await;
            if state.status.try_get_untracked().is_none() {
                return;
            }
        }
    });
    view! {
        <TailFrame state=state dropped_name=log_language(&ctx.ds.get_untracked()).tail_dropped note=None
            filter_text=filter_text filter_regex=filter_regex link_for=link_for/>
    }
}
