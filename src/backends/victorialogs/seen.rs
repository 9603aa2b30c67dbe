//! What a query answer's reader has met before: field names (what each is to a line, decided once per
//! distinct name instead of compared with VictoriaLogs' own names and the stream's labels on every line) and
//! streams (by their `_stream` text, as written or decoded), with which names are each stream's labels.

use std::collections::HashMap;
use std::sync::Arc;

use crate::backends::bytes;
use crate::backends::loki::fields;
use crate::telemetry::{shared_name, Labels, LogLevel, TraceId};

/// What a field name is to a line.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Name {
    Time,
    Msg,
    Stream,
    /// `_stream_id`: VictoriaLogs' own, not shown.
    StreamId,
    /// Any other: the line's own field unless its stream has a label of that name.
    Other(Arc<str>),
}

impl Name {
    pub fn of(name: &str) -> Name {
        match name {
            "_time" => Name::Time,
            "_msg" => Name::Msg,
            "_stream" => Name::Stream,
            "_stream_id" => Name::StreamId,
            _ => Name::Other(shared_name(name)),
        }
    }
}

/// Most distinct names remembered (one bit each in a stream's label masks); names past them are looked at
/// on every line, as before.
const MAX_NAMES: usize = 64;

/// The field names met so far, as written in the lines (the in-place reader takes only unescaped names).
#[derive(Default)]
pub(super) struct Names(Vec<(Box<[u8]>, Name)>);

impl Names {
    /// The index of `name` among the names met (added when new and there is room), or None past
    /// [`MAX_NAMES`] (then [`Name::of`] says what it is).
    pub fn index(&mut self, name: &[u8]) -> Option<usize> {
        if let Some(i) = self.0.iter().position(|(n, _)| bytes::same(n, name)) {
            return Some(i);
        }
        if self.0.len() >= MAX_NAMES {
            return None;
        }
        let text = std::str::from_utf8(name).ok()?;
        self.0.push((name.into(), Name::of(text)));
        Some(self.0.len() - 1)
    }

    pub fn get(&self, i: usize) -> &Name {
        &self.0[i].1
    }
}

/// A stream seen in the answer: its labels, shared by its lines, and the level and trace ID they give (a
/// line's own fields are looked in for a trace ID first, for a level after the stream's).
pub(super) struct StreamInfo {
    pub labels: Arc<Labels>,
    pub level: Option<LogLevel>,
    pub trace_id: Option<TraceId>,
    /// Bit `i`: whether [`Names`]' name `i` is one of the labels (`checked`: whether that is known yet).
    label_bits: u64,
    checked: u64,
}

impl StreamInfo {
    /// Whether a field named `name` (index `i` among the names met, if any) is one of the stream's labels.
    pub fn has_label(&mut self, i: Option<usize>, name: &str) -> bool {
        let Some(bit) = i.filter(|&i| i < 64).map(|i| 1u64 << i) else { return self.labels.get(name).is_some() };
        if self.checked & bit == 0 {
            self.checked |= bit;
            if self.labels.get(name).is_some() {
                self.label_bits |= bit;
            }
        }
        self.label_bits & bit != 0
    }
}

/// Written stream texts compared in a list before the map (an answer's lines mostly come from a few streams).
const FEW: usize = 8;

/// The streams of an answer, each read once: by its decoded `_stream` text, and by its text as written in the
/// line (escaped: most lines repeat a stream already seen, found without decoding it): the first [`FEW`] in a
/// list compared 8 bytes at a time (no hash of the text on every line), the rest in a map.
#[derive(Default)]
pub(super) struct Streams {
    pub list: Vec<StreamInfo>,
    /// Both maps of one type (keyed by the text's bytes): one copy of the map's code in the wasm.
    by_text: HashMap<Box<[u8]>, usize>,
    few_raw: Vec<(Box<[u8]>, usize)>,
    by_raw: HashMap<Box<[u8]>, usize>,
}

