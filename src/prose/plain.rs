//! Plain text: everything is prose, blocks are separated by blank lines,
//! and a short line standing alone without closing punctuation is a
//! heading or title.

use super::{blocks_between_blank_lines, suppress, Block, BlockKind, DocKind, Mask, Prose};

pub(crate) fn extract(text: &str) -> Prose {
    let mut mask = Mask::blank(text);
    mask.reveal(0..text.len());
    let directives = suppress::find(text, DocKind::Plain);
    for directive in &directives {
        mask.hide(directive.comment.clone());
    }
    let suppressions = suppress::resolve(&directives, text.len());
    let masked = mask.finish();
    let blocks = blocks_between_blank_lines(&masked, 0..masked.len())
        .into_iter()
        .map(|range| {
            let kind = if looks_like_heading(&masked[range.clone()]) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            Block { range, kind }
        })
        .collect();
    Prose {
        masked,
        blocks,
        citations: Vec::new(),
        suppressions,
        directives,
    }
}

/// A block of one line that does not end a sentence: a title, a heading, a
/// caption, a speaker's name.
pub(crate) fn looks_like_heading(block: &str) -> bool {
    let block = block.trim();
    if block.contains(['\n', '\r']) {
        return false;
    }
    let ends_sentence = block
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_'])
        .ends_with(['.', '!', '?', ':', ';', '…', ',']);
    !ends_sentence && block.split_whitespace().count() <= 20
}
