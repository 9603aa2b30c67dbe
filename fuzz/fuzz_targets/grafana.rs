//! cargo-fuzz target `grafana` (Grafana and Perses import): see `trifocal_fuzz::checks`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| trifocal_fuzz::run("grafana", data));
