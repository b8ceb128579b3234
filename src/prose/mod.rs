//! Which bytes of a document are prose (SPEC §1.3).
//!
//! Extraction returns a [`Prose`]: a masked copy of the text with the same
//! byte length, in which everything that is not prose (code, URLs, markup,
//! math, comments, front matter) is blanked to spaces, plus the blocks
//! (paragraphs, headings, quotations) that sentences may not cross, the
//! places that count as a citation, and the suppression comments.
//!
//! Keeping byte offsets identical means every range found in the masked
//! text points into the original text as it is. No LSP, ropey or I/O here.
//!
//! `split_chunks` says where a document may be cut into chunks that are
//! read on their own: at blank lines that no fence, comment or verbatim
//! block spans, with the same definitions of those as the scanners here.

mod chunks;
mod latex;
mod markdown;
mod plain;
mod suppress;

use std::ops::Range;
use std::path::Path;

pub(crate) use chunks::{split as split_chunks, ChunkEdges};
pub use suppress::{resolve as resolve_suppressions, Directive, DirectiveKind, Suppression};

/// The kind of file, which decides how prose is found in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocKind {
    Markdown,
    Latex,
    Plain,
}

impl DocKind {
    /// The kind for a file name, by its extension; unknown ones are plain.
    pub fn from_path(path: &Path) -> DocKind {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match extension.to_ascii_lowercase().as_str() {
            "md" | "markdown" | "mdown" | "mkd" => DocKind::Markdown,
            "tex" | "latex" => DocKind::Latex,
            _ => DocKind::Plain,
        }
    }

    /// The kind for an LSP language id, if it names one we know.
    pub fn from_language_id(language_id: &str) -> Option<DocKind> {
        match language_id {
            "markdown" | "mdx" | "quarto" | "rmd" => Some(DocKind::Markdown),
            "latex" | "tex" | "plaintex" | "context" => Some(DocKind::Latex),
            "plaintext" | "text" | "restructuredtext" | "rst" => Some(DocKind::Plain),
            _ => None,
        }
    }
}

/// What a block of prose is, which decides the checks that apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text in the writer's voice.
    Paragraph,
    /// A heading or title: title case, no claims.
    Heading,
    /// A block quotation: someone else's words.
    Quote,
    /// A table cell or caption-like fragment: names count, claims do not.
    Fragment,
}

/// A run of prose that sentences never cross.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub range: Range<usize>,
    pub kind: BlockKind,
}

/// The prose of one document.
#[derive(Clone, Debug, Default)]
pub struct Prose {
    /// The text with every non-prose byte replaced by a space; line breaks
    /// are kept. Same byte length as the original, always valid UTF-8.
    pub masked: String,
    /// Blocks in document order, not overlapping.
    pub blocks: Vec<Block>,
    /// Byte ranges of links, footnote references and citation commands,
    /// which attribute the sentence they stand in.
    pub citations: Vec<Range<usize>>,
    /// Ranges where some or all rules are switched off by a comment.
    pub suppressions: Vec<Suppression>,
    /// The suppression comments themselves, for resolving them across a
    /// document analysed in chunks.
    pub directives: Vec<Directive>,
}

impl Prose {
    /// Whether a finding of `rule_id` starting at `byte_offset` is switched
    /// off by a suppression comment.
    pub fn is_suppressed(&self, rule_id: &str, byte_offset: usize) -> bool {
        self.suppressions
            .iter()
            .any(|s| s.covers(rule_id, byte_offset))
    }

    /// The prose text of a block, from the masked text.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.masked[block.range.clone()]
    }
}

/// Finds the prose in `text`.
pub fn extract(text: &str, kind: DocKind) -> Prose {
    let mut prose = match kind {
        DocKind::Markdown => markdown::extract(text),
        DocKind::Latex => latex::extract(text),
        DocKind::Plain => plain::extract(text),
    };
    mask_bare_urls(&mut prose);
    mask_file_paths(&mut prose);
    prose
}

/// A mask under construction: starts all blank, prose ranges are copied in.
pub(crate) struct Mask<'a> {
    text: &'a str,
    bytes: Vec<u8>,
}

impl<'a> Mask<'a> {
    /// A mask in which nothing is prose yet; line breaks are kept.
    pub(crate) fn blank(text: &'a str) -> Self {
        let bytes = text
            .bytes()
            .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
            .collect();
        Mask { text, bytes }
    }

