//! Panel and dashboard links: which targets are allowed (http(s) and relative, never `javascript:` or
//! `data:`), and the href a link gets once its variables and `${__url_time_range}` are filled in.

use super::schema::Link;
use super::variables::{interpolate, Builtins};
use crate::time::TimeRange;

/// Most links on one panel or dashboard.
pub const MAX_LINKS: usize = 20;
/// Longest link URL (characters).
pub const MAX_LINK_URL: usize = 2000;

/// A link target allowed in a text panel or a link: `http(s)://…`, or a relative/fragment link
/// (`#/metrics…`, `/docs`, `page.html`); never `javascript:`, `data:` or other schemes.
pub fn safe_href(url: &str) -> Option<String> {
    let u = url.trim();
    if u.is_empty() || u.chars().any(|c| c.is_control()) {
        return None;
    }
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(u.to_string());
    }
    // A scheme is letters followed by ':' before any '/', '?' or '#'.
    let head = u.split(['/', '?', '#']).next().unwrap_or("");
    if head.contains(':') {
        return None;
    }
    Some(u.to_string())
}

/// Where `link` goes with these variable values and this time range, or `None` when the result is not a
/// safe target (a variable's value could make it `javascript:…`). `${__url_time_range}` becomes
/// `url_time_range` (see [`url_time_range`]), as in Grafana.
pub fn link_href(link: &Link, values: &[(String, Vec<String>)], builtins: &Builtins, url_time_range: &str) -> Option<String> {
    let url = link.url.replace("${__url_time_range}", url_time_range);
    safe_href(&interpolate(&url, values, builtins))
}

/// `from=…&to=…` for a link: a relative range as written (`from=now-1h&to=now`, so the target keeps
/// moving with now), an absolute one in epoch ms.
pub fn url_time_range(range: &TimeRange, from_ms: i64, to_ms: i64) -> String {
    if range.is_relative() {
        format!("from={}&to={}", range.from, range.to)
    } else {
        format!("from={from_ms}&to={to_ms}")
    }
}

/// A link ready to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownLink {
    pub text: String,
    pub href: String,
    pub new_tab: bool,
}

/// The links to draw for these variables and this range; a link whose target is not safe once filled in
/// is left out.
pub fn shown_links(
    links: &[Link],
    values: &[(String, Vec<String>)],
    range: &TimeRange,
    from_ms: i64,
    to_ms: i64,
) -> Vec<ShownLink> {
    let b = Builtins { from_ms, to_ms, range_ms: to_ms.saturating_sub(from_ms), ..Builtins::default() };
    let utr = url_time_range(range, from_ms, to_ms);
    links
        .iter()
        .filter_map(|l| {
            let href = link_href(l, values, &b, &utr)?;
            Some(ShownLink { text: interpolate(link_text(l), values, &b), href, new_tab: l.new_tab })
        })
        .collect()
}

/// Whether an imported (Grafana, Perses) link is kept, given how many were kept before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admit {
    Keep,
    /// Not kept; the notice says why.
    Skip(String),
    /// The limit is reached: this one and the rest are dropped; the notice says so.
    Stop(String),
}

/// Decides on one imported link of `whose` ("The dashboard", "Panel 3"): only http(s) and relative URLs of at
/// most [`MAX_LINK_URL`] characters, at most [`MAX_LINKS`] in all.
pub fn admit_imported(whose: &str, title: &str, url: &str, kept: usize) -> Admit {
    if url.is_empty() || url.chars().count() > MAX_LINK_URL || safe_href(url).is_none() {
        return Admit::Skip(format!(
            "{whose}: the link \"{title}\" was not imported (only http(s) and relative links, at most {MAX_LINK_URL} characters)."
        ));
    }
    if kept >= MAX_LINKS {
        return Admit::Stop(format!("{whose}: only the first {MAX_LINKS} links were imported."));
    }
    Admit::Keep
}

/// Checks links edited by hand: each has a URL that is http(s) or relative, at most [`MAX_LINK_URL`]
/// characters, and there are at most [`MAX_LINKS`]. The message names the link (1-based).
pub fn check_links(links: &[Link]) -> Result<(), String> {
    if links.len() > MAX_LINKS {
        return Err(format!("At most {MAX_LINKS} links (there are {}).", links.len()));
    }
    for (i, l) in links.iter().enumerate() {
        let n = i + 1;
        if l.url.trim().is_empty() {
            return Err(format!("Link {n} has no URL."));
        }
        if l.url.chars().count() > MAX_LINK_URL {
            return Err(format!("Link {n}: the URL is longer than {MAX_LINK_URL} characters."));
        }
        if safe_href(&l.url).is_none() {
            return Err(format!("Link {n}: \"{}\" is not a link Trifocal opens: only http(s) and relative links.", l.url.trim()));
        }
    }
    Ok(())
}

