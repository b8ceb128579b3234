//! LaTeX prose: text between commands.
//!
//! Command names, the arguments of commands that take no text (`\cite`,
//! `\ref`, `\label`, `\url`, ...), math, comments, braces and verbatim-like
//! environments are not prose. Sectioning commands' arguments are headings;
//! `quote` environments are quotations. `\cite`-like commands and
//! `\footnote` count as citations.

use std::ops::Range;

use super::{blocks_between_blank_lines, suppress, Block, BlockKind, DocKind, Mask, Prose};

/// Commands whose arguments are not prose.
const NO_TEXT_ARGS: &[&str] = &[
    "cite",
    "citep",
    "citet",
    "citealp",
    "citealt",
    "citeauthor",
    "citeyear",
    "parencite",
    "textcite",
    "autocite",
    "footcite",
    "nocite",
    "ref",
    "eqref",
    "pageref",
    "cref",
    "Cref",
    "autoref",
    "nameref",
    "label",
    "url",
    "href",
    "includegraphics",
    "input",
    "include",
    "usepackage",
    "documentclass",
    "bibliography",
    "bibliographystyle",
    "begin",
    "end",
    "newcommand",
    "renewcommand",
    "providecommand",
    "newenvironment",
    "renewenvironment",
    "setlength",
    "addtolength",
    "setcounter",
    "vspace",
    "hspace",
    "graphicspath",
    "addbibresource",
    "hypersetup",
    "pagestyle",
    "thispagestyle",
    "bibitem",
    "color",
    "textcolor",
    "definecolor",
    "DeclareMathOperator",
];

/// Commands that cite a source.
const CITING: &[&str] = &[
    "cite",
    "citep",
    "citet",
    "citealp",
    "citealt",
    "parencite",
    "textcite",
    "autocite",
    "footcite",
    "footnote",
];

/// Commands whose argument is a heading.
const HEADINGS: &[&str] = &[
    "part",
    "chapter",
    "section",
    "subsection",
    "subsubsection",
    "paragraph",
    "subparagraph",
    "title",
];

/// Environments whose content is not prose, which the chunk splitter
/// keeps whole too.
pub(super) const NO_TEXT_ENVIRONMENTS: &[&str] = &[
    "verbatim",
    "Verbatim",
    "lstlisting",
    "minted",
    "comment",
    "equation",
    "equation*",
    "align",
    "align*",
    "gather",
    "gather*",
    "multline",
    "multline*",
    "displaymath",
    "math",
    "eqnarray",
    "eqnarray*",
    "tikzpicture",
    "alltt",
    "thebibliography",
];

/// What opens and closes display math, which runs across blank lines.
pub(super) const DISPLAY_MATH: &str = "$$";

/// The command that ends environment `env`: `\end{env}`.
pub(super) fn end_marker(env: &str) -> String {
    format!("\\end{{{env}}}")
}

