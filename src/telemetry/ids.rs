//! Trace and span identifiers: parsed from hex (any case, leading zeros optional) or base64 (OTLP JSON).

use std::fmt;

/// A 128-bit trace ID. 64-bit IDs are kept as the low half (zero-padded), as Tempo and Jaeger do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TraceId(pub u128);

/// A 64-bit span ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpanId(pub u64);

impl TraceId {
    /// Parses 1–32 hex digits, any case, surrounding whitespace ignored. Tempo's search drops leading zeros,
    /// so shorter IDs are zero-padded on the left.
    pub fn parse_hex(s: &str) -> Option<TraceId> {
        parse_hex_u128(s.trim(), 32).map(TraceId)
    }
    /// Parses a trace ID as written in a wire format: 32/16-hex (any case) or base64 of 16/8 bytes (OTLP JSON
    /// as Tempo writes it).
    pub fn parse_wire(s: &str) -> Option<TraceId> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if let Some(id) = TraceId::parse_hex(s) {
            return Some(id);
        }
        let bytes = decode_b64(s)?;
        match bytes.len() {
            16 | 8 => Some(TraceId(bytes.iter().fold(0u128, |a, b| (a << 8) | *b as u128))),
            _ => None,
        }
    }
    /// The canonical form: 32 lowercase hex digits.
    pub fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

impl SpanId {
    pub fn parse_hex(s: &str) -> Option<SpanId> {
        parse_hex_u128(s.trim(), 16).map(|v| SpanId(v as u64))
    }
    /// 16-hex (any case) or base64 of 8 bytes.
    pub fn parse_wire(s: &str) -> Option<SpanId> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if let Some(id) = SpanId::parse_hex(s) {
            return Some(id);
        }
        let bytes = decode_b64(s)?;
        (bytes.len() == 8).then(|| SpanId(bytes.iter().fold(0u64, |a, b| (a << 8) | *b as u64)))
    }
    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

impl fmt::Display for TraceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl fmt::Display for SpanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

fn parse_hex_u128(s: &str, max_digits: usize) -> Option<u128> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(s, 16).ok()
}

fn decode_b64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(s))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids_pad_and_ignore_case() {
        let a = TraceId::parse_hex("00AbC").unwrap();
        assert_eq!(a.to_hex(), "00000000000000000000000000000abc");
        assert_eq!(TraceId::parse_hex("abc"), Some(a));
        assert_eq!(TraceId::parse_hex("xyz"), None);
        assert_eq!(TraceId::parse_hex(&"1".repeat(33)), None);
        assert_eq!(TraceId::parse_hex(""), None);
    }

    #[test]
    fn base64_ids_from_otlp_json() {
        // 16 bytes 0x00..0x0f
        let id = TraceId::parse_wire("AAECAwQFBgcICQoLDA0ODw==").unwrap();
        assert_eq!(id.to_hex(), "000102030405060708090a0b0c0d0e0f");
        let span = SpanId::parse_wire("AAECAwQFBgc=").unwrap();
        assert_eq!(span.to_hex(), "0001020304050607");
        assert_eq!(SpanId::parse_wire("not base64!"), None);
    }
}
