//! cargo-fuzz target `traces`: see `trifocal_fuzz::checks`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| trifocal_fuzz::run("traces", data));
