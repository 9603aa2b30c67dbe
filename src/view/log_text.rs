//! Log line text made safe to show: control, bidi and ANSI sequences removed, long lines cut on a char boundary.

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub fn truncate(s: &str, max: usize) -> &str {
    &s[..s.floor_char_boundary(max)]
}

/// A line shortened for the list: at most `max` bytes, with a note of the full size when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        strip_controls(s)
    } else {
        format!("{}… ({} bytes)", strip_controls(truncate(s, max)), s.len())
    }
}

/// Log text is shown as text (never HTML). ANSI escape sequences are dropped; bidi overrides and other
/// control characters become visible placeholders so a line cannot reorder or hide what is around it.
/// Newlines show as `⏎`, tabs are kept.
pub fn strip_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            match chars.peek() {
                // CSI: ESC [ params final-byte
                Some('[') => {
                    chars.next();
                    for d in chars.by_ref() {
                        if ('@'..='~').contains(&d) {
                            break;
                        }
                    }
                }
                // OSC: ESC ] ... BEL or ESC \
                Some(']') => {
                    chars.next();
                    while let Some(d) = chars.next() {
                        if d == '\u{7}' {
                            break;
                        }
                        if d == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}');
        if bidi || (c.is_control() && c != '\t') {
            out.push(if c == '\n' { '⏎' } else { '\u{fffd}' });
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_colour_codes_are_removed() {
        assert_eq!(strip_controls("\u{1b}[31mERROR\u{1b}[0m disk full"), "ERROR disk full");
        assert_eq!(strip_controls("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(strip_controls("a\u{1b}]8;;http://x\u{1b}\\link"), "alink");
    }

    #[test]
    fn bidi_overrides_and_controls_become_visible() {
        assert_eq!(strip_controls("user\u{202e}gnp.exe"), "user\u{fffd}gnp.exe");
        assert_eq!(strip_controls("a\u{0}b\rc\nd\te"), "a\u{fffd}b\u{fffd}c⏎d\te");
    }

    #[test]
    fn html_is_left_as_text() {
        assert_eq!(strip_controls("<script>alert(1)</script>"), "<script>alert(1)</script>");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let s = "é".repeat(10); // 2 bytes each
        assert_eq!(truncate(&s, 5), "éé");
        assert_eq!(truncate(&s, 1), "");
        assert_eq!(truncate("abc", 10), "abc");
        let short = shorten(&"x".repeat(50), 10);
        assert_eq!(short, format!("{}… (50 bytes)", "x".repeat(10)));
    }

    #[test]
    fn unterminated_escape_does_not_hang_or_panic() {
        assert_eq!(strip_controls("x\u{1b}[12;"), "x");
        assert_eq!(strip_controls("x\u{1b}]unterminated"), "x");
        assert_eq!(strip_controls("\u{1b}"), "");
    }
}
