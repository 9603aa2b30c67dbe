//! fetch() with an AbortController per request, a timeout and a body size limit counted as the body arrives.

use std::cell::Cell;
use std::future::Future;
use std::ops::ControlFlow;
use std::rc::Rc;

use gloo_net::http::{Headers, Request, RequestBuilder};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use crate::backends::{ApiError, ApiRequest, Method};
use crate::datasource::{scrub_failed_body, Limits};

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

impl Abort {
    /// An abort of its own for one of several requests: aborted with this one (by the user or a timeout), and
    /// when the child is dropped, so that a request whose answer is no longer wanted (its future given up, e.g. a
    /// log window asked past the limit) stops downloading.
    pub fn child(&self) -> ChildAbort {
        let abort = Abort { controller: AbortController::new().ok(), user_aborted: self.user_aborted.clone() };
        let parent = self.controller.as_ref().map(|c| c.signal());
        let mut on_parent = None;
        if let (Some(signal), Some(mine)) = (&parent, abort.controller.clone()) {
            if signal.aborted() {
                mine.abort();
            } else {
                let f: Closure<dyn FnMut()> = Closure::new(move || mine.abort());
                if signal.add_event_listener_with_callback("abort", f.as_ref().unchecked_ref()).is_ok() {
                    on_parent = Some(f);
                }
            }
        }
        ChildAbort { abort, parent, on_parent }
    }
}

/// See [`Abort::child`]: an [`Abort`] (through `Deref`) that aborts its requests when dropped.
pub struct ChildAbort {
    abort: Abort,
    parent: Option<web_sys::AbortSignal>,
    on_parent: Option<Closure<dyn FnMut()>>,
}

impl std::ops::Deref for ChildAbort {
    type Target = Abort;
    fn deref(&self) -> &Abort {
        &self.abort
    }
}

impl Drop for ChildAbort {
    fn drop(&mut self) {
        if let (Some(signal), Some(f)) = (&self.parent, &self.on_parent) {
            let _ = signal.remove_event_listener_with_callback("abort", f.as_ref().unchecked_ref());
        }
        // Its requests are done or no longer wanted: aborting a finished fetch does nothing.
        if let Some(c) = &self.abort.controller {
            c.abort();
        }
    }
}

impl Default for Abort {
    fn default() -> Self {
        Abort::new()
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// The request headers as a `Headers` object. A value the browser refuses (it would throw, and its
/// message quotes the value) becomes an error that names only the header.
fn build_headers(headers: &[(String, String)]) -> Result<Headers, ApiError> {
    let raw = web_sys::Headers::new().map_err(|e| ApiError::Network(crate::browser::js_error_text(&e)))?;
    for (k, v) in headers {
        if raw.set(k, v).is_err() {
            return Err(ApiError::Network(format!("the {k} header set under Settings holds characters a request cannot carry")));
        }
    }
    Ok(Headers::from_raw(raw))
}

/// Sends `req` to `base`, with extra headers, cancellable by `abort`, failing after `limits.timeout_s` and
/// stopping at `limits.max_bytes` of body (counted as it arrives, so a chunked or endless answer stops too).
/// A failed answer's body is scrubbed of the secrets the request carried before anyone sees it.
pub async fn send(base: &str, req: &ApiRequest, headers: &[(String, String)], abort: &Abort, limits: Limits) -> Result<Response, ApiError> {
    send_body(base, req, None, headers, abort, limits, &mut NoFeed).await
}

/// How a body is read, chosen at compile time: whole into text ([`send`], whose code is in the first load and
/// carries none of the feeding), or handed to a reader piece by piece ([`send_fed`], in the parts that use it).
trait Feed {
    /// Reads the body of an answer with this status and content type.
    fn read<'a>(&'a mut self, stream: &'a web_sys::ReadableStream, max: u64, status: u16, content_type: &'a str) -> impl Future<Output = Result<String, ReadError>> + 'a;
}

struct NoFeed;

impl Feed for NoFeed {
    fn read<'a>(&'a mut self, stream: &'a web_sys::ReadableStream, max: u64, _: u16, _: &'a str) -> impl Future<Output = Result<String, ReadError>> + 'a {
        read_limited(stream, max)
    }
}

struct Feeding<'a> {
    reader: &'a mut dyn FnMut(&[u8]),
    kept: Option<js_sys::Array>,
}

impl Feed for Feeding<'_> {
    fn read<'a>(&'a mut self, stream: &'a web_sys::ReadableStream, max: u64, status: u16, content_type: &'a str) -> impl Future<Output = Result<String, ReadError>> + 'a {
        async move {
            // Only a successful answer with data is handed to the reader; a failure is read whole, for its message.
            if !(200..300).contains(&status) || content_type.contains("html") {
                return read_limited(stream, max).await;
            }
            self.kept = Some(read_fed(stream, max, self.reader).await?);
            Ok(String::new())
        }
    }
}

