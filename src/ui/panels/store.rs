//! Dashboards kept in this browser (localStorage): the saved list, each dashboard, an autosaved draft of
//! unsaved edits and imported snapshots. Damaged stored JSON is moved aside, never deleted.

use crate::browser;
use crate::dashboard::{check, parse_dashboard, parse_snapshot, snapshot_to_json, to_json, Dashboard, Snapshot};
pub use crate::view::library::SNAPSHOT_PREFIX;
use crate::view::library::{new_title, parse_saved_index, parse_snapshot_index, saved_index_json, snapshot_index_json, upsert_snapshot, SnapshotEntry};

const INDEX: &str = "trifocal.dashboards";
const ONE: &str = "trifocal.dashboard.";
const DRAFT: &str = "trifocal.dashboard-draft.";
const SNAP: &str = "trifocal.snapshot.";
const SNAP_INDEX: &str = "trifocal.snapshots";
const ASIDE: &str = "trifocal.damaged.";

fn keep_aside(key: &str, text: &str) -> String {
    let aside = format!("{ASIDE}{key}.{}", browser::now_ms());
    let _ = browser::storage_set(&aside, text);
    aside
}

/// The uids of saved dashboards. A damaged list is kept aside (its text under a `trifocal.damaged.*`
/// key) and reported; the list then starts empty.
pub fn saved_uids() -> Result<Vec<String>, String> {
    let Some(text) = browser::storage_get(INDEX) else { return Ok(Vec::new()) };
    parse_saved_index(&text).map_err(|e| {
        let aside = keep_aside(INDEX, &text);
        browser::storage_remove(INDEX);
        format!("The saved dashboard list was damaged ({e}); its text was kept under \"{aside}\".")
    })
}

/// A saved dashboard. `None` when there is none with this uid; `Err` (with the stored text kept aside)
/// when its JSON is damaged.
pub fn load_saved(uid: &str) -> Option<Result<(Dashboard, Vec<String>), String>> {
    let key = format!("{ONE}{uid}");
    let text = browser::storage_get(&key)?;
    Some(parse_dashboard(&text).map_err(|e| {
        let aside = keep_aside(&key, &text);
        format!("The saved dashboard \"{uid}\" could not be read: {e}. Its text was kept under \"{aside}\".")
    }))
}

/// Titles and tags of the saved dashboards (damaged ones are listed with an error instead).
pub fn list_saved() -> (Vec<(String, String, Vec<String>)>, Vec<String>) {
    let mut errors = Vec::new();
    let uids = saved_uids().unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    let mut out = Vec::new();
    for uid in uids {
        match browser::storage_get(&format!("{ONE}{uid}")).map(|t| parse_dashboard(&t)) {
            Some(Ok((d, _))) => out.push((uid, d.title, d.tags)),
            Some(Err(e)) => errors.push(format!("Saved dashboard \"{uid}\" is damaged: {e}")),
            None => {}
        }
    }
    (out, errors)
}

/// Saves a dashboard (checked first) and drops its draft.
pub fn save(d: &Dashboard) -> Result<(), String> {
    check(d)?;
    browser::storage_set(&format!("{ONE}{}", d.uid), &to_json(d))?;
    let mut uids = saved_uids().unwrap_or_default();
    if !uids.contains(&d.uid) {
        uids.push(d.uid.clone());
    }
    browser::storage_set(INDEX, &saved_index_json(&uids))?;
    browser::storage_remove(&format!("{DRAFT}{}", d.uid));
    Ok(())
}

/// Removes a saved dashboard and its draft.
pub fn delete(uid: &str) -> Result<(), String> {
    let uids: Vec<String> = saved_uids().unwrap_or_default().into_iter().filter(|u| u != uid).collect();
    browser::storage_set(INDEX, &saved_index_json(&uids))?;
    browser::storage_remove(&format!("{ONE}{uid}"));
    browser::storage_remove(&format!("{DRAFT}{uid}"));
    Ok(())
}

/// Autosaves unsaved edits.
pub fn save_draft(d: &Dashboard) -> Result<(), String> {
    browser::storage_set(&format!("{DRAFT}{}", d.uid), &to_json(d))
}

/// The autosaved draft, if any (a damaged one is kept aside and reported as `Err`).
pub fn load_draft(uid: &str) -> Option<Result<Dashboard, String>> {
    let key = format!("{DRAFT}{uid}");
    let text = browser::storage_get(&key)?;
    Some(parse_dashboard(&text).map(|(d, _)| d).map_err(|e| {
        let aside = keep_aside(&key, &text);
        browser::storage_remove(&key);
        format!("The unsaved draft of \"{uid}\" could not be read ({e}); its text was kept under \"{aside}\".")
    }))
}

