//! The names of a whole document, kept up to date chunk by chunk.
//!
//! Each chunk of a document (a run of paragraphs) contributes its
//! [`ChunkNames`]; [`NameState`] adds and removes those contributions and
//! re-judges only the spellings an edit touched, with their look-alike
//! partners. Every verdict is a function of the current totals alone, so
//! the state reached by any sequence of edits equals the state built from
//! scratch (tested by replaying random edits).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use regex::Regex;

use super::super::fold::fold_hash;
use super::super::gazetteer::{name_words, Gazetteer, GAZETTEER_DATA};
use super::super::hash::{fnv, HashedMap, Prehashed, FNV_OFFSET};
use super::super::lexicon::WordHasher;
use super::super::{EntitySettings, Settings};
use super::{
    edit_distance, fold, inflection, is_mark, looks_transliterated, mention, skeleton, typo_shaped,
    Reason, Verdict, VerdictKind,
};
use crate::prose::Prose;

/// A chunk's identity, stable while the chunk is unchanged.
pub type ChunkId = u64;

/// Names shorter than this (in chars) are flagged only with glossary
/// backing (SPEC §1.1).
const MIN_NAME_CHARS: usize = 5;

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
    lowercase: Vec<u32>,
    /// Spellings written side by side ("Ngozi", "Okonjo-Iweala"), as
    /// indices into `surfaces`.
    adjacent: Vec<(u32, u32)>,
    /// Uses of glossary-rejected variants: the variant's index in the
    /// glossary's list, and the range.
    glossary_hits: Vec<(usize, Range<usize>)>,
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
            for found in super::word_ranges(text) {
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
    fn uses(&self, idx: u32) -> &[Use] {
        let idx = idx as usize;
        &self.mentions[self.spelling_uses[idx] as usize..self.spelling_uses[idx + 1] as usize]
    }

    /// Spelling `idx`.
    fn surface(&self, idx: u32) -> &str {
        let end = self.spelling_ends[idx as usize] as usize;
        let start = (idx as usize)
            .checked_sub(1)
            .map_or(0, |prev| self.spelling_ends[prev] as usize);
        &self.spellings[start..end]
    }

    /// The distinct spellings in order.
    fn surfaces(&self) -> impl Iterator<Item = &str> {
        (0..self.spelling_ends.len() as u32).map(|idx| self.surface(idx))
    }

    /// The ranges of the uses of spelling `idx`, relative to the chunk.
    fn uses_of(&self, idx: u32) -> impl Iterator<Item = Range<usize>> + '_ {
        self.uses(idx).iter().map(|found| found.range())
    }
}

/// One use of a name in a chunk, in 12 bytes, since every chunk of every
/// open document keeps its uses: the spelling (an index into the chunk's
/// spellings) with, in its top bit, whether the use starts a sentence; and
/// the byte range in the chunk.
#[derive(Clone, Copy, Debug)]
struct Use {
    spelling: u32,
    start: u32,
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

