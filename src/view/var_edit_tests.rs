//! Tests of the variable editor's form and the JSON model.

use super::*;
use crate::dashboard::variables::ALL_VALUE;
use crate::dashboard::to_json;

fn query_var(name: &str, query: &str) -> Variable {
    Variable { name: name.into(), kind: VariableKind::Query { datasource: DatasourceKind::Prometheus, query: query.into(), regex: String::new() }, ..Variable::default() }
}

fn dash() -> Dashboard {
    Dashboard {
        uid: "d".into(),
        title: "D".into(),
        variables: vec![
            query_var("job", "label_values(up, job)"),
            Variable {
                name: "env".into(),
                kind: VariableKind::Custom { values: vec!["prod".into(), "dev".into()] },
                current: vec!["dev".into()],
                ..Variable::default()
            },
        ],
        ..Dashboard::default()
    }
}

#[test]
fn every_kind_round_trips_through_the_form() {
    let kinds = vec![
        VariableKind::Query { datasource: DatasourceKind::Loki, query: "label_values({app=\"x\"}, pod)".into(), regex: "/(.*)-\\d+/".into() },
        VariableKind::Custom { values: vec!["a".into(), "b,c".into()] },
        VariableKind::Interval { values: vec!["1m".into(), "5m".into()], auto: None },
        VariableKind::Interval { values: vec!["1h".into()], auto: Some(AutoInterval { count: 50, min: "2m".into() }) },
        VariableKind::TextBox { value: "free text".into() },
        VariableKind::Constant { value: "k".into() },
    ];
    for kind in kinds {
        let listed = !matches!(kind, VariableKind::TextBox { .. } | VariableKind::Constant { .. });
        let v = Variable {
            name: "v".into(),
            label: "The V".into(),
            multi: listed && !matches!(kind, VariableKind::Interval { .. }),
            include_all: listed,
            all_value: listed.then(|| ".*".into()),
            current: kind.static_options().into_iter().take(1).collect(),
            kind,
            hidden: false,
        };
        let f = VarForm::from_variable(&v);
        assert_eq!(f.to_variable(Some(&v), &[]).unwrap(), v, "{f:?}");
    }
}

#[test]
fn custom_values_split_on_commas_with_escapes() {
    assert_eq!(split_values(" a, b ,,c "), vec!["a", "b", "c"]);
    assert_eq!(split_values(r"x\,y, z"), vec!["x,y", "z"]);
    assert!(split_values(" , ").is_empty());
}

#[test]
fn errors_name_the_field() {
    let others = dash().variables;
    let f = |name: &str, kind: &str| VarForm { name: name.into(), kind: kind.into(), ..VarForm::default() };
    assert!(f("9lives", "textbox").to_variable(None, &[]).unwrap_err().starts_with("Name:"));
    assert!(f("__interval", "textbox").to_variable(None, &[]).unwrap_err().contains("reserved"));
    assert!(f("job", "textbox").to_variable(None, &others).unwrap_err().contains("already a variable $job"));
    assert!(f("q", "query").to_variable(None, &[]).unwrap_err().starts_with("Query:"));
    assert!(f("c", "custom").to_variable(None, &[]).unwrap_err().starts_with("Values:"));
    let bad_interval = VarForm { values: "1m, soon".into(), ..f("i", "interval") };
    assert!(bad_interval.to_variable(None, &[]).unwrap_err().contains("\"soon\" is not a duration"));
    assert!(f("x", "chart").to_variable(None, &[]).unwrap_err().starts_with("Type:"));
    let auto = |count: &str, min: &str| VarForm { values: "1m".into(), auto: true, auto_count: count.into(), auto_min: min.into(), ..f("i", "interval") };
    assert!(auto("0", "10s").to_variable(None, &[]).unwrap_err().starts_with("Auto steps:"));
    assert!(auto("501", "10s").to_variable(None, &[]).unwrap_err().starts_with("Auto steps:"));
    assert!(auto("30", "a bit").to_variable(None, &[]).unwrap_err().starts_with("Auto minimum:"));
    // The auto option is a choice of its own; leaving it off ignores its fields.
    let v = auto("30", "10s").to_variable(None, &[]).unwrap();
    assert_eq!(v.kind.static_options(), vec!["auto".to_string(), "1m".to_string()]);
    assert_eq!(VarForm { auto: false, ..auto("x", "y") }.to_variable(None, &[]).unwrap().kind, VariableKind::Interval { values: vec!["1m".into()], auto: None });
    // A leading $ in the name is forgiven.
    assert_eq!(f("$t", "textbox").to_variable(None, &[]).unwrap().name, "t");
}

