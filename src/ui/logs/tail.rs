//! Live tail: a WebSocket to Loki's `/loki/api/v1/tail` on the page's origin (through the same proxy as
//! the other requests), a bounded buffer, pause/resume, dropped-line counts, reconnect with backoff and a
//! visible disconnected state. URL, parsing, buffer and backoff come from `backends::loki::tail`.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use super::tail_frame::{Status, TailFrame, TailState};
use crate::backends::loki::tail::{backoff_ms, parse_tail, tail_request, ws_url};
use crate::browser;
use crate::ui::ctx::use_ctx;
use crate::view::log_lang::log_language;

/// The open socket and the callbacks it holds (kept alive as long as the socket is).
struct Conn {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

#[component]
pub fn LiveTail(query: String, filter_text: RwSignal<String>, filter_regex: RwSignal<bool>, link_for: Callback<i64, String>) -> impl IntoView {
    let ctx = use_ctx();
    let state = TailState::new();
    let status = state.status;
    let conn: Rc<RefCell<Option<Conn>>> = Rc::new(RefCell::new(None));
    let stopped = Rc::new(std::cell::Cell::new(false));
    let attempt = Rc::new(std::cell::Cell::new(0u32));
    let fields: Vec<String> = ctx.ds.get_untracked().trace_id_fields.clone();
    let base = ctx.ds.get_untracked().loki.clone();

    // connect() is recursive through the reconnect timer, so it lives in a shared cell.
    type ConnectFn = Rc<RefCell<Option<Box<dyn Fn()>>>>;
    let connect: ConnectFn = Rc::new(RefCell::new(None));
    {
        let connect_again = connect.clone();
        let (conn, stopped, attempt) = (conn.clone(), stopped.clone(), attempt.clone());
        *connect.borrow_mut() = Some(Box::new(move || {
            if stopped.get() {
                return;
            }
            let start_ns = state.resume_from_ns().unwrap_or_else(|| browser::now_ms().saturating_sub(5_000).saturating_mul(1_000_000));
            let req = tail_request(&query, start_ns, 100);
            let loc = web_sys::window().map(|w| w.location());
            let protocol = loc.as_ref().and_then(|l| l.protocol().ok()).unwrap_or_else(|| "http:".into());
            let host = loc.as_ref().and_then(|l| l.host().ok()).unwrap_or_default();
            let url = ws_url(&base, &protocol, &host, &req);
            state.set_status(Status::Connecting);
            let ws = match WebSocket::new(&url) {
                Ok(ws) => ws,
                Err(e) => {
                    state.set_status(Status::Failed(format!("cannot open the live tail: {}", browser::js_error_text(&e))));
                    return;
                }
            };
            let attempt_open = attempt.clone();
            let on_open = Closure::<dyn FnMut()>::new(move || {
                attempt_open.set(0);
                state.set_status(Status::Live);
            });
            let fields_m = fields.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                let Some(text) = ev.data().as_string() else { return };
                let f: Vec<&str> = fields_m.iter().map(String::as_str).collect();
                match parse_tail(&text, &f) {
                    Ok(msg) => state.push(msg),
                    Err(e) => state.set_status(Status::Failed(e.to_string())),
                }
            });
            let (stopped_c, attempt_c, again) = (stopped.clone(), attempt.clone(), connect_again.clone());
            let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |ev: CloseEvent| {
                if stopped_c.get() {
                    return;
                }
                if !matches!(status.try_with_untracked(|s| matches!(s, Status::Failed(_))), Some(false)) {
                    return;
                }
                let n = attempt_c.get();
                attempt_c.set(n.saturating_add(1));
                let delay = backoff_ms(n);
                let reason = if ev.reason().is_empty() { format!("connection closed (code {})", ev.code()) } else { ev.reason() };
                state.set_status(Status::Disconnected { reason, retry_s: delay / 1000 });
                let again = again.clone();
                let cb = Closure::once_into_js(move || {
                    if let Some(f) = again.borrow().as_ref() {
                        f();
                    }
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), delay as i32);
                }
            });
            ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
            if let Some(old) = conn.borrow_mut().replace(Conn { ws, _on_open: on_open, _on_message: on_message, _on_close: on_close }) {
                old.ws.set_onclose(None);
                let _ = old.ws.close();
            }
        }));
    }
    if let Some(f) = connect.borrow().as_ref() {
        f();
    }
    {
        let held = StoredValue::new_local((conn.clone(), stopped.clone(), connect.clone()));
        on_cleanup(move || {
            held.with_value(|(conn, stopped, connect)| {
                stopped.set(true);
                if let Some(c) = conn.borrow_mut().take() {
                    c.ws.set_onclose(None);
                    let _ = c.ws.close();
                }
                // Break the cycle connect → closure → connect.
                connect.borrow_mut().take();
            })
        });
    }

    view! {
        <TailFrame state=state dropped_name=log_language(&ctx.ds.get_untracked()).tail_dropped
            note=Some("Tenant and token headers cannot be sent on a WebSocket; the tail goes through the same-origin proxy.")
            filter_text=filter_text filter_regex=filter_regex link_for=link_for/>
    }
}
