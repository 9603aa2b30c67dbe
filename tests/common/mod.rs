//! Shared helpers of the robustness tests: a seeded PRNG, a JSON-aware text mutator that always yields valid
//! UTF-8, and a runner that catches panics and reports the failing case with its seed.
#![allow(dead_code)]

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    static PARSED_OK: Cell<usize> = const { Cell::new(0) };
}

/// Counts a case whose input was accepted (so a fuzz run can check it did not only exercise error paths).
pub fn parsed_ok() {
    PARSED_OK.with(|c| c.set(c.get() + 1));
}

/// The number of accepted cases on this thread since the last call.
pub fn take_parsed_ok() -> usize {
    PARSED_OK.with(|c| c.replace(0))
}

/// SplitMix64: tiny, seedable, good enough to spread mutations.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn i64(&mut self) -> i64 {
        self.next_u64() as i64
    }
}

/// Odd single characters: controls, bidi overrides, zero-width, surrogate-adjacent, emoji, JSON syntax.
pub const NASTY_CHARS: &[char] = &[
    '\0', '\u{1}', '\u{7}', '\u{8}', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{ad}',
    '\u{200b}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}',
    '\u{2067}', '\u{2068}', '\u{2069}', '\u{061c}', '\u{feff}', '\u{fffd}', '\u{fffe}', '\u{ffff}', '\u{10ffff}', '\u{d7ff}',
    '\u{e000}', 'é', 'ß', 'İ', 'ﬃ', '𝔘', '😀', '🏳', '👩', '\u{0301}', '\u{0627}', '\u{05d0}', '中', '"', '\\', '{', '}', '[',
    ']', ',', ':', '<', '>', '&', '\'', '/', '%', '#', '?', '=', '.', '-', '+', 'e', 'E', '0', '9', ' ',
];

/// Replacement texts for a number token (they may break the JSON on purpose).
pub const NUMBER_SUBS: &[&str] = &[
    "1e999", "-1e999", "1e-999", "NaN", "\"NaN\"", "\"+Inf\"", "\"-Inf\"", "Infinity", "-0", "0", "-1", "1.5", "0.0000001",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
    "18446744073709551616", "340282366920938463463374607431768211456", "99999999999999999999999999999999999999999",
    "1.7976931348623157e308", "4.9e-324", "\"\"", "\" 12 \"", "\"12abc\"", "null", "true", "false", "[]", "{}", "\"0x10\"",
    "1e18", "-1e18", "1e15", "2e9", "253402300800", "-62135596800",
];

/// Replacement contents for a string literal (inside the quotes; JSON-escaped where needed).
pub fn string_subs(rng: &mut Rng) -> String {
    match rng.below(16) {
        0 => String::new(),
        1 => "x".repeat(10_000 + rng.below(90_000)),
        2 => "\\u202egnp.exe\\u202c".into(),
        3 => "\\u0000\\u0001\\u001b[31mred\\u001b[0m".into(),
        4 => "👩\u{200d}👩\u{200d}👧\u{200d}👦🏳\u{fe0f}\u{200d}🌈".into(),
        5 => "zz".into(),
        6 => "0".repeat(40),
        7 => "-1".into(),
        8 => "ffffffffffffffffffffffffffffffffffff".into(),
        9 => "<script>alert(1)</script>".into(),
        10 => "\\ud800".into(),
        11 => "\\\\".into(),
        12 => "SPAN_KIND_SERVER".into(),
        13 => "00000000000000000000000000000000".into(),
        14 => "é".repeat(1 + rng.below(3000)),
        _ => "  ".into(),
    }
}

/// Applies 1..=3 random mutations to `src`. Works on chars, so the result is always valid UTF-8.
pub fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut s: Vec<char> = src.chars().collect();
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        mutate_once(rng, &mut s);
    }
    s.into_iter().collect()
}

fn random_range(rng: &mut Rng, len: usize, max: usize) -> (usize, usize) {
    let a = rng.below(len + 1);
    let b = (a + 1 + rng.below(max.max(1))).min(len);
    (a, b.max(a))
}

