//! The dashboard library: shipped dashboards (`dashboards/index.json`), dashboards saved in this browser and
//! stored snapshots, merged into one searchable list; the stored indexes' JSON; fresh uids; renaming.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dashboard::{check_uid, Dashboard};

/// Uid prefix of snapshots kept in this browser (`#/dashboard/snapshot-<uid>` opens one).
pub const SNAPSHOT_PREFIX: &str = "snapshot-";

/// Longest dashboard title accepted by a rename.
pub const MAX_TITLE: usize = 200;

/// Where a library entry comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Shipped with the app: the file name under `dashboards/`.
    Shipped { file: String },
    /// Saved in this browser; `overrides_shipped` when it has the uid of a shipped one (and replaces it).
    Saved { overrides_shipped: bool },
    /// An imported snapshot kept in this browser, captured at this time (epoch ms).
    Snapshot { captured_at_ms: i64 },
}

/// One dashboard of the library list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibraryEntry {
    pub uid: String,
    pub title: String,
    pub tags: Vec<String>,
    pub source: Source,
}

impl LibraryEntry {
    /// Shipped with the app (read-only here).
    pub fn is_shipped(&self) -> bool {
        matches!(self.source, Source::Shipped { .. })
    }

    /// For shipped dashboards: the file name under `dashboards/`.
    pub fn file(&self) -> Option<&str> {
        match &self.source {
            Source::Shipped { file } => Some(file),
            _ => None,
        }
    }

    /// Matches a search: every word of `query` is in the title, a tag or the uid (case-insensitive).
    pub fn matches(&self, query: &str) -> bool {
        let hay = format!("{}\n{}\n{}", self.title, self.tags.join("\n"), self.uid).to_lowercase();
        query.to_lowercase().split_whitespace().all(|w| hay.contains(w))
    }
}

/// Reads the shipped `dashboards/index.json`: `{"dashboards": [{"uid", "title", "file"?, "tags"?}]}`.
/// `file` defaults to `<uid>.json`; entries without a plain uid or with a file name that leaves the folder
/// are skipped.
pub fn parse_shipped_index(text: &str) -> Result<Vec<LibraryEntry>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("dashboards/index.json is not valid JSON: {e}"))?;
    let list = v
        .get("dashboards")
        .and_then(Value::as_array)
        .ok_or_else(|| "dashboards/index.json has no \"dashboards\" list".to_string())?;
    let mut out = Vec::new();
    for e in list {
        let uid = e.get("uid").and_then(Value::as_str).unwrap_or("").trim().to_string();
        if check_uid(&uid).is_err() {
            continue;
        }
        let file = e.get("file").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| format!("{uid}.json"));
        if !is_plain_file_name(&file) {
            continue;
        }
        let title = e.get("title").and_then(Value::as_str).unwrap_or(&uid).to_string();
        let tags = e
            .get("tags")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        out.push(LibraryEntry { uid, title, tags, source: Source::Shipped { file } });
    }
    Ok(out)
}

fn is_plain_file_name(f: &str) -> bool {
    !f.is_empty()
        && f.len() <= 128
        && !f.starts_with('.')
        && f.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A stored snapshot as the library lists it (kept in the snapshot index, so listing never parses the
/// snapshots themselves, which can be megabytes each).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotEntry {
    pub uid: String,
    pub title: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub captured_at_ms: i64,
}

/// The list shown to the user: saved dashboards first (a saved one with a shipped uid replaces the shipped
/// entry), then the remaining shipped ones, each group sorted by title; then stored snapshots, newest first.
pub fn merge_library(shipped: &[LibraryEntry], saved: &[(String, String, Vec<String>)], snapshots: &[SnapshotEntry]) -> Vec<LibraryEntry> {
    let mut mine: Vec<LibraryEntry> = saved
        .iter()
        .map(|(uid, title, tags)| LibraryEntry {
            uid: uid.clone(),
            title: title.clone(),
            tags: tags.clone(),
            source: Source::Saved { overrides_shipped: shipped.iter().any(|s| s.uid == *uid) },
        })
        .collect();
    crate::sort::by_key(&mut mine, |a| a.title.to_lowercase());
    let mut rest: Vec<LibraryEntry> = shipped.iter().filter(|s| !saved.iter().any(|(u, _, _)| *u == s.uid)).cloned().collect();
    crate::sort::by_key(&mut rest, |a| a.title.to_lowercase());
    mine.extend(rest);
    let mut snaps: Vec<&SnapshotEntry> = snapshots.iter().collect();
    crate::sort::by(&mut snaps, |a, b| b.captured_at_ms.cmp(&a.captured_at_ms).then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase())));
    mine.extend(snaps.into_iter().map(|s| LibraryEntry {
        uid: s.uid.clone(),
        title: s.title.clone(),
        tags: s.tags.clone(),
        source: Source::Snapshot { captured_at_ms: s.captured_at_ms },
    }));
    mine
}

