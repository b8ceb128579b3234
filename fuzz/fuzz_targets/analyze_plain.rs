//! Arbitrary bytes, as lossy UTF-8, analysed as a Plain document with the
//! default settings: no panic, and every range slices the text.

#![no_main]

mod common;

use copydesk::prose::DocKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::analyze_bytes(data, DocKind::Plain);
});
