//! Loki's answers read without serde, on Prometheus' cursor (`prometheus::read`): a query's `data` (log
//! streams, or a metric query's matrix/vector/scalar/string through Prometheus' own reader) and a tail
//! message, straight into the wire values of `wire.rs`. The logs page then carries no serde reader of Loki's
//! (docs/decisions/0011). Reads what serde read (the host tests compare the two on every recorded answer).

use super::wire::{parse_ns, Categories, Entry, Stream};
use crate::backends::prometheus::read::{self, Cur, Read};
use crate::backends::prometheus::wire::QueryData as PromData;
use crate::telemetry::{shared_name, Fields, Labels};

/// A query's `data`: log lines, or numbers for a metric query.
pub(crate) enum Data {
    Streams(Vec<Stream>),
    Metric(PromData),
}

/// `data` of `/loki/api/v1/query_range` and `/query`: `{"resultType", "result"}` in either order, other
/// members (`stats`, `encodingFlags`) skipped.
pub(crate) fn query_data(c: &mut Cur) -> Read<Data> {
    read::query_data_with(c, |c, kind| match kind {
        "streams" => Ok(Data::Streams(c.list(stream)?)),
        _ => read::query_result(c, kind).map(Data::Metric),
    })
}

/// One tail message, `{"streams": [...], "dropped_entries": [...]}`: the streams and how many entries were
/// dropped (either may be missing or `null`). Nothing may follow the object.
pub(crate) fn tail(text: &str) -> Read<(Vec<Stream>, usize)> {
    let mut c = Cur::new(text);
    let (mut streams, mut dropped) = (Vec::new(), 0usize);
    c.object(&mut |c, key| {
        match key {
            "streams" => streams = c.list(stream)?,
            "dropped_entries" => {
                dropped = 0;
                c.each(&mut |c| {
                    dropped += 1;
                    c.skip_value()
                })?;
            }
            _ => c.skip_value()?,
        }
        Ok(())
    })?;
    c.end()?;
    Ok((streams, dropped))
}

/// `{"stream": {labels}, "values": [[ts, line], ...]}`, either member missing (empty), `values` `null` too.
fn stream(c: &mut Cur) -> Read<Stream> {
    let mut s = Stream { stream: Labels::new(), values: Vec::new() };
    c.object(&mut |c, key| {
        match key {
            "stream" => s.stream = read::labels(c)?,
            "values" => s.values = c.list(entry)?,
            _ => c.skip_value()?,
        }
        Ok(())
    })?;
    Ok(s)
}

/// `["<ns>", "<line>"]`, or `["<ns>", "<line>", {"structuredMetadata": {..}, "parsed": {..}}]`: a third
/// element that is not an object, and any further ones, are skipped.
fn entry(c: &mut Cur) -> Read<Entry> {
    c.open(b'[', "a [timestamp, line] array")?;
    let ts_ns = timestamp(c)?;
    c.comma_in_array()?;
    let line = c.string()?.into_owned();
    let mut categories = None;
    if c.peek() == Some(b',') {
        c.eat(b',');
        if c.peek() == Some(b'{') {
            categories = Some(categories_of(c)?);
        } else {
            c.skip_value()?;
        }
    }
    c.rest_of_array()?;
    Ok(Entry { ts_ns, line, categories })
}

/// A nanosecond timestamp: a string of digits (as Loki writes it), an integer, or `null`. None when it is
/// unreadable: other text, a fraction or exponent (no nanosecond precision), out of range, or `-0` (serde
/// reads that as a float).
fn timestamp(c: &mut Cur) -> Read<Option<i64>> {
    match c.peek() {
        Some(b'"') => Ok(parse_ns(&c.string()?)),
        Some(b'-' | b'0'..=b'9') => {
            let text = c.number_text()?;
            Ok(integer(text).filter(|&n| n != 0 || !text.starts_with('-')))
        }
        _ if c.null() => Ok(None),
        _ => Err(c.fail("expected a nanosecond timestamp")),
    }
}

/// A JSON number's text as an integer: None when it has a fraction or exponent, or does not fit.
fn integer(text: &str) -> Option<i64> {
    if text.contains(['.', 'e', 'E']) {
        return None;
    }
    text.parse::<i64>().ok()
}

/// The third element of a categorized entry.
fn categories_of(c: &mut Cur) -> Read<Categories> {
    let mut out = Categories::default();
    c.object(&mut |c, key| {
        match key {
            "structuredMetadata" => out.structured_metadata = label_map(c)?,
            "parsed" => out.parsed = label_map(c)?,
            _ => c.skip_value()?,
        }
        Ok(())
    })?;
    Ok(out)
}

/// A label map (or `null`): string values kept, numbers and booleans as text (a number as Loki wrote it:
/// serde wrote an integer the same way, a fraction in its own shortest form), other values skipped. Names are
/// shared between lines.
fn label_map(c: &mut Cur) -> Read<Fields> {
    let mut out = Fields::new();
    if c.null() {
        return Ok(out);
    }
    c.object(&mut |c, key| {
        let name = shared_name(key);
        match c.peek() {
            Some(b'"') => out.insert(name, c.string()?.into_owned()),
            Some(b'-' | b'0'..=b'9') => out.insert(name, c.number_text()?),
            _ if c.word(b"true") => out.insert(name, "true"),
            _ if c.word(b"false") => out.insert(name, "false"),
            _ => c.skip_value()?,
        }
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
