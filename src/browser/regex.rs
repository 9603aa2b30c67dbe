//! The browser's RegExp as the core's [`RegexMatcher`]: the quick filter's regex mode (JavaScript syntax,
//! as in DevTools' filter). Only calls that report exceptions as errors are used, so a bad pattern is a
//! message, never a thrown exception through wasm.

use std::ops::Range;
use std::sync::Arc;

use js_sys::{Array, Function, JsString, Reflect, RegExp};
use wasm_bindgen::{JsCast, JsValue};

use crate::view::log_regex::{lines_with_matches, utf16_starts, utf16_to_byte_ranges, RegexMatcher};

/// Matches found per line at most (a pattern that matches every character of a huge line stops there).
const MAX_MATCHES_PER_LINE: usize = 10_000;

/// A compiled RegExp (flags `gmu`, plus `i` unless case-sensitive) and its `exec` method.
struct JsRegex {
    re: RegExp,
    exec: Function,
}

// SAFETY: the app is built for wasm32-unknown-unknown without atomics: there is one thread, so a JS object
// can never be reached from another one. The core's trait asks for Send + Sync because leptos' signals do.
unsafe impl Send for JsRegex {}
unsafe impl Sync for JsRegex {}

/// Compiles `pattern` with the browser's RegExp; the error is the browser's own sentence.
pub fn compile(pattern: &str, case_sensitive: bool) -> Result<Arc<dyn RegexMatcher>, String> {
    let flags = if case_sensitive { "gmu" } else { "gmiu" };
    let ctor = Reflect::get(&js_sys::global(), &JsValue::from_str("RegExp"))
        .ok()
        .and_then(|c| c.dyn_into::<Function>().ok())
        .ok_or_else(|| "this browser has no RegExp".to_string())?;
    let args = Array::of2(&JsValue::from_str(pattern), &JsValue::from_str(flags));
    let re: RegExp = Reflect::construct(&ctor, &args).map_err(js_message)?.dyn_into().map_err(|_| "not a RegExp".to_string())?;
    let exec = Reflect::get(&re, &JsValue::from_str("exec"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| "this browser's RegExp has no exec".to_string())?;
    Ok(Arc::new(JsRegex { re, exec }))
}

/// The message of a thrown JavaScript error (`SyntaxError: Invalid regular expression: /(/: Unterminated
/// group` → the part after the last colon-space that names the pattern).
fn js_message(e: JsValue) -> String {
    let msg = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "refused by the browser".into());
    msg.rsplit_once(": ").map(|(_, m)| m.to_string()).unwrap_or(msg)
}

impl JsRegex {
    /// The next match in `text` at or after UTF-16 offset `from`: (start, end) in UTF-16 units.
    fn find_at(&self, text: &JsValue, from: usize) -> Option<(usize, usize)> {
        self.re.set_last_index(from as u32);
        let m = self.exec.call1(&self.re, text).ok()?;
        let m = m.dyn_into::<Array>().ok()?;
        let start = Reflect::get(&m, &JsValue::from_str("index")).ok()?.as_f64()? as usize;
        let len = m.get(0).dyn_into::<JsString>().ok()?.length() as usize;
        Some((start, start + len))
    }
}

impl RegexMatcher for JsRegex {
    fn find_ranges(&self, line: &str) -> Vec<Range<usize>> {
        let text = JsValue::from_str(line);
        let mut found = Vec::new();
        let mut from = 0;
        while found.len() < MAX_MATCHES_PER_LINE {
            let Some((s, e)) = self.find_at(&text, from) else { break };
            if s < from {
                break;
            }
            if e > s {
                found.push((s, e));
            }
            // An empty match would be found again at the same place: step over it.
            from = if e > s { e } else { e + 1 };
        }
        utf16_to_byte_ranges(line, &found)
    }

    fn is_match(&self, line: &str) -> bool {
        self.find_at(&JsValue::from_str(line), 0).is_some()
    }

    fn capture(&self, line: &str) -> Option<Range<usize>> {
        // Without the `d` flag JavaScript gives a group's text, not its place: the group is looked up inside
        // the whole match (first occurrence), which is where it is for the usual `trace_id=(\w+)` patterns.
        let text = JsValue::from_str(line);
        self.re.set_last_index(0);
        let m = self.exec.call1(&self.re, &text).ok()?.dyn_into::<Array>().ok()?;
        let start = Reflect::get(&m, &JsValue::from_str("index")).ok()?.as_f64()? as usize;
        let whole = m.get(0).as_string()?;
        let (s, e) = match m.get(1).as_string() {
            Some(g) => {
                let at = whole.find(&g)?;
                let before = whole[..at].encode_utf16().count();
                (start + before, start + before + g.encode_utf16().count())
            }
            None => (start, start + whole.encode_utf16().count()),
        };
        utf16_to_byte_ranges(line, &[(s, e)]).into_iter().next()
    }

    fn matching_lines(&self, lines: &mut dyn Iterator<Item = &str>) -> Vec<usize> {
        // One JavaScript string for all lines and one `exec` per matching line, instead of one string per line.
        // The string is kept for the next pattern over the same lines (each keystroke is a new pattern).
        let lines: Vec<&str> = lines.collect();
        let key = TextKey::of(&lines);
        let joined = JOINED.with(|j| {
            let mut j = j.borrow_mut();
            match j.as_ref() {
                Some(c) if c.key == key => c.clone(),
                _ => {
                    let (starts, total) = utf16_starts(lines.iter().copied());
                    let c = Joined { key, text: JsValue::from_str(&lines.join("\n")), starts: std::rc::Rc::new(starts), total };
                    *j = Some(c.clone());
                    c
                }
            }
        });
        lines_with_matches(&joined.starts, joined.total, |from| self.find_at(&joined.text, from), |i| lines.get(i).is_some_and(|l| self.is_match(l)))
    }
}

/// Which lines a joined text was made of: where the first and last line live in memory, how many lines and
/// bytes, and the text of both ends (the same loaded answer gives the same key; a new one, a new key).
#[derive(Clone, PartialEq)]
struct TextKey {
    first: (usize, String),
    last: (usize, String),
    count: usize,
    bytes: usize,
}

impl TextKey {
    fn of(lines: &[&str]) -> TextKey {
        let end = |l: Option<&&str>| l.map_or((0, String::new()), |l| (l.as_ptr() as usize, l.chars().take(64).collect()));
        TextKey { first: end(lines.first()), last: end(lines.last()), count: lines.len(), bytes: lines.iter().map(|l| l.len()).sum() }
    }
}

/// The last joined text: the lines as one JavaScript string and where each line starts in it.
#[derive(Clone)]
struct Joined {
    key: TextKey,
    text: JsValue,
    starts: std::rc::Rc<Vec<usize>>,
    total: usize,
}

thread_local! {
    static JOINED: std::cell::RefCell<Option<Joined>> = const { std::cell::RefCell::new(None) };
}
