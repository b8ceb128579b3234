//! The incremental engine driven by a sequence of edits, as the replay test
//! in src/analysis/engine/tests.rs drives it: after every refresh, its
//! findings must equal a fresh analysis of the current text.

#![no_main]

mod common;

use std::sync::Arc;

use arbitrary::Arbitrary;
use copydesk::analysis::engine::Engine;
use copydesk::analysis::{analyze, EntitySettings, GlossaryName, Settings};
use copydesk::prose::DocKind;
use libfuzzer_sys::fuzz_target;

// Pieces typed or pasted, as in the replay test; an edit either picks one
// or inserts its own string.
include!("../../src/analysis/engine/replay_pieces.rs");

#[derive(Arbitrary, Debug)]
struct Edit {
    /// Where the edit starts, modulo the text's length plus one, moved back
    /// to a char boundary.
    position: u16,
    /// How many bytes it deletes, up to a char boundary.
    delete: u8,
    /// An index into [`PIECES`] when `own` is `None`.
    piece: u8,
    own: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    /// Picks the document kind (the first byte of the input).
    kind: u8,
    /// Puts filler paragraphs after the first blank line, so that the text
    /// spans several chunks as the replay test's does.
    filler: bool,
    initial: String,
    /// Batches of edits, each followed by a refresh.
    steps: Vec<Vec<Edit>>,
}

fn char_boundary_at_or_before(text: &str, mut idx: usize) -> usize {
    idx = idx.min(text.len());
    while !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

fuzz_target!(|input: Input| {
    let kind = match input.kind % 3 {
        0 => DocKind::Markdown,
        1 => DocKind::Latex,
        _ => DocKind::Plain,
    };
    // Keep each run short: a long sequence is many full analyses.
    if input.initial.len() > 4096 || input.steps.len() > 24 {
        return;
    }
    let settings = Arc::new(settings());
    let mut text = if input.filler {
        let filler: String = (0..12)
            .map(|n| format!("The meeting went on, item {n}.\n\n"))
            .collect();
        input.initial.replacen("\n\n", &format!("\n\n{filler}"), 3)
    } else {
        input.initial.clone()
    };
    let mut engine = Engine::with_text(kind, Arc::clone(&settings), &text);
    assert_eq!(engine.findings(), analyze(&text, kind, &settings));
    for (step, edits) in input.steps.iter().enumerate() {
        for edit in edits.iter().take(4) {
            let start =
                char_boundary_at_or_before(&text, edit.position as usize % (text.len() + 1));
            let end = char_boundary_at_or_before(&text, start + edit.delete as usize).max(start);
            let piece = match &edit.own {
                Some(own) => own.as_str(),
                None => PIECES[edit.piece as usize % PIECES.len()],
            };
            text.replace_range(start..end, piece);
            engine.edit(start..end, piece.len());
        }
        engine.refresh(&|range| text[range].to_string());
        assert_eq!(engine.len(), text.len(), "step {step}");
        let incremental = engine.findings();
        common::check_findings(&text, &incremental);
        let scratch = analyze(&text, kind, &settings);
        assert_eq!(
            incremental, scratch,
            "step {step} in {kind:?}; text: {text:?}"
        );
    }
});
