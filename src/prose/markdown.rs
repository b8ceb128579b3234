//! Markdown prose, found with pulldown-cmark's source offsets.
//!
//! Text events are prose; code, inline code, HTML, math, front matter,
//! link targets, autolinks, image descriptions and reference definitions
//! are not (they never produce text events, or their text is skipped).

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