    fn sentence_initial(self) -> bool {
        self.spelling & Use::INITIAL != 0
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The glossary's rejected variants, compiled once per settings.
#[derive(Debug, Default)]
pub struct RejectedVariants {
    /// A pattern for each variant and the verdict it gives.
    patterns: Vec<(Regex, Verdict)>,
    /// The folded variants, which the look-alike judgement leaves alone.
    folded: HashSet<String>,
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

/// The project glossary, folded for lookups.
#[derive(Debug, Default)]
struct Glossary {
    /// Folded glossary words and their spelling.
    words: HashMap<String, String>,
    /// Folded names or words never to flag.
    ignore: HashSet<String>,
    /// Folded pairs never to merge.
    distinct: HashSet<(String, String)>,
}

impl Glossary {
    fn new(settings: &EntitySettings) -> Glossary {
        let mut glossary = Glossary::default();
        let canonical = settings
            .names
            .iter()
            .chain(settings.glossary.iter().map(|name| &name.canonical));
        for name in canonical {
            for word in name_words(name) {
                glossary.words.insert(fold(word), word.to_string());
            }
        }
        for name in &settings.ignore {
            glossary.ignore.insert(fold(name));
            glossary.ignore.extend(name_words(name).map(fold));
        }
        for group in &settings.distinct {
            for (idx, a) in group.iter().enumerate() {
                for b in &group[idx + 1..] {
                    glossary.distinct.insert(ordered_pair(fold(a), fold(b)));
                    // Multi-word names also stand for their differing words.
                    for a_word in name_words(a).map(fold) {
                        for b_word in name_words(b).map(fold) {
                            if a_word != b_word {
                                glossary
                                    .distinct
                                    .insert(ordered_pair(a_word.clone(), b_word));
                            }
                        }
                    }
                }
            }
        }
        glossary
    }
}

fn ordered_pair(a: String, b: String) -> (String, String) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// The look-alike index keys of a folded word: a 32-bit hash of the word,
/// of every way of dropping one char from it (two words within edit
/// distance 1, an adjacent swap included, share one), and of its
/// romanisation skeleton. A collision only adds a candidate pair, which
/// the judgement then rejects. Hashed in place, without building the
/// shortened words, since they are computed again whenever a form is
/// re-judged rather than kept.
pub(crate) fn keys(folded: &str) -> Vec<u32> {
    let bytes = folded.as_bytes();
    let mut keys = Vec::with_capacity(folded.len() + 2);
    keys.push(fnv(FNV_OFFSET, bytes) as u32);
    for (at, ch) in folded.char_indices() {
        let prefix = fnv(FNV_OFFSET, &bytes[..at]);
        keys.push(fnv(prefix, &bytes[at + ch.len_utf8()..]) as u32);
    }
    keys.push(fnv(fnv(FNV_OFFSET, &[0]), skeleton(folded).as_bytes()) as u32);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The low 32 bits of [`fold_hash`]: how chunks record their lower-case
/// words, and how the document matches them with its spellings.
fn short_hash(word: &str) -> u32 {
    fold_hash(word) as u32
}

/// Whether two words differ only in their final vowel.
fn final_vowel_swap(a: &str, b: &str) -> bool {
    let (mut a_chars, mut b_chars) = (a.chars(), b.chars());
    match (a_chars.next_back(), b_chars.next_back()) {
        (Some(x), Some(y)) => {
            x != y
                && super::is_vowel(x)
                && super::is_vowel(y)
                && a_chars.as_str() == b_chars.as_str()
        }
        _ => false,
    }
}

/// A look-alike key held by more spellings than this says nothing about
/// any pair of them. Real names rarely crowd one key (the fullest key in
/// the 40,000 names of `data/world_names.txt`, checked as one text, holds
/// 43), but random capitalised strings over a few letters do, and judging
/// every pair in such a key is quadratic.
const MAX_KEY_PARTNERS: usize = 64;

/// A hash of the last four letters, which a splice host shares with the
/// spliced form (a collision only adds a candidate host, which the splice
/// check rejects).
fn tail_key(folded: &str) -> u32 {
    let start = folded.char_indices().rev().nth(3).map_or(0, |(at, _)| at);
    fnv(FNV_OFFSET, &folded.as_bytes()[start..]) as u32
}

/// A spelling written right next to a form.
#[derive(Debug)]
struct Neighbour {
    count: u32,
    /// Whether it is an ordinary English word ("Hey", "Police") rather
    /// than a name.
    ordinary: bool,
}

/// A spelling, shared by the form and the lookup by spelling.
type Surface = std::sync::Arc<str>;

/// A form's slot in [`Forms`].
type FormId = u32;

/// Every use of one spelling. Only totals and the chunks are kept, since
/// every open document keeps a form for each of its spellings; the ranges
/// of the uses are read from the chunks' names when a verdict needs them.
#[derive(Debug)]
struct Form {
    surface: Surface,
    folded: Box<str>,
    /// Uses in all, and those that do not start a sentence.
    uses: u32,
    mid_sentence_uses: u32,
    /// The chunks with a use, each with where its first use there starts
    /// and the spelling's index in the chunk's names.
    chunks: Vec<(ChunkId, u32, u32)>,
    /// Spellings written right next to this one, by the hash of their
    /// folded form (sorted), with counts.
    neighbours: Vec<(u64, Neighbour)>,
    /// Whether the form is in the look-alike index (it is a name).
    indexed: bool,
    /// Whether it was a splice host at the last settle.
    host: bool,
}

impl Form {
    fn count(&self) -> usize {
        self.uses as usize
    }

    fn mid_sentence(&self) -> usize {
        self.mid_sentence_uses as usize
    }

    fn neighbour(&self, folded_hash: u64) -> Result<usize, usize> {
        self.neighbours
            .binary_search_by_key(&folded_hash, |(hash, _)| *hash)
    }
}

/// The forms of a document, in slots that the indexes refer to by number
/// (4 bytes rather than a 16-byte shared string), found by spelling.
#[derive(Default)]
struct Forms {
    slots: Vec<Option<Form>>,
    by_surface: HashMap<Surface, FormId, std::hash::BuildHasherDefault<WordHasher>>,
    /// Empty slots, reused first.
    free: Vec<FormId>,
}

impl Forms {
    fn id(&self, surface: &str) -> Option<FormId> {
        self.by_surface.get(surface).copied()
    }

    fn get(&self, surface: &str) -> Option<&Form> {
        self.id(surface).map(|id| self.at(id))
    }

    fn get_mut(&mut self, surface: &str) -> Option<&mut Form> {
        let id = self.id(surface)?;
        Some(self.at_mut(id))
    }

    /// The form in slot `id`, which is live: the indexes drop a form
    /// before its slot is emptied.
    fn at(&self, id: FormId) -> &Form {
        self.slots[id as usize].as_ref().expect("a live form")
    }

    fn at_mut(&mut self, id: FormId) -> &mut Form {
        self.slots[id as usize].as_mut().expect("a live form")
    }

    fn insert(&mut self, form: Form) -> FormId {
        let surface = form.surface.clone();
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = Some(form);
                id
            }
            None => {
                self.slots.push(Some(form));
                (self.slots.len() - 1) as FormId
            }
        };
        self.by_surface.insert(surface, id);
        id
    }

    fn remove(&mut self, surface: &str) {
        if let Some(id) = self.by_surface.remove(surface) {
            self.slots[id as usize] = None;
            self.free.push(id);
        }
    }

    fn shrink_to_fit(&mut self) {
        for form in self.slots.iter_mut().flatten() {
            form.chunks.shrink_to_fit();
        }
        self.slots.shrink_to_fit();
        self.by_surface.shrink_to_fit();
    }
}

/// Forms under 32-bit keys. Almost every key holds one form, kept in the
/// first map; the others go to vectors in the second. A key may hold
/// forms that only collide, so readers check what they get.
#[derive(Default)]
struct KeyIndex {
    first: HashMap<u32, FormId, std::hash::BuildHasherDefault<Prehashed>>,
    more: HashMap<u32, Vec<FormId>, std::hash::BuildHasherDefault<Prehashed>>,
}

impl KeyIndex {
    fn insert(&mut self, key: u32, id: FormId) {
        match self.first.entry(key) {
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.more.entry(key).or_default().push(id);
            }
        }
    }

    fn remove(&mut self, key: u32, id: FormId) {
        if self.first.get(&key) == Some(&id) {
            let next = self.more.get_mut(&key).and_then(Vec::pop);
            match next {
                Some(next) => {
                    self.first.insert(key, next);
                    if self.more.get(&key).is_some_and(Vec::is_empty) {
                        self.more.remove(&key);
                    }
                }
                None => {
                    self.first.remove(&key);
                }
            }
        } else if let Some(rest) = self.more.get_mut(&key) {
            rest.retain(|&member| member != id);
            if rest.is_empty() {
                self.more.remove(&key);
            }
        }
    }

    fn get(&self, key: u32) -> impl Iterator<Item = FormId> + '_ {
        let first = self.first.get(&key).copied();
        let more = self.more.get(&key).into_iter().flatten().copied();
        first.into_iter().chain(more)
    }

