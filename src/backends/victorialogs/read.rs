//! VictoriaLogs' answers read without serde, on Prometheus' cursor (`prometheus::read`): a query line the
//! in-place reader (`fast.rs`) leaves to the full way (numbers, nulls, nested values, escaped names, surrogate
//! escapes), hits and the field name/value lists. The logs page then carries no JSON deserializer
//! (docs/decisions/0011). Reads what serde read (the host tests compare the two on every recorded answer);
//! where they part is said at each reader.

use std::borrow::Cow;

use super::wire::{HitSeries, Hits, Row};
use crate::backends::prometheus::read::{self, Cur, Read};
use crate::telemetry::Labels;

/// One query line: an object of fields, each value as text (strings decoded, numbers as written, booleans
/// written out; `None` for null, arrays and objects); nothing may follow the object. Unlike serde, a lone
/// surrogate escape reads as U+FFFD (the line is kept) and a number keeps its written text (`1.50`, `1e3`).
pub(crate) fn row(line: &str) -> Read<Row<'_>> {
    let mut c = Cur::new(line);
    let mut fields = Vec::new();
    c.open(b'{', "a JSON object of fields")?;
    if c.peek() != Some(b'}') {
        loop {
            if c.peek() != Some(b'"') {
                return Err(c.fail("expected a field name"));
            }
            let name = c.string()?;
            if c.peek() != Some(b':') {
                return Err(c.fail("expected ':'"));
            }
            c.eat(b':');
            fields.push((name, field_text(&mut c)?));
            match c.peek() {
                Some(b',') => {
                    c.eat(b',');
                }
                Some(b'}') => break,
                _ => return Err(c.fail("expected ',' or '}'")),
            }
        }
    }
    c.eat(b'}');
    c.end()?;
    Ok(Row(fields))
}

/// A field's value as text, see [`row`].
fn field_text<'a>(c: &mut Cur<'a>) -> Read<Option<Cow<'a, str>>> {
    Ok(match c.peek() {
        Some(b'"') => Some(c.string()?),
        Some(b'-' | b'0'..=b'9') => Some(Cow::Borrowed(c.number_text()?)),
        _ if c.word(b"true") => Some(Cow::Borrowed("true")),
        _ if c.word(b"false") => Some(Cow::Borrowed("false")),
        _ => {
            c.skip_value()?;
            None
        }
    })
}

/// `/select/logsql/hits`: `{"hits":[{"fields":{..},"timestamps":[..],"values":[..]},..]}`, any list or the
/// fields `null` (empty), other members skipped. A repeated member replaces the earlier one (serde refused it).
pub(crate) fn hits(body: &str) -> Read<Hits> {
    let mut c = Cur::new(body);
    let mut out = Hits { hits: Vec::new() };
    c.object(&mut |c, key| match key {
        "hits" => {
            out.hits = c.list(hit_series)?;
            Ok(())
        }
        _ => c.skip_value(),
    })?;
    c.end()?;
    Ok(out)
}

fn hit_series(c: &mut Cur) -> Read<HitSeries> {
    let mut h = HitSeries { fields: Labels::new(), timestamps: Vec::new(), values: Vec::new() };
    c.object(&mut |c, key| {
        match key {
            "fields" => h.fields = if c.null() { Labels::new() } else { read::labels(c)? },
            "timestamps" => h.timestamps = c.strings()?,
            "values" => h.values = c.list(count)?,
            _ => c.skip_value()?,
        }
        Ok(())
    })?;
    Ok(h)
}

/// A bucket's count: a finite JSON number (not a string, not `null`, as serde asked).
fn count(c: &mut Cur) -> Read<f64> {
    let text = c.number_text()?;
    text.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| c.fail("number out of range"))
}

/// A field name or value list, `{"values":[{"value":"…","hits":N},…]}` (`null` is empty): the values in the
/// server's order. `hits` must be a count when there (as serde asked); other members are skipped.
pub(crate) fn values(body: &str) -> Read<Vec<String>> {
    let mut c = Cur::new(body);
    let mut out = Vec::new();
    c.object(&mut |c, key| match key {
        "values" => {
            out = c.list(value_hits)?;
            Ok(())
        }
        _ => c.skip_value(),
    })?;
    c.end()?;
    Ok(out)
}

fn value_hits(c: &mut Cur) -> Read<String> {
    let mut value = String::new();
    c.object(&mut |c, key| {
        match key {
            "value" => value = c.string()?.into_owned(),
            "hits" => {
                let text = c.number_text()?;
                text.parse::<u64>().map_err(|_| c.fail("expected a count of hits"))?;
            }
            _ => c.skip_value()?,
        }
        Ok(())
    })?;
    Ok(value)
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