pub(crate) fn extract(text: &str) -> Prose {
    let bytes = text.as_bytes();
    let mut mask = Mask::blank(text);
    let mut citations = Vec::new();
    // Ranges that are blocks of their own kind: headings and quotations.
    let mut special: Vec<(Range<usize>, BlockKind)> = Vec::new();
    let mut quote_start: Option<usize> = None;
    let mut idx = 0;
    let mut prose_start = 0;
    // Reveals the prose run that ends where markup starts.
    let flush = |mask: &mut Mask<'_>, from: usize, to: usize| {
        if from < to {
            mask.reveal(from..to);
        }
    };
    while idx < bytes.len() {
        match bytes[idx] {
            b'%' => {
                flush(&mut mask, prose_start, idx);
                idx = line_end(bytes, idx);
                prose_start = idx;
            }
            b'$' => {
                flush(&mut mask, prose_start, idx);
                let display = bytes[idx..].starts_with(DISPLAY_MATH.as_bytes());
                idx = match display {
                    // The chunk splitter keeps display math open across
                    // blank lines, so this does too.
                    true => {
                        find_unescaped(bytes, idx + DISPLAY_MATH.len(), DISPLAY_MATH.as_bytes())
                            .map_or(bytes.len(), |end| end + DISPLAY_MATH.len())
                    }
                    false => find_in_paragraph(bytes, idx + 1, b"$", true),
                };
                prose_start = idx;
            }
            b'{' | b'}' | b'~' => {
                flush(&mut mask, prose_start, idx);
                idx += 1;
                prose_start = idx;
            }
            b'\\' => {
                flush(&mut mask, prose_start, idx);
                let command_start = idx;
                let name_end = command_name_end(bytes, idx + 1);
                let name = &text[idx + 1..name_end];
                idx = name_end;
                if name.is_empty() {
                    // A control symbol: `\%` is a percent sign in the text;
                    // `\(` and `\[` open math.
                    match bytes.get(idx) {
                        Some(b'(') => idx = find_in_paragraph(bytes, idx, b"\\)", false),
                        Some(b'[') => idx = find_in_paragraph(bytes, idx, b"\\]", false),
                        Some(b'%' | b'&' | b'$' | b'#' | b'_') => {
                            prose_start = idx;
                            idx += 1;
                            continue;
                        }
                        Some(_) => idx += text[idx..].chars().next().map_or(1, char::len_utf8),
                        None => {}
                    }
                    prose_start = idx;
                    continue;
                }
                if name == "begin" {
                    let (env, after) = braced_argument(text, idx);
                    // `\begin{verbatim` without its brace opens nothing,
                    // as the chunk splitter reads it.
                    let closed = after > idx && bytes.get(after - 1) == Some(&b'}');
                    if closed && NO_TEXT_ENVIRONMENTS.contains(&env) {
                        let end = end_marker(env);
                        idx = find_from(bytes, after, end.as_bytes())
                            .map_or(bytes.len(), |found| found + end.len());
                        prose_start = idx;
                        continue;
                    }
                    if matches!(env, "quote" | "quotation") {
                        quote_start = Some(after);
                    }
                }
                if name == "end" && quote_start.is_some() {
                    let (env, _) = braced_argument(text, idx);
                    if matches!(env, "quote" | "quotation") {
                        special.push((
                            quote_start.take().unwrap_or(0)..command_start,
                            BlockKind::Quote,
                        ));
                    }
                }
                if CITING.contains(&name) {
                    citations.push(command_start..idx);
                }
                if NO_TEXT_ARGS.contains(&name) {
                    idx = skip_arguments(text, idx, name == "href");
                } else if HEADINGS.contains(&name) {
                    let after_options = skip_optional(text, skip_star(bytes, idx));
                    let (_, after) = braced_argument(text, after_options);
                    special.push((after_options..after, BlockKind::Heading));
                }
                prose_start = idx;
            }
            _ => idx += 1,
        }
    }
    flush(&mut mask, prose_start, bytes.len().max(prose_start));
    let directives = suppress::find(text, DocKind::Latex);
    let suppressions = suppress::resolve(&directives, text.len());
    let masked = mask.finish();
    let blocks = split_blocks(&masked, &special);
    Prose {
        masked,
        blocks,
        citations,
        suppressions,
        directives,
    }
}

