//! Pure helpers for the query editor component: caret offsets between the browser's UTF-16 units and
//! Rust byte offsets, line/column of a caret, when completion opens by itself, list navigation, and
//! problem messages with their position.

use crate::lang::{CompletionContext, CompletionKind, Problem};

/// The byte offset in `text` of a caret given in UTF-16 code units (what `selectionStart` returns).
/// A caret past the end gives `text.len()`; one inside a surrogate pair gives the start of that char.
pub fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut seen = 0usize;
    for (i, c) in text.char_indices() {
        let next = seen.saturating_add(c.len_utf16());
        if next > units {
            return i;
        }
        seen = next;
    }
    text.len()
}

/// The UTF-16 offset of a byte offset in `text` (clamped to the text, rounded down to a char boundary).
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|(i, c)| i.saturating_add(c.len_utf8()) <= byte).map(|(_, c)| c.len_utf16()).sum()
}

/// Zero-based line and column (in chars) of a byte offset.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut line = 0;
    let mut col = 0;
    for (i, c) in text.char_indices() {
        if i >= byte {
            break;
        }
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Whether typing should open the completion list by itself for this context (Ctrl+Space always opens
/// it): when a word has been started, or where the next thing can only be a label, a value or a
/// duration (after `{`, `=`, `[`, `by (`, `|`).
pub fn auto_opens(c: &CompletionContext) -> bool {
    match &c.kind {
        CompletionKind::None => false,
        CompletionKind::LabelName { .. }
        | CompletionKind::LabelValue { .. }
        | CompletionKind::FieldValue { .. }
        | CompletionKind::Duration
        | CompletionKind::PipelineStage => true,
        CompletionKind::MetricName | CompletionKind::FunctionOrMetric | CompletionKind::Keyword | CompletionKind::FieldName => !c.prefix.is_empty(),
    }
}

/// Moves the highlighted item of a list of `len` items by `delta`, wrapping at both ends.
pub fn step(active: usize, len: usize, delta: i32) -> usize {
    if len == 0 {
        return 0;
    }
    let len_i = len as i64;
    let a = (active.min(len - 1)) as i64 + i64::from(delta);
    a.rem_euclid(len_i) as usize
}

/// A problem as shown under the editor: `line L, column C: message` (1-based), or only the message for a
/// one-line query (`column C: message`).
pub fn describe_problem(text: &str, p: &Problem) -> String {
    let (line, col) = line_col(text, p.range.start);
    if text.contains('\n') {
        format!("Line {}, column {}: {}", line + 1, col + 1, p.message)
    } else {
        format!("Column {}: {}", col + 1, p.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{check, context_at, Lang};

    #[test]
    fn utf16_offsets_round_trip_on_non_ascii_text() {
        let t = "a{é=\"😀\"}b";
        // a=1 {=1 é=1 = =1 "=1 😀=2 "=1 }=1 b=1 (UTF-16 units)
        assert_eq!(utf16_to_byte(t, 0), 0);
        assert_eq!(utf16_to_byte(t, 3), 4); // after `é` (2 bytes)
        assert_eq!(utf16_to_byte(t, 5), 6); // before the emoji
        assert_eq!(utf16_to_byte(t, 6), 6); // inside the surrogate pair: start of the char
        assert_eq!(utf16_to_byte(t, 7), 10); // after the emoji (4 bytes)
        assert_eq!(utf16_to_byte(t, 999), t.len());
        for (b, _) in t.char_indices() {
            assert_eq!(utf16_to_byte(t, byte_to_utf16(t, b)), b);
        }
        assert_eq!(byte_to_utf16(t, t.len()), 10);
        assert_eq!(byte_to_utf16(t, 7), 5); // inside the emoji: rounds down to its start
        assert_eq!(byte_to_utf16("", 5), 0);
    }

    #[test]
    fn lines_and_columns() {
        assert_eq!(line_col("abc", 2), (0, 2));
        assert_eq!(line_col("ab\ncé\nx", 6), (1, 2));
        assert_eq!(line_col("ab\n", 3), (1, 0));
        assert_eq!(line_col("", 10), (0, 0));
    }

    #[test]
    fn completion_opens_by_itself_only_where_useful() {
        assert!(!auto_opens(&context_at(Lang::PromQL, "", 0)), "empty editor stays quiet until Ctrl+Space");
        assert!(auto_opens(&context_at(Lang::PromQL, "ht", 2)));
        assert!(auto_opens(&context_at(Lang::PromQL, "up{", 3)));
        assert!(auto_opens(&context_at(Lang::PromQL, "up{job=\"", 8)));
        assert!(auto_opens(&context_at(Lang::PromQL, "rate(up[", 8)));
        assert!(!auto_opens(&context_at(Lang::PromQL, "rate(up[5m]) ", 13)));
        assert!(auto_opens(&context_at(Lang::LogQL, "{a=\"b\"} | ", 10)));
    }

    #[test]
    fn list_navigation_wraps() {
        assert_eq!(step(0, 3, 1), 1);
        assert_eq!(step(2, 3, 1), 0);
        assert_eq!(step(0, 3, -1), 2);
        assert_eq!(step(7, 3, 1), 0, "a stale index is clamped first");
        assert_eq!(step(0, 0, 1), 0);
    }

    #[test]
    fn problems_name_their_position() {
        let t = "sum(rate(x[5m])";
        let p = check(Lang::PromQL, t);
        assert_eq!(p.len(), 1);
        assert_eq!(describe_problem(t, &p[0]), "Column 4: `(` is never closed: add `)`");
        let t = "sum(\n  rate(x[5m]]\n)";
        let p = check(Lang::PromQL, t);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(describe_problem(t, &p[1]).starts_with("Line 2, column 13: "), "{p:?}");
    }
}
