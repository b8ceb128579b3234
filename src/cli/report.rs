//! One checked file's findings, with what every output format needs to
//! place them.

use std::path::PathBuf;

use serde::Serialize;

use crate::analysis::Finding;
use crate::text::{Encoding, LineIndex};

/// The findings of one file, with what is needed to place them.
pub(crate) struct FileReport {
    pub path: PathBuf,
    pub text: String,
    pub line_index: LineIndex,
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// 1-based line and column (in chars) of a byte offset.
    pub(crate) fn line_col(&self, byte_offset: usize) -> JsonPosition {
        let position = self.line_index.position(byte_offset, Encoding::Chars);
        JsonPosition {
            line: position.line + 1,
            column: position.col + 1,
        }
    }
}

#[derive(Serialize, Clone, Copy)]
pub(crate) struct JsonPosition {
    pub line: usize,
    pub column: usize,
}
