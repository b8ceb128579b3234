//! Names in a document and the spellings that look like one entity
//! written two ways: the shared analysis behind the `entity.*` rules.
//!
//! Mentions are capitalised words of prose (hyphenated and apostrophe
//! compounds kept whole, possessives reduced to the name). Pairs of
//! spellings are found cheaply by shared deletion keys (edit distance 1)
//! and romanisation skeletons, then vetoed (known distinct names,
//! inflections and demonyms, English words, short names, different first
//! letters), and only then judged by evidence: a glossary or gazetteer
//! spelling, or a clear majority against a rare form.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Gazetteer, GAZETTEER_DATA};
use super::{EntitySettings, Settings};
use crate::prose::Prose;

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
    /// How often the canonical spelling is used in the text.
    pub canonical_count: usize,
    /// The first use of the canonical spelling in the text.
    pub canonical_first: Option<Range<usize>>,
    /// Byte ranges of every use of the variant.
    pub occurrences: Vec<Range<usize>>,
    /// Whether the canonical spelling is certain enough to offer as a fix.
    pub fix: bool,
}

/// Lowercase with diacritics removed: the key names are compared by.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for ch in text.chars() {
        for lower in ch.to_lowercase() {
            match strip_diacritic(lower) {
                Some(plain) => folded.push_str(plain),
                None => folded.push(lower),
            }
        }
    }
    folded
}

fn strip_diacritic(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ð' => "d",
        '’' => "'",
        _ => return None,
    })
}

/// A romanisation skeleton of a folded name: the spellings that
/// transliteration systems disagree on are written one way ("Gaddafi",
/// "Qaddafi", "Kadhafi" all give "kadafi"; "Zelenskyy", "Zelenskiy" and
/// "Zelensky" give "zelenski").
pub fn skeleton(folded: &str) -> String {
    let mut word = folded.replace(['-', '\'', ' '], "");
    for (suffix, replacement) in [
        ("yev", "ev"),
        ("iev", "ev"),
        ("yeva", "eva"),
        ("ieva", "eva"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            word = format!("{stem}{replacement}");
            break;
        }
    }
    for (from, to) in [
        ("kh", "h"),
        ("zh", "j"),
        ("dh", "d"),
        ("th", "t"),
        ("ph", "f"),
        ("ou", "u"),
        ("q", "k"),
    ] {
        word = word.replace(from, to);
    }
    let mut skeleton = String::with_capacity(word.len());
    for ch in word.chars() {
        let ch = match ch {
            'y' => 'i',
            'g' | 'c' => 'k',
            other => other,
        };
        if !skeleton.ends_with(ch) {
            skeleton.push(ch);
        }
    }
    skeleton
}

/// Letter groups that mark a name as transliterated from another script
/// (Russian, Ukrainian, Arabic, Chinese): only such names are merged on a
/// shared skeleton alone, so that Dynamo/Dinamo or Karlsson/Carlsson, real
/// names in their own languages, are left alone.
const TRANSLITERATION_MARKERS: &[&str] = &[
    "kh", "zh", "dh", "q", "yy", "iy", "yev", "iev", "sky", "skiy", "ii", "aa", "ou", "ch", "ts",
    "j",
];

fn looks_transliterated(folded: &str) -> bool {
    TRANSLITERATION_MARKERS
        .iter()
        .any(|marker| folded.contains(marker))
}

/// Optimal string alignment distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

const QWERTY: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