/// Reads the saved-dashboards index (a JSON list of uids).
pub fn parse_saved_index(text: &str) -> Result<Vec<String>, String> {
    let v: Vec<String> = serde_json::from_str(text).map_err(|e| format!("the saved dashboard list is damaged ({e})"))?;
    let mut out: Vec<String> = Vec::new();
    for u in v {
        if check_uid(&u).is_ok() && !out.contains(&u) {
            out.push(u);
        }
    }
    Ok(out)
}

pub fn saved_index_json(uids: &[String]) -> String {
    serde_json::to_string(uids).unwrap_or_else(|_| "[]".to_string())
}

/// Reads the stored-snapshot index; entries with a bad uid (or not `snapshot-…`) and repeats are dropped.
pub fn parse_snapshot_index(text: &str) -> Result<Vec<SnapshotEntry>, String> {
    let v: Vec<SnapshotEntry> = serde_json::from_str(text).map_err(|e| format!("the stored snapshot list is damaged ({e})"))?;
    let mut out: Vec<SnapshotEntry> = Vec::new();
    for e in v {
        if e.uid.starts_with(SNAPSHOT_PREFIX) && check_uid(&e.uid).is_ok() && !out.iter().any(|o| o.uid == e.uid) {
            out.push(e);
        }
    }
    Ok(out)
}

pub fn snapshot_index_json(entries: &[SnapshotEntry]) -> String {
    serde_json::to_string(entries).unwrap_or_else(|_| "[]".to_string())
}

/// Puts `entry` in the index, replacing the one with its uid.
pub fn upsert_snapshot(entries: &mut Vec<SnapshotEntry>, entry: SnapshotEntry) {
    match entries.iter_mut().find(|e| e.uid == entry.uid) {
        Some(e) => *e = entry,
        None => entries.push(entry),
    }
}

/// The uid a snapshot of dashboard `dashboard_uid` is stored under: `snapshot-<uid>`, or a numbered one
/// when `taken` has it and the user chose to keep both.
pub fn snapshot_uid(dashboard_uid: &str, taken: &[String]) -> String {
    let wanted: String = format!("{SNAPSHOT_PREFIX}{dashboard_uid}");
    unique_uid(&wanted, taken)
}

/// A uid based on `wanted` (cleaned to the allowed characters) that is not in `taken`: `wanted`, then
/// `wanted-2`, `wanted-3`, …
pub fn unique_uid(wanted: &str, taken: &[String]) -> String {
    let mut base: String = wanted
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .take(56)
        .collect();
    base = base.trim_matches('-').to_string();
    if base.is_empty() {
        base = "dashboard".into();
    }
    if !taken.contains(&base) {
        return base;
    }
    (2u32..10_000).map(|n| format!("{base}-{n}")).find(|c| !taken.contains(c)).unwrap_or_else(|| format!("{base}-x"))
}

/// A new empty dashboard with a uid derived from `now_ms` (not in `taken`).
pub fn new_dashboard(now_ms: i64, taken: &[String]) -> Dashboard {
    let uid = unique_uid(&format!("d-{}", to_base36(now_ms.unsigned_abs())), taken);
    Dashboard { uid, title: "New dashboard".into(), ..Dashboard::default() }
}

fn to_base36(mut n: u64) -> String {
    const D: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(D[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The title a rename asked for, trimmed; refused when empty, too long or holding control characters.
pub fn new_title(asked: &str) -> Result<String, String> {
    let t = asked.trim();
    if t.is_empty() {
        return Err("A dashboard needs a title.".into());
    }
    if t.chars().count() > MAX_TITLE {
        return Err(format!("A title can have at most {MAX_TITLE} characters."));
    }
    if t.chars().any(char::is_control) {
        return Err("A title cannot hold line breaks or control characters.".into());
    }
    Ok(t.to_string())
}

/// "Save as": `d` (with its unsaved edits) under a new id not in `taken` and the title asked for.
pub fn copy_of(d: &Dashboard, asked_title: &str, taken: &[String]) -> Result<Dashboard, String> {
    let title = new_title(asked_title)?;
    let mut taken = taken.to_vec();
    taken.push(d.uid.clone());
    let uid = unique_uid(&format!("{}-copy", d.uid.chars().take(50).collect::<String>()), &taken);
    Ok(Dashboard { uid, title, ..d.clone() })
}

/// The question asked before an import replaces a stored dashboard (Cancel keeps both).
pub fn replace_question(what: &str, uid: &str, has_draft: bool) -> String {
    let draft = if has_draft { " Its unsaved edits would be lost too." } else { "" };
    format!("A {what} with the id \"{uid}\" already exists. Replace it?{draft} (Cancel keeps both: the import gets a new id.)")
}

#[cfg(test)]
#[path = "library_tests.rs"]
mod tests;
