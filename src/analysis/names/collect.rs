//! Collecting the names of one chunk: the capitalised words of its prose,
//! grouped by spelling, with the lower-case words and neighbours that the
//! judgement later weighs.
//!
//! A mention is a capitalised word of prose (hyphenated and apostrophe
//! compounds kept whole, possessives reduced to the name); acronyms,
//! all-caps words and runs of letters too long for a name are left out.
//! A chunk's [`ChunkNames`] depend on its own text and the glossary alone,
//! so they are kept with the chunk and reused while it is unchanged. No
//! counting across chunks and no judgement here: that is
//! [`super::state`] and [`super::judge`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use regex::Regex;

use super::{Reason, Verdict, VerdictKind};
use crate::analysis::fold::{fold, fold_hash, is_mark};
use crate::analysis::lexicon::WordHasher;
use crate::analysis::{char_at, take_char_where, EntitySettings};
use crate::prose::Prose;

/// The names found in one chunk, with ranges relative to the chunk.
#[derive(Clone, Debug, Default)]
pub struct ChunkNames {
    /// The chunk's distinct capitalised spellings, one after another;
    /// `spelling_ends[idx]` is where spelling `idx` ends. One allocation
    /// rather than one per spelling, since every chunk of every open
    /// document keeps its names.
    spellings: String,
    spelling_ends: Vec<u32>,
    /// Each use, grouped by spelling (in text order within a group):
    /// spelling `idx`'s uses are `mentions[spelling_uses[idx]..
    /// spelling_uses[idx + 1]]`, so a verdict reads a spelling's uses
    /// without walking the chunk's others (which made a long paragraph of
    /// many look-alike names quadratic, issue #12).
    mentions: Vec<Use>,
    spelling_uses: Vec<u32>,
    /// Short hashes ([`short_hash`]) of the folded words written in lower
    /// case, each once. Only hashes are kept: a chunk has many ordinary
    /// words and the document only asks whether a name is also written in
    /// lower case. A collision can only make a name look like an ordinary
    /// word, which silences it.
    pub(super) lowercase: Vec<u32>,
    /// Spellings written side by side ("Ngozi", "Okonjo-Iweala"), as
    /// indices into `surfaces`.
    pub(super) adjacent: Vec<(u32, u32)>,
    /// Uses of glossary-rejected variants: the variant's index in the
    /// glossary's list, and the range.
    pub(super) glossary_hits: Vec<(usize, Range<usize>)>,
}

impl ChunkNames {
    /// Finds the names in the prose of one chunk.
    pub fn collect(prose: &Prose, rejected: &RejectedVariants) -> ChunkNames {
        let mut names = ChunkNames::default();
        let mut index: HashMap<&str, u32, std::hash::BuildHasherDefault<WordHasher>> =
            HashMap::default();
        let mut lowercase = Vec::new();
        for block in &prose.blocks {
            let text = prose.block_text(block);
            // The end of the previous word and its spelling, when a name.
            let mut previous: Option<(usize, u32)> = None;
            for found in word_ranges(text) {
                let word = &text[found.clone()];
                let Some(mention) = mention(text, found.start, word) else {
                    if word.starts_with(char::is_lowercase) {
                        lowercase.push(short_hash(word));
                    }
                    previous = None;
                    continue;
                };
                let range =
                    block.range.start + mention.range.start..block.range.start + mention.range.end;
                let surface = &prose.masked[range.clone()];
                let next = names.spelling_ends.len() as u32;
                let idx = *index.entry(surface).or_insert_with(|| {
                    names.spellings.push_str(surface);
                    names.spelling_ends.push(names.spellings.len() as u32);
                    next
                });
                if let Some((previous_end, previous_idx)) = previous {
                    if text[previous_end..found.start].chars().all(|c| c == ' ')
                        && previous_idx != idx
                    {
                        names.adjacent.push((previous_idx, idx));
                    }
                }
                previous = Some((found.end, idx));
                names
                    .mentions
                    .push(Use::new(idx, range, mention.sentence_initial));
            }
        }
        lowercase.sort_unstable();
        lowercase.dedup();
        lowercase.shrink_to_fit();
        names.lowercase = lowercase;
        names.group_by_spelling();
        for (idx, (regex, _)) in rejected.patterns.iter().enumerate() {
            names
                .glossary_hits
                .extend(regex.find_iter(&prose.masked).map(|m| (idx, m.range())));
        }
        names.spellings.shrink_to_fit();
        names.spelling_ends.shrink_to_fit();
        names.mentions.shrink_to_fit();
        names.adjacent.shrink_to_fit();
        names
    }