    fn contains(&self, key: u32, id: FormId) -> bool {
        self.get(key).any(|member| member == id)
    }

    /// How many members `key` has.
    fn len(&self, key: u32) -> usize {
        match self.first.contains_key(&key) {
            true => 1 + self.more.get(&key).map_or(0, Vec::len),
            false => 0,
        }
    }

    fn shrink_to_fit(&mut self) {
        self.first.shrink_to_fit();
        self.more.shrink_to_fit();
    }
}

/// What was decided about one spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Judgement {
    kind: VerdictKind,
    reason: Reason,
    canonical: Option<String>,
    fix: bool,
}

/// The names of a document and the verdicts on them.
pub struct NameState {
    gazetteer: &'static Gazetteer,
    glossary: Glossary,
    rejected: std::sync::Arc<RejectedVariants>,
    forms: Forms,
    /// The names of each chunk counted, shared with the chunk's result.
    chunks: HashedMap<std::sync::Arc<ChunkNames>>,
    /// Forms with uses, by the short hash of their folded form.
    by_folded: KeyIndex,
    /// How many chunks write each folded word in lower case, by short
    /// hash.
    lowercase: HashMap<u32, u32, std::hash::BuildHasherDefault<Prehashed>>,
    /// Look-alike index over name spellings, by [`keys`].
    index: KeyIndex,
    /// Name spellings by [`tail_key`], for splices.
    by_tail: KeyIndex,
    judgements: BTreeMap<String, Judgement>,
    glossary_hits: BTreeMap<ChunkId, Vec<(usize, Range<usize>)>>,
    /// Forms changed since the last settle.
    dirty: HashSet<FormId, std::hash::BuildHasherDefault<Prehashed>>,
    /// Where each chunk stands as of the last settle: its document and
    /// its byte offset there.
    offsets: HashedMap<Place>,
}

impl NameState {
    pub fn new(settings: &Settings, rejected: std::sync::Arc<RejectedVariants>) -> NameState {
        NameState {
            gazetteer: &GAZETTEER_DATA,
            glossary: Glossary::new(&settings.entities),
            rejected,
            forms: Forms::default(),
            chunks: HashedMap::default(),
            by_folded: KeyIndex::default(),
            lowercase: HashMap::default(),
            index: KeyIndex::default(),
            by_tail: KeyIndex::default(),
            judgements: BTreeMap::new(),
            glossary_hits: BTreeMap::new(),
            dirty: HashSet::default(),
            offsets: HashedMap::default(),
        }
    }

    /// Adds a chunk's names.
    pub fn add(&mut self, chunk: ChunkId, names: &std::sync::Arc<ChunkNames>) {
        // Spelling by spelling, so that each costs one lookup per chunk.
        for (spelling, surface) in names.surfaces().enumerate() {
            let group = names.uses(spelling as u32);
            let Some(first) = group.first() else {
                continue;
            };
            let id = match self.forms.id(surface) {
                Some(id) => id,
                None => {
                    let folded = fold(surface);
                    self.forms.insert(Form {
                        surface: Surface::from(surface),
                        folded: folded.into_boxed_str(),
                        uses: 0,
                        mid_sentence_uses: 0,
                        chunks: Vec::new(),
                        neighbours: Vec::new(),
                        indexed: false,
                        host: false,
                    })
                }
            };
            let form = self.forms.at_mut(id);
            if form.uses == 0 {
                let key = short_hash(&form.folded);
                if !self.by_folded.contains(key, id) {
                    self.by_folded.insert(key, id);
                }
            }
            form.uses += group.len() as u32;
            form.mid_sentence_uses += group
                .iter()
                .filter(|found| !found.sentence_initial())
                .count() as u32;
            form.chunks.push((chunk, first.start, spelling as u32));
            self.dirty.insert(id);
        }
        for (a, b) in &names.adjacent {
            self.link(names.surface(*a), names.surface(*b), true);
        }
        for word in &names.lowercase {
            let count = self.lowercase.entry(*word).or_default();
            *count += 1;
            if *count == 1 {
                self.touch_folded(*word);
            }
        }
        if !names.glossary_hits.is_empty() {
            self.glossary_hits
                .insert(chunk, names.glossary_hits.clone());
        }
        self.chunks.insert(chunk, std::sync::Arc::clone(names));
    }

