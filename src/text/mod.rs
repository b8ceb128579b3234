//! Documents as ropes, edits, and every conversion between byte offsets and
//! line/column positions.
//!
//! This is the only module that calls ropey. It knows nothing of LSP types:
//! the `lsp` module converts its own `Position`s into [`LineCol`]s here.

use std::ops::Range;

use ropey::Rope;

/// How columns are counted in a [`LineCol`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Columns count UTF-8 bytes.
    Utf8,
    /// Columns count UTF-16 code units (the LSP default).
    #[default]
    Utf16,
    /// Columns count Unicode scalar values (the CLI and JSON output).
    Chars,
}

/// A 0-based line and a 0-based column in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// One edit from a client: replace `range` (or the whole text when `None`)
/// with `text`.
#[derive(Clone, Debug)]
pub struct Edit {
    pub range: Option<Range<LineCol>>,
    pub text: String,
}

/// Why an edit could not be applied exactly as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditWarning {
    /// A position was past the end of its line or of the text, or inside a
    /// character; it was clamped to the nearest valid place.
    Clamped { line: usize, col: usize },
    /// The range ended before it started; the two ends were swapped.
    Reversed,
}

impl std::fmt::Display for EditWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditWarning::Clamped { line, col } => {
                write!(f, "position {line}:{col} is outside the text; clamped")
            }
            EditWarning::Reversed => write!(f, "edit range ends before it starts; swapped"),
        }
    }
}

/// What applying a batch of edits did: the byte range each edit replaced
/// (in the text as it was just before that edit) with the length of its
/// new text, and any clamping.
#[derive(Debug, Default)]
pub struct Applied {
    pub byte_edits: Vec<(Range<usize>, usize)>,
    pub warnings: Vec<EditWarning>,
}

/// An open document: its text as a rope and the version the client gave it.
#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    version: i32,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// Applies a batch of edits in order and sets the new version.
    ///
    /// Positions outside the text are clamped, never a panic; each clamp is
    /// reported so that the caller can log it.
    pub fn apply(&mut self, edits: &[Edit], version: i32, encoding: Encoding) -> Applied {
        debug_assert!(version >= self.version, "document versions never go down");
        let mut warnings = Vec::new();
        let mut byte_edits = Vec::with_capacity(edits.len());
        for edit in edits {
            match &edit.range {
                None => {
                    byte_edits.push((0..self.rope.len_bytes(), edit.text.len()));
                    self.rope = Rope::from_str(&edit.text);
                }
                Some(range) => {
                    let mut start = self.char_idx(range.start, encoding, &mut warnings);
                    let mut end = self.char_idx(range.end, encoding, &mut warnings);
                    if end < start {
                        warnings.push(EditWarning::Reversed);
                        std::mem::swap(&mut start, &mut end);
                    }
                    byte_edits.push((
                        self.rope.char_to_byte(start)..self.rope.char_to_byte(end),
                        edit.text.len(),
                    ));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &edit.text);
                }
            }
        }
        self.version = version;
        Applied {
            byte_edits,
            warnings,
        }
    }

    /// The text of a byte range, clamped into the document and moved back
    /// to character boundaries.
    pub fn slice(&self, byte_range: Range<usize>) -> String {
        let len = self.rope.len_bytes();
        let start = self.rope.byte_to_char(byte_range.start.min(len));
        let end = self.rope.byte_to_char(byte_range.end.min(len));
        self.rope.slice(start..end.max(start)).to_string()
    }

    /// The char index of a position, clamped into the text.
    fn char_idx(
        &self,
        position: LineCol,
        encoding: Encoding,
        warnings: &mut Vec<EditWarning>,
    ) -> usize {
        let (char_idx, clamped) = position_to_char_idx(&self.rope, position, encoding);
        if clamped {
            warnings.push(EditWarning::Clamped {
                line: position.line,
                col: position.col,
            });
        }
        char_idx
    }

    /// Converts a byte offset into a position, as [`LineIndex::position`].
    pub fn position(&self, byte_offset: usize, encoding: Encoding) -> LineCol {
        byte_to_position(&self.rope, byte_offset, encoding)
    }

    /// Converts a position into a byte offset, clamping it into the text.
    pub fn byte_offset(&self, position: LineCol, encoding: Encoding) -> usize {
        let (char_idx, _) = position_to_char_idx(&self.rope, position, encoding);
        self.rope.char_to_byte(char_idx)
    }
}

/// Line and column lookups over a plain string, for the CLI and for
/// documents read from disk.
pub struct LineIndex {
    rope: Rope,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex {
            rope: Rope::from_str(text),
        }
    }

    /// The position of `byte_offset`; an offset inside a character or past
    /// the end is moved back to the nearest character boundary.
    pub fn position(&self, byte_offset: usize, encoding: Encoding) -> LineCol {
        byte_to_position(&self.rope, byte_offset, encoding)
    }
}

fn byte_to_position(rope: &Rope, byte_offset: usize, encoding: Encoding) -> LineCol {
    let byte_offset = byte_offset.min(rope.len_bytes());
    // byte_to_char rounds down to the start of the character it is in.
    let char_idx = rope.byte_to_char(byte_offset);
    let line = rope.char_to_line(char_idx);
    let line_start_char = rope.line_to_char(line);
    let col = match encoding {
        Encoding::Chars => char_idx - line_start_char,
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start_char),
    };
    LineCol { line, col }
}

/// The char index of `position`, and whether it had to be clamped.
fn position_to_char_idx(rope: &Rope, position: LineCol, encoding: Encoding) -> (usize, bool) {
    let line_count = rope.len_lines();
    if position.line >= line_count {
        return (rope.len_chars(), true);
    }
    let line_start_char = rope.line_to_char(position.line);
    let line = rope.line(position.line);
    // The column may not pass the line's own line break.
    let content_chars = line_content_chars(&line);
    let (col_chars, clamped) = match encoding {
        Encoding::Chars => clamp(position.col, content_chars),
        Encoding::Utf8 => {
            let content_bytes = line.char_to_byte(content_chars);
            let (byte_col, clamped) = clamp(position.col, content_bytes);
            let char_col = line.byte_to_char(byte_col);
            // Inside a multi-byte character: round down.
            (char_col, clamped || line.char_to_byte(char_col) != byte_col)
        }
        Encoding::Utf16 => {
            let content_units = line.char_to_utf16_cu(content_chars);
            let (unit_col, clamped) = clamp(position.col, content_units);
            let char_col = line.utf16_cu_to_char(unit_col);
            // Between the two halves of a surrogate pair: round down.
            (
                char_col,
                clamped || line.char_to_utf16_cu(char_col) != unit_col,
            )
        }
    };
    (line_start_char + col_chars, clamped)
}

fn clamp(value: usize, max: usize) -> (usize, bool) {
    if value > max {
        (max, true)
    } else {
        (value, false)
    }
}

/// Chars in a line without its trailing `\n`, `\r\n` or `\r`.
fn line_content_chars(line: &ropey::RopeSlice<'_>) -> usize {
    let mut len = line.len_chars();
    if len > 0 && line.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && line.char(len - 1) == '\r' {
        len -= 1;
    }
    len
}

#[cfg(test)]
pub(crate) mod tests;
