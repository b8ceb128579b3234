//! Markdown prose, found with pulldown-cmark's source offsets.
//!
//! Text events are prose; code, inline code, HTML, math, front matter,
//! link targets, autolinks, image descriptions and reference definitions
//! are not (they never produce text events, or their text is skipped).
//!
//! The line-level facts the chunk splitter needs (what opens and closes a
//! fence, front matter, a comment or a raw HTML block) are defined here
//! too, at the end, so that both read Markdown the same way.

use std::sync::LazyLock;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

static FOOTNOTE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\^[^\]\s]+\]").expect("valid regex"));

use super::{suppress, Block, BlockKind, DocKind, Mask, Prose};

/// A block-level element the parser is inside.
#[derive(Clone, Copy)]
struct Container {
    id: usize,
    kind: BlockKind,
}

pub(crate) fn extract(text: &str) -> Prose {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_MATH;
    let mut mask = Mask::blank(text);
    let mut citations = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut last_container: Option<usize> = None;
    let mut stack: Vec<Container> = Vec::new();
    let mut next_id = 0;
    // Depth of elements whose text is not prose (code, images, autolinks).
    let mut skip_depth = 0usize;
    // For each open link, whether it is an autolink (its text is a URL).
    let mut links: Vec<bool> = Vec::new();

    // Reference definitions may stand in another chunk of the document:
    // a full or collapsed reference link is a link whether or not its
    // definition is in sight.
    let accept_references = |link: BrokenLink<'_>| {
        matches!(link.link_type, LinkType::Reference | LinkType::Collapsed)
            .then(|| (CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options, Some(accept_references));
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let kind = match &tag {
                    Tag::Heading { .. } => Some(BlockKind::Heading),
                    Tag::BlockQuote(_) => Some(BlockKind::Quote),
                    Tag::TableCell => Some(BlockKind::Fragment),
                    Tag::Paragraph
                    | Tag::Item
                    | Tag::FootnoteDefinition(_)
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition => Some(BlockKind::Paragraph),
                    _ => None,
                };
                if let Some(kind) = kind {
                    // An element inside a heading, cell or quotation keeps
                    // that character.
                    // Each container holds the kind it inherited, so
                    // the nearest is on top (no walk down a deep stack).
                    let inherited = stack
                        .last()
                        .map(|c| c.kind)
                        .filter(|k| *k != BlockKind::Paragraph);
                    next_id += 1;
                    stack.push(Container {
                        id: next_id,
                        kind: inherited.unwrap_or(kind),
                    });
                }
                match tag {
                    Tag::CodeBlock(_)
                    | Tag::MetadataBlock(_)
                    | Tag::Image { .. }
                    | Tag::HtmlBlock => skip_depth += 1,
                    Tag::Link { link_type, .. } => {
                        citations.push(range);
                        let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        skip_depth += usize::from(autolink);
                        links.push(autolink);
                    }
                    _ => {}
                }
            }
            Event::End(tag_end) => {
                match tag_end {
                    TagEnd::Heading(_)
                    | TagEnd::BlockQuote(_)
                    | TagEnd::TableCell
                    | TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::FootnoteDefinition
                    | TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition => {
                        stack.pop();
                    }
                    TagEnd::CodeBlock
                    | TagEnd::MetadataBlock(_)
                    | TagEnd::Image
                    | TagEnd::HtmlBlock => skip_depth = skip_depth.saturating_sub(1),
                    _ => {}
                }
                if let TagEnd::Link = tag_end {
                    if links.pop() == Some(true) {
                        skip_depth = skip_depth.saturating_sub(1);
                    }
                }
            }
            Event::Text(_) if skip_depth == 0 => {
                let Some(container) = stack.last().copied() else {
                    continue;
                };
                mask.reveal(range.clone());
                match blocks.last_mut() {
                    Some(block) if last_container == Some(container.id) => {
                        block.range.end = range.end
                    }
                    _ => blocks.push(Block {
                        range,
                        kind: container.kind,
                    }),
                }
                last_container = Some(container.id);
            }
            Event::FootnoteReference(_) => citations.push(range),
            _ => {}
        }
    }

    // A footnote mark whose definition is elsewhere ("fell.[^1]") is still
    // a citation, and not prose.
    // Marks and citations are both walked in order: a mark is inside a
    // citation when one that starts at or before it ends at or after it.
    citations.sort_by_key(|c| c.start);
    let mut marks = Vec::new();
    let mut next_citation = 0;
    let mut reach = 0;
    for found in FOOTNOTE_MARK.find_iter(text) {
        while let Some(citation) = citations.get(next_citation) {
            if citation.start > found.start() {
                break;
            }
            reach = reach.max(citation.end);
            next_citation += 1;
        }
        let definition = text[found.end()..].starts_with(':');
        if !definition && reach < found.end() {
            mask.hide(found.range());
            marks.push(found.range());
        }
    }
    if !marks.is_empty() {
        citations.extend(marks);
        citations.sort_by_key(|c| c.start);
    }
    let directives = suppress::find(text, DocKind::Markdown);
    let suppressions = suppress::resolve(&directives, text.len());
    Prose {
        masked: mask.finish(),
        blocks,
        citations,
        suppressions,
        directives,
    }
}

// What one line says about Markdown, for the line-based chunk splitter
// (`chunks.rs`), which must not cut a document where pulldown-cmark would
// read one block across the cut. The parser above needs none of these:
// they are the same facts, read a line at a time.

/// A code fence, as a line shows it: its character (`` ` `` or `~`) and
/// how many of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fence {
    ch: char,
    len: usize,
}

impl Fence {
    /// The fence that a line, trimmed of white space, opens or closes:
    /// three or more backticks or tildes at its start, whatever follows.
    pub(super) fn of_line(trimmed: &str) -> Option<Fence> {
        let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let len = trimmed.chars().take_while(|c| *c == ch).count();
        (len >= 3).then_some(Fence { ch, len })
    }

    /// Whether a trimmed line closes this fence: at least as many of the
    /// same character, and nothing after them.
    pub(super) fn is_closed_by(self, trimmed: &str) -> bool {
        Fence::of_line(trimmed).is_some_and(|fence| {
            fence.ch == self.ch
                && fence.len >= self.len
                && trimmed.trim_start_matches(self.ch).trim().is_empty()
        })
    }
}

/// The lines that open front matter on a document's first line and close
/// it: YAML's `---` and TOML's `+++` (pulldown-cmark's metadata blocks,
/// both enabled in [`extract`]).
const FRONT_MATTER_DELIMITERS: [&str; 2] = ["---", "+++"];

/// The delimiter of the front matter that a document's first line,
/// trimmed, opens, if it opens any.
pub(super) fn front_matter_opened_by(trimmed: &str) -> Option<&'static str> {
    FRONT_MATTER_DELIMITERS
        .into_iter()
        .find(|delimiter| *delimiter == trimmed)
}

/// Whether a trimmed line ends the front matter that `delimiter` opened:
/// the same delimiter, or `...` after `---` (YAML's end of document).
pub(super) fn front_matter_closed_by(delimiter: &str, trimmed: &str) -> bool {
    trimmed == delimiter || (delimiter == "---" && trimmed == "...")
}

/// The HTML elements whose block runs past blank lines to the element's
/// end tag (CommonMark's HTML blocks of the first kind).
pub(super) const RAW_HTML_TAGS: [&str; 4] = ["pre", "script", "style", "textarea"];