/// An answer whose body was handed to a reader as it arrived ([`send_fed`]).
pub struct Fed {
    pub response: Response,
    /// The body's pieces, kept in JS, when they were fed (`response.body` is empty then).
    kept: Option<js_sys::Array>,
}

impl Fed {
    /// The whole body as text (UTF-8 with invalid bytes replaced, like `Response.text()`), for a reader that
    /// gave up.
    pub async fn text(self) -> Result<String, ApiError> {
        match self.kept {
            Some(chunks) => join_text(&chunks).await.map_err(|e| ApiError::Network(crate::browser::js_error_text(&e))),
            None => Ok(self.response.body),
        }
    }
}

/// As [`send`], handing each piece of a successful answer's body (2xx, not an HTML page) to `reader` as it
/// arrives, so it parses while the rest is on its way. The body is then not read into text: its pieces stay
/// in JS until [`Fed::text`] asks for them. A failed answer is read whole into `response.body`, as by [`send`].
pub async fn send_fed(base: &str, req: &ApiRequest, headers: &[(String, String)], abort: &Abort, limits: Limits, reader: &mut dyn FnMut(&[u8])) -> Result<Fed, ApiError> {
    let mut feeding = Feeding { reader, kept: None };
    let response = send_body(base, req, None, headers, abort, limits, &mut feeding).await?;
    Ok(Fed { response, kept: feeding.kept })
}

/// As [`send`], with a JSON body (Alertmanager's silences).
pub async fn send_json(base: &str, req: &ApiRequest, json: String, headers: &[(String, String)], abort: &Abort, limits: Limits) -> Result<Response, ApiError> {
    send_body(base, req, Some(json), headers, abort, limits, &mut NoFeed).await
}

#[allow(clippy::too_many_arguments)]
async fn send_body<F: Feed>(
    base: &str,
    req: &ApiRequest,
    json: Option<String>,
    headers: &[(String, String)],
    abort: &Abort,
    limits: Limits,
    feed: &mut F,
) -> Result<Response, ApiError> {
    let url = req.url(base);
    let timeout_s = limits.timeout_s;
    let timed_out = Rc::new(Cell::new(false));
    // Kept alive until the timer is cleared below, then dropped (a `once_into_js` closure that never runs
    // would leak on every request).
    let on_timeout = {
        let flag = timed_out.clone();
        let controller = abort.controller.clone();
        Closure::once(move || {
            flag.set(true);
            if let Some(c) = controller {
                c.abort();
            }
        })
    };
    let timer = web_sys::window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.as_ref().unchecked_ref(), (timeout_s as i32).saturating_mul(1000)).ok()
    });
    let result = exchange(&url, req, json, headers, abort, limits, feed).await;
    if let (Some(id), Some(w)) = (timer, web_sys::window()) {
        w.clear_timeout_with_handle(id);
    }
    drop(on_timeout);
    let failed = |e: &str| {
        if timed_out.get() {
            ApiError::Timeout { seconds: timeout_s }
        } else if abort.user_aborted.get() {
            ApiError::Aborted
        } else {
            ApiError::Network(scrub_failed_body(0, short_js_error(e), headers))
        }
    };
    // Cancelled while the answer was already on its way (its last chunk read before the abort, the task
    // polled after it): the caller's view may be gone, so it gets Aborted, never the answer.
    if abort.user_aborted.get() {
        return Err(ApiError::Aborted);
    }
    match result {
        Ok(r) => Ok(Response { body: scrub_failed_body(r.status, r.body, headers), ..r }),
        Err(Failure::Js(e)) => Err(failed(&e)),
        Err(Failure::Api(e)) => Err(e),
    }
}

enum Failure {
    /// fetch or a body read rejected (network, abort, timeout: told apart by the caller).
    Js(String),
    Api(ApiError),
}

/// Sends the request (headers, abort signal, form or JSON body) and waits for the answer's head.
async fn fetch(url: &str, req: &ApiRequest, json: Option<String>, headers: &[(String, String)], abort: &Abort) -> Result<gloo_net::http::Response, Failure> {
    let mut builder: RequestBuilder = match req.method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Delete => Request::delete(url),
    };
    builder = builder.headers(build_headers(headers).map_err(Failure::Api)?);
    if let Some(c) = &abort.controller {
        builder = builder.abort_signal(Some(&c.signal()));
    }
    let sent = match (&req.form, json) {
        (_, Some(json)) => builder
            .header("Content-Type", "application/json")
            .body(json)
            .map_err(|e| Failure::Api(ApiError::Network(e.to_string())))?
            .send()
            .await,
        (Some(form), None) => builder
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(crate::backends::request::encode_pairs(form))
            .map_err(|e| Failure::Api(ApiError::Network(e.to_string())))?
            .send()
            .await,
        (None, None) => builder.send().await,
    };
    sent.map_err(|e| Failure::Js(e.to_string()))
}

