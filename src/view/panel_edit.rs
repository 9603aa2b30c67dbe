//! The panel editor's rules: number fields, threshold steps, and the check a panel passes before Apply (so
//! an edit can never make a dashboard the reader refuses).

use crate::dashboard::links::check_links;
use crate::dashboard::{check, Dashboard, Panel, PanelKind, Threshold};

/// A number typed in a field: empty is "not set"; anything else must be a finite number.
pub fn parse_number_field(label: &str, text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("{label}: \"{t}\" is not a number.")),
    }
}

/// Decimals typed in a field: empty is automatic, else a whole number 0..=20.
pub fn parse_decimals(text: &str) -> Result<Option<u8>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u8>() {
        Ok(d) if d <= 20 => Ok(Some(d)),
        _ => Err(format!("Decimals: \"{t}\" is not a whole number from 0 to 20.")),
    }
}

/// Adds a threshold step: the base colour first (green), then steps above the highest value (red).
pub fn add_threshold(ts: &mut Vec<Threshold>) {
    if ts.is_empty() {
        ts.push(Threshold { value: None, color: "green".into() });
        return;
    }
    let top = ts.iter().filter_map(|t| t.value).fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    let value = top.map_or(80.0, |v| v + 10.0);
    ts.push(Threshold { value: Some(value), color: "red".into() });
}

/// Steps in the order they apply: the base (no value) first, then by value.
pub fn sort_thresholds(ts: &mut [Threshold]) {
    ts.sort_by(|a, b| match (a.value, b.value) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.total_cmp(&y),
    });
}

/// What Apply checks: links, min ≤ max, threshold colours, and that a dashboard holding this panel passes
/// the reader's own checks. The message says what to fix.
pub fn check_panel(p: &Panel) -> Result<(), String> {
    check_links(&p.links)?;
    if let (Some(a), Some(b)) = (p.options.min, p.options.max) {
        if a > b {
            return Err(format!("Min ({a}) is above max ({b})."));
        }
    }
    for (i, t) in p.options.thresholds.iter().enumerate() {
        if t.color.trim().is_empty() {
            return Err(format!("Threshold {} has no colour.", i + 1));
        }
    }
    if p.options.thresholds.iter().filter(|t| t.value.is_none()).count() > 1 {
        return Err("Only one threshold can be the base (no value).".into());
    }
    if p.kind == PanelKind::Row {
        return Ok(());
    }
    let one = Dashboard { uid: "check".into(), panels: vec![p.clone()], ..Dashboard::default() };
    check(&one).map_err(|e| format!("This panel cannot be saved: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::Link;

    #[test]
    fn number_fields() {
        assert_eq!(parse_number_field("Min", " "), Ok(None));
        assert_eq!(parse_number_field("Min", "-1.5e3"), Ok(Some(-1500.0)));
        assert_eq!(parse_number_field("Max", "NaN"), Err("Max: \"NaN\" is not a number.".into()));
        assert_eq!(parse_number_field("Max", "12px"), Err("Max: \"12px\" is not a number.".into()));
        assert_eq!(parse_decimals(""), Ok(None));
        assert_eq!(parse_decimals("3"), Ok(Some(3)));
        assert!(parse_decimals("21").is_err());
        assert!(parse_decimals("-1").is_err());
    }

    #[test]
    fn thresholds_are_added_above_the_top_and_sorted() {
        let mut ts = Vec::new();
        add_threshold(&mut ts);
        add_threshold(&mut ts);
        add_threshold(&mut ts);
        assert_eq!(ts.iter().map(|t| t.value).collect::<Vec<_>>(), vec![None, Some(80.0), Some(90.0)]);
        ts[1].value = Some(95.0);
        sort_thresholds(&mut ts);
        assert_eq!(ts.iter().map(|t| t.value).collect::<Vec<_>>(), vec![None, Some(90.0), Some(95.0)]);
    }

    #[test]
    fn apply_is_refused_with_a_reason() {
        let ok = Panel::default();
        assert_eq!(check_panel(&ok), Ok(()));
        let mut p = ok.clone();
        p.options.min = Some(5.0);
        p.options.max = Some(1.0);
        assert_eq!(check_panel(&p), Err("Min (5) is above max (1).".into()));
        let mut p = ok.clone();
        p.options.thresholds = vec![Threshold { value: None, color: "green".into() }, Threshold { value: Some(1.0), color: " ".into() }];
        assert_eq!(check_panel(&p), Err("Threshold 2 has no colour.".into()));
        let mut p = ok.clone();
        p.links = vec![Link { title: "x".into(), url: "data:text/html,hi".into(), new_tab: false }];
        assert!(check_panel(&p).unwrap_err().starts_with("Link 1:"));
        let mut p = ok.clone();
        p.title = "t".repeat(501);
        assert!(check_panel(&p).unwrap_err().starts_with("This panel cannot be saved: spec.panels.1.spec.display.name is too long"));
    }
}