fn keyboard_neighbours(a: char, b: char) -> bool {
    let find = |c: char| {
        QWERTY
            .iter()
            .enumerate()
            .find_map(|(row, keys)| keys.find(c).map(|col| (row as i32, col as i32)))
    };
    match (find(a), find(b)) {
        (Some((ra, ca)), Some((rb, cb))) => {
            (ra - rb).abs() <= 1 && (ca - cb).abs() <= 1 && (ra, ca) != (rb, cb)
        }
        _ => false,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Whether two folded words one edit apart differ the way typing slips do:
/// an adjacent swap, a dropped or doubled letter, one vowel for another, or
/// a neighbouring key.
pub fn typo_shaped(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() != b.len() {
        return a.len().abs_diff(b.len()) == 1; // A dropped or added letter.
    }
    let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diffs.as_slice() {
        [i] => (is_vowel(a[*i]) && is_vowel(b[*i])) || keyboard_neighbours(a[*i], b[*i]),
        [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
        _ => false,
    }
}

/// Endings that make a demonym, plural, possessive or feminine form of a
/// name: Russia/Russian, Kazakh/Kazakhs, Ivanov/Ivanova.
const ENDINGS: &[&str] = &[
    "s", "es", "n", "an", "ian", "ns", "ans", "ians", "i", "is", "ese", "ish", "ic", "ics", "er",
    "ers", "ern", "ite", "ites", "a", "ean", "eans", "ish", "ist", "ists", "ism",
];

/// Endings that follow a dropped final letter.
const DROP_ENDINGS: &[&str] = &[
    "an", "ans", "ian", "ians", "ese", "ish", "ic", "ean", "eans", "ite", "ites", "er", "ers",
];

/// Final letters a name drops before taking an ending: China/Chinese,
/// Italy/Italian, Chile/Chilean.
const STEM_DROPS: &[&str] = &["a", "e", "y", "o", "ia"];

/// Whether two folded words are inflections of one another: one is the
/// other plus an ending, or both are one stem with two clearly different
/// endings (Democrats/Democratic). Endings one letter apart ("n"/"an")
/// are not inflections but typing slips (Taiwan/Taiwaan).
pub fn inflection(a: &str, b: &str) -> bool {
    derived(a, b) || derived(b, a) || siblings(a, b)
}

fn derived(base: &str, word: &str) -> bool {
    let plus_ending = |stem: &str, endings: &[&str]| {
        stem.chars().count() >= 3
            && word
                .strip_prefix(stem)
                .is_some_and(|ending| ending.is_empty() || endings.contains(&ending))
    };
    // After a dropped final letter only a demonym suffix follows ("ese",
    // "ian"): Korea/Korei, Mecca/Mecco and Russia/Russis are typos.
    if plus_ending(base, ENDINGS)
        || STEM_DROPS.iter().any(|drop| {
            base.strip_suffix(drop)
                .is_some_and(|stem| plus_ending(stem, DROP_ENDINGS))
        })
    {
        return true;
    }
    // "Kazakhstan"/"Kazakh", "Afghanistan"/"Afghan": a country and its people.
    base.strip_suffix("stan").is_some_and(|stem| {
        let stem = stem.strip_suffix('i').unwrap_or(stem);
        word.starts_with(stem) && ["", "s", "i", "is"].contains(&&word[stem.len()..])
    })
}

fn siblings(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let stem_len: usize = a.chars().take(common).map(char::len_utf8).sum();
    (3..=stem_len).rev().any(|len| {
        if !a.is_char_boundary(len) || !b.is_char_boundary(len) {
            return false;
        }
        let (ea, eb) = (&a[len..], &b[len..]);
        !ea.is_empty()
            && !eb.is_empty()
            && ENDINGS.contains(&ea)
            && ENDINGS.contains(&eb)
            && edit_distance(ea, eb) >= 2
    })
}

static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{L}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*").expect("valid word regex")
});

/// Lowercase particles that may start a name: "al-Assad", "bin Salman".
const PARTICLE_PREFIXES: &[&str] = &[
    "al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "ar-", "an-", "ibn-", "bin-",
];

/// One capitalised word of prose.
#[derive(Clone, Debug)]
struct Mention {
    /// The name part, without a possessive ending.
    range: Range<usize>,
    sentence_initial: bool,
}

/// Every use of one spelling.
#[derive(Debug)]
struct Form {
    surface: String,
    folded: String,
    occurrences: Vec<Range<usize>>,
    /// Uses that are not the first word of a sentence.
    mid_sentence: usize,
    /// Capitalised words written right next to this spelling ("Ngozi" in
    /// "Ngozi Okonjo-Iweala"), folded.
    neighbours: HashSet<String>,
}

impl Form {
    fn count(&self) -> usize {
        self.occurrences.len()
    }
}

/// The spellings of a text, ready to compare.
struct Spellings<'a> {
    forms: Vec<Form>,
    /// Folded words written in lower case somewhere in the text.
    lowercase: HashSet<String>,
    gazetteer: &'a Gazetteer,
    glossary: Glossary,
}

