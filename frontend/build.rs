//! With `--split --release`, rust-lld's string merging makes data segments
//! that the splitter cannot move, so they would all stay in the main module:
//! the back office's strings would reach every tenant (cargo-leptos#679).
//! Not merging them keeps each page's data with its chunk. Set here, for the
//! wasm link only: the test scripts export RUSTFLAGS, which would override a
//! target's rustflags in .cargo/config.toml, and the server's native link
//! does not know this flag.
fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a.starts_with("wasm"));
    if wasm {
        println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
    }
}