#[test]
fn the_selection_is_kept_only_where_it_still_fits() {
    let d = dash();
    let env = &d.variables[1];
    // Values edited: "dev" is still an option and stays chosen.
    let mut f = VarForm::from_variable(env);
    f.values = "dev, staging".into();
    assert_eq!(f.to_variable(Some(env), &[]).unwrap().current, vec!["dev"]);
    // "dev" removed: nothing chosen (the first option is picked when options load).
    f.values = "prod, staging".into();
    assert!(f.to_variable(Some(env), &[]).unwrap().current.is_empty());
    // All off: $__all is dropped; multi off: one value kept.
    let v = Variable { current: vec![ALL_VALUE.into()], include_all: true, ..env.clone() };
    let mut f = VarForm::from_variable(&v);
    f.include_all = false;
    assert!(f.to_variable(Some(&v), &[]).unwrap().current.is_empty());
    let v = Variable { current: vec!["prod".into(), "dev".into()], multi: true, ..env.clone() };
    let mut f = VarForm::from_variable(&v);
    f.multi = false;
    assert_eq!(f.to_variable(Some(&v), &[]).unwrap().current, vec!["prod"]);
    // No multi or All on a text box; the text box's value is its selection.
    let f = VarForm { name: "t".into(), kind: "textbox".into(), value: "hi".into(), multi: true, include_all: true, all_value: ".*".into(), ..VarForm::default() };
    let t = f.to_variable(None, &[]).unwrap();
    assert!(!t.multi && !t.include_all && t.all_value.is_none());
    assert_eq!(t.current, vec!["hi"]);
}

#[test]
fn variables_are_added_replaced_moved_and_removed() {
    let mut d = dash();
    let form = VarForm { name: "instance".into(), query: "label_values(up{job=\"$job\"}, instance)".into(), ..VarForm::default() };
    apply_form(&mut d, None, &form).unwrap();
    assert_eq!(d.variables.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), vec!["job", "env", "instance"]);
    // Renaming to a taken name leaves the dashboard as it was.
    let before = d.clone();
    let taken = VarForm { name: "env".into(), ..form.clone() };
    assert!(apply_form(&mut d, Some(2), &taken).unwrap_err().contains("already"));
    assert_eq!(d, before);
    // Replacing in place keeps the position; the same name is not a clash with itself.
    let replaced = VarForm { label: "Instance".into(), ..form };
    apply_form(&mut d, Some(2), &replaced).unwrap();
    assert_eq!(d.variables[2].label, "Instance");
    assert!(apply_form(&mut d, Some(9), &replaced).is_err());
    // Moves.
    assert!(move_variable(&mut d, 2, true));
    assert_eq!(d.variables[1].name, "instance");
    assert!(!move_variable(&mut d, 0, true));
    assert!(!move_variable(&mut d, 2, false));
    assert!(!move_variable(&mut d, 7, true));
    // $job is used by instance, which now comes after it: fine; job moved after it is reported.
    assert!(used_before_defined(&d, 1).is_empty());
    assert!(move_variable(&mut d, 0, false));
    assert_eq!(d.variables[0].name, "instance");
    assert_eq!(used_before_defined(&d, 0), vec!["job"]);
    assert!(remove_variable(&mut d, 0));
    assert!(!remove_variable(&mut d, 5));
    assert_eq!(d.variables.len(), 2);
}

#[test]
fn only_whole_names_count_as_uses() {
    let mut d = dash();
    d.variables.insert(0, query_var("first", "label_values(up{a=\"$jobs\", b=\"${env:regex}\"}, x)"));
    // "$jobs" is not "$job"; "${env:regex}" is env.
    assert_eq!(used_before_defined(&d, 0), vec!["env"]);
}

#[test]
fn the_json_model_is_read_by_the_checked_reader_and_keeps_the_id() {
    let d = dash();
    let text = to_json(&d);
    let (same, notices) = apply_json_model(&d, &text).unwrap();
    assert_eq!(same, d);
    assert!(notices.is_empty(), "{notices:?}");
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        f(&mut v);
        v.to_string()
    };
    let edited = edit(&|v| v["spec"]["display"]["name"] = "Renamed in JSON".into());
    assert_eq!(apply_json_model(&d, &edited).unwrap().0.title, "Renamed in JSON");
    let other_id = edit(&|v| v["metadata"]["name"] = "other".into());
    assert!(apply_json_model(&d, &other_id).unwrap_err().contains("must stay \"d\""));
    // A broken edit is refused with the reader's message, naming the JSON path.
    assert!(apply_json_model(&d, &text[..text.len() - 2]).is_err());
    let dup = edit(&|v| v["spec"]["variables"][1]["spec"]["name"] = "job".into());
    let e = apply_json_model(&d, &dup).unwrap_err();
    assert!(e.contains("job") && e.contains("variables"), "{e}");
}
