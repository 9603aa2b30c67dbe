//! Entry point: mounts the browser app (wasm32) or explains how to run it (host).

#[cfg(target_arch = "wasm32")]
fn main() {
    trifocal::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Trifocal is a browser app: run `scripts/run.sh` (trunk serve) and open http://127.0.0.1:8080/");
}
