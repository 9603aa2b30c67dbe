//! Prettify-JSON for log lines: a line that is one valid JSON object or array is re-indented, keeping its
//! key order and number text exactly as written; anything else is left alone.

use super::log_text;

/// Lines longer than this are not prettified (the shortened view is shown instead).
pub const MAX_PRETTY_BYTES: usize = 1_000_000;
/// Deeper nesting is left on one line (indentation would grow the text quadratically).
pub const MAX_DEPTH: usize = 64;

/// The line re-indented with two spaces, or None when it is not a JSON object/array (or too long or deep).
pub fn pretty(line: &str) -> Option<String> {
    let t = line.trim();
    if t.len() > MAX_PRETTY_BYTES || !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    // Checked as JSON first (without serde: docs/decisions/0011).
    let mut check = crate::backends::prometheus::read::Cur::new(t);
    check.skip_value().and_then(|()| check.end()).ok()?;
    let mut out = String::with_capacity(t.len() * 2);
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let mut chars = t.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // Empty containers stay on one line.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|n| *n == '}' || *n == ']') {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                } else {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// The text a row shows: prettified (when asked and possible) or the line itself, control characters made
/// visible per line, cut at `max` bytes with a note of the full size.
pub fn display_text(line: &str, prettify: bool, max: usize) -> String {
    match prettify.then(|| pretty(line)).flatten() {
        Some(p) => {
            let safe: Vec<String> = p.split('\n').map(log_text::strip_controls).collect();
            let joined = safe.join("\n");
            if joined.len() > max {
                format!("{}… ({} bytes)", log_text::truncate(&joined, max), line.len())
            } else {
                joined
            }
        }
        None => log_text::shorten(line, max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_text_prettifies_or_shortens() {
        assert_eq!(display_text("{\"a\":\"x\\u001b[31m\"}", true, 100), "{\n  \"a\": \"x\\u001b[31m\"\n}");
        assert_eq!(display_text("{\"a\":1}", false, 100), "{\"a\":1}");
        assert_eq!(display_text("plain\u{1b}[1m", true, 100), "plain");
        let long = format!("{{\"a\":\"{}\"}}", "x".repeat(50));
        assert_eq!(display_text(&long, true, 10), format!("{{\n  \"a\": \"… ({} bytes)", long.len()));
    }

    #[test]
    fn objects_are_indented_keeping_order_and_numbers() {
        let p = pretty(r#"{"z":1,"a":{"b":[1, 2.50]},"e":{},"s":"x, {y}: \"q\""}"#).unwrap();
        assert_eq!(
            p,
            "{\n  \"z\": 1,\n  \"a\": {\n    \"b\": [\n      1,\n      2.50\n    ]\n  },\n  \"e\": {},\n  \"s\": \"x, {y}: \\\"q\\\"\"\n}"
        );
        assert_eq!(pretty("[ ]").unwrap(), "[]");
        assert_eq!(pretty("  [1]  ").unwrap(), "[\n  1\n]");
        // Big integers keep every digit.
        assert!(pretty(r#"{"n":123456789012345678901234567890}"#).unwrap().contains("123456789012345678901234567890"));
    }

    #[test]
    fn non_json_and_odd_json_are_left_alone() {
        assert_eq!(pretty("level=info msg=hi"), None);
        assert_eq!(pretty("{\"a\":1"), None);
        assert_eq!(pretty("{\"a\":1} trailing"), None);
        assert_eq!(pretty("\"just a string\""), None);
        assert_eq!(pretty("42"), None);
        assert_eq!(pretty(""), None);
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(pretty(&deep), None, "too deep to indent");
    }

    /// The check without serde takes what serde took, but for nesting past 128 levels (refused; serde skipped
    /// any depth) and lone surrogate escapes (taken; the view keeps the text as written anyway).
    #[test]
    fn what_is_json_is_what_serde_called_json() {
        let lines = ["{}", "[]", r#"{"a":[1,-2.5e+3,0,true,false,null],"b":{"c":"\u00e9\n\/"}}"#, r#"{"a":1,}"#, "[1 2]", r#"{"a":tru}"#,
            r#"{"a":01}"#, r#"{"a":1.}"#, r#"{"a":"x\q"}"#, r#"{"a":"x\u12"}"#, "{\"a\":\"raw\ttab\"}", r#"{"a":"x"} y"#, "{\"a\":\"x\"}{}", r#"{"a":"x""#,
            r#"{"a":NaN}"#, r#"{"a":"\ud83d\ude80"}"#, r#"[{"k":[[["deep"]]]}]"#, "{'a':1}", "{a:1}", r#"{"a" 1}"#];
        for line in lines {
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok();
            assert_eq!(pretty(line).is_some(), serde, "{line}");
        }
        // Every cut of a line: a JSON line only when whole.
        let line = r#"{"level":"info","msg":"retrieved \"docs\"","n":[1,2.5,{"k":null}],"ok":true}"#;
        for n in 0..=line.len() {
            assert_eq!(pretty(&line[..n]).is_some(), serde_json::from_str::<serde::de::IgnoredAny>(&line[..n]).is_ok(), "{}", &line[..n]);
        }
        assert!(pretty(line).is_some());
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(pretty(&nested(60)).is_some() && pretty(&nested(129)).is_none());
    }

    #[test]
    fn recorded_generator_line_prettifies() {
        let body = include_str!("../../tests/fixtures/loki/query_range_streams.json");
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        let line = v["data"]["result"][0]["values"][0][1].as_str().unwrap();
        let p = pretty(line).unwrap();
        assert!(p.lines().count() > 3, "{p}");
        let back: serde_json::Value = serde_json::from_str(&p).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(line).unwrap());
    }
}
