//! The analysis core: text and settings in, findings out.
//!
//! Pure and synchronous: no LSP types, no ropey, no async and no I/O. Every
//! range is a byte range into the `&str` that was analysed. Analysis cannot
//! fail: odd text is just input.

pub mod claims;
pub mod engine;
pub(crate) mod fold;
pub mod gazetteer;
pub(crate) mod hash;
pub mod lexicon;
pub mod names;
pub mod rule;
pub mod rules;
pub mod sentence;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use crate::prose::{DocKind, Prose};
pub use rule::{Rule, RuleId};
pub use rules::RULES;
use sentence::Sentence;

/// How loudly a finding is reported; ordered from quietest to loudest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a severity name; `info` is accepted for `information`.
    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "hint" => Some(Severity::Hint),
            "information" | "info" => Some(Severity::Information),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One replacement of a byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A way to fix a finding: one or more edits applied together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// Non-overlapping edits, in document order. Shared, since "replace
    /// every use" is one list offered on each of the uses' findings.
    pub edits: std::sync::Arc<[TextEdit]>,
}

impl Fix {
    /// A fix that replaces `range` with `replacement`.
    pub fn replace(
        title: impl Into<String>,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            edits: std::sync::Arc::new([TextEdit {
                range,
                replacement: replacement.into(),
            }]),
        }
    }

    /// The replacement for exactly `range`, when this fix is that one edit.
    pub fn replacement_for(&self, range: &Range<usize>) -> Option<&str> {
        match &*self.edits {
            [edit] if edit.range == *range => Some(&edit.replacement),
            _ => None,
        }
    }
}

/// Another place in the same text that explains a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// One problem found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    /// The flagged text, as a byte range.
    pub range: Range<usize>,
    /// One short sentence that quotes the flagged text.
    pub message: String,
    pub severity: Severity,
    /// Fixes, the preferred one first.
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
    /// For name findings: the flagged spelling, then the canonical one when
    /// known. Editors use them for glossary actions.
    pub names: Vec<String>,
}

/// What the analysis may be told by configuration.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Severity overrides by rule id; `None` switches the rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// The house glossary of names.
    pub entities: EntitySettings,
    /// Words added to the built-in lists of the claim rules.
    pub claims: ClaimSettings,
}

/// The project glossary (SPEC §2, `[entities]`).
#[derive(Clone, Debug, Default)]
pub struct EntitySettings {
    /// Canonical spellings.
    pub names: Vec<String>,
    /// Groups of names that are never the same entity.
    pub distinct: Vec<Vec<String>>,
    /// Names never flagged.
    pub ignore: Vec<String>,
    /// Canonical names with the variants the house style rejects.
    pub glossary: Vec<GlossaryName>,
}

/// One `[[entities.name]]` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GlossaryName {
    pub canonical: String,
    pub variants: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ClaimSettings {
    /// Extra certainty boosters (lowercase phrases).
    pub boosters: Vec<String>,
    /// Extra attribution verbs or phrases (lowercase).
    pub attribution: Vec<String>,
}

impl Settings {
    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: &dyn Rule) -> Option<Severity> {
        match self.severities.get(rule.id().as_str()) {
            Some(setting) => *setting,
            None => Some(rule.default_severity()),
        }
    }
}

/// Everything a rule may look at.
///
/// Chunk-scope rules see one chunk of the document (a run of paragraphs):
/// `text` and `prose` are that chunk's, and the ranges they report are
/// relative to it. Document-scope rules see the verdicts on the whole
/// document's names instead.
pub struct Context<'a> {
    /// The text being checked; ranges point into it.
    pub text: &'a str,
    pub prose: &'a Prose,
    pub settings: &'a Settings,
    sentences: OnceLock<Vec<Sentence>>,
    /// The words of each sentence, tokenised once for every claim rule.
    words: OnceLock<claims::WordTable<'a>>,
    verdicts: &'a [names::Verdict],
}