impl Streams {
    /// The stream of a decoded `_stream` text (its labels read the first time).
    pub fn of_text(&mut self, text: &str, trace_id_fields: &[&str]) -> usize {
        if let Some(&i) = self.by_text.get(text.as_bytes()) {
            return i;
        }
        let labels = Arc::new(super::wire::parse_stream(text).unwrap_or_default());
        let level = fields::level_from_labels(&[&*labels]);
        let trace_id = fields::trace_id_from_labels(&[&*labels], trace_id_fields);
        self.list.push(StreamInfo { labels, level, trace_id, label_bits: 0, checked: 0 });
        self.by_text.insert(text.as_bytes().into(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// A stream by its text as written in a line, if seen before.
    pub fn of_raw(&self, raw: &[u8]) -> Option<usize> {
        match self.few_raw.iter().find(|(r, _)| bytes::same(r, raw)) {
            Some(&(_, i)) => Some(i),
            None if self.few_raw.len() < FEW => None,
            None => self.by_raw.get(raw).copied(),
        }
    }

    /// Remembers the written text of stream `i` (not seen before: [`Streams::of_raw`] said None).
    pub fn add_raw(&mut self, raw: &[u8], i: usize) {
        if self.few_raw.len() < FEW {
            self.few_raw.push((raw.into(), i));
        } else {
            self.by_raw.insert(raw.into(), i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_told_apart_by_every_byte_and_remembered_up_to_the_most() {
        let mut names = Names::default();
        let internal = ["_time", "_msg", "_stream", "_stream_id"];
        for (n, want) in internal.iter().zip([Name::Time, Name::Msg, Name::Stream, Name::StreamId]) {
            let i = names.index(n.as_bytes()).unwrap();
            assert_eq!(names.get(i), &want);
        }
        // Same length or prefix as VictoriaLogs' own: other fields.
        for n in ["_tima", "_ms", "_stream_i", "_stream_idx", "_TIME", "level"] {
            let i = names.index(n.as_bytes()).unwrap();
            assert_eq!(names.get(i), &Name::Other(Arc::from(n)), "{n}");
        }
        assert_eq!(names.index(b"_msg"), Some(1), "found again, not added");
        let before = names.0.len();
        for k in 0..100 {
            let n = format!("f{k}");
            let i = names.index(n.as_bytes());
            assert_eq!(i.is_some(), before + k < MAX_NAMES, "{n}");
            if let Some(i) = i {
                assert_eq!(names.get(i), &Name::Other(Arc::from(n.as_str())));
            }
        }
        assert_eq!(names.0.len(), MAX_NAMES);
        assert_eq!(names.index(b"level"), Some(9), "a name met early is still found");
    }

    #[test]
    fn a_streams_labels_are_known_by_name_for_each_stream_apart() {
        let mut streams = Streams::default();
        let a = streams.of_text(r#"{level="warn",service_name="x"}"#, &["trace_id"]);
        let b = streams.of_text(r#"{job="y"}"#, &["trace_id"]);
        assert_ne!(a, b);
        assert_eq!(streams.of_text(r#"{level="warn",service_name="x"}"#, &["trace_id"]), a);
        assert_eq!(streams.list[a].level, Some(LogLevel::Warn));
        for _ in 0..2 {
            // Asked twice: the second answer comes from the bits.
            assert!(streams.list[a].has_label(Some(3), "level"));
            assert!(!streams.list[b].has_label(Some(3), "level"));
            assert!(!streams.list[a].has_label(Some(4), "job"));
            assert!(streams.list[b].has_label(Some(4), "job"));
            assert!(streams.list[a].has_label(Some(63), "service_name"));
            assert!(streams.list[a].has_label(None, "service_name"), "a name not remembered");
            assert!(!streams.list[b].has_label(Some(64), "service_name"), "past the bits");
        }
        assert_eq!(streams.of_raw(br#"{level=\"warn\"}"#), None);
        streams.add_raw(br#"{level=\"warn\"}"#, a);
        assert_eq!(streams.of_raw(br#"{level=\"warn\"}"#), Some(a));
        assert_eq!(streams.of_raw(br#"{level=\"warn\"} "#), None);
        // Past the few kept in a list: in the map, every one still found as itself.
        let texts: Vec<String> = (0..3 * FEW).map(|k| format!(r#"{{job=\"j{k}\"}}"#)).collect();
        let ids: Vec<usize> = texts.iter().map(|t| streams.of_text(&t.replace('\\', ""), &[])).collect();
        for (t, &i) in texts.iter().zip(&ids) {
            assert_eq!(streams.of_raw(t.as_bytes()), None, "{t}");
            streams.add_raw(t.as_bytes(), i);
        }
        assert!(streams.by_raw.len() > FEW, "the map is used");
        for (t, &i) in texts.iter().zip(&ids) {
            assert_eq!(streams.of_raw(t.as_bytes()), Some(i), "{t}");
            assert_eq!(streams.list[i].labels.get("job"), Some(&t[7..t.len() - 3]));
        }
        assert_eq!(streams.of_raw(br#"{level=\"warn\"}"#), Some(a), "the first one still");
        assert_eq!(streams.of_raw(br#"{job=\"j99\"}"#), None);
    }
}