pub fn discard_draft(uid: &str) {
    browser::storage_remove(&format!("{DRAFT}{uid}"));
}

/// Keeps an imported snapshot under `uid` (a `snapshot-…` uid; see `view::library::snapshot_uid`) and lists
/// it in the snapshot index.
pub fn save_snapshot(s: &Snapshot, uid: &str) -> Result<(), String> {
    let mut index = snapshot_index();
    browser::storage_set(&format!("{SNAP}{uid}"), &snapshot_to_json(s))?;
    upsert_snapshot(&mut index, SnapshotEntry { uid: uid.to_string(), title: s.dashboard.title.clone(), tags: s.dashboard.tags.clone(), captured_at_ms: s.captured_at_ms });
    browser::storage_set(SNAP_INDEX, &snapshot_index_json(&index))
}

/// The stored snapshots' index. A damaged index is kept aside and rebuilt; snapshots stored before the index
/// existed (or missing from it) are read once and added.
pub fn snapshot_index() -> Vec<SnapshotEntry> {
    let mut index = match browser::storage_get(SNAP_INDEX).map(|t| (parse_snapshot_index(&t), t)) {
        Some((Ok(i), _)) => i,
        Some((Err(_), text)) => {
            keep_aside(SNAP_INDEX, &text);
            Vec::new()
        }
        None => Vec::new(),
    };
    let keys = browser::storage_keys(SNAP);
    let mut changed = false;
    for key in &keys {
        let uid = &key[SNAP.len()..];
        if index.iter().any(|e| e.uid == uid) || !uid.starts_with(SNAPSHOT_PREFIX) {
            continue;
        }
        // A snapshot that cannot be read is still listed, so it can be opened (to see why) or deleted.
        let entry = match browser::storage_get(key).map(|t| parse_snapshot(&t)) {
            Some(Ok((s, _))) => SnapshotEntry { uid: uid.to_string(), title: s.dashboard.title, tags: s.dashboard.tags, captured_at_ms: s.captured_at_ms },
            _ => SnapshotEntry { uid: uid.to_string(), title: format!("{uid} (could not be read)"), tags: Vec::new(), captured_at_ms: 0 },
        };
        index.push(entry);
        changed = true;
    }
    // Entries whose snapshot is gone are dropped.
    let before = index.len();
    index.retain(|e| keys.iter().any(|k| k[SNAP.len()..] == e.uid));
    if changed || index.len() != before {
        let _ = browser::storage_set(SNAP_INDEX, &snapshot_index_json(&index));
    }
    index
}

/// Removes a stored snapshot and its index entry.
pub fn delete_snapshot(uid: &str) -> Result<(), String> {
    let index: Vec<SnapshotEntry> = snapshot_index().into_iter().filter(|e| e.uid != uid).collect();
    browser::storage_set(SNAP_INDEX, &snapshot_index_json(&index))?;
    browser::storage_remove(&format!("{SNAP}{uid}"));
    Ok(())
}

/// True when the dashboard has autosaved edits that are not saved yet.
pub fn has_draft(uid: &str) -> bool {
    browser::storage_get(&format!("{DRAFT}{uid}")).is_some()
}

/// Renames a saved dashboard; an unsaved draft of it keeps its edits and takes the new title too.
pub fn rename(uid: &str, asked: &str) -> Result<String, String> {
    let title = new_title(asked)?;
    let (mut d, _) = load_saved(uid).ok_or_else(|| format!("There is no saved dashboard \"{uid}\"."))??;
    d.title = title.clone();
    check(&d)?;
    browser::storage_set(&format!("{ONE}{uid}"), &to_json(&d))?;
    if let Some(Ok(mut draft)) = load_draft(uid) {
        draft.title = title.clone();
        save_draft(&draft)?;
    }
    Ok(title)
}

/// A stored snapshot's text, as imported (the Dashboards page checked it with the full reader then).
pub fn snapshot_text(uid: &str) -> Option<String> {
    browser::storage_get(&format!("{SNAP}{uid}"))
}

pub fn load_snapshot(uid: &str) -> Option<Result<Snapshot, String>> {
    let key = format!("{SNAP}{uid}");
    let text = browser::storage_get(&key)?;
    Some(parse_snapshot(&text).map(|(s, _)| s).map_err(|e| {
        let aside = keep_aside(&key, &text);
        format!("The stored snapshot could not be read ({e}); its text was kept under \"{aside}\".")
    }))
}
