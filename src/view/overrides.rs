//! Field overrides: what one series of a panel is shown with — its name, unit, decimals, colour, what it is
//! hidden from, where its axis goes and how it is drawn — after
//! the panel's overrides that match its name (exactly, one of a list or all but a list, or by a regular
//! expression the caller's engine tests), its query (ref id) or its type (every drawn series is a number),
//! later ones winning as in
//! Grafana; and a value's text with its unit, decimals and value mapping.

use super::mapping::Mapped;
use super::units::Unit;
use crate::dashboard::{AxisPlacement, FieldOverride, HideFrom, SeriesDraw};

/// How one series is shown. `None` fields keep the panel's own setting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldDisplay {
    pub name: String,
    pub unit: Option<String>,
    pub decimals: Option<u8>,
    pub color: Option<String>,
    pub hide_from: Option<HideFrom>,
    pub axis_placement: Option<AxisPlacement>,
    /// How it is drawn: what the matching overrides set (unset fields: the panel's).
    pub draw: SeriesDraw,
}

/// The display of the series called `name` of query `ref_id` under `overrides`; `regex(i, name)` tells
/// whether override `i`'s pattern matches (false when it could not be compiled).
pub fn field_display(name: &str, ref_id: &str, overrides: &[FieldOverride], regex: &dyn Fn(usize, &str) -> bool) -> FieldDisplay {
    let mut d = FieldDisplay { name: name.to_string(), ..FieldDisplay::default() };
    for (i, o) in overrides.iter().enumerate() {
        let hit = if !o.name.is_empty() {
            o.name == name
        } else if !o.names.is_empty() {
            // Grafana's `byNames`: these names, or (mode `exclude`) every other one.
            o.names.iter().any(|n| n == name) != o.names_exclude
        } else if !o.regex.is_empty() {
            regex(i, name)
        } else if !o.ref_id.is_empty() {
            o.ref_id == ref_id
        } else {
            // Grafana's field types: a drawn series' values are numbers (its times are the `time` field).
            o.field_type == "number"
        };
        if !hit {
            continue;
        }
        if let Some(n) = &o.display_name {
            d.name.clone_from(n);
        }
        if o.unit.is_some() {
            d.unit.clone_from(&o.unit);
        }
        if o.decimals.is_some() {
            d.decimals = o.decimals;
        }
        if o.color.is_some() {
            d.color.clone_from(&o.color);
        }
        if o.hide_from.is_some() {
            d.hide_from = o.hide_from;
        }
        if o.axis_placement.is_some() {
            d.axis_placement = o.axis_placement;
        }
        d.draw = d.draw.under(&o.draw);
    }
    d
}

