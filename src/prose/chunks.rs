//! Where a document may be cut into chunks that are read on their own.
//!
//! The incremental engine analyses a document chunk by chunk, so a cut
//! must never fall inside anything the prose scanners read as one piece:
//! a code fence, front matter, an HTML comment or raw HTML block, a LaTeX
//! verbatim or math environment, display math. [`split`] reads the text a
//! line at a time (lines end at `\n` only) and cuts at blank lines that
//! none of these spans, before a paragraph whose first line says so by a
//! hash of its text, so that a chunk holds a few paragraphs.
//!
//! What a fence, a front matter delimiter, a comment or a verbatim
//! environment is, is defined once, beside the scanner of its format
//! (`markdown.rs`, `latex.rs`); this module keeps only the state of a
//! line-by-line reading. No parsing of prose here, and nothing of the
//! engine that uses it.

use std::ops::Range;

use super::latex::{end_marker, DISPLAY_MATH, NO_TEXT_ENVIRONMENTS};
use super::markdown::{self, Fence, RAW_HTML_TAGS};
use super::suppress::{COMMENT_CLOSE, COMMENT_OPEN};
use super::DocKind;

/// Cuts `text` into chunks at blank lines that no construct spans; returns
/// the chunks' byte ranges, which cover `text` in order, and whether a
/// construct is still open at the end (then the text should be read on
/// with what follows it). `at_start` says whether `text` starts the
/// document, where front matter may open.
pub(crate) fn split(text: &str, kind: DocKind, at_start: bool) -> (Vec<Range<usize>>, bool) {
    split_with(text, kind, at_start, starts_group)
}

/// [`split`], with `group` saying which paragraphs may open a chunk.
fn split_with(
    text: &str,
    kind: DocKind,
    at_start: bool,
    group: fn(&str) -> bool,
) -> (Vec<Range<usize>>, bool) {
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let mut open = Open::None;
    let mut previous_blank = false;
    let mut seen_text = false;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        if !blank
            && previous_blank
            && seen_text
            && open == Open::None
            && may_start_chunk(content, kind)
            && group(content)
        {
            pieces.push(piece_start..line_start);
            piece_start = line_start;
        }
        open = next_state(open, content, kind, at_start && line_start == 0);
        seen_text |= !blank;
        previous_blank = blank;
        line_start += line.len();
    }
    pieces.push(piece_start..text.len());
    (pieces, open != Open::None)
}

/// Where an edit to a chunk can move its boundaries with its neighbours.
/// Whether a chunk starts where it does depends only on its first line with
/// text and the blank lines before it, so an edit elsewhere (that opens
/// nothing [`split`] would read on) leaves both boundaries where they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ChunkEdges {
    /// Where the first line with text ends, as [`split`] cuts lines (at
    /// `\n` only); the length when there is none.
    pub(crate) head: usize,
    /// Where the trailing white space starts; the length when there is
    /// none.
    pub(crate) tail: usize,
}

impl ChunkEdges {
    /// The edges of the chunk `text`.
    pub(crate) fn of(text: &str) -> ChunkEdges {
        let head = text
            .split_inclusive('\n')
            .scan(0, |end, line| {
                *end += line.len();
                Some((*end, line))
            })
            .find(|(_, line)| !line.trim().is_empty())
            .map_or(text.len(), |(end, _)| end);
        ChunkEdges {
            head,
            tail: text.trim_end().len(),
        }
    }
}

/// Whether a paragraph's first line opens a new chunk: about one in eight
/// does, chosen by the line's own text, so that a chunk holds several
/// paragraphs (fewer, larger chunks cost less to keep: every chunk keeps
/// its names, and a chunk of eight paragraphs is still re-analysed in well
/// under a millisecond) and an edit moves no boundary but its own: whether
/// a boundary stands depends only on the line after it.
fn starts_group(line: &str) -> bool {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in line.bytes().take(64) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % CHUNK_PARAGRAPHS == 0
}

/// How many paragraphs a chunk holds on average.
const CHUNK_PARAGRAPHS: u32 = 8;

/// Whether a line after a blank line can start a chunk: in Markdown not an
/// indented line or a list item, which may continue the block above.
fn may_start_chunk(line: &str, kind: DocKind) -> bool {
    if kind != DocKind::Markdown {
        return true;
    }
    if line.starts_with("    ") || line.starts_with('\t') {
        return false;
    }
    let trimmed = line.trim_start();
    let bullet = ["- ", "* ", "+ "].iter().any(|b| trimmed.starts_with(b));
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let numbered =
        digits > 0 && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") "));
    !(bullet || numbered || line.starts_with(' '))
}

