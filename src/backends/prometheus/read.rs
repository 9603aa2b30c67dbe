//! Prometheus' answers read without serde, straight into the wire values of `wire.rs`: the metrics page then
//! carries no JSON deserializer (docs/decisions/0011). One pass over the text; strings without escapes are
//! borrowed, numbers parsed in place. Reads what serde read before (the host tests compare the two on every
//! recorded answer), refuses what is not JSON with the line and column where it stops being JSON.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::convert::MetricMeta;
use super::wire::{parse_float, ExemplarSeries, HistogramSample, MatrixSeries, QueryData, Sample, StringSample, VectorSample, WireBucket, WireExemplar, WireHistogram};
use crate::telemetry::Labels;

/// Deepest nesting skipped in a value nobody reads (serde_json's limit too).
const MAX_DEPTH: usize = 128;

pub(crate) type Read<T> = Result<T, String>;

/// The envelope's fields besides `data`: `{"status", "errorType", "error", "warnings", "infos"}`.
#[derive(Default)]
pub(crate) struct Head {
    pub status: String,
    pub error_type: Option<String>,
    pub error: Option<String>,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
    /// `data` was there and not `null` (then the reader given to [`envelope`] ran on it).
    pub data: bool,
}

/// Reads a whole answer: the envelope's own fields, and `data` (when present and not `null`) with `data`.
/// Other members are checked as JSON and skipped; nothing may follow the object.
pub(crate) fn envelope(body: &str, data: &mut dyn FnMut(&mut Cur) -> Read<()>) -> Read<Head> {
    let mut c = Cur { s: body, at: 0 };
    let mut head = Head::default();
    c.object(&mut |c, key| {
        match key {
            "status" => head.status = c.string()?.into_owned(),
            "errorType" => head.error_type = c.opt_string()?,
            "error" => head.error = c.opt_string()?,
            "warnings" => head.warnings = c.strings()?,
            "infos" => head.infos = c.strings()?,
            "data" => {
                head.data = !c.null();
                if head.data {
                    data(c)?;
                }
            }
            _ => c.skip(0)?,
        }
        Ok(())
    })?;
    c.blank();
    if c.at < c.s.len() {
        return Err(c.fail("text after the JSON value"));
    }
    Ok(head)
}

/// `data` of a query answer: `{"resultType": ..., "result": ...}` in either order, other members skipped.
pub(crate) fn query_data(c: &mut Cur) -> Read<QueryData> {
    query_data_with(c, query_result)
}

/// [`query_data`] with the result read by `result` (given the result type): Loki's answers add `streams`.
pub(crate) fn query_data_with<T>(c: &mut Cur, result: fn(&mut Cur, &str) -> Read<T>) -> Read<T> {
    let mut kind: Option<String> = None;
    let mut out: Option<T> = None;
    let mut early: Option<usize> = None;
    c.object(&mut |c, key| {
        match key {
            "resultType" => kind = Some(c.string()?.into_owned()),
            "result" => match kind.as_deref() {
                Some(k) => out = Some(result(c, k)?),
                None => {
                    // The result before its type (Prometheus writes the type first): read it again once known.
                    c.blank();
                    early = Some(c.at);
                    c.skip(0)?;
                }
            },
            _ => c.skip(0)?,
        }
        Ok(())
    })?;
    let Some(k) = kind else { return Err(c.fail("the query result has no \"resultType\"")) };
    if let Some(at) = early.filter(|_| out.is_none()) {
        let mut again = Cur { s: c.s, at };
        out = Some(result(&mut again, &k)?);
    }
    out.ok_or_else(|| c.fail("the query result has no \"result\""))
}

pub(crate) fn query_result(c: &mut Cur, kind: &str) -> Read<QueryData> {
    Ok(match kind {
        "matrix" => QueryData::Matrix(c.list(matrix_series)?),
        "vector" => QueryData::Vector(c.list(vector_sample)?),
        "scalar" => QueryData::Scalar(sample(c)?),
        "string" => {
            c.open(b'[', "a [timestamp, \"text\"] pair")?;
            let t = c.number()?;
            c.comma_in_array()?;
            let text = c.string()?.into_owned();
            c.blank();
            if !c.eat(b']') {
                return Err(c.fail("expected ']' after a string result's two values"));
            }
            QueryData::String(StringSample(t, text))
        }
        other => return Err(c.fail(&format!("unknown result type {:?} (expected matrix, vector, scalar or string)", crate::backends::otlp::flex::clip(other, 40)))),
    })
}