/// Char ranges of JSON-looking number tokens (`-12.5e3`).
fn numbers(s: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if s[i].is_ascii_digit() || (s[i] == '-' && s.get(i + 1).is_some_and(|c| c.is_ascii_digit())) {
            let st = i;
            i += 1;
            while i < s.len() && (s[i].is_ascii_digit() || matches!(s[i], '.' | 'e' | 'E' | '+' | '-')) {
                i += 1;
            }
            out.push((st, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Char ranges of the contents of string literals (between the quotes), escapes respected.
fn strings(s: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if s[i] == '"' {
            let st = i + 1;
            i += 1;
            while i < s.len() && s[i] != '"' {
                if s[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push((st, i.min(s.len())));
        }
        i += 1;
    }
    out
}

/// Char ranges of balanced `{…}` / `[…]` fragments starting at a random bracket (at most `tries` looked at).
fn fragment(rng: &mut Rng, s: &[char]) -> Option<(usize, usize)> {
    let opens: Vec<usize> = s.iter().enumerate().filter(|(_, c)| matches!(c, '{' | '[')).map(|(i, _)| i).collect();
    if opens.is_empty() {
        return None;
    }
    let st = *rng.pick(&opens);
    let mut depth = 0i64;
    let mut in_str = false;
    let mut i = st;
    while i < s.len() {
        let c = s[i];
        if in_str {
            if c == '\\' {
                i += 1;
            } else if c == '"' {
                in_str = false;
            }
        } else {
            match c {
                '"' => in_str = true,
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((st, i + 1));
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

fn splice(s: &mut Vec<char>, range: (usize, usize), with: &str) {
    let (a, b) = (range.0.min(s.len()), range.1.min(s.len()));
    s.splice(a..b.max(a), with.chars());
}

fn mutate_once(rng: &mut Rng, s: &mut Vec<char>) {
    let len = s.len();
    match rng.below(16) {
        // Flip one char into a nasty one.
        0 | 1 if len > 0 => {
            let i = rng.below(len);
            s[i] = *rng.pick(NASTY_CHARS);
        }
        // Any Unicode scalar value.
        2 if len > 0 => {
            let i = rng.below(len);
            let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
            s[i] = c;
        }
        // Truncate.
        3 => {
            let at = rng.below(len + 1);
            s.truncate(at);
        }
        // Delete a range.
        4 => {
            let (a, b) = random_range(rng, len, 40);
            s.drain(a..b);
        }
        // Duplicate a JSON fragment next to itself or elsewhere.
        5 => {
            if let Some((a, b)) = fragment(rng, s) {
                if b - a <= 20_000 {
                    let frag: Vec<char> = s[a..b].to_vec();
                    let at = if rng.chance(50) { b } else { rng.below(len + 1) };
                    let mut with = frag;
                    if rng.chance(50) {
                        with.insert(0, ',');
                    }
                    s.splice(at..at, with);
                }
            }
        }
        // Remove a JSON fragment.
        6 => {
            if let Some((a, b)) = fragment(rng, s) {
                s.drain(a..b);
            }
        }
        // Swap two JSON fragments (when they do not overlap).
        7 => {
            if let (Some(x), Some(y)) = (fragment(rng, s), fragment(rng, s)) {
                let (first, second) = if x.0 < y.0 { (x, y) } else { (y, x) };
                if first.1 <= second.0 {
                    let f: Vec<char> = s[first.0..first.1].to_vec();
                    let g: Vec<char> = s[second.0..second.1].to_vec();
                    s.splice(second.0..second.1, f);
                    s.splice(first.0..first.1, g);
                }
            }
        }
        // Replace a number.
        8 | 9 => {
            let nums = numbers(s);
            if !nums.is_empty() {
                let r = *rng.pick(&nums);
                let with = if rng.chance(20) { format!("{}", rng.i64()) } else { rng.pick(NUMBER_SUBS).to_string() };
                splice(s, r, &with);
            }
        }
        // Replace a string's contents.
        10 | 11 => {
            let strs = strings(s);
            if !strs.is_empty() {
                let r = *rng.pick(&strs);
                let with = string_subs(rng);
                splice(s, r, &with);
            }
        }
        // A value (after a colon) becomes null / another type.
        12 => {
            let colons: Vec<usize> = s.iter().enumerate().filter(|(_, c)| **c == ':').map(|(i, _)| i).collect();
            if !colons.is_empty() {
                let at = *rng.pick(&colons) + 1;
                let mut end = at;
                let mut depth = 0i64;
                let mut in_str = false;
                while end < s.len() {
                    let c = s[end];
                    if in_str {
                        if c == '\\' {
                            end += 1;
                        } else if c == '"' {
                            in_str = false;
                        }
                    } else {
                        match c {
                            '"' => in_str = true,
                            '{' | '[' => depth += 1,
                            '}' | ']' if depth == 0 => break,
                            '}' | ']' => depth -= 1,
                            ',' if depth == 0 => break,
                            _ => {}
                        }
                    }
                    end += 1;
                }
                let with = *rng.pick(&["null", "[]", "{}", "\"\"", "0", "true", "[null]", "{\"a\":null}", "\"x\""]);
                splice(s, (at, end.min(s.len())), with);
            }
        }
        // Deep nesting.
        13 => {
            let at = rng.below(len + 1);
            let depth = if rng.chance(50) { 10_000 } else { 100 + rng.below(200) };
            let open = if rng.chance(50) { '[' } else { '{' };
            let mut with: Vec<char> = Vec::with_capacity(depth);
            for _ in 0..depth {
                with.push(open);
                if open == '{' {
                    with.extend("\"a\":".chars());
                }
            }
            s.splice(at..at, with);
        }
        // Insert a raw token.
        14 => {
            let at = rng.below(len + 1);
            let tok = *rng.pick(&["null", ",", "}", "]", "\"", "\\u0000", "\\ud800", "\\", "{}", "[]", ":", "NaN", "\u{feff}", "<"]);
            s.splice(at..at, tok.chars());
        }
        // Duplicate a random char range (keys repeated, text doubled).
        _ => {
            let (a, b) = random_range(rng, len, 200);
            let part: Vec<char> = s[a..b].to_vec();
            s.splice(b..b, part);
        }
    }
}

/// Clips text for a failure report.
pub fn clip(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max_chars).collect();
        out.push_str(&format!("… ({} bytes in all)", s.len()));
        out
    }
}

/// Collects failures of many cases; `finish` fails the test with all of them (at most 20 shown).
#[derive(Default)]
pub struct Report {
    pub name: String,
    pub cases: usize,
    pub failures: Vec<String>,
}

impl Report {
    pub fn new(name: &str) -> Report {
        Report { name: name.to_string(), ..Default::default() }
    }

    /// Runs one case: `f` returns `Err(why)` for a broken invariant; a panic is caught and reported too.
    pub fn case(&mut self, seed: u64, input: &str, f: impl FnOnce() -> Result<(), String>) {
        self.cases += 1;
        let outcome = catch_unwind(AssertUnwindSafe(f));
        let why = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(why)) => why,
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "(non-text panic)".into());
                format!("PANIC: {msg}")
            }
        };
        self.failures.push(format!("[{}] seed {seed:#x}: {why}\n  input: {:?}", self.name, clip(input, 600)));
    }

    pub fn finish(self) -> usize {
        if !self.failures.is_empty() {
            let shown: Vec<&String> = self.failures.iter().take(20).collect();
            panic!(
                "{} of {} cases of {} failed:\n{}",
                self.failures.len(),
                self.cases,
                self.name,
                shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
            );
        }
        self.cases
    }
}

/// A seed per (test, case) so any failure can be replayed alone.
pub fn seed_of(test: &str, case: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in test.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h ^ (case as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Checks an error's text is a real sentence (not empty, not only whitespace).
pub fn display_ok<E: std::fmt::Display>(e: &E) -> Result<(), String> {
    let text = e.to_string();
    if text.trim().is_empty() {
        Err("error with an empty message".into())
    } else {
        Ok(())
    }
}

/// The fixture files of one backend folder, as (file name, text).
pub fn fixtures(dir: &str) -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}
