//! String literals for PromQL and LogQL (both use Go's syntax): the one quoting function every query
//! builder uses.

/// A double-quoted string for any text, with Go escapes: `\\`, `\"`, `\n`, `\r`, `\t`, `\u00XX` for other
/// control characters. Non-ASCII text is kept as is.
pub fn quote_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote_string;

    #[test]
    fn escapes_what_go_strings_need() {
        assert_eq!(quote_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote_string("l1\nl2\tx\r\u{1}"), r#""l1\nl2\tx\r\u0001""#);
        assert_eq!(quote_string("日本 ✓"), "\"日本 ✓\"");
        assert_eq!(quote_string(""), "\"\"");
    }
}