fn matrix_series(c: &mut Cur) -> Read<MatrixSeries> {
    let mut s = MatrixSeries { metric: Labels::new(), values: Vec::new(), histograms: Vec::new() };
    c.object(&mut |c, key| {
        match key {
            "metric" => s.metric = labels(c)?,
            "values" => s.values = c.list(sample)?,
            "histograms" => s.histograms = c.list(histogram_sample)?,
            _ => c.skip(0)?,
        }
        Ok(())
    })?;
    Ok(s)
}

fn vector_sample(c: &mut Cur) -> Read<VectorSample> {
    let mut s = VectorSample { metric: Labels::new(), value: None, histogram: None };
    c.object(&mut |c, key| {
        match key {
            "metric" => s.metric = labels(c)?,
            "value" => s.value = if c.null() { None } else { Some(sample(c)?) },
            "histogram" => s.histogram = if c.null() { None } else { Some(histogram_sample(c)?) },
            _ => c.skip(0)?,
        }
        Ok(())
    })?;
    Ok(s)
}

/// `[t, "v"]`, extra elements skipped. `t` may be a string too; an unreadable `t` or `v` is NaN.
fn sample(c: &mut Cur) -> Read<Sample> {
    c.open(b'[', "a [timestamp, \"value\"] pair")?;
    let t = c.num_str()?;
    c.comma_in_array()?;
    let v = c.num_str()?;
    c.rest_of_array()?;
    Ok(Sample { t, v })
}

/// `[t, {"count", "sum", "buckets"}]`, extra elements skipped.
fn histogram_sample(c: &mut Cur) -> Read<HistogramSample> {
    c.open(b'[', "a [timestamp, {histogram}] pair")?;
    let t = c.num_str()?;
    c.comma_in_array()?;
    let mut h = WireHistogram { count: super::wire::NumStr(f64::NAN), sum: super::wire::NumStr(f64::NAN), buckets: Vec::new() };
    c.object(&mut |c, key| {
        match key {
            "count" => h.count.0 = c.num_str()?,
            "sum" => h.sum.0 = c.num_str()?,
            "buckets" => h.buckets = c.list(bucket)?,
            _ => c.skip(0)?,
        }
        Ok(())
    })?;
    c.rest_of_array()?;
    Ok(HistogramSample { t, h })
}

/// `[rule, "lower", "upper", "count"]`, extra elements skipped; a rule other than 0..=3 reads as 255.
fn bucket(c: &mut Cur) -> Read<WireBucket> {
    c.open(b'[', "a [boundary_rule, \"lower\", \"upper\", \"count\"] bucket")?;
    let mut v = [0.0; 4];
    for (i, slot) in v.iter_mut().enumerate() {
        if i > 0 {
            c.comma_in_array()?;
        }
        *slot = c.num_str()?;
    }
    c.rest_of_array()?;
    let rule = if (0.0..=3.0).contains(&v[0]) && v[0].fract() == 0.0 { v[0] as u8 } else { u8::MAX };
    Ok(WireBucket { rule, lower: v[1], upper: v[2], count: v[3] })
}

/// `{"name": "value", ...}`: a later repeat of a name replaces the earlier value.
pub(crate) fn labels(c: &mut Cur) -> Read<Labels> {
    let mut map = BTreeMap::new();
    c.object(&mut |c, key| {
        let key = key.to_string();
        map.insert(key, c.string()?.into_owned());
        Ok(())
    })?;
    Ok(Labels(map))
}

/// One entry of `/api/v1/query_exemplars`' list (`null` entries are None).
pub(crate) fn exemplar_series(c: &mut Cur) -> Read<Option<ExemplarSeries>> {
    if c.null() {
        return Ok(None);
    }
    let mut s = ExemplarSeries { series_labels: Labels::new(), exemplars: Vec::new() };
    c.object(&mut |c, key| {
        match key {
            "seriesLabels" => s.series_labels = labels(c)?,
            "exemplars" => s.exemplars = c.list(exemplar)?,
            _ => c.skip(0)?,
        }
        Ok(())
    })?;
    Ok(Some(s))
}

/// `{"labels":{...},"value":"4.25","timestamp":1795452891.734}`: value and timestamp required.
fn exemplar(c: &mut Cur) -> Read<WireExemplar> {
    let (mut labels_read, mut value, mut timestamp) = (Labels::new(), None, None);
    c.object(&mut |c, key| {
        match key {
            "labels" => labels_read = labels(c)?,
            "value" => value = Some(c.num_str()?),
            "timestamp" => timestamp = Some(c.number()?),
            _ => c.skip(0)?,
        }
        Ok(())
    })?;
    match (value, timestamp) {
        (Some(v), Some(t)) => Ok(WireExemplar { labels: labels_read, value: super::wire::NumStr(v), timestamp: t }),
        (None, _) => Err(c.fail("an exemplar without \"value\"")),
        (_, None) => Err(c.fail("an exemplar without \"timestamp\"")),
    }
}

