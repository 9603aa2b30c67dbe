//! Fuzz targets' shared entry: `run(target, bytes)` panics when a check in [`checks`] fails, which is what
//! libFuzzer counts as a crash. The checks themselves return errors, so `cargo test` can replay inputs.

pub mod checks;

/// Runs one fuzz input through `target`'s checks; panics (a libFuzzer crash) with the reason when one fails.
pub fn run(target: &str, data: &[u8]) {
    if let Err(e) = checks::check(target, data) {
        panic!("{target}: {e}");
    }
}
