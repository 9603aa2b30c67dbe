//! Browser edges: clock, location hash, local storage, clipboard, canvas size. Nothing here computes.

use wasm_bindgen::JsCast;

pub mod regex;

/// Wall clock in Unix milliseconds (the pure core takes `now` as a parameter; this is where it comes from).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Resolves after `ms` milliseconds (a `setTimeout`), e.g. before a reconnect.
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u32) as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once the page has painted a frame (after the frame, and after the tasks queued for just after
/// it, such as a [`mark_after_paint`]), or after `max_ms` when no frame comes (a hidden tab draws none).
pub async fn after_paint(max_ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let done = resolve.clone();
        // One task more: it runs after those the frame's own callbacks queued.
        after_next_frame(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&done, 0);
            }
        });
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, max_ms.min(i32::MAX as u32) as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `f` in a task queued from the next animation frame: after that frame's layout and paint.
fn after_next_frame(f: impl FnOnce() + 'static) {
    let Some(w) = web_sys::window() else { return };
    let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        let task = wasm_bindgen::closure::Closure::once_into_js(f);
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0);
        }
    });
    let _ = w.request_animation_frame(after_frame.unchecked_ref());
}

/// The browser's time-zone offset in minutes east of UTC.
pub fn tz_offset_min() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Sets the hash, which adds a history entry (back/forward work) and fires `hashchange`.
pub fn set_location_hash(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
    }
}

/// Replaces the URL's hash without a history entry and without `hashchange`.
pub fn replace_location_hash(fragment: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{fragment}")));
        }
    }
}

/// A new history entry with this fragment, without a hashchange event (`history.pushState`).
pub fn push_location_hash(fragment: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{fragment}")));
        }
    }
}

pub fn storage_get(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Saves a value; Err carries the browser's reason (quota exceeded, storage disabled).
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| "local storage is not available".to_string())?;
    storage.set_item(key, value).map_err(|e| format!("could not save: {}", js_error_text(&e)))
}

pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Does the OS prefer a dark theme?
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(true)
}

pub fn set_document_theme(theme: &str) {
    set_document_attr("data-theme", theme);
}

/// Sets an attribute on the document element (`<html>`), where the stylesheet reads theme and palette.
pub fn set_document_attr(name: &str, value: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute(name, value);
    }
}

/// Sizes a canvas's drawing buffer to its CSS box times devicePixelRatio (`chart::sized::buffer_size`)
/// and scales its context to match, so drawing in CSS pixels comes out sharp; returns the size in CSS
/// pixels (at least 50 × 50, for a canvas not laid out yet).
pub fn fit_canvas(canvas: &web_sys::HtmlCanvasElement) -> (u32, u32) {
    let w = canvas.client_width().max(50) as u32;
    let h = canvas.client_height().max(50) as u32;
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0);
    let (bw, bh) = crate::chart::sized::buffer_size(w, h, dpr);
    if canvas.width() != bw {
        canvas.set_width(bw);
    }
    if canvas.height() != bh {
        canvas.set_height(bh);
    }
    if let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()) {
        let _ = ctx.set_transform(f64::from(bw) / f64::from(w), 0.0, 0.0, f64::from(bh) / f64::from(h), 0.0, 0.0);
    }
    (w, h)
}

/// Watches an element's box size: calls its callback whenever the size changes (a ResizeObserver), until
/// dropped (keep it in the component, e.g. `StoredValue::new_local`).
pub struct ResizeWatch {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `f` whenever `el`'s box changes size (also once when observing starts). None where
/// ResizeObserver is missing.
pub fn watch_resize(el: &web_sys::Element, f: impl Fn() + 'static) -> Option<ResizeWatch> {
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(el);
    Some(ResizeWatch { observer, _callback: callback })
}

/// Watches whether an element is in or near the viewport (an IntersectionObserver), until dropped.
pub struct ViewportWatch {
    observer: web_sys::IntersectionObserver,
    _callback: wasm_bindgen::closure::Closure<dyn Fn(js_sys::Array)>,
}

impl Drop for ViewportWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `f(true)` when `el` comes within `margin` (CSS, e.g. "200px") of the viewport and `f(false)` when
/// it leaves (also once when observing starts). None where IntersectionObserver is missing.
pub fn watch_viewport(el: &web_sys::Element, margin: &str, f: impl Fn(bool) + 'static) -> Option<ViewportWatch> {
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // The last entry is the newest state when several changes arrive in one batch.
        if let Some(e) = entries.iter().last().and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()) {
            f(e.is_intersecting());
        }
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin(margin);
    let observer = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    observer.observe(el);
    Some(ViewportWatch { observer, _callback: callback })
}

pub fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// The moment a deep link was opened, when the boot script started its first metric query then
/// (scripts/boot-early-query.js): the first run of that link resolves its range at this moment, so it asks for
/// the very URL already on its way. Given once; None afterwards and in builds without that script.
pub fn take_boot_now() -> Option<i64> {
    let w = web_sys::window()?;
    let early = js_sys::Reflect::get(&w, &wasm_bindgen::JsValue::from_str("__trifocalEarly")).ok()?;
    let now = js_sys::Reflect::get(&early, &wasm_bindgen::JsValue::from_str("now")).ok()?.as_f64()?;
    let early: js_sys::Object = early.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(&early, &wasm_bindgen::JsValue::from_str("now"));
    (now.is_finite() && now > 0.0).then_some(now as i64)
}

/// Marks a moment for the benchmarks and tests (`performance.mark`), e.g. "trifocal:panel-drawn".
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// True when keyboard focus is in something the user types into (input, textarea, select, contenteditable),
/// so global shortcuts must leave the key alone.
pub fn focus_is_editable() -> bool {
    let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()) else { return false };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.dyn_ref::<web_sys::HtmlElement>().map(|h| h.is_content_editable()).unwrap_or(false)
}

/// Focuses the first element matching `selector`; false when there is none.
pub fn focus_first(selector: &str) -> bool {
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    match el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(h) => h.focus().is_ok(),
        None => false,
    }
}

/// Moves focus out of an editor (Escape), so the next keys are shortcuts again.
pub fn blur_active() {
    if let Some(h) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = h.blur();
    }
}

/// Marks `name` once the next frame has been painted (a task queued from the next animation frame runs
/// after that frame's layout and paint), so benchmarks measure what the user sees, not just the data.
pub fn mark_after_paint(name: &'static str) {
    after_next_frame(move || mark(name));
}

/// The keys of local storage that start with `prefix` (none when storage is unavailable).
pub fn storage_keys(prefix: &str) -> Vec<String> {
    let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
}

/// Removes a stored value (no error when it was not there).
pub fn storage_remove(key: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(key);
    }
}

/// Offers `text` as a file download named `file_name` (a data: URL on a temporary link).
pub fn download_text(file_name: &str, mime: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(a) = doc.create_element("a") else { return };
    let url = format!("data:{mime};charset=utf-8,{}", String::from(js_sys::encode_uri_component(text)));
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", file_name);
    let _ = a.set_attribute("style", "display:none");
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        if let Some(el) = a.dyn_ref::<web_sys::HtmlElement>() {
            el.click();
        }
        let _ = body.remove_child(&a);
    }
}

/// Reads the text of a file the user picked.
pub async fn read_file_text(file: &web_sys::File) -> Result<String, String> {
    let v = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|e| js_error_text(&e))?;
    v.as_string().ok_or_else(|| "the file is not text".to_string())
}

/// The page's address without the fragment (for absolute share links).
pub fn location_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}
