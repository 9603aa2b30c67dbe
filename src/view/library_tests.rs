//! Tests of the dashboard library list and its stored indexes.

use super::*;

#[test]
fn shipped_index_is_read_safely() {
    let l = parse_shipped_index(
        r#"{"dashboards":[{"uid":"a","title":"A","tags":["x"]},{"uid":"b","file":"../etc/passwd"},{"uid":"bad uid"},{"uid":"c","file":"c-v2.json"}]}"#,
    )
    .unwrap();
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].file(), Some("a.json"));
    assert_eq!(l[0].tags, vec!["x"]);
    assert_eq!(l[1].title, "c");
    assert_eq!(l[1].file(), Some("c-v2.json"));
    assert!(l.iter().all(LibraryEntry::is_shipped));
    assert!(parse_shipped_index("{}").unwrap_err().contains("dashboards"));
    assert!(parse_shipped_index("nope").unwrap_err().contains("not valid JSON"));
    assert!(parse_shipped_index(r#"{"dashboards":[]}"#).unwrap().is_empty());
}

fn snap(uid: &str, title: &str, at: i64) -> SnapshotEntry {
    SnapshotEntry { uid: uid.into(), title: title.into(), tags: vec![], captured_at_ms: at }
}

#[test]
fn library_merges_saved_over_shipped_then_snapshots_newest_first() {
    let shipped = parse_shipped_index(r#"{"dashboards":[{"uid":"demo","title":"Demo"},{"uid":"z","title":"Zed"}]}"#).unwrap();
    let saved = vec![("demo".to_string(), "My demo".to_string(), vec![]), ("m".to_string(), "Alpha".to_string(), vec![])];
    let snaps = vec![snap("snapshot-a", "Old", 10), snap("snapshot-b", "New", 20)];
    let l = merge_library(&shipped, &saved, &snaps);
    let names: Vec<(&str, &Source)> = l.iter().map(|e| (e.uid.as_str(), &e.source)).collect();
    assert_eq!(
        names,
        vec![
            ("m", &Source::Saved { overrides_shipped: false }),
            ("demo", &Source::Saved { overrides_shipped: true }),
            ("z", &Source::Shipped { file: "z.json".into() }),
            ("snapshot-b", &Source::Snapshot { captured_at_ms: 20 }),
            ("snapshot-a", &Source::Snapshot { captured_at_ms: 10 }),
        ]
    );
}

#[test]
fn search_matches_every_word_in_title_tags_or_uid() {
    let e = LibraryEntry { uid: "node-1".into(), title: "Node Exporter Full".into(), tags: vec!["linux".into()], source: Source::Saved { overrides_shipped: false } };
    assert!(e.matches(""));
    assert!(e.matches("  "));
    assert!(e.matches("exporter"));
    assert!(e.matches("NODE linux"));
    assert!(e.matches("node-1"));
    assert!(!e.matches("node windows"));
    assert!(!e.matches("grafana"));
}

#[test]
fn saved_index_round_trip_and_damage() {
    let uids = vec!["a".to_string(), "b".to_string()];
    assert_eq!(parse_saved_index(&saved_index_json(&uids)).unwrap(), uids);
    assert_eq!(parse_saved_index(r#"["a","a","bad uid"]"#).unwrap(), vec!["a"]);
    assert!(parse_saved_index("{").is_err());
}

#[test]
fn snapshot_index_round_trip_upsert_and_damage() {
    let mut l = vec![snap("snapshot-a", "A", 1)];
    upsert_snapshot(&mut l, snap("snapshot-b", "B", 2));
    upsert_snapshot(&mut l, snap("snapshot-a", "A again", 3));
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].title, "A again");
    let text = snapshot_index_json(&l);
    assert!(text.contains("\"capturedAtMs\":3"), "{text}");
    assert_eq!(parse_snapshot_index(&text).unwrap(), l);
    // Repeats, bad uids and uids that are not snapshots' are dropped; missing fields default.
    let odd = r#"[{"uid":"snapshot-a","title":"A"},{"uid":"snapshot-a","title":"again"},{"uid":"plain","title":"P"},{"uid":"snapshot-x y","title":"S"}]"#;
    assert_eq!(parse_snapshot_index(odd).unwrap(), vec![snap("snapshot-a", "A", 0)]);
    assert!(parse_snapshot_index("{").unwrap_err().contains("damaged"));
    assert!(parse_snapshot_index(r#"[{"title":"no uid"}]"#).is_err());
}

#[test]
fn snapshot_uids_keep_the_prefix_and_are_numbered_when_kept_twice() {
    assert_eq!(snapshot_uid("demo", &[]), "snapshot-demo");
    let taken = vec!["snapshot-demo".to_string()];
    assert_eq!(snapshot_uid("demo", &taken), "snapshot-demo-2");
    let long = "x".repeat(64);
    let u = snapshot_uid(&long, &[]);
    assert!(u.starts_with(SNAPSHOT_PREFIX) && check_uid(&u).is_ok(), "{u}");
    let u2 = snapshot_uid(&long, std::slice::from_ref(&u));
    assert!(u2 != u && u2.starts_with(SNAPSHOT_PREFIX) && check_uid(&u2).is_ok(), "{u2}");
}

#[test]
fn uids_are_unique_and_clean() {
    let taken = vec!["demo".to_string(), "demo-2".to_string()];
    assert_eq!(unique_uid("demo", &taken), "demo-3");
    assert_eq!(unique_uid("my board!", &taken), "my-board");
    assert_eq!(unique_uid("", &taken), "dashboard");
    let d = new_dashboard(1_700_000_000_000, &[]);
    assert!(check_uid(&d.uid).is_ok(), "{}", d.uid);
    assert!(crate::dashboard::check(&d).is_ok());
}

#[test]
fn renames_are_trimmed_and_checked() {
    assert_eq!(new_title("  Checkout latency ").unwrap(), "Checkout latency");
    assert!(new_title("   ").unwrap_err().contains("needs a title"));
    assert!(new_title(&"é".repeat(MAX_TITLE)).is_ok());
    assert!(new_title(&"é".repeat(MAX_TITLE + 1)).unwrap_err().contains("at most"));
    assert!(new_title("two\nlines").unwrap_err().contains("line breaks"));
}

#[test]
fn the_replace_question_names_the_id_and_warns_of_unsaved_edits() {
    let q = replace_question("dashboard", "demo", true);
    assert!(q.contains("\"demo\"") && q.contains("unsaved edits") && q.contains("Cancel keeps both"), "{q}");
    assert!(!replace_question("snapshot", "snapshot-demo", false).contains("unsaved"));
}

#[test]
fn save_as_makes_a_copy_under_a_free_id() {
    let d = Dashboard { uid: "ops".into(), title: "Ops".into(), tags: vec!["t".into()], ..Dashboard::default() };
    let c = copy_of(&d, " Ops (mine) ", &["ops-copy".to_string()]).unwrap();
    assert_eq!((c.uid.as_str(), c.title.as_str()), ("ops-copy-2", "Ops (mine)"));
    assert_eq!(c.tags, d.tags);
    assert!(crate::dashboard::check(&c).is_ok());
    assert!(copy_of(&d, "", &[]).unwrap_err().contains("needs a title"));
    let long = Dashboard { uid: "x".repeat(64), ..d.clone() };
    assert!(check_uid(&copy_of(&long, "L", &[]).unwrap().uid).is_ok());
}
