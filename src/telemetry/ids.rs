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

/// Up to `max_digits` hex digits (any case), nothing else. One pass in 64-bit halves: a 250k-span trace reads
/// three IDs a span.
fn parse_hex_u128(s: &str, max_digits: usize) -> Option<u128> {
    hex_bytes_u128(s.as_bytes(), max_digits)
}

/// Not inlined: one copy of its two digit loops serves every ID reader (the trace page is size-budgeted).
fn hex_bytes_u128(b: &[u8], max_digits: usize) -> Option<u128> {
    if b.is_empty() || b.len() > max_digits {
        return None;
    }
    let (hi, lo) = b.split_at(b.len().saturating_sub(16));
    Some((u128::from(hex_u64(hi)?) << 64) | u128::from(hex_u64(lo)?))
}

impl TraceId {
    /// [`TraceId::parse_wire`] for the common case, from bytes not yet checked as UTF-8: 1–32 hex digits
    /// (surrounding ASCII whitespace ignored); `None` when the full `parse_wire` must decide (base64, odd text).
    #[inline]
    pub fn parse_hex_bytes(b: &[u8]) -> Option<TraceId> {
        hex_bytes_u128(b.trim_ascii(), 32).map(TraceId)
    }
}

impl SpanId {
    /// [`SpanId::parse_wire`] for the common case, from bytes not yet checked as UTF-8 (see
    /// [`TraceId::parse_hex_bytes`]).
    #[inline]
    pub fn parse_hex_bytes(b: &[u8]) -> Option<SpanId> {
        hex_bytes_u128(b.trim_ascii(), 16).map(|v| SpanId(v as u64))
    }
}

/// Each byte's hex value, 0xFF for a byte that is no hex digit.
static HEX_DIGIT: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// At most 16 hex digits (none is 0). A table and no branch per digit, inlined: in the size-optimised wasm a
/// `try_fold` with a closure stayed a call per digit, and a 250k-span trace has 16M digits.
#[inline(always)]
fn hex_u64(b: &[u8]) -> Option<u64> {
    let mut acc = 0u64;
    let mut bad = 0u8;
    for &c in b {
        let d = HEX_DIGIT[usize::from(c)];
        bad |= d;
        acc = (acc << 4) | u64::from(d & 0x0F);
    }
    // Digits are 0..=15; only a non-digit's 0xFF sets the high bit.
    (bad & 0x80 == 0).then_some(acc)
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
    fn every_byte_is_a_hex_digit_exactly_when_the_standard_says_so() {
        for b in 0..=255u8 {
            let std = char::from(b).is_ascii().then(|| char::from(b).to_digit(16)).flatten().map(u64::from);
            assert_eq!(hex_u64(&[b]), std, "byte {b:#04x}");
            assert_eq!(hex_u64(&[b'f', b]), std.map(|d| 0xf0 | d), "byte {b:#04x} after a digit");
        }
    }

    #[test]
    fn ids_from_bytes_are_the_hex_ids_of_the_text() {
        for t in ["00AbC", " 0123456789abcdefFEDCBA9876543210\n", "1ffffffffffffffff", "", " ", "xyz", "+1", "0x1", "é", "AAECAwQFBgc="] {
            assert_eq!(TraceId::parse_hex_bytes(t.as_bytes()), TraceId::parse_hex(t), "{t:?}");
            assert_eq!(SpanId::parse_hex_bytes(t.as_bytes()), SpanId::parse_hex(t), "{t:?}");
        }
        // Bytes that are no UTF-8 are no hex either.
        assert_eq!(SpanId::parse_hex_bytes(b"00\xff1"), None);
    }

    #[test]
    fn hex_ids_read_both_halves_of_32_digits() {
        let t = TraceId::parse_hex("0123456789abcdefFEDCBA9876543210").unwrap();
        assert_eq!(t, TraceId(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210));
        assert_eq!(TraceId::parse_hex("0123456789abcdeg0000000000000000"), None, "a bad digit in the high half");
        assert_eq!(TraceId::parse_hex("00000000000000000123456789abcdeg"), None, "a bad digit in the low half");
        assert_eq!(TraceId::parse_hex("1ffffffffffffffff"), Some(TraceId(0x1_ffff_ffff_ffff_ffff)), "17 digits");
        assert_eq!(SpanId::parse_hex("FFFFFFFFFFFFFFFF"), Some(SpanId(u64::MAX)));
        assert_eq!(SpanId::parse_hex(&"1".repeat(17)), None);
        assert_eq!(SpanId::parse_hex("+1"), None, "a sign is no digit");
        assert_eq!(SpanId::parse_hex("é"), None);
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
