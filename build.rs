//! Build script: with the `split` feature on wasm, keeps the linker's relocations in the wasm, which the
//! post-build splitter (wasm-split-cli, scripts/build-wasm.mjs) needs to cut the module into chunks.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if split && wasm {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