/// The project glossary, folded for lookups.
#[derive(Default)]
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
            for word in super::gazetteer::name_words(name) {
                glossary.words.insert(fold(word), word.to_string());
            }
        }
        for name in &settings.ignore {
            glossary.ignore.insert(fold(name));
            glossary
                .ignore
                .extend(super::gazetteer::name_words(name).map(fold));
        }
        for group in &settings.distinct {
            for (idx, a) in group.iter().enumerate() {
                for b in &group[idx + 1..] {
                    glossary.distinct.insert(ordered_pair(fold(a), fold(b)));
                    // Single-word names also stand for their words.
                    let a_words: Vec<String> = super::gazetteer::name_words(a).map(fold).collect();
                    let b_words: Vec<String> = super::gazetteer::name_words(b).map(fold).collect();
                    for a_word in &a_words {
                        for b_word in &b_words {
                            if a_word != b_word {
                                glossary
                                    .distinct
                                    .insert(ordered_pair(a_word.clone(), b_word.clone()));
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

/// Finds the misspelt, rejected and differently romanised names of a text.
pub fn judge(prose: &Prose, settings: &Settings) -> Vec<Verdict> {
    let gazetteer = &*GAZETTEER_DATA;
    let spellings = Spellings::collect(prose, gazetteer, Glossary::new(&settings.entities));
    let mut verdicts = glossary_variants(prose, &settings.entities);
    let flagged: HashSet<String> = verdicts.iter().map(|v| fold(&v.variant)).collect();
    verdicts.extend(spellings.judge(&flagged));
    verdicts
}

/// Uses of spellings that the glossary lists as rejected variants.
fn glossary_variants(prose: &Prose, entities: &EntitySettings) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for name in &entities.glossary {
        let canonical_words: Vec<&str> = name.canonical.split_whitespace().collect();
        for variant in &name.variants {
            let pattern = format!(r"\b{}\b", regex::escape(variant).replace(r"\ ", r"\s+"));
            let Ok(regex) = Regex::new(&pattern) else {
                continue;
            };
            let occurrences: Vec<Range<usize>> =
                regex.find_iter(&prose.masked).map(|m| m.range()).collect();
            if occurrences.is_empty() {
                continue;
            }
            // A one-word variant of a longer name replaces the word it
            // stands for: "Zelenskiy" → "Zelensky", not the full name.
            let variant_words = variant.split_whitespace().count();
            let replacement = if variant_words == 1 && canonical_words.len() > 1 {
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
            verdicts.push(Verdict {
                kind: VerdictKind::Glossary,
                reason: Reason::GlossaryVariant,
                variant: variant.clone(),
                canonical: replacement,
                canonical_count: 0,
                canonical_first: None,
                occurrences,
                fix: true,
            });
        }
    }
    verdicts
}

/// Deletion keys: the word and every way of dropping one char. Two words
/// within edit distance 1 (including an adjacent swap) share a key.
fn deletion_keys(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut keys = Vec::with_capacity(chars.len() + 1);
    keys.push(folded.to_string());
    for skip in 0..chars.len() {
        keys.push(
            chars
                .iter()
                .enumerate()
                .filter(|(idx, _)| *idx != skip)
                .map(|(_, c)| c)
                .collect(),
        );
    }
    keys
}

/// Names shorter than this (in chars) are flagged only with glossary
/// backing (SPEC §1.1).
const MIN_NAME_CHARS: usize = 5;

impl<'a> Spellings<'a> {
    fn collect(prose: &Prose, gazetteer: &'a Gazetteer, glossary: Glossary) -> Spellings<'a> {
        let mut by_surface: HashMap<&str, usize> = HashMap::new();
        let mut forms: Vec<Form> = Vec::new();
        let mut lowercase = HashSet::new();
        for block in &prose.blocks {
            let text = prose.block_text(block);
            // The previous word's end and form, when it was a name.
            let mut previous: Option<(usize, usize)> = None;
            for found in WORD.find_iter(text) {
                let word = found.as_str();
                let Some(mention) = mention(text, found.start(), word) else {
                    if word.starts_with(char::is_lowercase) {
                        lowercase.insert(fold(word));
                    }
                    previous = None;
                    continue;
                };
                let range =
                    block.range.start + mention.range.start..block.range.start + mention.range.end;
                let surface = &prose.masked[range.clone()];
                let idx = *by_surface.entry(surface).or_insert_with(|| {
                    forms.push(Form {
                        surface: surface.to_string(),
                        folded: fold(surface),
                        occurrences: Vec::new(),
                        mid_sentence: 0,
                        neighbours: HashSet::new(),
                    });
                    forms.len() - 1
                });
                forms[idx].occurrences.push(range);
                forms[idx].mid_sentence += usize::from(!mention.sentence_initial);
                if let Some((previous_end, previous_idx)) = previous {
                    if text[previous_end..found.start()].chars().all(|c| c == ' ')
                        && previous_idx != idx
                    {
                        let (before, after) = (
                            forms[previous_idx].folded.clone(),
                            forms[idx].folded.clone(),
                        );
                        forms[idx].neighbours.insert(before);
                        forms[previous_idx].neighbours.insert(after);
                    }
                }
                previous = Some((found.end(), idx));
            }
        }
        Spellings {
            forms,
            lowercase,
            gazetteer,
            glossary,
        }
    }

    /// Whether a form is a name rather than a capitalised ordinary word.
    fn is_name(&self, form: &Form) -> bool {
        if self.glossary.ignore.contains(&form.folded) {
            return false;
        }
        if self.glossary.words.contains_key(&form.folded)
            || self.gazetteer.is_entity_word(&form.folded)
        {
            return true;
        }
        if self.lowercase.contains(&form.folded) {
            return false;
        }
        // An English word is a name here only when it is capitalised in
        // the middle of a sentence and never written in lower case:
        // "Game of Thrones", "the Honda Civic".
        !self.gazetteer.is_english_word(&form.surface.to_lowercase()) || form.mid_sentence > 0
    }

    fn is_known(&self, folded: &str) -> bool {
        self.glossary.words.contains_key(folded) || self.gazetteer.is_known(folded)
    }

    fn judge(&self, already_flagged: &HashSet<String>) -> Vec<Verdict> {
        let names: Vec<usize> = (0..self.forms.len())
            .filter(|&idx| self.is_name(&self.forms[idx]))
            .collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for &idx in &names {
            let form = &self.forms[idx];
            for key in deletion_keys(&form.folded) {
                by_key.entry(key).or_default().push(idx);
            }
            by_key
                .entry(format!("\u{0}{}", skeleton(&form.folded)))
                .or_default()
                .push(idx);
        }
        let mut pairs: HashSet<(usize, usize)> = HashSet::new();
        for members in by_key.values() {
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i + 1..] {
                    if a != b {
                        pairs.insert((a.min(b), a.max(b)));
                    }
                }
            }
        }
        // For each variant form, the best judgement against any other form.
        let mut best: HashMap<usize, Verdict> = HashMap::new();
        let mut pairs: Vec<(usize, usize)> = pairs.into_iter().collect();
        pairs.sort_unstable();
        for (a, b) in pairs {
            let Some((variant, verdict)) = self.judge_pair(a, b) else {
                continue;
            };
            if already_flagged.contains(&self.forms[variant].folded) {
                continue;
            }
            let better = best
                .get(&variant)
                .is_none_or(|old| verdict.canonical_count > old.canonical_count);
            if better {
                best.insert(variant, verdict);
            }
        }
        // Glossary near misses and splices for names with no partner.
        for &idx in &names {
            if best.contains_key(&idx) || already_flagged.contains(&self.forms[idx].folded) {
                continue;
            }
            if let Some(verdict) = self.near_miss(idx).or_else(|| self.splice(idx)) {
                best.insert(idx, verdict);
            }
        }
        let mut verdicts: Vec<Verdict> = best.into_values().collect();
        verdicts.sort_by_key(|v| v.occurrences.first().map(|r| r.start));
        verdicts
    }

    /// Judges two spellings; returns the variant's index and the verdict.
    fn judge_pair(&self, a: usize, b: usize) -> Option<(usize, Verdict)> {
        let (fa, fb) = (&self.forms[a], &self.forms[b]);
        if fa.folded == fb.folded {
            return self.diacritics_pair(a, b);
        }
        let short = fa.folded.chars().count().min(fb.folded.chars().count()) < MIN_NAME_CHARS;
        let glossary_a = self.glossary.words.contains_key(&fa.folded);
        let glossary_b = self.glossary.words.contains_key(&fb.folded);
        if short && !(glossary_a || glossary_b) {
            return None;
        }
        if self
            .glossary
            .distinct
            .contains(&ordered_pair(fa.folded.clone(), fb.folded.clone()))
            || self.gazetteer.known_distinct(&fa.folded, &fb.folded)
            || inflection(&fa.folded, &fb.folded)
        {
            return None;
        }
        let same_skeleton = skeleton(&fa.folded) == skeleton(&fb.folded);
        let distance = edit_distance(&fa.folded, &fb.folded);
        let typo = distance == 1 && typo_shaped(&fa.folded, &fb.folded);
        let shared_entity = self.gazetteer.shared_entity(&fa.folded, &fb.folded);
        if shared_entity.is_some()
            && (self.gazetteer.is_demonym(&fa.folded) || self.gazetteer.is_demonym(&fb.folded))
        {
            return None; // A place and its people: Spain and Spanish.
        }
        let (known_a, known_b) = (self.is_known(&fa.folded), self.is_known(&fb.folded));
        if known_a && known_b && shared_entity.is_none() && !(glossary_a || glossary_b) {
            return None; // Two real names: Johnson and Johnston.
        }
        let transliterated = looks_transliterated(&fa.folded) || looks_transliterated(&fb.folded);
        let kind = if shared_entity.is_some() || (same_skeleton && !typo && transliterated) {
            VerdictKind::Romanization
        } else if typo {
            VerdictKind::Variant
        } else {
            return None;
        };
        // A different first letter is a different name, unless the
        // difference is a romanisation ("Gaddafi" and "Qaddafi").
        if fa.folded.chars().next() != fb.folded.chars().next() && kind != VerdictKind::Romanization
        {
            return None;
        }
        // Which spelling is canonical: glossary, then gazetteer or common
        // name lists, then a clear majority.
        let (canonical, variant) = if glossary_a != glossary_b {
            if glossary_a {
                (a, b)
            } else {
                (b, a)
            }
        } else if let Some(id) = shared_entity {
            let name = fold(self.gazetteer.canonical_name(id));
            let in_name = |folded: &str| name.split_whitespace().any(|w| w == folded);
            match (in_name(&fa.folded), in_name(&fb.folded)) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                _ => self.majority(a, b)?,
            }
        } else if known_a != known_b {
            if known_a {
                (a, b)
            } else {
                (b, a)
            }
        } else {
            match self.majority(a, b) {
                Some(pair) => pair,
                None if kind == VerdictKind::Variant && self.tie_with_shared_neighbour(a, b) => {
                    // The later spelling is the odd one; no fix is offered.
                    let (first, second) = if self.forms[a].occurrences[0].start
                        < self.forms[b].occurrences[0].start
                    {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    let (canonical_form, variant_form) = (&self.forms[first], &self.forms[second]);
                    if self.lowercase.contains(&variant_form.folded)
                        || self.gazetteer.is_english_word(&variant_form.folded)
                    {
                        return None;
                    }
                    let mut verdict =
                        self.verdict(kind, Reason::Tie, variant_form, Some(canonical_form));
                    verdict.fix = false;
                    return Some((second, verdict));
                }
                None => return None,
            }
        };
        let (canonical_form, variant_form) = (&self.forms[canonical], &self.forms[variant]);
        // The odd form must not be an ordinary word somewhere in the text.
        if self.lowercase.contains(&variant_form.folded)
            || self.gazetteer.is_english_word(&variant_form.folded)
        {
            return None;
        }
        // Against a glossary spelling, the house style speaks.
        let (kind, reason) = if self.glossary.words.contains_key(&canonical_form.folded) {
            (VerdictKind::Glossary, Reason::NearMiss)
        } else if kind == VerdictKind::Romanization {
            (kind, Reason::Romanization)
        } else {
            (kind, Reason::Typo)
        };
        Some((
            variant,
            self.verdict(kind, reason, variant_form, Some(canonical_form)),
        ))
    }

    /// Same letters, different accents ("Zurbarán" and "Zurbaran"): a
    /// romanisation difference when one clearly dominates.
    fn diacritics_pair(&self, a: usize, b: usize) -> Option<(usize, Verdict)> {
        let (fa, fb) = (&self.forms[a], &self.forms[b]);
        if fa.surface.to_lowercase() == fb.surface.to_lowercase()
            || fa.folded.chars().count() < MIN_NAME_CHARS
        {
            return None; // A difference of case only is house style.
        }
        let (canonical, variant) = self.majority(a, b)?;
        let verdict = self.verdict(
            VerdictKind::Romanization,
            Reason::Romanization,
            &self.forms[variant],
            Some(&self.forms[canonical]),
        );
        Some((variant, verdict))
    }

    /// The more frequent of two forms and the other, when the first is used
    /// at least twice and more often than the other.
    fn majority(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let (ca, cb) = (self.forms[a].count(), self.forms[b].count());
        if ca > cb && ca >= 2 {
            Some((a, b))
        } else if cb > ca && cb >= 2 {
            Some((b, a))
        } else {
            None // A tie is not fixed without a glossary (SPEC §1.1).
        }
    }

    /// Whether two equally used spellings stand beside the same given name
    /// or title ("Ngozi Okonjo-Iwaela" and "Ngozi Okonjo-Iweala").
    fn tie_with_shared_neighbour(&self, a: usize, b: usize) -> bool {
        let (fa, fb) = (&self.forms[a], &self.forms[b]);
        fa.count() == fb.count() && fa.neighbours.iter().any(|n| fb.neighbours.contains(n))
    }

    fn verdict(
        &self,
        kind: VerdictKind,
        reason: Reason,
        variant: &Form,
        canonical: Option<&Form>,
    ) -> Verdict {
        Verdict {
            kind,
            reason,
            variant: variant.surface.clone(),
            canonical: canonical.map(|form| form.surface.clone()),
            canonical_count: canonical.map_or(0, Form::count),
            canonical_first: canonical.and_then(|form| form.occurrences.first().cloned()),
            occurrences: variant.occurrences.clone(),
            fix: canonical.is_some(),
        }
    }

    /// A form one typing slip away from a glossary name.
    fn near_miss(&self, idx: usize) -> Option<Verdict> {
        let form = &self.forms[idx];
        let chars = form.folded.chars().count();
        if chars < MIN_NAME_CHARS
            || self.is_known(&form.folded)
            || self.gazetteer.is_english_word(&form.folded)
        {
            return None;
        }
        if self.lowercase.contains(&form.folded) {
            return None;
        }
        let close = |candidate: &str| {
            candidate != form.folded
                && candidate.chars().next() == form.folded.chars().next()
                && edit_distance(candidate, &form.folded) == 1
                && typo_shaped(candidate, &form.folded)
                && !inflection(candidate, &form.folded)
                && !self
                    .glossary
                    .distinct
                    .contains(&ordered_pair(candidate.to_string(), form.folded.clone()))
        };
        let glossary: Vec<&String> = self
            .glossary
            .words
            .iter()
            .filter(|(folded, _)| close(folded))
            .map(|(_, s)| s)
            .collect();
        match glossary.as_slice() {
            [spelling] => Some(Verdict {
                kind: VerdictKind::Glossary,
                reason: Reason::NearMiss,
                variant: form.surface.clone(),
                canonical: Some((*spelling).clone()),
                canonical_count: 0,
                canonical_first: None,
                occurrences: form.occurrences.clone(),
                fix: true,
            }),
            _ => None,
        }
    }

    /// A known name typed into another: "Nigeriaweala" is "Nigeria" plus
    /// the end of "Okonjo-Iweala".
    fn splice(&self, idx: usize) -> Option<Verdict> {
        let form = &self.forms[idx];
        if form.count() > 2 || self.is_known(&form.folded) || form.folded.contains('-') {
            return None;
        }
        let chars: Vec<char> = form.folded.chars().collect();
        for split in 4..chars.len().saturating_sub(3) {
            let prefix: String = chars[..split].iter().collect();
            let suffix: String = chars[split..].iter().collect();
            let prefix_is_name = self.gazetteer.is_entity_word(&prefix)
                || self
                    .forms
                    .iter()
                    .any(|other| other.folded == prefix && other.mid_sentence > 0);
            if !prefix_is_name || split < MIN_NAME_CHARS || suffix.chars().count() < 4 {
                continue;
            }
            let host = self
                .forms
                .iter()
                .filter(|other| {
                    other.count() >= 2
                        && other.folded != form.folded
                        && other.folded.ends_with(&suffix)
                        && other.folded.chars().count() >= suffix.chars().count() + 3
                        // The host's own beginning must differ from the
                        // inserted name, or this is a plain variant.
                        && edit_distance(&other.folded[..other.folded.len() - suffix.len()], &prefix) >= 3
                })
                .max_by_key(|other| other.count());
            if let Some(host) = host {
                let inserted = form.surface.chars().take(split).collect();
                return Some(self.verdict(
                    VerdictKind::Variant,
                    Reason::Splice { inserted },
                    form,
                    Some(host),
                ));
            }
        }
        None
    }
}

/// Whether the word at `start` of `text` is a name mention, and if so its
/// range (relative to `text`) without a possessive ending.
fn mention(text: &str, start: usize, word: &str) -> Option<Mention> {
    let mut name = word;
    for possessive in ["'s", "’s"] {
        if let Some(stripped) = name.strip_suffix(possessive) {
            name = stripped;
        }
    }
    let first = name.chars().next()?;
    let capitalised = first.is_uppercase()
        || PARTICLE_PREFIXES.iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(char::is_uppercase))
        });
    // Acronyms and all-caps words are not names for this purpose.
    let has_lower = name.chars().skip(1).any(char::is_lowercase);
    if !capitalised || !has_lower {
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

#[cfg(test)]
mod tests;

/// The findings of one verdict: one per use of the variant, each with the
/// fixes "replace with the canonical form" and, when the variant is used
/// more than once, "replace every use".
pub fn report(verdict: &Verdict, rule: super::RuleId, acc: &mut Vec<super::Finding>) {
    use super::{Finding, Fix, Related, Severity, TextEdit};
    let message = message(verdict);
    for range in &verdict.occurrences {
        let mut fixes = Vec::new();
        if let Some(canonical) = verdict.canonical.as_ref().filter(|_| verdict.fix) {
            fixes.push(Fix::replace(
                format!("Replace with \"{canonical}\""),
                range.clone(),
                canonical.clone(),
            ));
            if verdict.occurrences.len() > 1 {
                fixes.push(Fix {
                    title: format!("Replace every \"{}\" with \"{canonical}\"", verdict.variant),
                    edits: verdict
                        .occurrences
                        .iter()
                        .map(|r| TextEdit {
                            range: r.clone(),
                            replacement: canonical.clone(),
                        })
                        .collect(),
                });
            }
        }
        let related = verdict
            .canonical_first
            .iter()
            .zip(&verdict.canonical)
            .map(|(first, canonical)| Related {
                range: first.clone(),
                message: format!("\"{canonical}\" is first used here"),
            })
            .collect();
        acc.push(Finding {
            rule,
            range: range.clone(),
            message: message.clone(),
            severity: Severity::Warning,
            fixes,
            related,
            names: std::iter::once(verdict.variant.clone())
                .chain(verdict.canonical.clone())
                .collect(),
        });
    }
}

fn times(count: usize) -> String {
    match count {
        1 => "used once".to_string(),
        n => format!("used {n} times"),
    }
}

fn message(verdict: &Verdict) -> String {
    let variant = &verdict.variant;
    let canonical = verdict.canonical.as_deref().unwrap_or("");
    match &verdict.reason {
        Reason::Typo => format!(
            "\"{variant}\" looks like a misspelling of \"{canonical}\" ({})",
            times(verdict.canonical_count)
        ),
        Reason::Splice { inserted } => format!(
            "\"{variant}\" looks like \"{canonical}\" with \"{inserted}\" typed into it ({})",
            times(verdict.canonical_count)
        ),
        Reason::Tie => format!(
            "\"{variant}\" and \"{canonical}\" look like one name spelled two ways, each {}",
            times(verdict.canonical_count)
        ),
        Reason::Romanization => format!(
            "\"{variant}\" and \"{canonical}\" spell one name two ways; \"{canonical}\" is {}",
            times(verdict.canonical_count)
        ),
        Reason::GlossaryVariant => {
            format!("\"{variant}\" is a spelling the glossary rejects; use \"{canonical}\"")
        }
        Reason::NearMiss => {
            format!("\"{variant}\" looks like a misspelling of the glossary name \"{canonical}\"")
        }
    }
}
