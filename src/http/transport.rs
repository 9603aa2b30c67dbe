//! fetch() with an AbortController per request, a timeout and a body size limit.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder};
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

use crate::backends::{ApiError, ApiRequest, Method};

/// A raw answer: what the parsers in `backends::*::convert` take.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: String,
    pub elapsed_ms: f64,
    pub url: String,
}

/// Cancels the requests it was given to. Dropping it does not cancel; call `abort`.
#[derive(Clone)]
pub struct Abort {
    controller: Option<AbortController>,
    user_aborted: Rc<Cell<bool>>,
}

impl Abort {
    pub fn new() -> Abort {
        Abort { controller: AbortController::new().ok(), user_aborted: Rc::new(Cell::new(false)) }
    }
    pub fn abort(&self) {
        self.user_aborted.set(true);
        if let Some(c) = &self.controller {
            c.abort();
        }
    }
}

impl Default for Abort {
    fn default() -> Self {
        Abort::new()
    }
}

const MAX_BODY: u64 = 200_000_000;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Sends `req` to `base`, with extra headers, cancellable by `abort`, failing after `timeout_s`.
pub async fn send(
    base: &str,
    req: &ApiRequest,
    headers: &[(String, String)],
    abort: &Abort,
    timeout_s: u32,
) -> Result<Response, ApiError> {
    let url = req.url(base);
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let flag = timed_out.clone();
        let controller = abort.controller.clone();
        let cb = Closure::once_into_js(move || {
            flag.set(true);
            if let Some(c) = controller {
                c.abort();
            }
        });
        web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), (timeout_s as i32) * 1000).ok()
        })
    };
    let clear = move || {
        if let (Some(id), Some(w)) = (timer, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    };
    let mut builder: RequestBuilder = match req.method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
    };
    for (k, v) in headers {
        builder = builder.header(k, v);
    }
    if let Some(c) = &abort.controller {
        builder = builder.abort_signal(Some(&c.signal()));
    }
    let started = now_ms();
    let sent = match &req.form {
        Some(form) => builder
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(crate::backends::request::encode_pairs(form))
            .map_err(|e| ApiError::Network(e.to_string()))?
            .send()
            .await,
        None => builder.send().await,
    };
    let result = match sent {
        Err(e) => Err(if timed_out.get() {
            ApiError::Timeout { seconds: timeout_s }
        } else if abort.user_aborted.get() {
            ApiError::Aborted
        } else {
            ApiError::Network(short_js_error(&e.to_string()))
        }),
        Ok(resp) => {
            let status = resp.status();
            let content_type = resp.headers().get("content-type").unwrap_or_default();
            let length: u64 = resp.headers().get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            if length > MAX_BODY {
                if let Some(c) = &abort.controller {
                    c.abort();
                }
                Err(ApiError::TooLarge { bytes: length, limit: MAX_BODY })
            } else {
                match resp.text().await {
                    Ok(body) => Ok(Response { status, content_type, body, elapsed_ms: now_ms() - started, url: url.clone() }),
                    Err(e) if timed_out.get() => {
                        let _ = e;
                        Err(ApiError::Timeout { seconds: timeout_s })
                    }
                    Err(_) if abort.user_aborted.get() => Err(ApiError::Aborted),
                    Err(e) => Err(ApiError::Network(short_js_error(&e.to_string()))),
                }
            }
        }
    };
    clear();
    result
}

fn short_js_error(s: &str) -> String {
    let s = s.trim();
    if s.len() > 200 {
        let mut end = 200;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    } else {
        s.to_string()
    }
}
