//! Value mappings (Grafana's): the first mapping that matches a value gives the text shown in its place
//! and its colour — by exact value, by range, by regular expression (tested by the caller's engine) or for
//! a special value (no value, NaN). Used by stat and table panels.

use crate::dashboard::{MappingKind, ValueMapping};

/// What a matched mapping shows: its text (None: the formatted value) and colour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapped {
    pub text: Option<String>,
    pub color: Option<String>,
}

/// A number as Grafana turns it into text to compare with a value mapping (JavaScript's `String(v)`):
/// `1`, `0.5`, `-3`, `NaN`, `Infinity`.
pub fn value_key(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// The first of `mappings` that matches `v` (None: no value), or None. `regex(i, text)` tells whether
/// mapping `i`'s pattern matches `text` (false when it could not be compiled).
pub fn map_value(v: Option<f64>, mappings: &[ValueMapping], regex: &dyn Fn(usize, &str) -> bool) -> Option<Mapped> {
    let key = v.map(value_key);
    mappings.iter().enumerate().find_map(|(i, m)| {
        let hit = match (m.kind, v) {
            (MappingKind::Special, v) => match m.value.as_str() {
                "null" => v.is_none(),
                "nan" => v.is_some_and(f64::is_nan),
                "null+nan" => v.is_none_or(f64::is_nan),
                // Booleans and the empty text are never numbers.
                _ => false,
            },
            (_, None) => false,
            (MappingKind::Value, Some(_)) => key.as_deref() == Some(m.value.trim()),
            (MappingKind::Range, Some(x)) => {
                !x.is_nan() && m.from.is_none_or(|f| x >= f) && m.to.is_none_or(|t| x <= t) && (m.from.is_some() || m.to.is_some())
            }
            (MappingKind::Regex, Some(_)) => key.as_deref().is_some_and(|k| regex(i, k)),
        };
        hit.then(|| Mapped { text: (!m.text.is_empty()).then(|| m.text.clone()), color: m.color.clone() })
    })
}

/// What a panel with no value shows in place of one: its mapping of no value (Grafana's `null` special
/// mapping), else its `no_value` text (Grafana's `noValue`, e.g. Node Exporter Full's "0"); None: the plain
/// "no data" message.
pub fn no_value(mappings: &[ValueMapping], no_value: Option<&str>) -> Option<Mapped> {
    map_value(None, mappings, &|_, _| false)
        .or_else(|| no_value.filter(|t| !t.is_empty()).map(|t| Mapped { text: Some(t.to_string()), color: None }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(kind: MappingKind, value: &str, text: &str, color: Option<&str>) -> ValueMapping {
        ValueMapping { kind, value: value.into(), from: None, to: None, text: text.into(), color: color.map(Into::into) }
    }

    fn range(from: Option<f64>, to: Option<f64>, text: &str) -> ValueMapping {
        ValueMapping { from, to, ..m(MappingKind::Range, "", text, None) }
    }

    fn no_regex(_: usize, _: &str) -> bool {
        false
    }

    fn text(v: Option<f64>, ms: &[ValueMapping]) -> Option<String> {
        map_value(v, ms, &no_regex).and_then(|x| x.text)
    }

    #[test]
    fn numbers_become_text_as_javascript_writes_them() {
        assert_eq!(value_key(1.0), "1");
        assert_eq!(value_key(-0.0), "0");
        assert_eq!(value_key(0.5), "0.5");
        assert_eq!(value_key(-3.0), "-3");
        assert_eq!(value_key(f64::NAN), "NaN");
        assert_eq!(value_key(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn value_mappings_match_the_exact_value() {
        // Apache Full's "Up / Down": 1 → Up (green), 0 → Down (red).
        let ms = [m(MappingKind::Value, "1", "Up", Some("green")), m(MappingKind::Value, "0", "Down", Some("red"))];
        assert_eq!(map_value(Some(1.0), &ms, &no_regex), Some(Mapped { text: Some("Up".into()), color: Some("green".into()) }));
        assert_eq!(text(Some(0.0), &ms).as_deref(), Some("Down"));
        assert_eq!(text(Some(2.0), &ms), None);
        assert_eq!(text(Some(1.5), &ms), None);
        assert_eq!(text(None, &ms), None);
    }

    #[test]
    fn special_values_null_and_nan() {
        // Node Exporter Full's stats: no value → N/A.
        let na = [m(MappingKind::Special, "null", "N/A", None)];
        assert_eq!(text(None, &na).as_deref(), Some("N/A"));
        assert_eq!(text(Some(f64::NAN), &na), None);
        assert_eq!(text(Some(0.0), &na), None);
        let nan = [m(MappingKind::Special, "nan", "not a number", None)];
        assert_eq!(text(Some(f64::NAN), &nan).as_deref(), Some("not a number"));
        assert_eq!(text(None, &nan), None);
        let both = [m(MappingKind::Special, "null+nan", "?", None)];
        assert_eq!(text(None, &both).as_deref(), Some("?"));
        assert_eq!(text(Some(f64::NAN), &both).as_deref(), Some("?"));
        let booleans = [m(MappingKind::Special, "true", "yes", None), m(MappingKind::Special, "empty", "-", None)];
        assert_eq!(text(Some(1.0), &booleans), None);
        assert_eq!(text(None, &booleans), None);
    }

    #[test]
    fn ranges_include_both_ends_and_may_be_open() {
        let ms = [range(Some(0.0), Some(10.0), "low"), range(Some(10.0), None, "high"), range(None, Some(0.0), "negative")];
        assert_eq!(text(Some(0.0), &ms).as_deref(), Some("low"));
        assert_eq!(text(Some(10.0), &ms).as_deref(), Some("low"), "the first match wins");
        assert_eq!(text(Some(10.5), &ms).as_deref(), Some("high"));
        assert_eq!(text(Some(-1.0), &ms).as_deref(), Some("negative"));
        assert_eq!(text(Some(f64::NAN), &ms), None);
        assert_eq!(text(Some(f64::INFINITY), &ms).as_deref(), Some("high"));
        assert_eq!(text(Some(5.0), &[range(None, None, "all")]), None, "a range with no end matches nothing");
    }

    #[test]
    fn regex_mappings_ask_the_callers_engine_with_the_value_text() {
        let ms = [m(MappingKind::Value, "7", "seven", None), m(MappingKind::Regex, "^4\\d\\d$", "client error", Some("orange"))];
        let seen = std::cell::RefCell::new(Vec::new());
        let engine = |i: usize, t: &str| {
            seen.borrow_mut().push((i, t.to_string()));
            t.len() == 3 && t.starts_with('4')
        };
        let got = map_value(Some(404.0), &ms, &engine);
        assert_eq!(got, Some(Mapped { text: Some("client error".into()), color: Some("orange".into()) }));
        assert_eq!(seen.borrow().as_slice(), &[(1, "404".to_string())]);
        assert_eq!(map_value(Some(500.0), &ms, &engine), None);
        assert_eq!(map_value(None, &ms, &engine), None);
    }

    #[test]
    fn a_mapping_without_text_keeps_the_value_and_gives_its_colour() {
        let ms = [m(MappingKind::Value, "3", "", Some("red"))];
        assert_eq!(map_value(Some(3.0), &ms, &no_regex), Some(Mapped { text: None, color: Some("red".into()) }));
    }

    #[test]
    fn no_value_is_the_null_mapping_then_the_no_value_text() {
        let null = ValueMapping { kind: MappingKind::Special, value: "null".into(), from: None, to: None, text: "N/A".into(), color: None };
        assert_eq!(no_value(&[], None), None);
        assert_eq!(no_value(&[], Some("")), None);
        assert_eq!(no_value(&[], Some("0")), Some(Mapped { text: Some("0".into()), color: None }));
        assert_eq!(no_value(&[null], Some("0")).and_then(|m| m.text), Some("N/A".into()));
    }
}