    /// Removes a chunk's names, as added before.
    pub fn remove(&mut self, chunk: ChunkId, names: &ChunkNames) {
        for (spelling, surface) in names.surfaces().enumerate() {
            let Some(id) = self.forms.id(surface) else {
                continue;
            };
            // Uses and mid-sentence uses of the spelling in the chunk.
            let group = names.uses(spelling as u32);
            let uses = group.len() as u32;
            let mid_sentence_uses = group.iter().filter(|f| !f.sentence_initial()).count() as u32;
            let form = self.forms.at_mut(id);
            if let Some(at) = form.chunks.iter().position(|(id, ..)| *id == chunk) {
                form.chunks.remove(at);
                form.uses -= uses;
                form.mid_sentence_uses -= mid_sentence_uses;
            }
            self.dirty.insert(id);
        }
        for (a, b) in &names.adjacent {
            self.link(names.surface(*a), names.surface(*b), false);
        }
        for word in &names.lowercase {
            if let Some(count) = self.lowercase.get_mut(word) {
                *count -= 1;
                if *count == 0 {
                    self.lowercase.remove(word);
                    self.touch_folded(*word);
                }
            }
        }
        self.glossary_hits.remove(&chunk);
        self.chunks.remove(&chunk);
    }

    fn link(&mut self, a: &str, b: &str, add: bool) {
        let gazetteer = self.gazetteer;
        for (from, to) in [(a, b), (b, a)] {
            let Some(id) = self.forms.id(from) else {
                continue;
            };
            let to_folded = fold_hash(to);
            let form = self.forms.at_mut(id);
            match (form.neighbour(to_folded), add) {
                (Ok(at), true) => form.neighbours[at].1.count += 1,
                (Ok(at), false) => {
                    let neighbour = &mut form.neighbours[at].1;
                    neighbour.count = neighbour.count.saturating_sub(1);
                    if neighbour.count == 0 {
                        form.neighbours.remove(at);
                    }
                }
                (Err(at), true) => form.neighbours.insert(
                    at,
                    (
                        to_folded,
                        Neighbour {
                            count: 1,
                            ordinary: gazetteer.is_english_word(&to.to_lowercase()),
                        },
                    ),
                ),
                (Err(_), false) => {}
            }
            self.dirty.insert(id);
        }
    }

    /// Marks the forms of a folded word as changed.
    fn touch_folded(&mut self, folded_hash: u32) {
        self.dirty.extend(self.by_folded.get(folded_hash));
    }

    /// Gives back the spare capacity the vectors grew while a whole
    /// document was added: done once after the first analysis, not after
    /// each edit, which would copy the longest vectors on every keystroke.
    pub fn shrink_to_fit(&mut self) {
        self.forms.shrink_to_fit();
        self.chunks.shrink_to_fit();
        self.index.shrink_to_fit();
        self.by_tail.shrink_to_fit();
        self.by_folded.shrink_to_fit();
        self.lowercase.shrink_to_fit();
    }

    /// Re-judges what changed. `offsets` gives each chunk's byte offset in
    /// the document.
    pub fn settle(&mut self, offsets: HashedMap<Place>) {
        self.offsets = offsets;
        // In order, as if the set were sorted, so that re-judging does not
        // depend on the order of edits.
        let mut dirty: Vec<Surface> = std::mem::take(&mut self.dirty)
            .into_iter()
            .map(|id| self.forms.at(id).surface.clone())
            .collect();
        dirty.sort_unstable();
        let mut affected: BTreeSet<Surface> = BTreeSet::new();
        for surface in &dirty {
            let Some(id) = self.forms.id(surface) else {
                continue;
            };
            let form = self.forms.at(id);
            let folded = form.folded.clone();
            let form_keys = keys(&folded);
            // As of the last settle: the uses have changed since.
            let was_host = form.host;
            let empty = form.uses == 0;
            // Partners before the change, and after it. One more than a
            // judge looks at, so that a key growing past the limit, or
            // shrinking back under it, re-judges everyone it held.
            affected.extend(self.partners(&form_keys, MAX_KEY_PARTNERS + 1));
            if empty {
                self.unindex(id);
                self.by_folded.remove(short_hash(&folded), id);
                self.forms.remove(surface);
                self.judgements.remove(&**surface);
            } else {
                if self.is_name(surface, self.forms.at(id)) {
                    self.reindex(id);
                } else {
                    self.unindex(id);
                }
                affected.insert(surface.clone());
            }
            affected.extend(self.partners(&form_keys, MAX_KEY_PARTNERS + 1));
            // A splice host that changed changes the splices of the rare
            // forms that end as it does.
            let is_host = self.is_host(surface);
            if let Some(form) = self.forms.get_mut(surface) {
                form.host = is_host;
            }
            if was_host || is_host {
                let hosts = self.by_tail.get(tail_key(&folded));
                affected.extend(hosts.map(|id| self.forms.at(id).surface.clone()));
            }
        }
        for surface in affected {
            match self.judge(&surface) {
                Some(judgement) => self.judgements.insert(surface.to_string(), judgement),
                None => self.judgements.remove(&*surface),
            };
        }
    }

