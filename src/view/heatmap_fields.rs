//! A heatmap panel's field overrides. Grafana reads a heatmap's cells as one field of numbers, the counts, so
//! the overrides that match the panel's bucket series (by name, regex, query or type, as in
//! [`super::overrides`]) set how the counts are shown: their name (`displayName`), unit and decimals, in the
//! cell tips and at the end of the colour scale. The first series (in query order) an override sets anything
//! for decides, as Grafana takes the first value field's config.

use super::overrides::{field_display, value_text};
use super::units::{num, Unit};

/// How a heatmap's counts are shown.
#[derive(Clone, Debug, PartialEq)]
pub struct CountFormat {
    /// What a count is called ("count" unless an override names it).
    pub name: String,
    pub unit: Unit,
    pub decimals: Option<u8>,
}

impl CountFormat {
    /// The counts as the panel shows them without overrides: "count" in `unit`.
    pub fn plain(unit: Unit) -> CountFormat {
        CountFormat { name: "count".into(), unit, decimals: None }
    }

    /// A count's text: with `decimals` digits after the point when set and the counts have no unit (as a
    /// stat's value, [`value_text`]), else four significant digits or the unit's own formatting.
    pub fn text(&self, c: f64) -> String {
        match (self.decimals, self.unit) {
            (None, Unit::None) => num(c, 4),
            (d, u) => value_text(c, u, d, None),
        }
    }
}

/// The counts' format of a heatmap drawn from `series` (each its query's ref id and its name: the legend, or
/// its labels when blank) under `overrides`, the counts being in `unit` when no override sets one;
/// `regex(i, name)` tells whether override `i`'s pattern matches.
pub fn count_format(series: &[(String, String)], overrides: &[crate::dashboard::FieldOverride], unit: Unit, regex: &dyn Fn(usize, &str) -> bool) -> CountFormat {
    let mut f = CountFormat::plain(unit);
    let hit = series.iter().map(|(r, n)| (n, field_display(n, r, overrides, regex))).find(|(n, d)| d.name != **n || d.unit.is_some() || d.decimals.is_some());
    if let Some((n, d)) = hit {
        if d.name != *n {
            f.name = d.name;
        }
        if let Some(u) = d.unit.as_deref().and_then(Unit::from_id) {
            f.unit = u;
        }
        f.decimals = d.decimals;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::FieldOverride;

    fn series(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(r, n)| (r.to_string(), n.to_string())).collect()
    }

    /// A stand-in engine: the pattern `^0\.` matches names starting with `0.`.
    fn engine(os: &[FieldOverride]) -> impl Fn(usize, &str) -> bool + '_ {
        move |i, name| os[i].regex == r"^0\." && name.starts_with("0.")
    }

    #[test]
    fn without_overrides_counts_are_plain_counts_in_the_querys_unit() {
        let s = series(&[("A", "0.1"), ("A", "+Inf")]);
        assert_eq!(count_format(&s, &[], Unit::PerSecond, &|_, _| false), CountFormat { name: "count".into(), unit: Unit::PerSecond, decimals: None });
        assert_eq!(CountFormat::plain(Unit::None).text(2.0 / 3.0), "0.6667");
    }

    #[test]
    fn each_matcher_sets_the_counts_name_unit_and_decimals() {
        let s = series(&[("A", "0.1"), ("A", "+Inf"), ("B", "0.5")]);
        let by_name = [FieldOverride { name: "+Inf".into(), display_name: Some("Requests".into()), ..FieldOverride::default() }];
        assert_eq!(count_format(&s, &by_name, Unit::None, &engine(&by_name)).name, "Requests");
        let by_regex = [FieldOverride { regex: r"^0\.".into(), unit: Some("reqps".into()), ..FieldOverride::default() }];
        assert_eq!(count_format(&s, &by_regex, Unit::None, &engine(&by_regex)).unit, Unit::from_id("reqps").unwrap());
        let by_query = [FieldOverride { ref_id: "B".into(), decimals: Some(1), ..FieldOverride::default() }];
        let f = count_format(&s, &by_query, Unit::None, &engine(&by_query));
        assert_eq!((f.decimals, f.text(2.0 / 3.0)), (Some(1), "0.7".to_string()));
        let by_type = [FieldOverride { field_type: "number".into(), decimals: Some(0), display_name: Some("Hits".into()), ..FieldOverride::default() }];
        let f = count_format(&s, &by_type, Unit::None, &engine(&by_type));
        assert_eq!((f.name.as_str(), f.text(41.6)), ("Hits", "42".to_string()));
        // A matcher that matches none of the series changes nothing.
        let none = [FieldOverride { ref_id: "C".into(), unit: Some("bytes".into()), ..FieldOverride::default() }];
        assert_eq!(count_format(&s, &none, Unit::None, &engine(&none)), CountFormat::plain(Unit::None));
    }

    #[test]
    fn the_first_series_an_override_touches_decides_and_later_overrides_win_on_it() {
        let s = series(&[("A", "0.1"), ("B", "0.5")]);
        let os = [
            FieldOverride { ref_id: "B".into(), display_name: Some("from B".into()), ..FieldOverride::default() },
            FieldOverride { name: "0.1".into(), unit: Some("s".into()), decimals: Some(3), ..FieldOverride::default() },
            FieldOverride { regex: r"^0\.".into(), decimals: Some(2), ..FieldOverride::default() },
        ];
        let f = count_format(&s, &os, Unit::None, &engine(&os));
        assert_eq!(f, CountFormat { name: "count".into(), unit: Unit::from_id("s").unwrap(), decimals: Some(2) });
    }

    #[test]
    fn decimals_round_unitless_counts_and_a_unit_keeps_its_own_format() {
        let f = CountFormat { name: "count".into(), unit: Unit::None, decimals: Some(2) };
        assert_eq!((f.text(1.23456), f.text(1500.0)), ("1.23".to_string(), "1500.00".to_string()));
        let s = Unit::from_id("s").unwrap();
        let f = CountFormat { name: "count".into(), unit: s, decimals: Some(2) };
        assert_eq!(f.text(1.23456), s.format(1.23456));
        assert_eq!(f.text(f64::NAN), "NaN");
    }
}