/// Opens a streamed answer (a live tail) and hands each piece of its body to `on_chunk` as it arrives (first an
/// empty piece once the answer's head says it is a stream, so the caller knows it is connected), until
/// the server ends it (Ok) or `abort` stops it (`ApiError::Aborted`). No timeout: a tail has no end. A failed
/// status or an HTML page is read (up to `limits.max_bytes`, secrets scrubbed) and becomes the error.
pub async fn stream(base: &str, req: &ApiRequest, headers: &[(String, String)], abort: &Abort, limits: Limits, on_chunk: &mut dyn FnMut(&[u8])) -> Result<(), ApiError> {
    stream_until(base, req, headers, abort, limits, None, &mut |c| {
        on_chunk(c);
        ControlFlow::Continue(Pace::Read)
    })
    .await
}

/// What a streamed answer's reader wants before the next piece.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pace {
    /// Read on (the page still paints every [`YIELD_MS`]).
    Read,
    /// Let the page paint what this piece gave first (a log view's first screen), then read on.
    Paint,
}

/// Longest run of reading a streamed answer without letting the page paint.
const YIELD_MS: i64 = 50;

/// As [`stream`], until `on_chunk` says it has had enough (`Break`: the rest of the answer is not read) or
/// the server ends the answer; with `timeout_s`, failing with [`ApiError::Timeout`] if the whole answer has
/// not arrived by then (a query read as it streams in). `Continue(Pace::Paint)` lets the page paint before
/// the next piece is read. The pieces are copied into one buffer, reused from piece to piece.
pub async fn stream_until(
    base: &str,
    req: &ApiRequest,
    headers: &[(String, String)],
    abort: &Abort,
    limits: Limits,
    timeout_s: Option<u32>,
    on_chunk: &mut dyn FnMut(&[u8]) -> ControlFlow<(), Pace>,
) -> Result<(), ApiError> {
    let deadline = timeout_s.map(|s| Deadline::start(abort, s));
    let timed_out = || deadline.as_ref().is_some_and(|d| d.fired.get());
    let url = req.url(base);
    let failed = |f: Failure| match f {
        Failure::Api(e) => e,
        Failure::Js(_) if abort.user_aborted.get() => ApiError::Aborted,
        Failure::Js(_) if timed_out() => ApiError::Timeout { seconds: timeout_s.unwrap_or_default() },
        Failure::Js(e) => ApiError::Network(scrub_failed_body(0, short_js_error(&e), headers)),
    };
    let resp = fetch(&url, req, None, headers, abort).await.map_err(failed)?;
    let status = resp.status();
    let content_type = resp.headers().get("content-type").unwrap_or_default();
    let Some(body) = resp.body() else { return Ok(()) };
    if !(200..300).contains(&status) || content_type.contains("html") {
        let text = read_limited(&body, limits.max_bytes).await.unwrap_or_else(|_| String::new());
        return Err(ApiError::from_body(status, &content_type, &scrub_failed_body(status, text, headers)));
    }
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    if on_chunk(&[]).is_break() {
        let _ = reader.cancel();
        return Ok(());
    }
    let mut since = crate::browser::now_ms();
    loop {
        // Pieces already in resolve each read at once (when reading is behind the network), so the page would
        // not paint what it was given (a log view's first lines) or answer the user until the answer ends:
        // let it, every `YIELD_MS`.
        if crate::browser::now_ms() - since >= YIELD_MS {
            crate::browser::sleep_ms(0).await;
            since = crate::browser::now_ms();
        }
        let next = next_piece(&reader).await;
        // Stopped while a piece was on its way: the caller's view may be gone, so it is not handed over.
        if abort.user_aborted.get() {
            return Err(ApiError::Aborted);
        }
        let bytes = match next {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(()),
            Err(e) => return Err(failed(Failure::Js(crate::browser::js_error_text(&e)))),
        };
        // Copied into a new list (no zero-filling first: `resize` wrote every byte of a 2 MB piece twice,
        // 22 ms of a 100k-line load's profile).
        let piece = bytes.to_vec();
        match on_chunk(&piece) {
            ControlFlow::Break(()) => {
                let _ = reader.cancel();
                return Ok(());
            }
            ControlFlow::Continue(Pace::Paint) => {
                crate::browser::after_paint(YIELD_MS as u32).await;
                since = crate::browser::now_ms();
            }
            ControlFlow::Continue(Pace::Read) => {}
        }
    }
}