    /// Name spellings sharing one of these look-alike keys, leaving out
    /// keys held by more than `limit` spellings.
    fn partners(&self, keys: &[u32], limit: usize) -> BTreeSet<Surface> {
        keys.iter()
            .filter(|key| self.index.len(**key) <= limit)
            .flat_map(|key| self.index.get(*key))
            .map(|id| self.forms.at(id).surface.clone())
            .collect()
    }

    fn reindex(&mut self, id: FormId) {
        let form = self.forms.at_mut(id);
        if form.indexed {
            return;
        }
        form.indexed = true;
        for key in keys(&form.folded) {
            self.index.insert(key, id);
        }
        self.by_tail.insert(tail_key(&form.folded), id);
    }

    fn unindex(&mut self, id: FormId) {
        let form = self.forms.at_mut(id);
        if !form.indexed {
            return;
        }
        form.indexed = false;
        for key in keys(&form.folded) {
            self.index.remove(key, id);
        }
        self.by_tail.remove(tail_key(&form.folded), id);
    }

    /// A name spelling used at least twice, which a splice may copy.
    fn is_host(&self, surface: &str) -> bool {
        self.forms.get(surface).is_some_and(Self::hosts)
    }

    fn hosts(form: &Form) -> bool {
        form.indexed && form.count() >= 2
    }

    /// Whether a form is a name rather than a capitalised ordinary word.
    fn is_name(&self, surface: &str, form: &Form) -> bool {
        if self.glossary.ignore.contains(&*form.folded) {
            return false;
        }
        if self.glossary.words.contains_key(&*form.folded) {
            return true;
        }
        // A gazetteer word is a name unless it is also an ordinary word
        // ("State" in "Islamic State"), which is judged like any other.
        if self.gazetteer.is_entity_word(&form.folded)
            && !self.gazetteer.is_english_word(&form.folded)
        {
            return true;
        }
        if self.lowercase.contains_key(&short_hash(&form.folded)) {
            return false;
        }
        // An English word is a name here only when it is capitalised in
        // the middle of a sentence and never written in lower case:
        // "Game of Thrones", "the Honda Civic".
        !self.gazetteer.is_english_word(&surface.to_lowercase()) || form.mid_sentence() > 0
    }

    fn is_known(&self, folded: &str) -> bool {
        self.glossary.words.contains_key(folded) || self.gazetteer.is_known(folded)
    }

    /// An ordinary word somewhere in the text or in the dictionary.
    fn is_ordinary(&self, folded: &str) -> bool {
        self.lowercase.contains_key(&short_hash(folded)) || self.gazetteer.is_english_word(folded)
    }

    /// Whether a folded word is two dictionary words of four letters or
    /// more run together ("eurostar" is "euro" and "star").
    fn is_compound(&self, folded: &str) -> bool {
        const PART: usize = 4;
        folded.is_ascii()
            && folded.len() >= 2 * PART
            && (PART..=folded.len() - PART).any(|at| {
                self.gazetteer.is_english_word(&folded[..at])
                    && self.gazetteer.is_english_word(&folded[at..])
            })
    }

    /// Whether two spellings of a person's name belong to two people:
    /// both are written beside other names, never the same ones, and
    /// either one is a given name ("Michaël Zasso", "Michael Dawson") or
    /// both stand beside given names ("Anna Gröber", "Paul Gruber").
    /// Places and firms are left out: "Soviet Union" and "Sovet Army" are
    /// one name with two neighbours.
    fn written_with_other_names(&self, a: &Form, b: &Form) -> bool {
        let given = |form: &Form| self.gazetteer.is_given_name(fold_hash(&form.folded));
        // Names only: "Hey Frnak" has an interjection beside it, not a name.
        let names = |form: &Form| {
            form.neighbours
                .iter()
                .filter(|(_, neighbour)| !neighbour.ordinary)
                .map(|(hash, _)| *hash)
                .collect::<Vec<u64>>()
        };
        let (names_a, names_b) = (names(a), names(b));
        let beside_given =
            |names: &[u64]| names.iter().any(|hash| self.gazetteer.is_given_name(*hash));
        !names_a.is_empty()
            && !names_b.is_empty()
            && !names_a.iter().any(|hash| names_b.contains(hash))
            && (given(a) || given(b) || (beside_given(&names_a) && beside_given(&names_b)))
    }

    fn count(&self, surface: &str) -> usize {
        self.forms.get(surface).map_or(0, Form::count)
    }

    /// The judgement on one spelling as the variant: the best look-alike
    /// verdict against any partner, else a glossary near miss or a splice.
    fn judge(&self, surface: &str) -> Option<Judgement> {
        let form = self.forms.get(surface)?;
        if !form.indexed || self.rejected.folded.contains(&*form.folded) {
            return None;
        }
        let mut best: Option<Judgement> = None;
        for partner in self.partners(&keys(&form.folded), MAX_KEY_PARTNERS) {
            if &*partner == surface {
                continue;
            }
            let Some(judgement) = self.judge_pair(surface, &partner) else {
                continue;
            };
            let better = match &best {
                None => true,
                Some(old) => {
                    let key = |j: &Judgement| {
                        let canonical = j.canonical.as_deref().unwrap_or("");
                        (
                            self.count(canonical),
                            std::cmp::Reverse(canonical.to_string()),
                        )
                    };
                    key(&judgement) > key(old)
                }
            };
            if better {
                best = Some(judgement);
            }
        }
        best.or_else(|| self.near_miss(form))
            .or_else(|| self.splice(surface, form))
    }

