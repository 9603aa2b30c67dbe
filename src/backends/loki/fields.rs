//! Finding a log line's level and trace ID: in labels, structured metadata and parsed fields, else in the
//! line text (`level=error`, `"level":"warn"`, ` ERROR `, `trace_id=<hex>`, `"traceId":"<hex>"`).
//!
//! The line is only scanned as bytes for ASCII patterns; nothing in it is interpreted or executed.

use crate::telemetry::{FieldSet, LogLevel, TraceId};

/// Label/field names that carry a level, in the order they are tried.
pub const LEVEL_FIELDS: [&str; 5] = ["level", "severity", "lvl", "detected_level", "level_extracted"];

/// The trace ID field names used when the datasource configures none.
pub const DEFAULT_TRACE_ID_FIELDS: [&str; 3] = ["trace_id", "traceID", "traceId"];

/// Only this many bytes at the start of a line are scanned for a level or a trace ID (long lines are usually
/// payloads; the level and IDs sit near the start).
const SCAN_BYTES: usize = 2048;

/// The first known level found in any of the label sets (in order), under [`LEVEL_FIELDS`].
pub fn level_from_labels(sets: &[&dyn FieldSet]) -> Option<LogLevel> {
    for set in sets {
        for name in LEVEL_FIELDS {
            if let Some(v) = set.field(name) {
                let level = LogLevel::from_name(v);
                if level != LogLevel::Unknown {
                    return Some(level);
                }
            }
        }
    }
    None
}

/// Guesses a line's level: a `level=`/`"level":` key-value first, then an upper-case level word.
pub fn level_from_line(line: &str) -> LogLevel {
    let bytes = line.as_bytes();
    let bytes = bytes.get(..SCAN_BYTES).unwrap_or(bytes);
    for key in ["level", "lvl", "severity", "Level", "LEVEL", "SEVERITY"] {
        let mut from = 0;
        while let Some(at) = find(bytes, key.as_bytes(), from) {
            from = at + 1;
            if let Some(word) = value_after_key(bytes, at, key.len()) {
                let level = name_level(word);
                if level != LogLevel::Unknown {
                    return level;
                }
            }
        }
    }
    upper_case_word(bytes).unwrap_or(LogLevel::Unknown)
}

/// The trace ID under one of `fields` in the label sets (in order); a field `x` also matches Loki's
/// renamed `x_extracted`.
pub fn trace_id_from_labels(sets: &[&dyn FieldSet], fields: &[&str]) -> Option<TraceId> {
    for set in sets {
        if set.is_empty_set() {
            continue;
        }
        for f in fields {
            if let Some(id) = set.field(f).and_then(parse_trace_id) {
                return Some(id);
            }
        }
        for (k, v) in set.pairs() {
            if let Some(base) = k.strip_suffix("_extracted") {
                if fields.contains(&base) {
                    if let Some(id) = parse_trace_id(v) {
                        return Some(id);
                    }
                }
            }
        }
    }
    None
}

/// A trace ID written in the line as `<field>=<hex>`, `<field>: <hex>` or `"<field>":"<hex>"` (16 to 32 hex
/// digits, so short numbers are not mistaken for IDs).
pub fn trace_id_from_line(line: &str, fields: &[&str]) -> Option<TraceId> {
    let bytes = line.as_bytes();
    let bytes = bytes.get(..SCAN_BYTES).unwrap_or(bytes);
    for f in fields {
        if f.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(at) = find(bytes, f.as_bytes(), from) {
            from = at + 1;
            let Some(value) = value_after_key(bytes, at, f.len()) else { continue };
            let hex_len = value.iter().take_while(|b| b.is_ascii_hexdigit()).count();
            if (16..=32).contains(&hex_len) && hex_len == value.len() {
                // All bytes are ASCII hex digits, so this is valid UTF-8.
                if let Some(id) = std::str::from_utf8(value).ok().and_then(TraceId::parse_hex) {
                    return Some(id);
                }
            }
        }
    }
    None
}

/// A label value as a trace ID: hex (16–32 digits, or shorter as Tempo writes them) that is not all zeros.
fn parse_trace_id(v: &str) -> Option<TraceId> {
    TraceId::parse_hex(v).filter(|id| id.0 != 0)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    if needle.is_empty() || rest.len() < needle.len() {
        return None;
    }
    let first = *needle.first()?;
    let mut i = 0;
    while i + needle.len() <= rest.len() {
        let pos = rest.get(i..)?.iter().position(|&b| b == first)?;
        i += pos;
        if rest.get(i..i + needle.len()) == Some(needle) {
            return Some(from + i);
        }
        i += 1;
    }
    None
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
}

/// For a key found at `at` (of `len` bytes): checks it stands alone (not part of a longer name), skips an
/// optional closing quote, spaces, `=` or `:`, spaces and an opening quote, and returns the value's word
/// (letters, digits, `_`).
fn value_after_key(bytes: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    if at > 0 && bytes.get(at - 1).is_some_and(|&b| is_word(b)) {
        return None;
    }
    let mut i = at.checked_add(len)?;
    if bytes.get(i) == Some(&b'"') {
        i += 1;
    }
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'=') | Some(b':') => i += 1,
        _ => return None,
    }
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'"') | Some(b'\'')) {
        i += 1;
    }
    let start = i;
    while bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
        i += 1;
    }
    let word = bytes.get(start..i)?;
    (!word.is_empty()).then_some(word)
}

fn name_level(word: &[u8]) -> LogLevel {
    // Level names are short; longer words are not levels.
    if word.len() > 13 {
        return LogLevel::Unknown;
    }
    std::str::from_utf8(word).map(LogLevel::from_name).unwrap_or(LogLevel::Unknown)
}

