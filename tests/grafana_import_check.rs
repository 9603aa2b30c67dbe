//! The import check of the real Grafana dashboards in tests/fixtures/grafana (copies of
//! ../shared/fixtures/grafana): each one's import gives exactly the notices docs/grafana-import.md lists
//! for it, in order — so a new silent drop, a new notice or a fixed one changes this test and the list.

use trifocal::dashboard::import_grafana;

const DOC: &str = include_str!("../docs/grafana-import.md");

/// The notices the document lists for `file`: the `- ` lines between `<!-- notices FILE -->` and
/// `<!-- end -->`.
fn listed(file: &str) -> Vec<String> {
    let start = format!("<!-- notices {file} -->");
    let Some(at) = DOC.find(&start) else { panic!("docs/grafana-import.md has no notice list for {file}") };
    let rest = &DOC[at + start.len()..];
    let end = rest.find("<!-- end -->").unwrap_or_else(|| panic!("the notice list of {file} has no end"));
    rest[..end].lines().filter_map(|l| l.strip_prefix("- ")).map(|l| l.trim_end().to_string()).collect()
}

fn check(file: &str, json: &str) {
    let got = import_grafana(json).unwrap_or_else(|e| panic!("{file} does not import: {e}")).notices;
    let want = listed(file);
    let missing: Vec<_> = want.iter().filter(|n| !got.contains(n)).collect();
    let unlisted: Vec<_> = got.iter().filter(|n| !want.contains(n)).collect();
    assert!(missing.is_empty() && unlisted.is_empty(), "{file}: listed but not given: {missing:#?}\ngiven but not listed: {unlisted:#?}");
    assert_eq!(got, want, "{file}: the notices in another order");
}

#[test]
fn node_exporter_full_gives_the_listed_notices() {
    check("node-exporter-full.json", include_str!("fixtures/grafana/node-exporter-full.json"));
}

#[test]
fn haproxy_gives_the_listed_notices() {
    check("haproxy.json", include_str!("fixtures/grafana/haproxy.json"));
}

#[test]
fn apache_full_gives_the_listed_notices() {
    check("apache-full.json", include_str!("fixtures/grafana/apache-full.json"));
}
