//! Arbitrary text as a copydesk.toml: parsing never panics and its errors
//! point into the text; a glossary edit of it is idempotent; and the
//! settings it gives, however odd, analyse a document without panicking.
//!
//! The input is the file, then optionally a 0xFF byte (never in UTF-8) and
//! the name a glossary edit adds.

#![no_main]

mod common;

use copydesk::analysis::analyze;
use copydesk::config::edit::{apply, GlossaryEdit};
use copydesk::prose::DocKind;
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = "# Okonjo-Iweala at the WTO\n\nNgozi Okonjo-Iweala opened the meeting. Okonjo-Iwaela spoke.\nClearly, the talks have failed. Studies show that 40% agree.\n\n<!-- copydesk-disable-next-line claim.booster -->\nObviously the vote was rigged, everyone knows it.\n";

fuzz_target!(|data: &[u8]| {
    let (file, name) = match data.iter().position(|&b| b == 0xff) {
        Some(idx) => (&data[..idx], &data[idx + 1..]),
        None => (data, &b"Kowalczyk"[..]),
    };
    let text = String::from_utf8_lossy(file);
    let config = copydesk::config::parse(&text);
    for error in &config.errors {
        common::check_range(&text, &error.byte_range, &error.message);
    }
    let findings = analyze(SAMPLE, DocKind::Markdown, &config.settings);
    common::check_findings(SAMPLE, &findings);

    let name = String::from_utf8_lossy(name).into_owned();
    for edit in [
        GlossaryEdit::AddName(name.clone()),
        GlossaryEdit::Ignore(name.clone()),
        GlossaryEdit::MarkDistinct(name.clone(), "Kowalczyk".into()),
    ] {
        if let Ok(once) = apply(&text, &edit) {
            let twice = apply(&once, &edit).expect("an edited file can be edited again");
            assert_eq!(once, twice, "{edit:?} twice changes the file again");
            copydesk::config::parse(&once);
        }
    }
});