/// An upper-case level word standing alone (` ERROR `, `[WARN]`, `E0001`-style is not one).
fn upper_case_word(bytes: &[u8]) -> Option<LogLevel> {
    let mut i = 0;
    while i < bytes.len() {
        let b = *bytes.get(i)?;
        if b.is_ascii_uppercase() && (i == 0 || !bytes.get(i - 1).is_some_and(|&p| p.is_ascii_alphanumeric())) {
            let start = i;
            while bytes.get(i).is_some_and(|b| b.is_ascii_uppercase()) {
                i += 1;
            }
            let after_ok = !bytes.get(i).is_some_and(|&b| b.is_ascii_alphanumeric());
            if after_ok {
                let level = match bytes.get(start..i)? {
                    b"TRACE" => Some(LogLevel::Trace),
                    b"DEBUG" | b"DBG" => Some(LogLevel::Debug),
                    b"INFO" => Some(LogLevel::Info),
                    b"WARN" | b"WARNING" => Some(LogLevel::Warn),
                    b"ERROR" | b"ERR" => Some(LogLevel::Error),
                    b"FATAL" | b"CRITICAL" | b"PANIC" | b"CRIT" => Some(LogLevel::Fatal),
                    _ => None,
                };
                if level.is_some() {
                    return level;
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::Labels;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (*k, *v)).collect()
    }

    #[test]
    fn levels_from_lines() {
        let cases = [
            ("ts=1 level=error msg=\"x\"", LogLevel::Error),
            (r#"{"ts":"t","level":"warn","msg":"m"}"#, LogLevel::Warn),
            (r#"{"level": "INFO"}"#, LogLevel::Info),
            ("lvl=dbg caller=x", LogLevel::Debug),
            ("2024-01-01 12:00:00 ERROR something broke", LogLevel::Error),
            ("[WARN] disk almost full", LogLevel::Warn),
            ("FATAL: out of memory", LogLevel::Fatal),
            ("severity=critical", LogLevel::Fatal),
            ("no level here, just an error word", LogLevel::Unknown),
            ("ERRORS happen; XERROR; loglevel=info", LogLevel::Unknown),
            ("level=bogus INFO later", LogLevel::Info),
            ("detected_level=x level= warn", LogLevel::Warn),
            ("", LogLevel::Unknown),
            ("é level=error ü", LogLevel::Error),
            ("level", LogLevel::Unknown),
            ("level=", LogLevel::Unknown),
        ];
        for (line, want) in cases {
            assert_eq!(level_from_line(line), want, "{line}");
        }
    }

    #[test]
    fn levels_from_labels_skip_unknown_values() {
        let a = labels(&[("detected_level", "unknown"), ("level", "")]);
        let b = labels(&[("severity", "WARNING")]);
        assert_eq!(level_from_labels(&[&a, &b]), Some(LogLevel::Warn));
        assert_eq!(level_from_labels(&[&a]), None);
        assert_eq!(level_from_labels(&[&labels(&[("level_extracted", "error")])]), Some(LogLevel::Error));
    }

    #[test]
    fn trace_ids_from_labels_and_lines() {
        let f = DEFAULT_TRACE_ID_FIELDS;
        let id = TraceId::parse_hex("6575de447380ec933e5135e5d844e736");
        assert_eq!(trace_id_from_labels(&[&labels(&[("traceID", "6575DE447380EC933E5135E5D844E736")])], &f), id);
        assert_eq!(trace_id_from_labels(&[&labels(&[("trace_id_extracted", "6575de447380ec933e5135e5d844e736")])], &f), id);
        assert_eq!(trace_id_from_labels(&[&labels(&[("trace_id", "not-hex")])], &f), None);
        assert_eq!(trace_id_from_labels(&[&labels(&[("trace_id", "0000")])], &f), None);
        assert_eq!(trace_id_from_labels(&[&labels(&[("tid", "abcd")])], &["tid"]), TraceId::parse_hex("abcd"));

        assert_eq!(trace_id_from_line("msg=x trace_id=6575de447380ec933e5135e5d844e736 span=1", &f), id);
        assert_eq!(trace_id_from_line(r#"{"traceId":"6575de447380ec933e5135e5d844e736"}"#, &f), id);
        assert_eq!(trace_id_from_line(r#"{"trace_id": "6575de447380ec933e5135e5d844e736"}"#, &f), id);
        assert_eq!(trace_id_from_line("trace_id=12345", &f), None);
        assert_eq!(trace_id_from_line("trace_id=6575de447380ec933e5135e5d844e736ff", &f), None);
        assert_eq!(trace_id_from_line("mytrace_id=6575de447380ec933e5135e5d844e736", &f), None);
        assert_eq!(trace_id_from_line("trace_id=zz trace_id=6575de447380ec933e5135e5d844e736", &f), id);
        assert_eq!(trace_id_from_line("", &f), None);
        assert_eq!(trace_id_from_line("trace_id", &["", "trace_id"]), None);
    }

    #[test]
    fn long_and_multibyte_lines_are_safe() {
        let mut line = "é".repeat(SCAN_BYTES);
        line.push_str(" level=error");
        assert_eq!(level_from_line(&line), LogLevel::Unknown);
        assert_eq!(trace_id_from_line(&line, &DEFAULT_TRACE_ID_FIELDS), None);
        assert_eq!(level_from_line("\u{0}\u{7f}ERROR\u{1b}[0m"), LogLevel::Error);
    }
}