/// `/api/v1/metadata`'s `{"metric": [{"type","help","unit"}, ...], ...}`: each metric's first entry (none
/// when its list is empty; a repeated metric's later list replaces the earlier one).
pub(crate) fn metadata(c: &mut Cur) -> Read<BTreeMap<String, MetricMeta>> {
    let mut out = BTreeMap::new();
    c.object(&mut |c, name| {
        let mut first: Option<MetricMeta> = None;
        c.each(&mut |c| {
            let mut m = MetricMeta::default();
            c.object(&mut |c, key| {
                match key {
                    "type" => m.kind = c.string()?.into_owned(),
                    "help" => m.help = c.string()?.into_owned(),
                    "unit" => m.unit = c.string()?.into_owned(),
                    _ => c.skip(0)?,
                }
                Ok(())
            })?;
            first.get_or_insert(m);
            Ok(())
        })?;
        match first {
            Some(m) => out.insert(name.to_string(), m),
            None => out.remove(name),
        };
        Ok(())
    })?;
    Ok(out)
}

/// A cursor over the answer's text.
pub(crate) struct Cur<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cur<'a> {
    /// A cursor at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Cur { s: text, at: 0 }
    }

    /// After the value read: nothing but blanks may follow.
    pub(crate) fn end(&mut self) -> Read<()> {
        self.blank();
        if self.at < self.s.len() {
            return Err(self.fail("text after the JSON value"));
        }
        Ok(())
    }

    /// Skips blanks; the next byte, not consumed.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.blank();
        self.b().get(self.at).copied()
    }

    fn b(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    /// `what` and where, as serde_json says it: line and column (1-based, column in bytes).
    pub(crate) fn fail(&self, what: &str) -> String {
        let before = &self.b()[..self.at.min(self.s.len())];
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
        let column = 1 + before.iter().rev().take_while(|&&c| c != b'\n').count();
        format!("{what} at line {line} column {column}")
    }

    pub(crate) fn blank(&mut self) {
        while matches!(self.b().get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    pub(crate) fn eat(&mut self, c: u8) -> bool {
        let ok = self.b().get(self.at) == Some(&c);
        if ok {
            self.at += 1;
        }
        ok
    }

    pub(crate) fn word(&mut self, w: &[u8]) -> bool {
        let ok = self.b()[self.at..].starts_with(w);
        if ok {
            self.at += w.len();
        }
        ok
    }

    /// Skips blanks, then `null` if it is there.
    pub(crate) fn null(&mut self) -> bool {
        self.blank();
        self.word(b"null")
    }

    pub(crate) fn open(&mut self, c: u8, what: &str) -> Read<()> {
        self.blank();
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.fail(&format!("expected {what}")))
        }
    }

    pub(crate) fn comma_in_array(&mut self) -> Read<()> {
        self.blank();
        if self.eat(b',') {
            Ok(())
        } else {
            Err(self.fail("expected ',' (an array with too few values)"))
        }
    }

    /// After an array's last read value: skips any further values and the closing bracket.
    pub(crate) fn rest_of_array(&mut self) -> Read<()> {
        loop {
            self.blank();
            if self.eat(b']') {
                return Ok(());
            }
            if !self.eat(b',') {
                return Err(self.fail("expected ',' or ']'"));
            }
            self.skip(1)?;
        }
    }

    /// An object, each member's value read by `member` (given the name), which must consume it.
    pub(crate) fn object(&mut self, member: &mut dyn FnMut(&mut Self, &str) -> Read<()>) -> Read<()> {
        self.open(b'{', "a JSON object")?;
        self.blank();
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            self.blank();
            if self.b().get(self.at) != Some(&b'"') {
                return Err(self.fail("expected a member name"));
            }
            let key = self.string()?;
            self.blank();
            if !self.eat(b':') {
                return Err(self.fail("expected ':'"));
            }
            member(self, &key)?;
            self.blank();
            if self.eat(b'}') {
                return Ok(());
            }
            if !self.eat(b',') {
                return Err(self.fail("expected ',' or '}'"));
            }
        }
    }

    /// An array (or `null`, read as empty), each value read by `item`.
    pub(crate) fn each(&mut self, item: &mut dyn FnMut(&mut Self) -> Read<()>) -> Read<()> {
        if self.null() {
            return Ok(());
        }
        self.open(b'[', "a JSON array")?;
        self.blank();
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            item(self)?;
            self.blank();
            if self.eat(b']') {
                return Ok(());
            }
            if !self.eat(b',') {
                return Err(self.fail("expected ',' or ']'"));
            }
        }
    }

    /// An array (or `null`) of values read by `item`.
    pub(crate) fn list<T>(&mut self, item: fn(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let mut out = Vec::new();
        self.each(&mut |c| {
            out.push(item(c)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// An array (or `null`) of strings.
    pub(crate) fn strings(&mut self) -> Read<Vec<String>> {
        self.list(|c| c.string().map(Cow::into_owned))
    }

    fn opt_string(&mut self) -> Read<Option<String>> {
        if self.null() {
            return Ok(None);
        }
        self.string().map(|s| Some(s.into_owned()))
    }

    /// A string, borrowed from the text when it holds no escape.
    pub(crate) fn string(&mut self) -> Read<Cow<'a, str>> {
        self.blank();
        if !self.eat(b'"') {
            return Err(self.fail("expected a string"));
        }
        let from = self.at;
        let b = self.b();
        let mut at = from;
        while let Some(&c) = b.get(at) {
            match c {
                b'"' => {
                    self.at = at + 1;
                    return Ok(Cow::Borrowed(&self.s[from..at]));
                }
                b'\\' => break,
                0..=0x1F => {
                    self.at = at;
                    return Err(self.fail("control character in a string"));
                }
                _ => at += 1,
            }
        }
        if at >= b.len() {
            self.at = at;
            return Err(self.fail("unterminated string"));
        }
        // Escapes: decoded by the probes' reader from the opening quote.
        let mut peek = crate::backends::json_peek::Reader::at(self.s, from - 1);
        let text = peek.string().map_err(|_| {
            self.at = peek.offset();
            self.fail("invalid string")
        })?;
        self.at = peek.offset();
        Ok(Cow::Owned(text))
    }

    /// A JSON number's text (`-? digits (. digits)? (e [+-]? digits)?`).
    pub(crate) fn number_text(&mut self) -> Read<&'a str> {
        self.blank();
        let b = self.b();
        let from = self.at;
        let digits = |at: &mut usize| {
            let start = *at;
            while b.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - start
        };
        let mut at = from;
        if b.get(at) == Some(&b'-') {
            at += 1;
        }
        let first = at;
        let n = digits(&mut at);
        if n == 0 || (n > 1 && b[first] == b'0') {
            self.at = at;
            return Err(self.fail("expected a number"));
        }
        if b.get(at) == Some(&b'.') {
            at += 1;
            if digits(&mut at) == 0 {
                self.at = at;
                return Err(self.fail("expected a digit after '.'"));
            }
        }
        if matches!(b.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(b.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                self.at = at;
                return Err(self.fail("expected a digit in the exponent"));
            }
        }
        self.at = at;
        Ok(&self.s[from..at])
    }

    /// A JSON number (not a string).
    fn number(&mut self) -> Read<f64> {
        let text = self.number_text()?;
        Ok(text.parse::<f64>().unwrap_or(f64::NAN))
    }

    /// A float as Prometheus writes it: a string (`"NaN"`, `"+Inf"` too; unreadable text is NaN), a bare
    /// number, or `null` (NaN).
    fn num_str(&mut self) -> Read<f64> {
        self.blank();
        match self.b().get(self.at) {
            Some(b'"') => Ok(parse_float(&self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ if self.word(b"null") => Ok(f64::NAN),
            _ => Err(self.fail("expected a number as a string")),
        }
    }

    /// Checks one value as JSON and passes it.
    pub(crate) fn skip_value(&mut self) -> Read<()> {
        self.skip(0)
    }

    fn skip(&mut self, depth: usize) -> Read<()> {
        if depth > MAX_DEPTH {
            return Err(self.fail("JSON nested too deeply"));
        }
        self.blank();
        match self.b().get(self.at) {
            Some(b'{') => self.object(&mut |c, _| c.skip(depth + 1)),
            Some(b'[') => self.each(&mut |c| c.skip(depth + 1)),
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number_text().map(drop),
            _ if self.word(b"null") || self.word(b"true") || self.word(b"false") => Ok(()),
            _ => Err(self.fail("expected a JSON value")),
        }
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
pub(crate) mod tests;
