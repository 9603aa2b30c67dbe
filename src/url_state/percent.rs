//! Percent-encoding for the fragment, and tolerant decoding of what a browser or a person put there.

/// Appends `s` percent-encoded for a fragment query value or path segment. Left as is: RFC 3986 unreserved
/// characters plus `:` `,` `@` (and `/` when `keep_slash`); everything else is `%XX` (UTF-8 bytes), so `&`,
/// `=`, `+`, `#`, `%`, spaces, quotes, braces and brackets can never change the URL's structure.
pub fn encode_into(s: &str, out: &mut String, keep_slash: bool) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b',' | b'@' => {
                out.push(char::from(b))
            }
            b'/' if keep_slash => out.push('/'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
}

/// Decodes `%XX` escapes and `+` (as a space). A `%` not followed by two hex digits stays literal; bytes
/// that are not UTF-8 become U+FFFD. Never fails.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1).and_then(|h| hex_val(*h)).zip(bytes.get(i + 2).and_then(|l| hex_val(*l)));
                if let Some((h, l)) = hex {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `k=v&k2=v2` → decoded pairs in order; empty pieces are skipped, a piece without `=` has an empty value.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode_component(k), decode_component(v)),
            None => (decode_component(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        let mut o = String::new();
        encode_into(s, &mut o, false);
        o
    }

    #[test]
    fn encodes_everything_structural() {
        assert_eq!(enc("rate(x[5m])"), "rate%28x%5B5m%5D%29");
        assert_eq!(enc("a&b=c+d #e%f"), "a%26b%3Dc%2Bd%20%23e%25f");
        assert_eq!(enc("{a=\"b\"} |= \"é\""), "%7Ba%3D%22b%22%7D%20%7C%3D%20%22%C3%A9%22");
        assert_eq!(enc("now-1h:a,b@c/d"), "now-1h:a,b@c%2Fd");
        let mut o = String::new();
        encode_into("now/d", &mut o, true);
        assert_eq!(o, "now/d");
    }

    #[test]
    fn decodes_tolerantly() {
        assert_eq!(decode_component("a%20b+c"), "a b c");
        assert_eq!(decode_component("%C3%A9%e2%9c%93"), "é✓");
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
        assert_eq!(decode_component("%FF%FE"), "\u{FFFD}\u{FFFD}");
        assert_eq!(decode_component("%C3"), "\u{FFFD}");
        assert_eq!(decode_component("é raw"), "é raw");
        for s in ["", "%", "%%", "+", "a=b&c", "\u{1F600}%F0%9F%98%80"] {
            assert_eq!(decode_component(&enc(s)), s);
        }
    }

    #[test]
    fn splits_queries() {
        assert_eq!(
            parse_query("a=1&&b&c=x%3Dy=z&=v"),
            vec![("a".into(), "1".into()), ("b".into(), "".into()), ("c".into(), "x=y=z".into()), ("".into(), "v".into())]
        );
        assert!(parse_query("").is_empty());
    }
}