/// Paragraphs between blank lines, cut where a heading or quotation starts
/// or ends, each piece given its kind.
fn split_blocks(masked: &str, special: &[(Range<usize>, BlockKind)]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for paragraph in blocks_between_blank_lines(masked, 0..masked.len()) {
        let mut cuts = vec![paragraph.start, paragraph.end];
        for (range, _) in special {
            for cut in [range.start, range.end] {
                if paragraph.start < cut && cut < paragraph.end {
                    cuts.push(cut);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for piece in cuts.windows(2) {
            let (start, end) = (piece[0], piece[1]);
            let slice = &masked[start..end];
            let trimmed_start = start + (slice.len() - slice.trim_start().len());
            let trimmed_end = start + slice.trim_end().len();
            if trimmed_start >= trimmed_end {
                continue;
            }
            let kind = special
                .iter()
                .find(|(range, _)| range.start <= trimmed_start && trimmed_end <= range.end)
                .map_or(BlockKind::Paragraph, |(_, kind)| *kind);
            blocks.push(Block {
                range: trimmed_start..trimmed_end,
                kind,
            });
        }
    }
    blocks
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| *b == b'\n' || *b == b'\r')
        .map_or(bytes.len(), |idx| from + idx)
}

fn command_name_end(bytes: &[u8], from: usize) -> usize {
    let letters = bytes[from..]
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .map_or(bytes.len(), |idx| from + idx);
    letters
}

fn skip_star(bytes: &[u8], idx: usize) -> usize {
    if bytes.get(idx) == Some(&b'*') {
        idx + 1
    } else {
        idx
    }
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|idx| from + idx)
}

fn find_unescaped(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut search = from;
    loop {
        let found = find_from(bytes, search, needle)?;
        if found > 0 && bytes[found - 1] == b'\\' {
            search = found + 1;
        } else {
            return Some(found);
        }
    }
}

/// Skips white space, then one `[...]` if present.
fn skip_optional(text: &str, idx: usize) -> usize {
    let after_space = skip_space(text, idx);
    if text.as_bytes().get(after_space) == Some(&b'[') {
        balanced_end(text, after_space, b'[', b']')
    } else {
        idx
    }
}

/// The content of one `{...}` argument after `idx` (white space allowed
/// before it), and the index after its closing brace. No argument gives an
/// empty content and `idx`.
fn braced_argument(text: &str, idx: usize) -> (&str, usize) {
    let open = skip_space(text, idx);
    if text.as_bytes().get(open) != Some(&b'{') {
        return ("", idx);
    }
    let end = balanced_end(text, open, b'{', b'}');
    let content_end = if text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'}') {
        end - 1
    } else {
        end
    };
    (&text[open + 1..content_end.max(open + 1)], end)
}

/// Skips a command's star, optional and braced arguments; `\href` keeps its
/// second argument, which is the link text.
fn skip_arguments(text: &str, idx: usize, first_only: bool) -> usize {
    let mut idx = skip_star(text.as_bytes(), idx);
    loop {
        let next = skip_space(text, idx);
        match text.as_bytes().get(next) {
            Some(b'[') => idx = balanced_end(text, next, b'[', b']'),
            Some(b'{') => {
                idx = balanced_end(text, next, b'{', b'}');
                if first_only {
                    return idx;
                }
            }
            _ => return idx,
        }
    }
}

/// Spaces and tabs, and at most one line break (a blank line ends a
/// command's arguments).
fn skip_space(text: &str, idx: usize) -> usize {
    let bytes = text.as_bytes();
    let mut idx = idx;
    let mut newlines = 0;
    while let Some(&b) = bytes.get(idx) {
        match b {
            b' ' | b'\t' => {}
            b'\n' if newlines == 0 => newlines += 1,
            _ => break,
        }
        idx += 1;
    }
    idx
}

/// Whether the line break at `newline` is followed by a blank line.
fn blank_line_after(bytes: &[u8], newline: usize) -> bool {
    let mut next = newline + 1;
    while matches!(bytes.get(next), Some(b' ' | b'\t' | b'\r')) {
        next += 1;
    }
    bytes.get(next) == Some(&b'\n')
}

/// The index after `needle` (not escaped by a backslash when `unescaped`)
/// from `from`, within the paragraph: as TeX does, a blank line ends math
/// or an argument left open, so a missing `$` or `}` hides the rest of its
/// paragraph, not the rest of the document (and where the document is cut
/// into chunks cannot change what is read). At a blank line, the index of
/// the line break before it.
fn find_in_paragraph(bytes: &[u8], from: usize, needle: &[u8], unescaped: bool) -> usize {
    let mut idx = from;
    while idx < bytes.len() {
        if bytes[idx] == b'\n' && blank_line_after(bytes, idx) {
            return idx;
        }
        if bytes[idx..].starts_with(needle) && !(unescaped && idx > 0 && bytes[idx - 1] == b'\\') {
            return idx + needle.len();
        }
        idx += 1;
    }
    bytes.len()
}

/// The index after the bracket that closes the one at `open`, or where
/// its paragraph ends (see [`find_in_paragraph`]).
fn balanced_end(text: &str, open: usize, open_byte: u8, close_byte: u8) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut idx = open;
    while idx < bytes.len() {
        match bytes[idx] {
            b'\\' => idx += 1,
            b'\n' if blank_line_after(bytes, idx) => return idx,
            b if b == open_byte => depth += 1,
            b if b == close_byte => {
                depth -= 1;
                if depth == 0 {
                    return idx + 1;
                }
            }
            _ => {}
        }
        idx += 1;
    }
    bytes.len()
}
