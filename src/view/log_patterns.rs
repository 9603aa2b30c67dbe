//! Log patterns: Drain-style clustering of loaded lines into templates, variable parts shown as `<_>`.
//! A line is cut into tokens (a word with the delimiters before it); words that look variable (numbers,
//! durations, hex and UUIDs, IPs, ids with many digits) are masked; lines are grouped by token count and
//! their first ten tokens (a prefix tree; a node of more than 16 children sends new words to its `<_>` child), then joined to the most similar template of their group when at
//! least half the tokens agree, the differing positions becoming `<_>`. Each pattern keeps its lines' indices,
//! so filtering to a pattern (or hiding one) is exact, and counts them per time bucket for a sparkline.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small multiply-rotate hasher (as rustc's FxHash) for the tree's token keys: SipHash, the default, is
/// most of the clustering time. Collisions cannot pile up: a node holds at most [`MAX_CHILDREN`] + 1 keys.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// How a variable part is shown.
pub const VAR: &str = "<_>";
/// Tokens of the prefix tree under the token-count level: deep enough to reach the message of a JSON or
/// logfmt line (whose fields would otherwise make unrelated lines similar), as Loki's Drain does.
const DEPTH: usize = 10;
/// Children of one tree node before new keys share the `<_>` child (ids early in a line).
const MAX_CHILDREN: usize = 16;
/// Tokens read from one line; the rest of a longer line is one variable token.
const MAX_TOKENS: usize = 96;
/// Share of agreeing tokens for a line to join a template.
const SIMILARITY: f64 = 0.5;

/// One pattern of the loaded lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The template, variable parts as `<_>`.
    pub text: String,
    /// Indices (as given) of its lines, ascending in input order.
    pub lines: Vec<u32>,
}

impl Pattern {
    pub fn count(&self) -> usize {
        self.lines.len()
    }
}

/// One token of a line: the delimiters before a word, and the word.
#[derive(Clone, Copy)]
struct Tok<'a> {
    prefix: &'a str,
    full: &'a str,
    var: bool,
}

#[derive(Clone, Debug)]
enum TplTok {
    /// The exact text (delimiters and word).
    Lit(Box<str>),
    /// A variable word after these delimiters.
    Var(Box<str>),
}

struct Cluster {
    tokens: Vec<TplTok>,
    lines: Vec<u32>,
}

#[derive(Default)]
struct Node {
    children: FxMap<Box<str>, u32>,
    clusters: Vec<u32>,
}

/// Delimiters between words (ASCII only, so a line is cut on bytes and every cut is a char boundary).
static DELIM: [bool; 256] = {
    let mut t = [false; 256];
    let set = b" \t\n\r\x0b\x0c,;=:\"'`{}[]()<>|";
    let mut i = 0;
    while i < set.len() {
        t[set[i] as usize] = true;
        i += 1;
    }
    t
};

fn is_delim(b: u8) -> bool {
    DELIM[b as usize]
}

/// A word that varies from line to line: a number or duration (starts with a digit or sign), a hex id or
/// UUID, or a word whose bytes are a third or more digits (`u42`, `req-7f3a9c`).
pub fn is_variable(word: &str) -> bool {
    let b = word.as_bytes();
    let Some(&first) = b.first() else { return false };
    let mut digits = 0usize;
    let mut hex = true;
    for &c in b {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !(c.is_ascii_hexdigit() || c == b'-') {
            hex = false;
        }
    }
    if digits == 0 {
        // Hex without digits is rare but possible in long ids.
        return hex && b.len() >= 16;
    }
    first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') || hex || digits * 3 >= b.len()
}

/// Cuts a line into tokens (at most [`MAX_TOKENS`]; a longer rest is one variable token). Trailing
/// delimiters are a last token with an empty word.
fn tokens<'a>(line: &'a str, out: &mut Vec<Tok<'a>>) {
    out.clear();
    let b = line.as_bytes();
    let n = b.len();
    let (mut start, mut i) = (0usize, 0usize);
    while i < n {
        while i < n && is_delim(b[i]) {
            i += 1;
        }
        if i >= n {
            out.push(Tok { prefix: &line[start..], full: &line[start..], var: false });
            return;
        }
        let w = i;
        while i < n && !is_delim(b[i]) {
            i += 1;
        }
        if out.len() + 1 >= MAX_TOKENS && i < n {
            push_rest(out, line, start, w);
            return;
        }
        push(out, line, start, w, i);
        start = i;
    }
}

fn push<'a>(out: &mut Vec<Tok<'a>>, line: &'a str, start: usize, word: usize, end: usize) {
    let (prefix, w) = (&line[start..word], &line[word..end]);
    out.push(Tok { prefix, full: &line[start..end], var: is_variable(w) });
}

fn push_rest<'a>(out: &mut Vec<Tok<'a>>, line: &'a str, start: usize, word: usize) {
    if start < line.len() {
        out.push(Tok { prefix: &line[start..word], full: &line[start..], var: word < line.len() });
    }
}

fn key<'a>(t: &Tok<'a>) -> &'a str {
    if t.var {
        VAR
    } else {
        t.full
    }
}

fn agrees(tpl: &TplTok, t: &Tok) -> bool {
    match tpl {
        TplTok::Lit(s) => !t.var && &**s == t.full,
        TplTok::Var(p) => &**p == t.prefix,
    }
}