/// A value's text: the mapping's text when `mapped` has one, else the value in `unit` with `decimals`
/// digits after the point (a unit's own formatting when it has a symbol, as Grafana keeps its suffix).
pub fn value_text(v: f64, unit: Unit, decimals: Option<u8>, mapped: Option<&Mapped>) -> String {
    if let Some(t) = mapped.and_then(|m| m.text.as_ref()).filter(|t| !t.is_empty()) {
        return t.clone();
    }
    match decimals {
        Some(d) if unit == Unit::None && v.is_finite() => format!("{v:.*}", usize::from(d.min(10))),
        _ => unit.format(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_name(name: &str) -> FieldOverride {
        FieldOverride { name: name.into(), ..FieldOverride::default() }
    }

    fn by_regex(re: &str) -> FieldOverride {
        FieldOverride { regex: re.into(), ..FieldOverride::default() }
    }

    /// A stand-in engine: the pattern `^x` matches names starting with x, `Tx` names containing Tx.
    fn engine(overrides: &[FieldOverride]) -> impl Fn(usize, &str) -> bool + '_ {
        move |i, name| match overrides[i].regex.as_str() {
            "^x" => name.starts_with('x'),
            ".*Tx.*" => name.contains("Tx"),
            _ => false,
        }
    }

    #[test]
    fn no_override_keeps_the_name_and_the_panel_settings() {
        assert_eq!(field_display("up", "A", &[], &|_, _| false), FieldDisplay { name: "up".into(), ..FieldDisplay::default() });
    }

    #[test]
    fn by_name_matches_the_exact_name_only() {
        let os = [FieldOverride { display_name: Some("Cores".into()), unit: Some("short".into()), ..by_name("cpu") }];
        let d = field_display("cpu", "A", &os, &engine(&os));
        assert_eq!((d.name.as_str(), d.unit.as_deref()), ("Cores", Some("short")));
        assert_eq!(field_display("cpus", "A", &os, &engine(&os)).name, "cpus");
    }

    #[test]
    fn by_regex_asks_the_engine_and_later_overrides_win() {
        // Node Exporter Full's network panels: /.*Tx.*/ gets its own colour; a later byName sets decimals
        // and a colour for one of them.
        let os = [
            FieldOverride { color: Some("#7EB26D".into()), unit: Some("bps".into()), ..by_regex(".*Tx.*") },
            FieldOverride { color: Some("red".into()), decimals: Some(2), ..by_name("eth0 Tx") },
        ];
        let eth0 = field_display("eth0 Tx", "A", &os, &engine(&os));
        assert_eq!(eth0, FieldDisplay { name: "eth0 Tx".into(), unit: Some("bps".into()), decimals: Some(2), color: Some("red".into()), ..FieldDisplay::default() });
        let lo = field_display("lo Tx", "A", &os, &engine(&os));
        assert_eq!((lo.color.as_deref(), lo.decimals), (Some("#7EB26D"), None));
        assert_eq!(field_display("eth0 Rx", "A", &os, &engine(&os)).color, None);
    }

    #[test]
    fn an_empty_override_matches_nothing() {
        let os = [FieldOverride { color: Some("red".into()), ..FieldOverride::default() }];
        assert_eq!(field_display("", "A", &os, &|_, _| true).color, None);
    }

    #[test]
    fn by_names_matches_the_listed_names_or_all_but_them() {
        // Node Exporter Full's "Exporter Processes Memory": Grafana's legend click saved "hide every series
        // but Resident Memory" (mode exclude).
        let hide = HideFrom { legend: false, tooltip: false, viz: true };
        let os = [FieldOverride { names: vec!["Resident Memory".into()], names_exclude: true, hide_from: Some(hide), ..FieldOverride::default() }];
        assert_eq!(field_display("Resident Memory", "A", &os, &|_, _| false).hide_from, None);
        assert_eq!(field_display("Virtual Memory", "A", &os, &|_, _| false).hide_from, Some(hide));
        assert_eq!(field_display("Virtual Memory Limit", "B", &os, &|_, _| false).hide_from, Some(hide));
        // Mode include: only the listed names.
        let os = [FieldOverride { names: vec!["a".into(), "b".into()], color: Some("red".into()), ..FieldOverride::default() }];
        let colours: Vec<_> = ["a", "b", "c"].iter().map(|n| field_display(n, "A", &os, &|_, _| false).color).collect();
        assert_eq!(colours, [Some("red".to_string()), Some("red".to_string()), None]);
    }

    #[test]
    fn by_query_matches_the_series_of_that_ref_id() {
        let os = [FieldOverride { ref_id: "B".into(), display_name: Some("Errors".into()), ..FieldOverride::default() }];
        assert_eq!(field_display("x", "B", &os, &|_, _| false).name, "Errors");
        assert_eq!(field_display("x", "A", &os, &|_, _| false).name, "x");
    }

    #[test]
    fn value_text_prefers_the_mapping_then_decimals_then_the_unit() {
        let hit = Mapped { text: Some("Up".into()), color: None };
        assert_eq!(value_text(1.0, Unit::None, None, Some(&hit)), "Up");
        // A mapping with a colour only keeps the number.
        let colour_only = Mapped { text: None, color: Some("red".into()) };
        assert_eq!(value_text(0.5, Unit::None, Some(2), Some(&colour_only)), "0.50");
        assert_eq!(value_text(2.0 / 3.0, Unit::None, Some(3), None), "0.667");
    }
}
