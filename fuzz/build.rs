//! lsp_decode fuzzes the private functions of src/lsp/transport.rs, so it
//! compiles that file into a module of its own (`include!`), with helpers
//! beside it. `include!` does not take inner doc comments, so this copies
//! the file with its `//!` lines made plain comments.

use std::path::PathBuf;

fn main() {
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../src/lsp/transport.rs");
    println!("cargo:rerun-if-changed={}", source.display());
    let text = std::fs::read_to_string(&source).expect("src/lsp/transport.rs is readable");
    let text: String = text
        .lines()
        .map(|line| match line.strip_prefix("//!") {
            Some(rest) => format!("//{rest}\n"),
            None => format!("{line}\n"),
        })
        .collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set"));
    std::fs::write(out.join("transport.rs"), text).expect("OUT_DIR is writable");
}
