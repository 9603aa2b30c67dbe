//! Which variables a dashboard panel depends on, so that choosing a variable's value reloads only the panels
//! that use it (once), and which variable values the variables' own option queries depend on.

use crate::dashboard::variables::referenced_variables;
use crate::dashboard::{Dashboard, Panel, VariableKind};

/// The variables a panel uses: in its title, queries (datasource, expression, legend, min interval), links, and the one
/// it repeats for; in order of first use, without duplicates. Built-ins (`$__range`) are not variables.
pub fn panel_variables(panel: &Panel) -> Vec<String> {
    let mut texts: Vec<&str> = vec![panel.title.as_str()];
    for q in &panel.queries {
        texts.push(&q.source);
        texts.push(&q.expr);
        texts.push(&q.legend);
        if let Some(m) = &q.min_interval {
            texts.push(m);
        }
    }
    for l in &panel.links {
        texts.push(&l.title);
        texts.push(&l.url);
    }
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        for name in referenced_variables(t) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    if let Some(r) = &panel.repeat {
        if !out.contains(&r.variable) {
            out.push(r.variable.clone());
        }
    }
    out
}

/// The `(name, values)` pairs a panel sees: only those of the variables it uses, in the dashboard's order.
pub fn used_values(all: &[(String, Vec<String>)], used: &[String]) -> Vec<(String, Vec<String>)> {
    all.iter().filter(|(n, _)| used.contains(n)).cloned().collect()
}

/// Each variable's name and kind, and the values the variable queries depend on (see [`options_key`]).
pub type OptionsKey = (Vec<(String, VariableKind)>, Vec<(String, Vec<String>)>);

/// What the variables' options are resolved from: each variable's name and kind, and the selected values
/// of the variables that a query variable's query refers to. Options are fetched again when this changes
/// (a variable edited, or a value chosen that another variable's options depend on), not otherwise.
pub fn options_key(d: &Dashboard) -> OptionsKey {
    let kinds = d.variables.iter().map(|v| (v.name.clone(), v.kind.clone())).collect();
    let mut inputs: Vec<String> = Vec::new();
    for v in &d.variables {
        if let VariableKind::Query { query, .. } = &v.kind {
            for name in referenced_variables(query) {
                if name != v.name && !inputs.contains(&name) {
                    inputs.push(name);
                }
            }
        }
    }
    let values = d.variables.iter().filter(|v| inputs.contains(&v.name)).map(|v| (v.name.clone(), v.current.clone())).collect();
    (kinds, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{DatasourceKind, Link, PanelQuery, Repeat, Variable};
    use crate::view::dash::{read_shipped_file, select, ShippedFile};

    fn demo() -> Dashboard {
        match read_shipped_file("trifocal-demo.json", include_str!("../../assets/dashboards/trifocal-demo.json")) {
            Ok(ShippedFile::Dashboard(d)) => d,
            _ => panic!("the shipped demo dashboard reads"),
        }
    }

    fn all_panels(d: &Dashboard) -> Vec<&Panel> {
        d.panels.iter().flat_map(|p| std::iter::once(p).chain(p.panels.iter())).collect()
    }

    #[test]
    fn the_demo_dashboard_quantile_is_used_by_one_panel() {
        let d = demo();
        let users = |name: &str| -> Vec<String> {
            all_panels(&d).into_iter().filter(|p| panel_variables(p).iter().any(|n| n == name)).map(|p| p.title.clone()).collect()
        };
        assert_eq!(users("quantile"), vec!["p$quantile latency by service".to_string()]);
        let service = users("service");
        assert!(service.len() >= 4, "{service:?}");
        assert!(!service.iter().any(|t| t == "About this dashboard"));
    }

    #[test]
    fn every_place_a_panel_names_a_variable() {
        let p = Panel {
            title: "Latency of $svc".into(),
            queries: vec![PanelQuery {
                expr: "rate(x{a=~\"${a:regex}\"}[$__rate_interval])".into(),
                legend: "{{job}} [[b]]".into(),
                min_interval: Some("$step".into()),
                datasource: DatasourceKind::Prometheus,
                source: "${ds}".into(),
                ..PanelQuery::default()
            }],
            links: vec![Link { title: "More on $c".into(), url: "#/logs?query=$d&x=$a".into(), new_tab: false }],
            repeat: Some(Repeat { variable: "r".into(), direction: Default::default(), max_per_row: 4 }),
            ..Panel::default()
        };
        assert_eq!(panel_variables(&p), vec!["svc", "ds", "a", "b", "step", "c", "d", "r"]);
        assert!(panel_variables(&Panel::default()).is_empty());
        let all = vec![("r".to_string(), vec!["1".to_string()]), ("zz".to_string(), vec![]), ("a".to_string(), vec!["x".to_string()])];
        assert_eq!(used_values(&all, &panel_variables(&p)), vec![all[0].clone(), all[2].clone()]);
    }

    #[test]
    fn options_are_fetched_again_only_when_a_query_depends_on_the_choice() {
        let mut d = demo();
        let before = options_key(&d);
        // The demo's quantile and service feed no variable query: choosing them changes nothing.
        select(&mut d, "quantile", vec!["0.5".into()]);
        select(&mut d, "service", vec!["search-service".into()]);
        assert_eq!(options_key(&d), before);
        // A variable whose query uses $service: choosing a service changes the key.
        d.variables.push(Variable {
            name: "route".into(),
            kind: VariableKind::Query { datasource: DatasourceKind::Prometheus, query: "label_values(x{service_name=~\"$service\"}, http_route)".into(), regex: String::new() },
            ..Variable::default()
        });
        let with_route = options_key(&d);
        select(&mut d, "service", vec!["search-ui".into()]);
        assert_ne!(options_key(&d), with_route);
        select(&mut d, "quantile", vec!["0.99".into()]);
        assert_eq!(options_key(&d).1, vec![("service".to_string(), vec!["search-ui".to_string()])]);
    }
}
