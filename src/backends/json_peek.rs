//! A small strict JSON reader (RFC 8259) into a value tree, for the short answers read at start-up (the
//! backend probes) and for error bodies: they need no serde, so the first download carries no JSON
//! deserializer (docs/decisions/0011). Data answers are read by serde in each backend's `convert`;
//! Prometheus' by `prometheus::read`, which borrows this reader's string decoding (and Loki's by
//! `loki::read` on that reader's cursor).

/// A JSON value. Numbers stay text (the probes only check them); objects keep their members in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Deepest nesting read (serde_json's limit too): deeper text is refused, never a stack overflow.
const MAX_DEPTH: usize = 128;

impl Json {
    /// A member of an object (the last one when a key repeats, as serde_json's map keeps it); None for
    /// other values.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Reads one JSON document (whitespace around it allowed); `Err` says at which byte it stops being JSON.
pub fn parse(text: &str) -> Result<Json, String> {
    let mut r = Reader { b: text.as_bytes(), at: 0 };
    let v = r.value(0)?;
    r.blank();
    if r.at < r.b.len() {
        return Err(r.fail("text after the JSON value"));
    }
    Ok(v)
}

/// The character a one-letter escape stands for (`n` for `\n`, …); the OTLP span reader decodes with it too.
pub(crate) fn simple_escape(e: u8) -> Option<char> {
    Some(match e {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

/// A reader over JSON text; Prometheus' reader (`prometheus::read`) borrows its string decoding.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader of `text` from byte `at`.
    pub(crate) fn at(text: &'a str, at: usize) -> Self {
        Reader { b: text.as_bytes(), at }
    }

    /// The byte the reader has reached.
    pub(crate) fn offset(&self) -> usize {
        self.at
    }

    fn fail(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    fn blank(&mut self) {
        while matches!(self.b.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        let ok = self.b[self.at..].starts_with(word);
        if ok {
            self.at += word.len();
        }
        ok
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.fail("JSON nested too deeply"));
        }
        self.blank();
        match self.b.get(self.at) {
            None => Err(self.fail("end of text where a value belongs")),
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.blank();
                if self.eat(b"}") {
                    return Ok(Json::Object(members));
                }
                loop {
                    self.blank();
                    if self.b.get(self.at) != Some(&b'"') {
                        return Err(self.fail("expected a member name"));
                    }
                    let key = self.string()?;
                    self.blank();
                    if !self.eat(b":") {
                        return Err(self.fail("expected ':'"));
                    }
                    members.push((key, self.value(depth + 1)?));
                    self.blank();
                    if self.eat(b"}") {
                        return Ok(Json::Object(members));
                    }
                    if !self.eat(b",") {
                        return Err(self.fail("expected ',' or '}'"));
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.blank();
                if self.eat(b"]") {
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.blank();
                    if self.eat(b"]") {
                        return Ok(Json::Array(items));
                    }
                    if !self.eat(b",") {
                        return Err(self.fail("expected ',' or ']'"));
                    }
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Number),
            _ if self.eat(b"null") => Ok(Json::Null),
            _ if self.eat(b"true") => Ok(Json::Bool(true)),
            _ if self.eat(b"false") => Ok(Json::Bool(false)),
            _ => Err(self.fail("expected a JSON value")),
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.at;
        while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - from
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<String, String> {
        let from = self.at;
        self.eat(b"-");
        let first = self.at;
        match self.digits() {
            0 => return Err(self.fail("expected a digit")),
            n if n > 1 && self.b[first] == b'0' => return Err(self.fail("a number starting with 0")),
            _ => {}
        }
        if self.eat(b".") && self.digits() == 0 {
            return Err(self.fail("expected a digit after '.'"));
        }
        if matches!(self.b.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.b.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("expected a digit in the exponent"));
            }
        }
        Ok(String::from_utf8_lossy(&self.b[from..self.at]).into_owned())
    }

    /// A string starting at the opening quote, escapes decoded (a lone surrogate escape becomes U+FFFD).
    pub(crate) fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.at) else { return Err(self.fail("unterminated string")) };
            self.at += 1;
            match c {
                b'"' => return String::from_utf8(out).map_err(|_| self.fail("invalid UTF-8")),
                b'\\' => {
                    let Some(&e) = self.b.get(self.at) else { return Err(self.fail("unterminated string")) };
                    self.at += 1;
                    let ch = match e {
                        b'u' => {
                            let hi = self.hex4()?;
                            let low = (0xD800..0xDC00).contains(&hi) && self.b[self.at..].starts_with(b"\\u");
                            let code = if low {
                                let save = self.at;
                                self.at += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.at = save;
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => simple_escape(e).ok_or_else(|| self.fail("unknown escape"))?,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1F => return Err(self.fail("control character in a string")),
                _ => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.b.get(self.at..self.at + 4).ok_or_else(|| self.fail("short \\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.fail("bad \\u escape"))?;
        if !text.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(self.fail("bad \\u escape"));
        }
        self.at += 4;
        u32::from_str_radix(text, 16).map_err(|_| self.fail("bad \\u escape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Json {
        Json::Str(v.into())
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(r#" {"a":[1,-2.5e+3,0,true,false,null],"b":{"c":"d"},"a":"last"} "#).unwrap();
        assert_eq!(v.get("a"), Some(&s("last")));
        assert_eq!(v.get("b").and_then(|b| b.get("c")), Some(&s("d")));
        assert_eq!(parse("[1,-2.5e+3,0,true,false,null]").unwrap(), Json::Array(vec![
            Json::Number("1".into()), Json::Number("-2.5e+3".into()), Json::Number("0".into()),
            Json::Bool(true), Json::Bool(false), Json::Null,
        ]));
        assert_eq!(parse("{}").unwrap(), Json::Object(vec![]));
        assert_eq!(parse("[]").unwrap(), Json::Array(vec![]));
        assert_eq!(s("x").get("x"), None);
    }

    #[test]
    fn decodes_string_escapes() {
        // RFC 8259 section 7: the escapes, and U+1D11E (G clef) as the surrogate pair \uD834\uDD1E.
        assert_eq!(parse(r#""a\"b\\c\/d\b\f\n\r\t""#).unwrap(), s("a\"b\\c/d\u{8}\u{c}\n\r\t"));
        assert_eq!(parse(r#""\u00e9\uD834\uDD1E""#).unwrap(), s("é\u{1D11E}"));
        assert_eq!(parse(r#""\uD834x""#).unwrap(), s("\u{FFFD}x"));
        assert_eq!(parse("\"héllo\"").unwrap(), s("héllo"));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in ["", " ", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "01", "1.", "-", "1e", "+1", "'a'", "nul", "\"a",
            "\"\\x\"", "\"\\u12\"", "\"tab\there\"", "{} x", "{a:1}", "[1 2]", "<html>"]
        {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&deep).unwrap_err().contains("deeply"));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&fine).is_ok());
        assert!(parse("[1,").unwrap_err().contains("byte 3"), "{:?}", parse("[1,"));
    }
}
