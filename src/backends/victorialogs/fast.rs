//! One VictoriaLogs query line read in place: a single pass over its bytes finds each field's name and string
//! value as byte ranges of the line (no wire `String`, no serde visitor per field). It takes only the common
//! shape, an object of string values with unescaped names; for anything else (a number, null, array or object
//! value, an escaped name, a control character, a bad or surrogate escape, broken JSON) it says `false` and the caller reads that line
//! the full way (`read::row`), so both give the same entry and the same error.

use std::ops::Range;

use crate::backends::bytes;

/// One `"name":"value"` of a line: byte ranges inside the quotes, and whether the value has a backslash
/// escape (then it is decoded by json_peek's string reader, see [`decode`]).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RawField {
    pub name: Range<usize>,
    pub value: Range<usize>,
    pub escaped: bool,
}

#[inline(always)]
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// A string starting at its opening quote `i`: the range inside the quotes, whether it has escapes, and the
/// index after the closing quote. None for a control character (JSON forbids them raw), an escape JSON does
/// not have, a UTF-16 surrogate escape, or no closing quote: every string taken decodes.
fn string(b: &[u8], i: usize) -> Option<(Range<usize>, bool, usize)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let start = i + 1;
    let mut j = start;
    let mut escaped = false;
    loop {
        // Plain text (no quote, backslash or control character) is skipped 8 bytes at a time.
        j = bytes::skip_unmarked(b, j, |w| bytes::equal(w, b'"') | bytes::equal(w, b'\\') | bytes::below(w, 0x20));
        match *b.get(j)? {
            b'"' => return Some((start..j, escaped, j + 1)),
            b'\\' => {
                escaped = true;
                j += match *b.get(j + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                    // `\uXXXX` outside the surrogates (a pair, or a lone one, is left to the full reader).
                    b'u' => {
                        let hex = std::str::from_utf8(b.get(j + 2..j + 6)?).ok()?;
                        let code = u32::from_str_radix(hex, 16).ok()?;
                        if !hex.bytes().all(|c| c.is_ascii_hexdigit()) || (0xD800..0xE000).contains(&code) {
                            return None;
                        }
                        6
                    }
                    _ => return None,
                };
            }
            c if c < 0x20 => return None,
            _ => j += 1,
        }
    }
}

/// Reads a line's fields into `out` (cleared first). False when the line is not of the plain shape (see the
/// module's note); `out` then holds nothing meaningful.
pub(super) fn fields(line: &str, out: &mut Vec<RawField>) -> bool {
    out.clear();
    let b = line.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return false;
    }
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return skip_ws(b, i + 1) == b.len();
    }
    loop {
        let Some((name, name_escaped, after)) = string(b, i) else { return false };
        if name_escaped {
            return false;
        }
        i = skip_ws(b, after);
        if b.get(i) != Some(&b':') {
            return false;
        }
        i = skip_ws(b, i + 1);
        let Some((value, escaped, after)) = string(b, i) else { return false };
        out.push(RawField { name, value, escaped });
        i = skip_ws(b, after);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return skip_ws(b, i + 1) == b.len(),
            _ => return false,
        }
    }
}

/// A value's text: borrowed from the line when it has no escapes, else decoded exactly as the full reader
/// decodes it (None for a bad escape: the caller then reads the line the full way).
pub(super) fn decode<'a>(line: &'a str, f: &RawField) -> Option<std::borrow::Cow<'a, str>> {
    let inner = line.get(f.value.clone())?;
    if !f.escaped {
        return Some(std::borrow::Cow::Borrowed(inner));
    }
    let mut r = crate::backends::json_peek::Reader::at(line, f.value.start.checked_sub(1)?);
    r.string().ok().filter(|_| r.offset() == f.value.end + 1).map(std::borrow::Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_values(line: &str) -> Option<Vec<(&str, &str, bool)>> {
        let mut out = Vec::new();
        fields(line, &mut out).then(|| out.iter().map(|f| (&line[f.name.clone()], &line[f.value.clone()], f.escaped)).collect())
    }

    #[test]
    fn plain_lines_are_read_and_unusual_ones_refused() {
        assert_eq!(names_values(r#" { "a" : "1" , "_msg":"x\"y" } "#), Some(vec![("a", "1", false), ("_msg", r#"x\"y"#, true)]));
        assert_eq!(names_values("{}"), Some(vec![]));
        assert_eq!(names_values(r#"{"a":"","a":"é"}"#), Some(vec![("a", "", false), ("a", "é", false)]));
        for refused in [r#"{"a":1}"#, r#"{"a":null}"#, r#"{"a":["x"]}"#, r#"{"a":{"b":"c"}}"#, r#"{"a\"":"x"}"#, "{\"a\":\"x\ty\"}",
            r#"{"a":"x"} x"#, r#"{"a":"x",}"#, r#"{"a":"x""#, r#"{"a":"x\"}"#, r#"{"a" "x"}"#, r#"["a"]"#, "", "{", r#"{"a":"x"}}"#]
        {
            assert_eq!(names_values(refused), None, "{refused}");
        }
    }

    #[test]
    fn long_values_are_read_whole_around_every_kind_of_byte() {
        // Quotes, escapes and control characters at every offset of the 8-byte words skipped at once.
        for at in 0..20 {
            let before = "abcdefghijklmnopqrstuvwxyzé".chars().take(at).collect::<String>();
            let line = format!(r#"{{"m":"{before}\"{before}","n":"{before}"}}"#);
            assert_eq!(names_values(&line).map(|v| v.len()), Some(2), "{line}");
            assert_eq!(names_values(&format!("{{\"m\":\"{before}\u{1}{before}\"}}")), None, "control at {at}");
            assert_eq!(names_values(&format!(r#"{{"m":"{before}\x"}}"#)), None, "bad escape at {at}");
        }
    }

    #[test]
    fn escaped_values_decode_as_json_says_and_unusual_escapes_are_refused() {
        let line = r#"{"m":"a\"b\\c\u00e9\n\/\t"}"#;
        let mut out = Vec::new();
        assert!(fields(line, &mut out));
        assert_eq!(decode(line, &out[0]).as_deref(), Some("a\"b\\cé\n/\t"));
        for refused in [r#"{"m":"x\q"}"#, r#"{"m":"\ud83d\ude80"}"#, r#"{"m":"\ud800"}"#, r#"{"m":"\u00g1"}"#, r#"{"m":"\u+0e9"}"#, r#"{"m":"\u00"}"#] {
            assert!(!fields(refused, &mut out), "{refused}");
        }
    }
}
