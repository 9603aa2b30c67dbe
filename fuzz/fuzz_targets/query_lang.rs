//! cargo-fuzz target `query_lang`: see `trifocal_fuzz::checks`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| trifocal_fuzz::run("query_lang", data));