/// The text a link shows: its title, or its URL when it has none.
pub fn link_text(link: &Link) -> &str {
    if link.title.trim().is_empty() {
        &link.url
    } else {
        &link.title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> Link {
        Link { title: String::new(), url: url.into(), new_tab: false }
    }

    #[test]
    fn only_http_and_relative_targets() {
        assert_eq!(safe_href("https://x.org/a").as_deref(), Some("https://x.org/a"));
        assert_eq!(safe_href("#/metrics?q=1").as_deref(), Some("#/metrics?q=1"));
        assert_eq!(safe_href("/a:b").as_deref(), Some("/a:b"));
        assert_eq!(safe_href(" JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<script>"), None);
    }

    #[test]
    fn imported_links_are_kept_skipped_or_stopped() {
        assert_eq!(admit_imported("Panel 1", "ok", "https://x.org", 0), Admit::Keep);
        assert!(matches!(admit_imported("Panel 1", "bad", "javascript:alert(1)", 0), Admit::Skip(n) if n.contains("\"bad\" was not imported")));
        assert!(matches!(admit_imported("Panel 1", "empty", "", 0), Admit::Skip(_)));
        let long = format!("https://x.org/{}", "a".repeat(MAX_LINK_URL));
        assert!(matches!(admit_imported("Panel 1", "long", &long, 0), Admit::Skip(_)));
        assert_eq!(admit_imported("Panel 1", "one more", "/x", MAX_LINKS), Admit::Stop(format!("Panel 1: only the first {MAX_LINKS} links were imported.")));
    }

    #[test]
    fn variables_and_the_time_range_are_filled_in() {
        let b = Builtins { from_ms: 1000, to_ms: 5000, ..Builtins::default() };
        let vars = vec![("svc".to_string(), vec!["api".to_string()])];
        let l = link("#/dashboard/other?var-service=$svc&${__url_time_range}");
        let abs = url_time_range(&TimeRange::from_absolute(1000, 5000), 1000, 5000);
        assert_eq!(link_href(&l, &vars, &b, &abs).as_deref(), Some("#/dashboard/other?var-service=api&from=1000&to=5000"));
        let rel = url_time_range(&TimeRange::last("1h").unwrap(), 1000, 5000);
        assert_eq!(link_href(&l, &vars, &b, &rel).as_deref(), Some("#/dashboard/other?var-service=api&from=now-1h&to=now"));
        assert_eq!(link_href(&link("https://wiki/${svc}"), &vars, &b, "").as_deref(), Some("https://wiki/api"));
    }

    #[test]
    fn a_variable_cannot_turn_a_link_into_script() {
        let b = Builtins::default();
        let vars = vec![("u".to_string(), vec!["javascript:alert(1)".to_string()])];
        assert_eq!(link_href(&link("$u"), &vars, &b, ""), None);
        assert_eq!(link_href(&link("${u}//x"), &vars, &b, ""), None);
        // In the path of a relative link it is harmless text.
        assert_eq!(link_href(&link("/go/$u"), &vars, &b, "").as_deref(), Some("/go/javascript:alert(1)"));
    }

    #[test]
    fn shown_links_fill_in_and_drop_unsafe_ones() {
        let vars = vec![("u".to_string(), vec!["javascript:x".to_string()]), ("job".to_string(), vec!["api".to_string()])];
        let links = vec![
            Link { title: "Logs of $job".into(), url: "#/logs?${__url_time_range}".into(), new_tab: false },
            Link { title: "bad".into(), url: "$u".into(), new_tab: true },
            Link { title: String::new(), url: "https://x/$job".into(), new_tab: true },
        ];
        let got = shown_links(&links, &vars, &TimeRange::last("6h").unwrap(), 0, 1);
        assert_eq!(
            got,
            vec![
                ShownLink { text: "Logs of api".into(), href: "#/logs?from=now-6h&to=now".into(), new_tab: false },
                ShownLink { text: "https://x/api".into(), href: "https://x/api".into(), new_tab: true },
            ]
        );
    }

    #[test]
    fn edited_links_are_checked() {
        assert_eq!(check_links(&[link("https://a"), link("#/logs")]), Ok(()));
        assert_eq!(check_links(&[link("https://a"), link("  ")]), Err("Link 2 has no URL.".into()));
        assert_eq!(
            check_links(&[link("vbscript:x")]),
            Err("Link 1: \"vbscript:x\" is not a link Trifocal opens: only http(s) and relative links.".into())
        );
        assert!(check_links(&vec![link("/a"); MAX_LINKS + 1]).is_err());
    }

    #[test]
    fn text_falls_back_to_the_url() {
        assert_eq!(link_text(&link("https://a")), "https://a");
        assert_eq!(link_text(&Link { title: "Runbook".into(), ..link("https://a") }), "Runbook");
    }
}