    /// Judges `variant` against `other`: a verdict when `variant` is the
    /// odd spelling of the two.
    fn judge_pair(&self, variant: &str, other: &str) -> Option<Judgement> {
        let (fv, fo) = (self.forms.get(variant)?, self.forms.get(other)?);
        if !fo.indexed {
            return None;
        }
        if fv.folded == fo.folded {
            return self.diacritics_pair(variant, fv, other, fo);
        }
        let glossary_v = self.glossary.words.contains_key(&*fv.folded);
        let glossary_o = self.glossary.words.contains_key(&*fo.folded);
        let short = fv.folded.chars().count().min(fo.folded.chars().count()) < MIN_NAME_CHARS;
        if short && !(glossary_v || glossary_o) {
            return None;
        }
        if self
            .glossary
            .distinct
            .contains(&ordered_pair(fv.folded.to_string(), fo.folded.to_string()))
            || self.gazetteer.known_distinct(&fv.folded, &fo.folded)
            || inflection(&fv.folded, &fo.folded)
        {
            return None;
        }
        let same_skeleton = skeleton(&fv.folded) == skeleton(&fo.folded);
        let typo =
            edit_distance(&fv.folded, &fo.folded) == 1 && typo_shaped(&fv.folded, &fo.folded);
        let shared_entity = self.gazetteer.shared_entity(&fv.folded, &fo.folded);
        if shared_entity.is_some()
            && (self.gazetteer.is_demonym(&fv.folded) || self.gazetteer.is_demonym(&fo.folded))
        {
            return None; // A place and its people: Spain and Spanish.
        }
        if self.written_with_other_names(fv, fo) && !(glossary_v || glossary_o) {
            return None;
        }
        let (known_v, known_o) = (self.is_known(&fv.folded), self.is_known(&fo.folded));
        if known_v && known_o && shared_entity.is_none() && !(glossary_v || glossary_o) {
            return None; // Two real names: Johnson and Johnston.
        }
        let transliterated = looks_transliterated(&fv.folded) || looks_transliterated(&fo.folded);
        let kind = if shared_entity.is_some() || (same_skeleton && !typo && transliterated) {
            VerdictKind::Romanization
        } else if typo {
            VerdictKind::Variant
        } else {
            return None;
        };
        // A different first letter is a different name, unless the
        // difference is a romanisation ("Gaddafi" and "Qaddafi").
        if fv.folded.chars().next() != fo.folded.chars().next() && kind != VerdictKind::Romanization
        {
            return None;
        }
        // The odd form must not be an ordinary word somewhere in the text.
        if self.is_ordinary(&fv.folded) {
            return None;
        }
        // Nor may a changed letter turn the name into two words run
        // together: a slip rarely spells a new word, a brand often does
        // (Eurostar, "euro" and "star", beside Eurostat). A dropped or
        // doubled letter at a seam ("Zealland") is still a slip.
        if fv.folded.len() == fo.folded.len()
            && self.is_compound(&fv.folded)
            && !self.is_compound(&fo.folded)
        {
            return None;
        }
        // Which spelling is canonical: glossary, then gazetteer or common
        // name lists, then a clear majority.
        let variant_is_odd = if glossary_v != glossary_o {
            glossary_o
        } else if let Some(id) = shared_entity {
            let name = fold(self.gazetteer.canonical_name(id));
            let in_name = |folded: &str| name.split_whitespace().any(|w| w == folded);
            match (in_name(&fv.folded), in_name(&fo.folded)) {
                (true, false) => false,
                (false, true) => true,
                _ => self.majority(fv, fo)?,
            }
        } else if known_v != known_o {
            // A known name is canonical, unless the writer keeps to the
            // other spelling more often: Haydn three times beside one
            // Hayden is a name the lists do not know, not three slips.
            if known_o && fv.count() >= 2 && fv.count() > fo.count() {
                return None;
            }
            known_o
        } else if final_vowel_swap(&fv.folded, &fo.folded) {
            // Roberto/Roberta, Instituto/Institute: a language's or a
            // gender's ending, not a slip, unless a list says otherwise.
            return None;
        } else {
            match self.majority(fv, fo) {
                Some(odd) => odd,
                None if kind == VerdictKind::Variant && self.tie_with_shared_neighbour(fv, fo) => {
                    // The later spelling is the odd one; no fix is offered.
                    if self.first_use(fv) > self.first_use(fo) {
                        return Some(Judgement {
                            kind,
                            reason: Reason::Tie,
                            canonical: Some(other.to_string()),
                            fix: false,
                        });
                    }
                    return None;
                }
                None => return None,
            }
        };
        if !variant_is_odd {
            return None;
        }
        // Across files, only a broad use outside the glossary is a
        // yardstick (see `majority`).
        if !glossary_o && !self.together(fv, fo) && !self.broad(fo) {
            return None;
        }
        // Against a glossary spelling, the house style speaks.
        let (kind, reason) = if glossary_o {
            (VerdictKind::Glossary, Reason::NearMiss)
        } else if kind == VerdictKind::Romanization {
            (kind, Reason::Romanization)
        } else {
            (kind, Reason::Typo)
        };
        Some(Judgement {
            kind,
            reason,
            canonical: Some(other.to_string()),
            fix: true,
        })
    }