    /// Sorts the uses by spelling (stable, so text order stays within a
    /// spelling) and records where each spelling's uses start.
    fn group_by_spelling(&mut self) {
        self.mentions.sort_by_key(|found| found.spelling());
        let mut starts = Vec::with_capacity(self.spelling_ends.len() + 1);
        let mut idx = 0;
        for spelling in 0..self.spelling_ends.len() as u32 {
            starts.push(idx as u32);
            while self
                .mentions
                .get(idx)
                .is_some_and(|found| found.spelling() == spelling)
            {
                idx += 1;
            }
        }
        starts.push(idx as u32);
        self.spelling_uses = starts;
    }

    /// The uses of spelling `idx`, in text order.
    pub(super) fn uses(&self, idx: u32) -> &[Use] {
        let idx = idx as usize;
        &self.mentions[self.spelling_uses[idx] as usize..self.spelling_uses[idx + 1] as usize]
    }

    /// Spelling `idx`.
    pub(super) fn surface(&self, idx: u32) -> &str {
        let end = self.spelling_ends[idx as usize] as usize;
        let start = (idx as usize)
            .checked_sub(1)
            .map_or(0, |prev| self.spelling_ends[prev] as usize);
        &self.spellings[start..end]
    }

    /// The distinct spellings in order.
    pub(super) fn surfaces(&self) -> impl Iterator<Item = &str> {
        (0..self.spelling_ends.len() as u32).map(|idx| self.surface(idx))
    }

    /// The ranges of the uses of spelling `idx`, relative to the chunk.
    pub(super) fn uses_of(&self, idx: u32) -> impl Iterator<Item = Range<usize>> + '_ {
        self.uses(idx).iter().map(|found| found.range())
    }
}

/// One use of a name in a chunk, in 12 bytes, since every chunk of every
/// open document keeps its uses: the spelling (an index into the chunk's
/// spellings) with, in its top bit, whether the use starts a sentence; and
/// the byte range in the chunk.
#[derive(Clone, Copy, Debug)]
pub(super) struct Use {
    spelling: u32,
    pub(super) start: u32,
    end: u32,
}

impl Use {
    const INITIAL: u32 = 1 << 31;

