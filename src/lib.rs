//! copydesk: a language server and command-line checker for prose review.
//!
//! Data flows one way through the modules:
//!
//! - [`text`]: documents as ropes, versions, edits, positions (the only
//!   module that calls ropey);
//! - [`prose`]: which byte ranges of a Markdown, LaTeX or plain-text
//!   document are prose, the suppression comments, and where a document
//!   may be cut into chunks;
//! - [`analysis`]: rules over prose, giving findings with byte ranges (pure:
//!   no I/O, no async, no LSP types);
//! - [`config`]: `copydesk.toml` and editor settings into analysis settings;
//! - [`session`]: which settings apply to a file, and one document's
//!   incremental analysis from edit to edit, for both front ends;
//! - [`batch`]: finding and checking many files in parallel, for both front
//!   ends;
//! - [`lsp`] and [`cli`]: the two front ends, which run the same analysis;
//! - [`contain`]: a panic kept to the file or document it happened on.
#![deny(clippy::print_stdout)]

pub mod analysis;
pub mod batch;
pub mod cli;
pub mod config;
pub mod contain;
pub mod lsp;
pub mod prose;
pub mod session;
pub mod text;
