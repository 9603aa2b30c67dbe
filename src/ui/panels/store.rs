//! Dashboards kept in this browser (localStorage): the saved list, each dashboard, an autosaved draft of
//! unsaved edits and imported snapshots. Damaged stored JSON is moved aside, never deleted.

use crate::browser;
use crate::dashboard::{check, parse_dashboard, parse_snapshot, snapshot_to_json, to_json, Dashboard, Snapshot};
use crate::view::dash::{parse_saved_index, saved_index_json};

const INDEX: &str = "trifocal.dashboards";
const ONE: &str = "trifocal.dashboard.";
const DRAFT: &str = "trifocal.dashboard-draft.";
const SNAP: &str = "trifocal.snapshot.";
const ASIDE: &str = "trifocal.damaged.";

/// Uid prefix of dashboards opened from a snapshot.
pub const SNAPSHOT_PREFIX: &str = "snapshot-";

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

/// Keeps an imported snapshot; returns the uid to open it under (`snapshot-<uid>`).
pub fn save_snapshot(s: &Snapshot) -> Result<String, String> {
    let uid = format!("{SNAPSHOT_PREFIX}{}", s.dashboard.uid);
    let uid: String = uid.chars().take(64).collect();
    browser::storage_set(&format!("{SNAP}{uid}"), &snapshot_to_json(s))?;
    Ok(uid)
}

pub fn load_snapshot(uid: &str) -> Option<Result<Snapshot, String>> {
    let key = format!("{SNAP}{uid}");
    let text = browser::storage_get(&key)?;
    Some(parse_snapshot(&text).map(|(s, _)| s).map_err(|e| {
        let aside = keep_aside(&key, &text);
        format!("The stored snapshot could not be read ({e}); its text was kept under \"{aside}\".")
    }))
}