/// Clusters `lines` (index, text) into patterns, most lines first (ties by first appearance).
pub fn find_patterns<'a>(lines: impl IntoIterator<Item = (u32, &'a str)>) -> Vec<Pattern> {
    let mut nodes: Vec<Node> = vec![Node::default()];
    let mut by_len: FxMap<usize, u32> = FxMap::default();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut toks: Vec<Tok> = Vec::with_capacity(32);
    for (index, line) in lines {
        tokens(line, &mut toks);
        let len = toks.len();
        let mut node = *by_len.entry(len).or_insert_with(|| {
            nodes.push(Node::default());
            (nodes.len() - 1) as u32
        }) as usize;
        for t in toks.iter().take(DEPTH) {
            let k = key(t);
            let next = match nodes[node].children.get(k) {
                Some(n) => *n,
                None => {
                    let k = if nodes[node].children.len() >= MAX_CHILDREN { VAR } else { k };
                    match nodes[node].children.get(k) {
                        Some(n) => *n,
                        None => {
                            nodes.push(Node::default());
                            let id = (nodes.len() - 1) as u32;
                            nodes[node].children.insert(k.into(), id);
                            id
                        }
                    }
                }
            };
            node = next as usize;
        }
        // The most similar template of the leaf.
        let mut best: Option<(usize, usize)> = None;
        for &c in &nodes[node].clusters {
            let tpl = &clusters[c as usize].tokens;
            let same = tpl.iter().zip(&toks).filter(|(a, b)| agrees(a, b)).count();
            if best.is_none_or(|(_, s)| same > s) {
                best = Some((c as usize, same));
            }
        }
        let joined = best.filter(|(_, same)| len == 0 || *same as f64 >= SIMILARITY * len as f64);
        match joined {
            Some((c, _)) => {
                let cl = &mut clusters[c];
                for (tpl, t) in cl.tokens.iter_mut().zip(&toks) {
                    if !agrees(tpl, t) {
                        let prefix = if common_prefix(tpl, t) { t.prefix } else { "" };
                        *tpl = TplTok::Var(prefix.into());
                    }
                }
                cl.lines.push(index);
            }
            None => {
                let tokens = toks.iter().map(|t| if t.var { TplTok::Var(t.prefix.into()) } else { TplTok::Lit(t.full.into()) }).collect();
                clusters.push(Cluster { tokens, lines: vec![index] });
                nodes[node].clusters.push((clusters.len() - 1) as u32);
            }
        }
    }
    let mut out: Vec<(usize, Pattern)> = clusters
        .into_iter()
        .enumerate()
        .map(|(k, c)| (k, Pattern { text: render(&c.tokens), lines: c.lines }))
        .collect();
    crate::sort::by(&mut out, |a, b| b.1.lines.len().cmp(&a.1.lines.len()).then(a.0.cmp(&b.0)));
    // Two templates can end up with the same text (different token counts never do; a `<_>` prefix fallback
    // can): keep them apart but in order.
    out.into_iter().map(|(_, p)| p).collect()
}

fn common_prefix(tpl: &TplTok, t: &Tok) -> bool {
    match tpl {
        TplTok::Var(p) => &**p == t.prefix,
        TplTok::Lit(s) => s.starts_with(t.prefix) && !s.as_bytes().get(t.prefix.len()).is_some_and(|&b| is_delim(b)),
    }
}

fn render(tokens: &[TplTok]) -> String {
    let mut s = String::new();
    for t in tokens {
        match t {
            TplTok::Lit(x) => s.push_str(x),
            TplTok::Var(p) => {
                s.push_str(p);
                s.push_str(VAR);
            }
        }
    }
    s
}

/// Lines per time bucket over `[start_ns, end_ns]` (`n` buckets; lines outside go to the nearest end), for
/// a sparkline. `ts_of` gives the time of a line index.
pub fn sparkline(lines: &[u32], ts_of: impl Fn(u32) -> Option<i64>, start_ns: i64, end_ns: i64, n: usize) -> Vec<u32> {
    let mut out = vec![0u32; n];
    if n == 0 {
        return out;
    }
    let span = (end_ns as i128 - start_ns as i128).max(1);
    for &i in lines {
        let Some(ts) = ts_of(i) else { continue };
        let k = ((ts as i128 - start_ns as i128) * n as i128 / span).clamp(0, n as i128 - 1) as usize;
        out[k] += 1;
    }
    out
}

/// The polyline of a sparkline `w`×`h` pixels (`x,y x,y …`), highest bucket at the top.
pub fn sparkline_points(buckets: &[u32], w: f64, h: f64) -> String {
    let max = buckets.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = if buckets.len() > 1 { w / (buckets.len() - 1) as f64 } else { 0.0 };
    buckets
        .iter()
        .enumerate()
        .map(|(k, v)| format!("{:.1},{:.1}", k as f64 * step, h - (*v as f64 / max) * (h - 1.0) - 0.5))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which lines the list keeps: those of `only` (a pattern's text) if given, else all but those of the
/// `hidden` patterns. `None` when nothing is restricted.
pub fn keep_mask(patterns: &[Pattern], total: usize, only: Option<&str>, hidden: &[String]) -> Option<Vec<bool>> {
    if only.is_none() && hidden.is_empty() {
        return None;
    }
    let mut keep = vec![only.is_none(); total];
    for p in patterns {
        let set = match only {
            Some(o) if p.text == o => Some(true),
            None if hidden.iter().any(|h| *h == p.text) => Some(false),
            _ => None,
        };
        if let Some(v) = set {
            for &i in &p.lines {
                if let Some(k) = keep.get_mut(i as usize) {
                    *k = v;
                }
            }
        }
    }
    Some(keep)
}

#[cfg(test)]
#[path = "log_patterns_tests.rs"]
mod tests;