/// The body's next piece of bytes, or `None` at its end (a read that gives anything but bytes is skipped).
async fn next_piece(reader: &web_sys::ReadableStreamDefaultReader) -> Result<Option<js_sys::Uint8Array>, JsValue> {
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            return Ok(None);
        }
        let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")) else { return Ok(None) };
        if let Ok(bytes) = value.dyn_into::<js_sys::Uint8Array>() {
            return Ok(Some(bytes));
        }
    }
}

/// Aborts the requests of an [`Abort`] after some seconds unless dropped first; `fired` tells a timeout from
/// the user's abort.
struct Deadline {
    id: Option<i32>,
    fired: Rc<Cell<bool>>,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(abort: &Abort, seconds: u32) -> Deadline {
        let fired = Rc::new(Cell::new(false));
        let on_timeout = {
            let (flag, controller) = (fired.clone(), abort.controller.clone());
            Closure::once(move || {
                flag.set(true);
                if let Some(c) = controller {
                    c.abort();
                }
            })
        };
        let id = web_sys::window()
            .and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.as_ref().unchecked_ref(), (seconds as i32).saturating_mul(1000)).ok());
        Deadline { id, fired, _on_timeout: on_timeout }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn exchange<F: Feed>(
    url: &str,
    req: &ApiRequest,
    json: Option<String>,
    headers: &[(String, String)],
    abort: &Abort,
    limits: Limits,
    feed: &mut F,
) -> Result<Response, Failure> {
    let started = now_ms();
    let resp = fetch(url, req, json, headers, abort).await?;
    let status = resp.status();
    let content_type = resp.headers().get("content-type").unwrap_or_default();
    // Content-Length is the size on the wire (compressed when the server compresses): a first check only.
    let length: u64 = resp.headers().get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let too_large = |bytes: u64| {
        if let Some(c) = &abort.controller {
            c.abort();
        }
        Failure::Api(ApiError::TooLarge { bytes, limit: limits.max_bytes })
    };
    if length > limits.max_bytes {
        return Err(too_large(length));
    }
    let body = match resp.body() {
        Some(stream) => feed.read(&stream, limits.max_bytes, status, &content_type).await.map_err(|e| match e {
            ReadError::Js(m) => Failure::Js(m),
            ReadError::TooLarge => too_large(0),
        })?,
        None => String::new(),
    };
    Ok(Response { status, content_type, body, elapsed_ms: now_ms() - started, url: url.to_string() })
}

enum ReadError {
    Js(String),
    TooLarge,
}

/// Reads a body stream into text (UTF-8 with invalid bytes replaced, like `Response.text()`), giving up
/// once more than `max` bytes have arrived. The chunks stay in JS until the end (no copy per chunk).
async fn read_limited(stream: &web_sys::ReadableStream, max: u64) -> Result<String, ReadError> {
    let js = |e: JsValue| ReadError::Js(crate::browser::js_error_text(&e));
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let chunks = js_sys::Array::new();
    let mut total: u64 = 0;
    while let Some(bytes) = next_piece(&reader).await.map_err(js)? {
        total += u64::from(bytes.length());
        if total > max {
            let _ = reader.cancel();
            return Err(ReadError::TooLarge);
        }
        chunks.push(&bytes);
    }
    let blob = web_sys::Blob::new_with_u8_array_sequence(&chunks).map_err(js)?;
    let text = JsFuture::from(blob.text()).await.map_err(js)?;
    Ok(text.as_string().unwrap_or_default())
}

/// As [`read_limited`], handing each piece to `feed` (copied into wasm memory) as it arrives; the pieces are
/// kept in JS and returned, not joined.
async fn read_fed(stream: &web_sys::ReadableStream, max: u64, feed: &mut dyn FnMut(&[u8])) -> Result<js_sys::Array, ReadError> {
    let js = |e: JsValue| ReadError::Js(crate::browser::js_error_text(&e));
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let chunks = js_sys::Array::new();
    let mut piece: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    while let Some(bytes) = next_piece(&reader).await.map_err(js)? {
        total += u64::from(bytes.length());
        if total > max {
            let _ = reader.cancel();
            return Err(ReadError::TooLarge);
        }
        piece.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut piece);
        feed(&piece);
        chunks.push(&bytes);
    }
    Ok(chunks)
}

/// The pieces of a body joined into text.
async fn join_text(chunks: &js_sys::Array) -> Result<String, JsValue> {
    let blob = web_sys::Blob::new_with_u8_array_sequence(chunks)?;
    let text = JsFuture::from(blob.text()).await?;
    Ok(text.as_string().unwrap_or_default())
}

fn short_js_error(s: &str) -> String {
    let s = s.trim();
    if s.len() > 200 {
        format!("{}…", &s[..s.floor_char_boundary(200)])
    } else {
        s.to_string()
    }
}