    /// Marks `range` as prose. The range must lie on character boundaries.
    pub(crate) fn reveal(&mut self, range: Range<usize>) {
        self.bytes[range.clone()].copy_from_slice(&self.text.as_bytes()[range]);
    }

    /// Blanks `range` again, keeping line breaks.
    pub(crate) fn hide(&mut self, range: Range<usize>) {
        for b in &mut self.bytes[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }

    pub(crate) fn finish(self) -> String {
        // Whole characters are copied or blanked byte by byte to ASCII
        // spaces, so the result is valid UTF-8.
        String::from_utf8(self.bytes).expect("masking copies whole characters or ASCII spaces")
    }
}

/// Blanks URLs written as plain text; each one also counts as a citation.
fn mask_bare_urls(prose: &mut Prose) {
    static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:(?-u:\b)(?:https?|ftp)://|(?-u:\b)www\.)[^\s<>()\[\]{}]+")
            .expect("valid URL regex")
    });
    // Most prose has no URL: a substring scan is far cheaper than the regex.
    if !prose.masked.contains("://") && !prose.masked.contains("www.") {
        return;
    }
    let found: Vec<Range<usize>> = URL.find_iter(&prose.masked).map(|m| m.range()).collect();
    if found.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(&mut prose.masked).into_bytes();
    for range in &found {
        bytes[range.clone()].fill(b' ');
    }
    prose.masked = String::from_utf8(bytes).expect("URLs are blanked to ASCII spaces");
    prose.citations.extend(found);
    prose.citations.sort_by_key(|r| r.start);
}

/// Blanks file paths written as plain text ("/var/lib/dpkg/triggers",
/// "~/.config/copydesk", "src/analysis/engine.rs"): their words are not
/// prose. A path has two slashes or more; one not starting with "/", "~/",
/// "./" or "../" needs a word between every two ("and/or" and "1/2" stay).
/// Punctuation around it stays, so a sentence still ends after a path.
fn mask_file_paths(prose: &mut Prose) {
    let text = &prose.masked;
    let bytes = text.as_bytes();
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| b == b'/') {
        let slash = from + offset;
        let start = bytes[..slash]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |idx| idx + 1);
        let end = bytes[slash..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |idx| slash + idx);
        from = end.max(slash + 1);
        let opening = |b: &u8| matches!(b, b'(' | b'[' | b'"' | b'\'' | b'<' | b'`');
        let closing = |b: &u8| {
            matches!(
                b,
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'"' | b'\'' | b'>' | b'`'
            )
        };
        let start = start + bytes[start..end].iter().take_while(|b| opening(b)).count();
        let end = end
            - bytes[start..end]
                .iter()
                .rev()
                .take_while(|b| closing(b))
                .count();
        let token = &text[start..end];
        if token.bytes().filter(|&b| b == b'/').count() < 2 || token.contains("://") {
            continue;
        }
        let rooted = ["/", "~/", "./", "../"]
            .iter()
            .any(|root| token.starts_with(root));
        let words_between = token.split('/').all(|part| {
            part.bytes().any(|b| b.is_ascii_alphabetic())
                || !part.is_empty() && !part.bytes().all(|b| b.is_ascii_digit())
        });
        if rooted || words_between {
            found.push(start..end);
        }
    }
    if found.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(&mut prose.masked).into_bytes();
    for range in &found {
        bytes[range.clone()].fill(b' ');
    }
    prose.masked = String::from_utf8(bytes).expect("paths are blanked to ASCII spaces");
}

/// Splits `range` of `masked` into blocks at blank lines.
pub(crate) fn blocks_between_blank_lines(masked: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut block_start: Option<usize> = None;
    let mut last_content_end = range.start;
    let mut line_start = range.start;
    for line in masked[range.clone()].split_inclusive('\n') {
        let line_end = line_start + line.len();
        if line.trim().is_empty() {
            if let Some(start) = block_start.take() {
                blocks.push(start..last_content_end);
            }
        } else {
            let content = line.trim_end();
            let leading = line.len() - line.trim_start().len();
            if block_start.is_none() {
                block_start = Some(line_start + leading);
            }
            last_content_end = line_start + content.len();
        }
        line_start = line_end;
    }
    if let Some(start) = block_start {
        blocks.push(start..last_content_end);
    }
    blocks
}

#[cfg(test)]
mod tests;
