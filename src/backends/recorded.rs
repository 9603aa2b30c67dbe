//! Test support: the recorded answers the readers' "reads as serde read it" tests walk, from the repository's
//! fixture folders and the shared recordings beside the worktree.

use std::path::Path;

/// Every file under `dirs` (relative to the crate's root; a missing folder is skipped) that `keep` takes, given
/// its folder and path, as (path, text), sorted by path.
pub fn recorded(dirs: &[&str], keep: impl Fn(&str, &Path) -> bool) -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(list) = std::fs::read_dir(format!("{root}/{dir}")) else { continue };
        for f in list.flatten() {
            let path = f.path();
            if keep(dir, &path) {
                out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Whether `path` ends in one of `exts`.
pub fn has_ext(path: &Path, exts: &[&str]) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e))
}