    fn new(spelling: u32, range: Range<usize>, sentence_initial: bool) -> Use {
        Use {
            spelling: spelling | if sentence_initial { Use::INITIAL } else { 0 },
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    fn spelling(self) -> u32 {
        self.spelling & !Use::INITIAL
    }

    pub(super) fn sentence_initial(self) -> bool {
        self.spelling & Use::INITIAL != 0
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The words of `text`: a letter, then letters and combining marks, with
/// apostrophes and hyphens inside ("Okonjo-Iweala's", "O'Brien"). The same
/// as the regex `\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*`, by hand,
/// because it runs over every word of every document.
pub(crate) fn word_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut idx = 0;
    std::iter::from_fn(move || {
        let start = take_char_where(text, &mut idx, u8::is_ascii_alphabetic, char::is_alphabetic)?;
        while let Some(&byte) = bytes.get(idx) {
            if byte.is_ascii_alphabetic() {
                idx += 1;
                continue;
            }
            let (ch, len) = char_at(text, idx);
            if !byte.is_ascii() && (ch.is_alphabetic() || is_mark(ch)) {
                idx += len;
                continue;
            }
            if matches!(ch, '\'' | '’' | '-') {
                // A connector counts only with a letter right after it.
                let after = text[idx + len..].chars().next();
                if after.is_some_and(char::is_alphabetic) {
                    idx += len;
                    continue;
                }
            }
            return Some(start..idx);
        }
        Some(start..text.len())
    })
}

/// Lowercase particles that may start a name: "al-Assad", "bin Salman".
const PARTICLE_PREFIXES: &[&str] = &[
    "al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "ar-", "an-", "ibn-", "bin-",
];

/// The longest word, in bytes, read as a name.
const MAX_NAME_BYTES: usize = 120;

/// One capitalised word of prose.
#[derive(Clone, Debug)]
struct Mention {
    /// The name part, without a possessive ending.
    range: Range<usize>,
    sentence_initial: bool,
}

/// Whether the word at `start` of `text` is a name mention, and if so its
/// range (relative to `text`) without a possessive ending.
fn mention(text: &str, start: usize, word: &str) -> Option<Mention> {
    // No name is this long ("Llanfairpwllgwyngyll..." is 58 letters); a
    // longer run of letters is pasted data, and judging it would cost the
    // square of its length (issue #12).
    if word.len() > MAX_NAME_BYTES {
        return None;
    }
    let mut name = word;
    for possessive in ["'s", "’s"] {
        if let Some(stripped) = name.strip_suffix(possessive) {
            name = stripped;
        }
    }
    let first = name.chars().next()?;
    // Every particle prefix ends in a hyphen within its first four bytes.
    let capitalised = first.is_uppercase()
        || name.bytes().take(4).any(|b| b == b'-')
            && PARTICLE_PREFIXES.iter().any(|p| {
                name.strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with(char::is_uppercase))
            });
    // Acronyms and all-caps words are not names for this purpose. (Most
    // words are not capitalised: they return before this walk.)
    if !capitalised || !name.chars().skip(1).any(char::is_lowercase) {
        return None;
    }
    let before =
        text[..start].trim_end_matches(|c: char| c.is_whitespace() || "\"“‘'([*_".contains(c));
    let sentence_initial = before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '…']);
    Some(Mention {
        range: start..start + name.len(),
        sentence_initial,
    })
}

/// The low 32 bits of [`fold_hash`]: how chunks record their lower-case
/// words, and how the document matches them with its spellings.
pub(super) fn short_hash(word: &str) -> u32 {
    fold_hash(word) as u32
}

/// The glossary's rejected variants, compiled once per settings.
#[derive(Debug, Default)]
pub struct RejectedVariants {
    /// A pattern for each variant and the verdict it gives.
    pub(super) patterns: Vec<(Regex, Verdict)>,
    /// The folded variants, which the look-alike judgement leaves alone.
    pub(super) folded: HashSet<String>,
}

impl RejectedVariants {
    pub fn new(entities: &EntitySettings) -> RejectedVariants {
        let mut rejected = RejectedVariants::default();
        for name in &entities.glossary {
            let canonical_words: Vec<&str> = name.canonical.split_whitespace().collect();
            for variant in &name.variants {
                let pattern = format!(r"\b{}\b", regex::escape(variant).replace(r"\ ", r"\s+"));
                let Ok(regex) = Regex::new(&pattern) else {
                    continue;
                };
                // A one-word variant of a longer name replaces the word it
                // stands for: "Zelenskiy" → "Zelensky", not the full name.
                let replacement =
                    if variant.split_whitespace().count() == 1 && canonical_words.len() > 1 {
                        let folded = fold(variant);
                        canonical_words
                            .iter()
                            .max_by(|a, b| {
                                strsim::jaro_winkler(&fold(a), &folded)
                                    .total_cmp(&strsim::jaro_winkler(&fold(b), &folded))
                            })
                            .map(|word| word.to_string())
                    } else {
                        Some(name.canonical.clone())
                    };
                rejected.folded.insert(fold(variant));
                let verdict = Verdict {
                    kind: VerdictKind::Glossary,
                    reason: Reason::GlossaryVariant,
                    variant: variant.clone(),
                    canonical: replacement,
                    canonical_count: 0,
                    canonical_documents: 0,
                    canonical_first: None,
                    occurrences: Vec::new(),
                    fix: true,
                };
                rejected.patterns.push((regex, verdict));
            }
        }
        rejected
    }
}
