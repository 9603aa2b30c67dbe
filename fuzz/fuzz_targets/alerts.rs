//! cargo-fuzz target `alerts`: see `trifocal_fuzz::checks`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| trifocal_fuzz::run("alerts", data));
