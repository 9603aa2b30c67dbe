//! Replays the cargo-fuzz targets' checks (fuzz/src/checks.rs, the same code) on the seed corpus and on every
//! crashing input the fuzzers found (kept in tests/fixtures/fuzz/<target>/), so a fixed crash stays fixed.
//! With `TRIFOCAL_FUZZ_CORPUS_OUT=<dir>` it also writes the seed corpus there (`scripts/fuzz.sh` does this).

#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::fs;
use std::path::{Path, PathBuf};

/// Seed sources per target: fixture directories (whole files) or line files (one seed per line).
fn seed_sources(target: &str) -> (Vec<&'static str>, Option<&'static str>) {
    match target {
        "prometheus" => (vec!["tests/fixtures/prometheus"], None),
        "loki" => (vec!["tests/fixtures/loki"], None),
        "victorialogs" => (vec!["tests/fixtures/victorialogs"], None),
        "alerts" => (vec!["tests/fixtures/alerts"], None),
        "traces" => (vec!["tests/fixtures/tempo", "tests/fixtures/jaeger"], None),
        "dashboard" => (
            vec![
                "assets/dashboards",
                "tests/fixtures/dashboards/valid",
                "tests/fixtures/dashboards/invalid",
                "tests/fixtures/dashboards/migrate",
            ],
            None,
        ),
        "grafana" => (vec!["tests/fixtures/grafana", "tests/fixtures/grafana-import", "tests/fixtures/perses"], None),
        "url_state" => (vec![], Some("fuzz/seeds/url_state.txt")),
        "query_lang" => (vec![], Some("fuzz/seeds/query_lang.txt")),
        "time" => (vec![], Some("fuzz/seeds/time.txt")),
        other => panic!("no seeds for {other}"),
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect()).unwrap_or_default();
    v.sort();
    v
}

/// The seed bodies of a target, without the selector byte.
fn seed_bodies(target: &str) -> Vec<(String, Vec<u8>)> {
    let (dirs, lines) = seed_sources(target);
    let mut out = Vec::new();
    for d in dirs {
        for f in files_in(&repo().join(d)).into_iter().filter(|f| f.extension().is_some_and(|e| e == "json" || e == "txt")) {
            out.push((f.display().to_string(), fs::read(&f).unwrap()));
        }
    }
    if let Some(l) = lines {
        let text = fs::read_to_string(repo().join(l)).unwrap();
        for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            out.push((format!("{l}:{}", i + 1), line.as_bytes().to_vec()));
        }
    }
    assert!(!out.is_empty(), "{target}: no seeds");
    out
}

#[test]
fn seed_corpus_passes_every_check() {
    let out_dir = std::env::var_os("TRIFOCAL_FUZZ_CORPUS_OUT").map(PathBuf::from);
    for target in checks::TARGETS {
        let mut accepted = 0;
        let mut n = 0;
        for (name, body) in seed_bodies(target) {
            for sel in 0..checks::parsers(target) {
                let mut input = vec![sel];
                input.extend_from_slice(&body);
                match checks::check(target, &input) {
                    Ok(read) => accepted += read as usize,
                    Err(e) => panic!("{target}: seed {name} with parser {sel}: {e}"),
                }
                if let Some(dir) = &out_dir {
                    let d = dir.join(target);
                    fs::create_dir_all(&d).unwrap();
                    fs::write(d.join(format!("seed-{n:04}")), &input).unwrap();
                }
                n += 1;
            }
        }
        // The real fixtures must be read by the parser they were recorded for, not only refused politely.
        assert!(accepted > 0, "{target}: none of {n} seed inputs was read");
        eprintln!("{target}: {n} seed inputs, {accepted} read");
    }
}

#[test]
fn kept_crash_inputs_stay_fixed() {
    let root = repo().join("tests/fixtures/fuzz");
    let mut n = 0;
    for target in checks::TARGETS {
        for f in files_in(&root.join(target)) {
            let data = fs::read(&f).unwrap();
            if let Err(e) = checks::check(target, &data) {
                panic!("{}: {e}", f.display());
            }
            n += 1;
        }
    }
    // Every directory under tests/fixtures/fuzz names a target (a typo would silently skip its inputs).
    for d in fs::read_dir(&root).into_iter().flatten().flatten().filter(|e| e.path().is_dir()) {
        let name = d.file_name().to_string_lossy().to_string();
        assert!(checks::TARGETS.contains(&name.as_str()), "tests/fixtures/fuzz/{name} is not a fuzz target");
    }
    eprintln!("{n} kept crash inputs replayed");
}

#[test]
fn checks_tell_read_from_refused() {
    assert_eq!(checks::check("query_lang", b"\x00rate(up[5m])"), Ok(true));
    assert_eq!(checks::check("nope", b""), Err("unknown target nope".into()));
    let refused = checks::check("prometheus", b"\x00<html><title>502 Bad Gateway</title></html>");
    assert_eq!(refused, Ok(false), "an HTML page is refused with a message, not read");
}
