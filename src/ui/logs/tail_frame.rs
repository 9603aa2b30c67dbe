//! What a live tail shows, however its lines arrive (Loki's WebSocket, VictoriaLogs' streamed answer): the
//! state it keeps (bounded buffer, pause, counts), a status bar (connecting, live, paused, disconnected with
//! its retry, stopped with the reason) with pause/resume, and the followed list.

use std::sync::Arc;

use leptos::prelude::*;

use super::list::LogList;
use crate::backends::loki::tail::{TailBuffer, TailMessage, DEFAULT_BUFFER};
use crate::telemetry::LogEntry;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Connecting,
    Live,
    /// Closed by the server or the network; reconnecting after `retry_s` seconds.
    Disconnected { reason: String, retry_s: u32 },
    /// The query was refused (the backend's message) or the answer is not a tail; no reconnect.
    Failed(String),
}

/// A tail's state, shared by its connection code and its frame (every part a copyable handle).
#[derive(Clone, Copy)]
pub struct TailState {
    pub status: RwSignal<Status>,
    pub paused: RwSignal<bool>,
    /// Received, dropped by the server (or left out), evicted from the buffer.
    counts: RwSignal<(usize, usize, usize)>,
    shown: RwSignal<Arc<Vec<LogEntry>>>,
    buffer: StoredValue<TailBuffer>,
}

impl TailState {
    pub fn new() -> TailState {
        TailState {
            status: RwSignal::new(Status::Connecting),
            paused: RwSignal::new(false),
            counts: RwSignal::new((0, 0, 0)),
            shown: RwSignal::new(Arc::new(Vec::new())),
            buffer: StoredValue::new(TailBuffer::new(DEFAULT_BUFFER)),
        }
    }

    /// Adds lines to the buffer and shows them (unless paused). Does nothing once the view is gone.
    pub fn push(&self, msg: TailMessage) {
        if self.buffer.try_update_value(|b| b.push(msg)).is_some() {
            self.publish();
        }
    }

    /// Where a reconnect resumes: just after the newest line received.
    pub fn resume_from_ns(&self) -> Option<i64> {
        self.buffer.try_with_value(|b| b.resume_from_ns()).flatten()
    }

    /// Sets the status unless the view is gone.
    pub fn set_status(&self, s: Status) {
        self.status.try_set(s);
    }

    fn publish(&self) {
        let Some((counts, entries)) = self.buffer.try_with_value(|b| {
            let entries = (!self.paused.get_untracked()).then(|| Arc::new(b.entries.iter().cloned().collect::<Vec<_>>()));
            ((b.received, b.dropped_by_server, b.evicted), entries)
        }) else {
            return;
        };
        self.counts.try_set(counts);
        if let Some(e) = entries {
            self.shown.try_set(e);
        }
    }

    fn toggle_pause(&self) {
        self.paused.update(|p| *p = !*p);
        if !self.paused.get_untracked() {
            self.publish();
        }
    }
}

#[component]
pub fn TailFrame(
    state: TailState,
    /// What the server's dropped lines are called in the status ("dropped by Loki (too many to send)").
    dropped_name: &'static str,
    /// A sentence under the status bar, if any.
    note: Option<&'static str>,
    filter_text: RwSignal<String>,
    filter_regex: RwSignal<bool>,
    link_for: Callback<i64, String>,
) -> impl IntoView {
    let TailState { status, paused, counts, shown, .. } = state;
    let selected = RwSignal::new(None::<i64>);
    let status_text = move || {
        let (received, dropped, evicted) = counts.get();
        let lines = shown.with(|s| s.len());
        let mut parts = vec![format!("{lines} lines shown, {received} received")];
        if dropped > 0 {
            parts.push(format!("{dropped} {dropped_name}"));
        }
        if evicted > 0 {
            parts.push(format!("{evicted} older lines removed (buffer keeps {DEFAULT_BUFFER})"));
        }
        let head = match status.get() {
            Status::Connecting => "Connecting…".to_string(),
            Status::Live if paused.get() => "Paused — new lines are kept and shown on resume".to_string(),
            Status::Live => "Live".to_string(),
            Status::Disconnected { reason, retry_s } => format!("Disconnected: {reason} — reconnecting in {retry_s} s"),
            Status::Failed(m) => format!("Live tail stopped: {m}"),
        };
        format!("{head} · {}", parts.join(" · "))
    };
    let mode = move || match status.get() {
        Status::Connecting => "connecting",
        Status::Live if paused.get() => "paused",
        Status::Live => "live",
        Status::Disconnected { .. } => "disconnected",
        Status::Failed(_) => "failed",
    };
    view! {
        <div class="tail-bar" role="status" data-testid="tail-status" data-mode=mode data-received=move || counts.get().0.to_string()>
            <span class="tail-dot" aria-hidden="true"></span>
            <span>{status_text}</span>
            <button data-testid="tail-pause" on:click=move |_| state.toggle_pause()>{move || if paused.get() { "Resume" } else { "Pause" }}</button>
        </div>
        {note.map(|n| view! { <p class="muted tail-note">{n}</p> })}
        <LogList entries=Signal::derive(move || shown.get()) filter_text=filter_text filter_regex=filter_regex selected=selected follow=Signal::derive(move || !paused.get()) link_for=link_for/>
    }
}