    /// Same letters, different accents ("Zurbarán" and "Zurbaran"): a
    /// romanisation difference when one clearly dominates.
    fn diacritics_pair(
        &self,
        variant: &str,
        fv: &Form,
        other: &str,
        fo: &Form,
    ) -> Option<Judgement> {
        if variant.to_lowercase() == other.to_lowercase()
            || fv.folded.chars().count() < MIN_NAME_CHARS
        {
            return None; // A difference of case only is house style.
        }
        if self.written_with_other_names(fv, fo) {
            return None;
        }
        // An accent written as its own char may be the same letter as a
        // precomposed one ("Geisendörfer" both ways looks identical), which
        // cannot be told apart without Unicode normalisation tables.
        if variant.chars().chain(other.chars()).any(is_mark) {
            return None;
        }
        self.majority(fv, fo)?.then(|| Judgement {
            kind: VerdictKind::Romanization,
            reason: Reason::Romanization,
            canonical: Some(other.to_string()),
            fix: true,
        })
    }

    /// Whether `variant` is the odd one by a clear majority of `other`
    /// (used at least twice, and more often); `None` for a tie, which is
    /// not fixed without a glossary (SPEC §1.1).
    ///
    /// Across files the majority must be broad: when the two spellings
    /// never meet in one document, the dominant one needs three uses in two
    /// documents, so that a slip in one file is not the yardstick for a
    /// different name in another.
    fn majority(&self, variant: &Form, other: &Form) -> Option<bool> {
        let (cv, co) = (variant.count(), other.count());
        let together = self.together(variant, other);
        if co > cv && co >= 2 && (together || self.broad(other)) {
            Some(true)
        } else if cv > co && cv >= 2 && (together || self.broad(variant)) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether two forms are used in one document.
    fn together(&self, a: &Form, b: &Form) -> bool {
        self.documents(a)
            .intersection(&self.documents(b))
            .next()
            .is_some()
    }

    /// Used three times or more, in two documents or more.
    fn broad(&self, form: &Form) -> bool {
        form.count() >= 3 && self.documents(form).len() >= 2
    }

    /// The documents a form is used in.
    fn documents(&self, form: &Form) -> BTreeSet<u32> {
        form.chunks
            .iter()
            .map(|(chunk, ..)| self.place(*chunk).document)
            .collect()
    }

    /// Where a chunk stands as of the last settle.
    fn place(&self, chunk: ChunkId) -> Place {
        self.offsets.get(&chunk).copied().unwrap_or_default()
    }

    /// Whether two equally used spellings stand beside the same given name
    /// or title ("Ngozi Okonjo-Iwaela" and "Ngozi Okonjo-Iweala").
    fn tie_with_shared_neighbour(&self, a: &Form, b: &Form) -> bool {
        a.count() == b.count() && a.neighbours.iter().any(|(n, _)| b.neighbour(*n).is_ok())
    }

    /// Where a form is first used in the document.
    fn first_use(&self, form: &Form) -> (u32, usize) {
        form.chunks
            .iter()
            .map(|&(chunk, start, _)| {
                let place = self.place(chunk);
                (place.document, place.offset + start as usize)
            })
            .min()
            .unwrap_or((u32::MAX, usize::MAX))
    }

    /// A form one typing slip away from a glossary name.
    fn near_miss(&self, form: &Form) -> Option<Judgement> {
        if form.folded.chars().count() < MIN_NAME_CHARS
            || self.is_known(&form.folded)
            || self.is_ordinary(&form.folded)
        {
            return None;
        }
        let close = |candidate: &str| {
            candidate != &*form.folded
                && candidate.chars().next() == form.folded.chars().next()
                && edit_distance(candidate, &form.folded) == 1
                && typo_shaped(candidate, &form.folded)
                && !inflection(candidate, &form.folded)
                && !self.glossary.distinct.contains(&ordered_pair(
                    candidate.to_string(),
                    form.folded.to_string(),
                ))
        };
        let mut matches = self
            .glossary
            .words
            .iter()
            .filter(|(folded, _)| close(folded))
            .map(|(_, spelling)| spelling);
        match (matches.next(), matches.next()) {
            (Some(spelling), None) => Some(Judgement {
                kind: VerdictKind::Glossary,
                reason: Reason::NearMiss,
                canonical: Some(spelling.clone()),
                fix: true,
            }),
            _ => None,
        }
    }

    /// A known name typed into another: "Nigeriaweala" is "Nigeria" plus
    /// the end of "Okonjo-Iweala".
    fn splice(&self, surface: &str, form: &Form) -> Option<Judgement> {
        if form.count() > 2 || self.is_known(&form.folded) || form.folded.contains('-') {
            return None;
        }
        let hosts: Vec<&Form> = self
            .by_tail
            .get(tail_key(&form.folded))
            .map(|id| self.forms.at(id))
            .filter(|host| &*host.surface != surface && Self::hosts(host))
            .collect();
        let chars: Vec<char> = form.folded.chars().collect();
        // The copied ending is at least five letters: shorter ones are
        // common word endings ("-lian", "-ton"), not a name's tail.
        for split in MIN_NAME_CHARS..chars.len().saturating_sub(4) {
            let prefix: String = chars[..split].iter().collect();
            let suffix: String = chars[split..].iter().collect();
            if !self.gazetteer.is_entity_word(&prefix) {
                continue;
            }
            let host = hosts
                .iter()
                .filter(|other| {
                    other.folded.ends_with(&suffix)
                        && other.folded.chars().count() >= suffix.chars().count() + 3
                        // The host's own beginning must differ from the
                        // inserted name, or this is a plain variant.
                        && edit_distance(&other.folded[..other.folded.len() - suffix.len()], &prefix) >= 3
                })
                .max_by_key(|other| (other.count(), std::cmp::Reverse(other.surface.clone())))
                .map(|other| &other.surface);
            if let Some(host) = host {
                let inserted = surface.chars().take(split).collect();
                return Some(Judgement {
                    kind: VerdictKind::Variant,
                    reason: Reason::Splice { inserted },
                    canonical: Some(host.to_string()),
                    fix: true,
                });
            }
        }
        None
    }

    /// The ranges of a form's uses, in text order, by document (of the
    /// documents `wanted`), read from its chunks' names in one pass over
    /// its chunks: a variant may be used in thousands of files.
    fn uses_by_document(
        &self,
        form: &Form,
        wanted: impl Fn(u32) -> bool,
    ) -> BTreeMap<u32, Vec<Range<usize>>> {
        let mut by_document: BTreeMap<u32, Vec<Range<usize>>> = BTreeMap::new();
        for &(chunk, _, idx) in &form.chunks {
            let place = self.place(chunk);
            if !wanted(place.document) {
                continue;
            }
            let Some(names) = self.chunks.get(&chunk) else {
                continue;
            };
            let shift = |r: Range<usize>| place.offset + r.start..place.offset + r.end;
            by_document
                .entry(place.document)
                .or_default()
                .extend(names.uses_of(idx).map(shift));
        }
        for ranges in by_document.values_mut() {
            ranges.sort_by_key(|r| r.start);
        }
        by_document
    }

    /// The range of a form's first use in each document, in one pass over
    /// its chunks.
    fn first_uses(&self, form: &Form) -> BTreeMap<u32, Range<usize>> {
        let mut first: BTreeMap<u32, (usize, ChunkId, u32)> = BTreeMap::new();
        for &(chunk, start, idx) in &form.chunks {
            let place = self.place(chunk);
            let at = place.offset + start as usize;
            let entry = first.entry(place.document).or_insert((at, chunk, idx));
            if at < entry.0 {
                *entry = (at, chunk, idx);
            }
        }
        first
            .into_iter()
            .filter_map(|(document, (at, chunk, idx))| {
                let names = self.chunks.get(&chunk)?;
                let range = names.uses_of(idx).next()?;
                Some((document, at..at + range.len()))
            })
            .collect()
    }

    /// The verdicts as they stand, for one document: the variants used in
    /// it, with their ranges there, and counts over all documents.
    pub fn verdicts(&self, document: u32) -> Vec<Verdict> {
        self.collect_verdicts(Some(document))
            .remove(&document)
            .unwrap_or_default()
    }

    /// [`NameState::verdicts`] for documents `0..documents` at once: one
    /// pass over the judgements, not one per document, which made a batch
    /// of 10,000 files quadratic.
    pub fn verdicts_by_document(&self, documents: usize) -> Vec<Vec<Verdict>> {
        let mut by_document = self.collect_verdicts(None);
        (0..documents as u32)
            .map(|document| by_document.remove(&document).unwrap_or_default())
            .collect()
    }

    /// The verdicts of `only` that document, or of all.
    fn collect_verdicts(&self, only: Option<u32>) -> BTreeMap<u32, Vec<Verdict>> {
        let wanted = |document: u32| only.is_none_or(|only| only == document);
        let mut by_document: BTreeMap<u32, Vec<Verdict>> = BTreeMap::new();
        for (surface, judgement) in &self.judgements {
            let Some(form) = self.forms.get(surface) else {
                continue;
            };
            let canonical_form = judgement.canonical.as_ref().and_then(|c| self.forms.get(c));
            let canonical_documents = canonical_form.map_or(0, |f| self.documents(f).len());
            let mut canonical_first = canonical_form
                .map(|f| self.first_uses(f))
                .unwrap_or_default();
            for (document, occurrences) in self.uses_by_document(form, wanted) {
                by_document.entry(document).or_default().push(Verdict {
                    kind: judgement.kind,
                    reason: judgement.reason.clone(),
                    variant: surface.clone(),
                    canonical: judgement.canonical.clone(),
                    canonical_count: canonical_form.map_or(0, Form::count),
                    canonical_documents,
                    canonical_first: canonical_first.remove(&document),
                    occurrences,
                    fix: judgement.fix,
                });
            }
        }
        // Uses of glossary-rejected variants, grouped by variant.
        let mut rejected: BTreeMap<(u32, usize), Vec<Range<usize>>> = BTreeMap::new();
        for (chunk, hits) in &self.glossary_hits {
            let place = self.place(*chunk);
            if !wanted(place.document) {
                continue;
            }
            for (idx, range) in hits {
                let range = place.offset + range.start..place.offset + range.end;
                rejected
                    .entry((place.document, *idx))
                    .or_default()
                    .push(range);
            }
        }
        for ((document, idx), mut occurrences) in rejected {
            occurrences.sort_by_key(|r| r.start);
            let mut verdict = self.rejected.patterns[idx].1.clone();
            verdict.occurrences = occurrences;
            by_document.entry(document).or_default().push(verdict);
        }
        by_document
    }
}

/// Where a chunk stands: which document, and its byte offset there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub document: u32,
    pub offset: usize,
}