static NO_PROSE: std::sync::LazyLock<Prose> = std::sync::LazyLock::new(Prose::default);

impl<'a> Context<'a> {
    /// The context of a chunk-scope rule.
    pub fn new(text: &'a str, prose: &'a Prose, settings: &'a Settings) -> Self {
        Context {
            text,
            prose,
            settings,
            sentences: OnceLock::new(),
            words: OnceLock::new(),
            verdicts: &[],
        }
    }

    /// The context of a document-scope rule: the verdicts on names.
    pub fn for_document(settings: &'a Settings, verdicts: &'a [names::Verdict]) -> Self {
        Context {
            text: "",
            prose: &NO_PROSE,
            settings,
            sentences: OnceLock::new(),
            words: OnceLock::new(),
            verdicts,
        }
    }

    /// The sentences of every prose block, split once and shared by rules.
    pub fn sentences(&self) -> &[Sentence] {
        self.sentences
            .get_or_init(|| sentence::split(self.prose, self.settings))
    }

    /// The words of one of [`Context::sentences`], tokenised once and
    /// shared by the claim rules.
    pub fn words(&self, sentence: &Sentence) -> claims::Words<'_> {
        let table = self.words.get_or_init(|| {
            let ranges = self.sentences().iter().map(|s| s.range.clone());
            claims::WordTable::new(&self.prose.masked, ranges)
        });
        let idx = self
            .sentences()
            .partition_point(|s| s.range.start < sentence.range.start);
        table.words(idx)
    }

    /// The misspelt and variant names of the document, judged once and
    /// shared by the `entity.*` rules.
    pub fn verdicts(&self) -> &[names::Verdict] {
        self.verdicts
    }
}

/// Analyses `text` as a document of `kind`: every enabled rule, findings
/// sorted by position, none in a suppressed range.
pub fn analyze(text: &str, kind: DocKind, settings: &Settings) -> Vec<Finding> {
    engine::analyze(text, kind, settings)
}

/// The char at byte `idx` of `text` and its length, without decoding
/// when it is ASCII (most prose): the tokenisers call this on every char.
#[inline]
pub(crate) fn char_at(text: &str, idx: usize) -> (char, usize) {
    let byte = text.as_bytes()[idx];
    if byte.is_ascii() {
        return (char::from(byte), 1);
    }
    let ch = text[idx..].chars().next().expect("idx is a char boundary");
    (ch, ch.len_utf8())
}

/// Moves `idx` past the first char of `text` at or after it for which
/// `first` holds, and returns where that char starts; `None` at the end.
/// How the tokenisers find the start of the next word. ASCII bytes are
/// decided by `ascii` without decoding: most prose is ASCII, and this runs
/// over every word of every chunk.
#[inline]
pub(crate) fn take_char_where(
    text: &str,
    idx: &mut usize,
    ascii: impl Fn(&u8) -> bool,
    first: impl Fn(char) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    while let Some(byte) = bytes.get(*idx) {
        if byte.is_ascii() {
            *idx += 1;
            if ascii(byte) {
                return Some(*idx - 1);
            }
            continue;
        }
        let (ch, len) = char_at(text, *idx);
        *idx += len;
        if first(ch) {
            return Some(*idx - len);
        }
    }
    None
}

/// Loads what an analysis loads on first use (the word lists, the
/// gazetteer, the rules' patterns) by analysing a sentence that touches
/// them. A server calls this on a thread of its own at start-up, so that
/// the first document opened does not wait for them; a document analysed
/// meanwhile waits only for what is still loading.
pub fn warm_up() {
    let text = "Paris was obviously the best city ever. The new policy caused 40% of \
                the growth. It is widely believed that prices always rise. Many \
                experts think so. Nothing ever works.\n";
    engine::analyze(text, DocKind::Markdown, &Settings::default());
}

/// Upper-cases the first letter of `word`, for text that starts a sentence.
pub fn capitalize_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
