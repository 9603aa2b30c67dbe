//! Annotation regions, computed: the series of a dashboard's annotation query (e.g.
//! `ALERTS{alertstate="firing"}` for the alerts' firing intervals) as time regions: per series, samples no
//! more than a step apart (and not zero) are joined into one region; its title, text and tags come from
//! the series' labels through the annotation's `{{label}}` templates.

use crate::backends::prometheus::legend::format_legend;
use crate::dashboard::Annotation;
use crate::telemetry::Series;

/// Most regions drawn on one panel (a dense query would cover the chart anyway).
pub const MAX_REGIONS: usize = 500;

/// One shaded region (`start_ms == end_ms`: a single sample, drawn as a marker).
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub start_ms: i64,
    pub end_ms: i64,
    pub title: String,
    pub text: String,
    pub tags: Vec<String>,
    /// The annotation's name and colour.
    pub name: String,
    pub color: String,
}

/// The regions of `series`, the answer to `a.expr` as a range query with step `step_ms`, clipped to
/// `[start_ms, end_ms]`; sorted by start, at most [`MAX_REGIONS`].
pub fn regions(series: &[Series], step_ms: i64, a: &Annotation, start_ms: i64, end_ms: i64) -> Vec<Region> {
    let gap = step_ms.max(1);
    let mut out = Vec::new();
    for s in series {
        let title = format_legend(&a.title_format, &s.labels);
        let text = if a.text_format.trim().is_empty() { String::new() } else { format_legend(&a.text_format, &s.labels) };
        let tags: Vec<String> = a.tag_keys.iter().filter_map(|k| s.labels.0.get(k)).filter(|v| !v.is_empty()).cloned().collect();
        let mut open: Option<(i64, i64)> = None;
        let close = |from: i64, to: i64, out: &mut Vec<Region>| {
            let (from, to) = (from.max(start_ms), to.min(end_ms));
            if from <= to {
                out.push(Region { start_ms: from, end_ms: to, title: title.clone(), text: text.clone(), tags: tags.clone(), name: a.name.clone(), color: a.color.clone() });
            }
        };
        for p in s.points.iter().filter(|p| p.v.is_finite() && p.v != 0.0) {
            open = match open {
                Some((from, last)) if p.t_ms - last <= gap => Some((from, p.t_ms)),
                Some((from, last)) => {
                    close(from, last, &mut out);
                    Some((p.t_ms, p.t_ms))
                }
                None => Some((p.t_ms, p.t_ms)),
            };
        }
        if let Some((from, last)) = open {
            close(from, last, &mut out);
        }
    }
    crate::sort::by(&mut out, |x, y| x.start_ms.cmp(&y.start_ms).then_with(|| x.title.cmp(&y.title)));
    out.truncate(MAX_REGIONS);
    out
}

/// The CSS colour of a region: its annotation's colour when it is a plain colour (a name, `#hex`,
/// `rgb(…)`/`rgba(…)`), else the error colour; nothing else of a dashboard's text reaches a style.
pub fn css_color(c: &str) -> String {
    let plain = !c.is_empty() && c.len() <= 64 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || "#(),. %".contains(ch));
    if plain { c.to_string() } else { "var(--error)".to_string() }
}

/// The regions that cover `t_ms` (for the chart's hover).
pub fn at(regions: &[Region], t_ms: i64, slack_ms: i64) -> Vec<&Region> {
    regions.iter().filter(|r| r.start_ms - slack_ms <= t_ms && t_ms <= r.end_ms + slack_ms).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::{Labels, Point};

    fn alerts(name: &str, service: &str, ts: &[i64]) -> Series {
        let labels = Labels([("__name__", "ALERTS"), ("alertname", name), ("alertstate", "firing"), ("service_name", service)].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        Series::new(labels, ts.iter().map(|&t| Point { t_ms: t, v: 1.0 }).collect())
    }

    fn ann() -> Annotation {
        Annotation {
            name: "Alerts".into(),
            enabled: true,
            expr: "ALERTS{alertstate=\"firing\"}".into(),
            title_format: "{{alertname}}".into(),
            text_format: "{{service_name}} is firing".into(),
            tag_keys: vec!["service_name".into(), "missing".into()],
            color: "red".into(),
            ..Annotation::default()
        }
    }

    #[test]
    fn samples_a_step_apart_join_and_gaps_split() {
        // Firing 0–30 s, a gap of 30 s (two missing 15 s steps), firing again at 75–90 s.
        let s = alerts("HighErrorRate", "checkout", &[0, 15_000, 30_000, 75_000, 90_000]);
        let r = regions(&[s], 15_000, &ann(), 0, 100_000);
        let spans: Vec<_> = r.iter().map(|r| (r.start_ms, r.end_ms)).collect();
        assert_eq!(spans, [(0, 30_000), (75_000, 90_000)]);
        assert_eq!((r[0].title.as_str(), r[0].text.as_str()), ("HighErrorRate", "checkout is firing"));
        assert_eq!(r[0].tags, ["checkout"]);
        assert_eq!((r[0].name.as_str(), r[0].color.as_str()), ("Alerts", "red"));
    }

    #[test]
    fn zero_and_nan_samples_are_not_regions_and_ranges_clip() {
        let mut s = alerts("A", "x", &[0, 15_000, 30_000, 45_000]);
        s.points[1].v = 0.0;
        s.points[2].v = f64::NAN;
        let r = regions(&[s, alerts("B", "y", &[200_000])], 15_000, &ann(), 10_000, 100_000);
        // 0 is before the range, 45 s stands alone (a marker); B is after the range.
        assert_eq!(r.iter().map(|r| (r.start_ms, r.end_ms, r.title.as_str())).collect::<Vec<_>>(), [(45_000, 45_000, "A")]);
        assert_eq!(at(&r, 46_000, 2_000).len(), 1);
        assert!(at(&r, 60_000, 2_000).is_empty());
    }

    #[test]
    fn only_plain_colours_reach_a_style() {
        assert_eq!(css_color("rgba(255, 96, 96, 1)"), "rgba(255, 96, 96, 1)");
        assert_eq!(css_color("#e24d42"), "#e24d42");
        assert_eq!(css_color("red;background:url(x)"), "var(--error)");
        assert_eq!(css_color(""), "var(--error)");
    }

    #[test]
    fn empty_title_format_names_the_series() {
        let a = Annotation { title_format: String::new(), text_format: String::new(), ..ann() };
        let r = regions(&[alerts("A", "x", &[0])], 15_000, &a, 0, 1);
        assert!(r[0].title.contains("alertname=\"A\""), "{}", r[0].title);
        assert_eq!(r[0].text, "");
    }
}
