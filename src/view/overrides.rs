//! Field overrides: what one series of a panel is shown with — its name, unit, decimals and colour — after
//! the panel's overrides that match its name (exactly, or by a regular expression the caller's engine
//! tests), later ones winning as in Grafana.

use crate::dashboard::FieldOverride;

/// How one series is shown. `None` fields keep the panel's own setting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldDisplay {
    pub name: String,
    pub unit: Option<String>,
    pub decimals: Option<u8>,
    pub color: Option<String>,
}

/// The display of the series called `name` under `overrides`; `regex(i, name)` tells whether override
/// `i`'s pattern matches (false when it could not be compiled).
pub fn field_display(name: &str, overrides: &[FieldOverride], regex: &dyn Fn(usize, &str) -> bool) -> FieldDisplay {
    let mut d = FieldDisplay { name: name.to_string(), ..FieldDisplay::default() };
    for (i, o) in overrides.iter().enumerate() {
        let hit = if o.name.is_empty() { !o.regex.is_empty() && regex(i, name) } else { o.name == name };
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
    }
    d
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
        assert_eq!(field_display("up", &[], &|_, _| false), FieldDisplay { name: "up".into(), ..FieldDisplay::default() });
    }

    #[test]
    fn by_name_matches_the_exact_name_only() {
        let os = [FieldOverride { display_name: Some("Cores".into()), unit: Some("short".into()), ..by_name("cpu") }];
        let d = field_display("cpu", &os, &engine(&os));
        assert_eq!((d.name.as_str(), d.unit.as_deref()), ("Cores", Some("short")));
        assert_eq!(field_display("cpus", &os, &engine(&os)).name, "cpus");
    }

    #[test]
    fn by_regex_asks_the_engine_and_later_overrides_win() {
        // Node Exporter Full's network panels: /.*Tx.*/ gets its own colour; a later byName sets decimals
        // and a colour for one of them.
        let os = [
            FieldOverride { color: Some("#7EB26D".into()), unit: Some("bps".into()), ..by_regex(".*Tx.*") },
            FieldOverride { color: Some("red".into()), decimals: Some(2), ..by_name("eth0 Tx") },
        ];
        let eth0 = field_display("eth0 Tx", &os, &engine(&os));
        assert_eq!(eth0, FieldDisplay { name: "eth0 Tx".into(), unit: Some("bps".into()), decimals: Some(2), color: Some("red".into()) });
        let lo = field_display("lo Tx", &os, &engine(&os));
        assert_eq!((lo.color.as_deref(), lo.decimals), (Some("#7EB26D"), None));
        assert_eq!(field_display("eth0 Rx", &os, &engine(&os)).color, None);
    }

    #[test]
    fn an_empty_override_matches_nothing() {
        let os = [FieldOverride { color: Some("red".into()), ..FieldOverride::default() }];
        assert_eq!(field_display("", &os, &|_, _| true).color, None);
    }
}
