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

/// The characters of `s` that are outside quoted strings (`"…"`, `'…'`, `` `…` ``, with `\` escapes inside),
/// with their byte offsets; the quotes themselves are skipped. For finding the bracket or comma that ends
/// a part of a query without being fooled by the same character inside a string.
pub fn outside_quotes(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    s.char_indices().filter(move |&(_, c)| {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            return false;
        }
        if matches!(c, '"' | '\'' | '`') {
            quote = Some(c);
            return false;
        }
        true
    })
}

#[cfg(test)]
mod outside_tests {
    use super::outside_quotes;

    #[test]
    fn skips_strings_and_escaped_quotes() {
        let s = r#"a{b="}\"}",c=`x}`}d"#;
        let kept: String = outside_quotes(s).map(|(_, c)| c).collect();
        assert_eq!(kept, "a{b=,c=}d");
        let first_close = outside_quotes(s).find(|&(_, c)| c == '}').map(|(i, _)| i);
        assert_eq!(first_close, Some(s.len() - 2));
    }
}
