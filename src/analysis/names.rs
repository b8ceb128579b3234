//! Names in a document and the spellings that look like one entity
//! written two ways: the shared analysis behind the `entity.*` rules.
//!
//! The work is done in four files under `names/`, in this order:
//!
//! - `collect`: the names of one chunk of prose ([`ChunkNames`]), kept
//!   with the chunk: capitalised words grouped by spelling, their
//!   neighbours, and the words written in lower case.
//! - `state`: the names of a whole document or workspace
//!   ([`NameState`]), updated as chunks come and go, with the look-alike
//!   indexes that find candidate pairs cheaply (edit distance 1,
//!   romanisation skeletons).
//! - `judge`: the decision on each candidate pair, vetoes first
//!   (known distinct names, inflections and demonyms, English words,
//!   short names, different first letters), then the evidence (a glossary
//!   or gazetteer spelling, or a clear majority against a rare form).
//!   Its module doc walks through the decision in order.
//! - `findings`: a [`Verdict`] turned into findings, messages and fixes.
//!
//! `spelling` holds the string tests the judgement uses (skeletons, typo
//! shapes, inflections). Folding and hashing (`analysis/fold.rs` and
//! `analysis/hash.rs`) are shared with the gazetteer.

use std::ops::Range;

mod collect;
mod findings;
mod glossary;
mod judge;
mod spelling;
mod state;

pub use collect::{ChunkNames, RejectedVariants};
pub use findings::{report, MAX_EVERY_USE};
pub use state::{ChunkId, NameState, Place};

/// What kind of problem a verdict is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerdictKind {
    /// A misspelling of a name used elsewhere in the text.
    Variant,
    /// A spelling the glossary rejects, or a near miss of a glossary or
    /// gazetteer name.
    Glossary,
    /// The same name in another romanisation or with other diacritics.
    Romanization,
}

/// Why a form was judged a variant, for the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    Typo,
    /// A known name typed into the middle of another ("Nigeriaweala").
    Splice {
        inserted: String,
    },
    Romanization,
    /// Two spellings used equally often beside the same given name or
    /// title: flagged, but without a fix (SPEC §1.1).
    Tie,
    /// Listed by the project glossary as a rejected variant.
    GlossaryVariant,
    /// Close to a glossary name.
    NearMiss,
}

/// One spelling judged wrong, with every place it is used.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub kind: VerdictKind,
    pub reason: Reason,
    /// The flagged spelling as written.
    pub variant: String,
    /// The spelling to use, when there is one to offer.
    pub canonical: Option<String>,
    /// How often the canonical spelling is used, in all documents checked
    /// together.
    pub canonical_count: usize,
    /// In how many documents the canonical spelling is used.
    pub canonical_documents: usize,
    /// The first use of the canonical spelling in the text.
    pub canonical_first: Option<Range<usize>>,
    /// Byte ranges of every use of the variant.
    pub occurrences: Vec<Range<usize>>,
    /// Whether the canonical spelling is certain enough to offer as a fix.
    pub fix: bool,
}

#[cfg(test)]
mod tests;
