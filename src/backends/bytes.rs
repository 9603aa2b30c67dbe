//! Byte searches 8 bytes at a time (one `u64` word per step, no SIMD needed): the answers the log readers cut
//! are tens of MB, and most of their bytes are plain text between the few bytes they look for.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `word` below `n` (`n` ≤ 128), as their high bits. The lowest byte marked is always the lowest
/// such byte; bytes above it may be marked wrongly (a borrow), so only "any" and "the first" are to be trusted.
#[inline(always)]
pub fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// The bytes of `word` equal to `c`, as [`below`] marks them (the lowest one exact).
#[inline(always)]
pub fn equal(word: u64, c: u8) -> u64 {
    below(word ^ (ONES * u64::from(c)), 1)
}

/// From `at`, skips the bytes of `b` that `marks` (built from [`below`] and [`equal`]) does not mark, 8 at a
/// time: the index of the first byte it marks, or of the last bytes (fewer than 8) when it marks none before
/// them. Inlined (the release wasm is built for size, where a call per word and per mark would stay a call).
#[inline(always)]
pub fn skip_unmarked(b: &[u8], mut at: usize, marks: impl Fn(u64) -> u64) -> usize {
    while let Some(word) = b.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let m = marks(u64::from_le_bytes(word));
        if m != 0 {
            // The lowest mark is exact: its byte is the first one marked.
            return at + (m.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at
}

/// Whether `a` and `b` hold the same bytes, compared 8 at a time (the wasm's `memcmp` goes byte by byte, behind
/// two calls).
#[inline(always)]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut wa, mut wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |w: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default());
    (&mut wa).zip(&mut wb).all(|(x, y)| word(x) == word(y)) && wa.remainder().iter().zip(wb.remainder()).all(|(x, y)| x == y)
}

/// The index of the first `c` in `b`.
pub fn find(b: &[u8], c: u8) -> Option<usize> {
    let at = skip_unmarked(b, 0, |w| equal(w, c));
    b.get(at..)?.iter().position(|&x| x == c).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_is_found_at_every_place_among_any_bytes() {
        // The first one is found even when bytes beside it borrow (0x0b next to a newline, 0x8a, 0x00).
        for len in 0..40 {
            for at in 0..=len {
                for fill in [b'a', 0x0b, 0x8a, 0x09, 0xff, 0x00] {
                    let mut b = vec![fill; len];
                    let want = (at < len).then(|| {
                        b[at] = b'\n';
                        at
                    });
                    if at + 1 < len {
                        b[at + 1] = b'\n';
                    }
                    assert_eq!(find(&b, b'\n'), want, "{len} {at} {fill}");
                }
            }
        }
    }

    #[test]
    fn skipping_stops_at_the_first_marked_byte() {
        let marks = |w: u64| equal(w, b'"') | below(w, 0x20);
        for len in 0..30 {
            for at in 0..len {
                for hit in [b'"', 0x1f, 0x00, b'\n'] {
                    let mut b = vec![b'x'; len];
                    b[at] = hit;
                    let stop = skip_unmarked(&b, 0, marks);
                    // Stops on it, or on the last bytes if it is among them.
                    assert_eq!(stop, if at < len / 8 * 8 { at } else { len / 8 * 8 }, "{len} {at} {hit}");
                    assert!(b[stop..].contains(&hit));
                    // A second marked byte after it (a borrow's neighbour) does not move the stop.
                    if at + 1 < len {
                        let mut two = b.clone();
                        two[at + 1] = b'"';
                        assert_eq!(skip_unmarked(&two, 0, marks), stop, "{len} {at} {hit} twice");
                    }
                }
            }
            // Bytes at or above the bound, and other bytes, are skipped: only the last bytes are left.
            for plain in [b' ', b'x', 0x7f, 0x80, 0xff, b'\\'] {
                assert_eq!(skip_unmarked(&vec![plain; len], 0, marks), len / 8 * 8, "{len} {plain}");
            }
        }
        assert_eq!(skip_unmarked(b"0123456789abcdefg\"", 3, |w| equal(w, b'"')), 11, "from any start: the last bytes");
        assert_eq!(skip_unmarked(b"0123456789ab\"defghij", 3, |w| equal(w, b'"')), 12, "from any start: on it");
    }

    #[test]
    fn same_bytes_are_told_from_any_other_byte_and_length() {
        let a: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37)).collect();
        for len in 0..=a.len() {
            assert!(same(&a[..len], &a[..len]));
            assert!(same(&a[..len], &a.clone()[..len]), "{len}: a copy");
            if len > 0 {
                assert!(!same(&a[..len], &a[..len - 1]), "{len}: shorter");
            }
            for at in 0..len {
                let mut b = a[..len].to_vec();
                b[at] ^= 0x80;
                assert!(!same(&a[..len], &b), "{len}: byte {at}");
            }
        }
    }

    #[test]
    fn the_lowest_mark_is_exact() {
        for n in [1u8, 0x20, 0x80] {
            for at in 0..8 {
                for below_n in [0u8, n - 1] {
                    let mut bytes = [n; 8];
                    bytes[at] = below_n;
                    let m = below(u64::from_le_bytes(bytes), n);
                    assert_eq!(m.trailing_zeros() / 8, at as u32, "{n} {at} {below_n}");
                }
                assert_eq!(below(u64::from_le_bytes([n; 8]), n), 0);
            }
        }
    }
}
