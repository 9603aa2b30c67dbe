//! The manifest the end-to-end tests read: trace IDs known to be in the backends, written atomically.

use crate::model::Trace;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Successful traces that have log lines, accepted by the trace backend (and, when logs are pushed with
    /// --logs-push, whose log lines were all accepted by the logs receiver too).
    pub trace_ids: Vec<String>,
    /// Failed traces (error status, error logs), confirmed the same way.
    pub error_trace_ids: Vec<String>,
    /// A trace with >= 10 spans, >= 3 services (embedding-service among them) and logs; "" if none.
    pub featured_trace_id: String,
    pub services: Vec<String>,
    pub start_ms: u64,
    pub end_ms: u64,
    pub log_lines: u64,
    pub spans: u64,
}

/// Whether a trace can be the featured one.
pub fn is_featured_candidate(t: &Trace) -> bool {
    let services = t.services();
    !t.error && t.spans.len() >= 10 && services.len() >= 3 && services.iter().any(|s| s == "embedding-service") && !t.logs.is_empty()
}

/// Builds the manifest from every trace sent; `confirmed` says which are known to have reached the backends
/// they were sent to.
pub fn build(sent: &[Trace], confirmed: impl Fn(&Trace) -> bool) -> Manifest {
    let mut m = Manifest::default();
    let mut services: Vec<String> = Vec::new();
    let mut start = u64::MAX;
    let mut end = 0u64;
    for t in sent {
        m.spans = m.spans.saturating_add(t.spans.len() as u64);
        m.log_lines = m.log_lines.saturating_add(t.logs.len() as u64);
        start = start.min(t.start_ns());
        end = end.max(t.end_ns());
        for s in t.services() {
            if !services.contains(&s) {
                services.push(s);
            }
        }
    }
    services.sort();
    m.services = services;
    if end > 0 {
        m.start_ms = start / 1_000_000;
        m.end_ms = end / 1_000_000;
    }
    // Most recent first: these are the likeliest to be inside a UI's default time range.
    let ok: Vec<&Trace> = sent.iter().rev().filter(|t| confirmed(t) && !t.logs.is_empty()).collect();
    m.trace_ids = ok.iter().filter(|t| !t.error).take(20).map(|t| t.id_hex()).collect();
    m.error_trace_ids = ok.iter().filter(|t| t.error).take(10).map(|t| t.id_hex()).collect();
    let candidates: Vec<&&Trace> = ok.iter().filter(|t| is_featured_candidate(t)).take(200).collect();
    // Prefer an id with a leading zero: it exercises ID normalisation in the UI (tests strip zeros).
    let featured = candidates.iter().find(|t| t.id_hex().starts_with('0')).or(candidates.first());
    m.featured_trace_id = featured.map(|t| t.id_hex()).unwrap_or_default();
    m
}

/// Writes `m` as pretty JSON to `path` via a temporary file and a rename, so readers never see half a file.
pub fn write_atomic(path: &Path, m: &Manifest) -> Result<(), String> {
    let json = serde_json::to_string_pretty(m).map_err(|e| format!("cannot encode the manifest: {e}"))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, json + "\n").map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot rename {} to {}: {e}", tmp.display(), path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Sim;

    #[test]
    fn manifest_lists_confirmed_ids_and_a_featured_trace() {
        let mut sim = Sim::new(42);
        let mut sent: Vec<Trace> = (0..400u64).map(|i| sim.trace(1_795_453_063_000_000_000 + i * 200_000_000)).collect();
        sent.push(sim.rag_trace(1_795_453_200_000_000_000, false));
        let unconfirmed = sent[5].id_hex();
        let m = build(&sent, |t| t.id_hex() != unconfirmed);
        assert_eq!(m.trace_ids.len(), 20);
        assert!(!m.error_trace_ids.is_empty() && m.error_trace_ids.len() <= 10);
        assert!(!m.trace_ids.contains(&unconfirmed) && !m.error_trace_ids.contains(&unconfirmed));
        let f = sent.iter().find(|t| t.id_hex() == m.featured_trace_id).expect("featured is a sent trace");
        assert!(is_featured_candidate(f));
        for id in &m.error_trace_ids {
            assert!(sent.iter().any(|t| &t.id_hex() == id && t.error));
        }
        assert!(m.services.contains(&"embedding-service".to_string()));
        assert!(m.start_ms < m.end_ms);
        assert_eq!(m.spans, sent.iter().map(|t| t.spans.len() as u64).sum::<u64>());
        assert_eq!(m.log_lines, sent.iter().map(|t| t.logs.len() as u64).sum::<u64>());
    }

    #[test]
    fn written_atomically_and_readable_back() {
        let dir = std::env::temp_dir().join(format!("trifocal-gen-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("manifest.json");
        let m = Manifest { featured_trace_id: "0af7651916cd43dd8448eb211c80319c".into(), spans: 3, ..Default::default() };
        write_atomic(&path, &m).expect("written");
        let back: Manifest = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        assert_eq!(back, m);
        assert!(!dir.join("manifest.json.tmp").exists());
        assert!(write_atomic(&dir.join("missing-dir").join("m.json"), &m).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