/// What a chunk boundary may not fall inside.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Open {
    None,
    /// A Markdown code fence.
    Fence(Fence),
    /// Markdown front matter, with its delimiter.
    FrontMatter(&'static str),
    HtmlComment,
    /// An HTML block that runs past blank lines (`<pre>`, `<script>`).
    HtmlBlock(&'static str),
    /// A LaTeX environment whose content is not prose.
    Environment(String),
    DisplayMath,
}

/// What is open after `line`, given what was open before it; `first_line`
/// says whether it is the document's first line.
fn next_state(open: Open, line: &str, kind: DocKind, first_line: bool) -> Open {
    match kind {
        DocKind::Markdown => markdown_state(open, line, first_line),
        DocKind::Latex => latex_state(open, line),
        DocKind::Plain => open,
    }
}

fn markdown_state(open: Open, line: &str, first_line: bool) -> Open {
    let trimmed = line.trim();
    match open {
        Open::None => markdown_opened_by(line, first_line),
        Open::Fence(fence) if fence.is_closed_by(trimmed) => Open::None,
        Open::FrontMatter(delimiter) if markdown::front_matter_closed_by(delimiter, trimmed) => {
            Open::None
        }
        Open::HtmlComment => match line.rfind(COMMENT_CLOSE) {
            // The rest of the line may open something again.
            Some(idx) => markdown_opened_by(&line[idx + COMMENT_CLOSE.len()..], false),
            None => Open::HtmlComment,
        },
        Open::HtmlBlock(tag) if line.contains(&closing_tag(tag)) => Open::None,
        open => open,
    }
}

/// What a Markdown line opens, when nothing was open before it.
fn markdown_opened_by(line: &str, first_line: bool) -> Open {
    let trimmed = line.trim();
    if first_line {
        if let Some(delimiter) = markdown::front_matter_opened_by(trimmed) {
            return Open::FrontMatter(delimiter);
        }
    }
    if let Some(fence) = Fence::of_line(trimmed) {
        return Open::Fence(fence);
    }
    if let Some(idx) = line.rfind(COMMENT_OPEN) {
        if !line[idx..].contains(COMMENT_CLOSE) {
            return Open::HtmlComment;
        }
    }
    if let Some(after) = trimmed.strip_prefix('<') {
        for tag in RAW_HTML_TAGS {
            if after.starts_with(tag) && !trimmed.contains(&closing_tag(tag)) {
                return Open::HtmlBlock(tag);
            }
        }
    }
    Open::None
}

fn closing_tag(tag: &str) -> String {
    format!("</{tag}>")
}

/// The command that opens a LaTeX environment, up to its name.
const BEGIN: &str = "\\begin{";

fn latex_state(mut open: Open, line: &str) -> Open {
    // Comments do not open or close anything.
    let code = match line.find('%') {
        Some(idx) if !line[..idx].ends_with('\\') => &line[..idx],
        _ => line,
    };
    let mut rest = code;
    // Looking for the next `\begin{` or `$$` again after every step would
    // be quadratic on a line of many of the other (issue #12).
    let mut next_begin = NextFind::new(BEGIN);
    let mut next_math = NextFind::new(DISPLAY_MATH);
    loop {
        match &open {
            Open::Environment(env) => {
                let end = end_marker(env);
                match rest.find(&end) {
                    Some(idx) => {
                        rest = &rest[idx + end.len()..];
                        open = Open::None;
                    }
                    None => return open,
                }
            }
            Open::DisplayMath => match next_math.find(rest) {
                Some(idx) => {
                    rest = &rest[idx + DISPLAY_MATH.len()..];
                    open = Open::None;
                }
                None => return open,
            },
            _ => match (next_begin.find(rest), next_math.find(rest)) {
                (Some(b), m) if m.is_none_or(|m| b < m) => {
                    let after = &rest[b + BEGIN.len()..];
                    let Some(close) = after.find('}') else {
                        return Open::None;
                    };
                    let env = &after[..close];
                    rest = &after[close + 1..];
                    if NO_TEXT_ENVIRONMENTS.contains(&env) {
                        open = Open::Environment(env.to_string());
                    }
                }
                (_, Some(m)) => {
                    rest = &rest[m + DISPLAY_MATH.len()..];
                    open = Open::DisplayMath;
                }
                _ => return Open::None,
            },
        }
    }
}

/// The next place of a string in a text read from the front: found once,
/// and remembered as a distance from the end, which stays true as the
/// text is consumed, until the place has been passed.
struct NextFind {
    needle: &'static str,
    /// `None` before the first search; `Some(None)` when there is none.
    to_go: Option<Option<usize>>,
}

impl NextFind {
    fn new(needle: &'static str) -> NextFind {
        NextFind {
            needle,
            to_go: None,
        }
    }

    /// Where the needle is next in `rest`, a suffix of the text searched
    /// before.
    fn find(&mut self, rest: &str) -> Option<usize> {
        match self.to_go {
            Some(Some(to_go)) if to_go <= rest.len() => Some(rest.len() - to_go),
            Some(None) => None,
            _ => {
                let found = rest.find(self.needle);
                self.to_go = Some(found.map(|idx| rest.len() - idx));
                found
            }
        }
    }
}

#[cfg(test)]
mod tests;
