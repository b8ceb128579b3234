//! Word lists shared by the rules: hedges, attribution, abbreviations.
//!
//! Written by the copydesk authors for this project (MIT OR Apache-2.0).

use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use super::hash::{fnv, FNV_OFFSET};
use crate::contain::lock;

/// A fixed list of lowercase words with a hashed membership test, for the
/// lists a rule consults on every word. Derefs to the list itself.
pub struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<(
        LengthFilter,
        HashSet<&'static str, BuildHasherDefault<WordHasher>>,
    )>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        let (filter, set) = self.set.get_or_init(|| {
            let words = self.words.iter().copied();
            (LengthFilter::new(words.clone()), words.collect())
        });
        filter.may_contain(word) && set.contains(word)
    }
}

/// Which lengths the words of a list have, by first byte: most words of a
/// text are ruled out by one table lookup, before they are hashed.
pub struct LengthFilter([u64; 256]);

impl LengthFilter {
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> LengthFilter {
        let mut lengths = [0u64; 256];
        for word in words {
            if let Some(&first) = word.as_bytes().first() {
                lengths[usize::from(first)] |= 1 << word.len().min(63);
            }
        }
        LengthFilter(lengths)
    }

    /// False when no word of the list starts with this byte and has this
    /// length (words of 63 bytes or more count as one length).
    pub fn may_contain(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&first| self.0[usize::from(first)] >> word.len().min(63) & 1 != 0)
    }
}

impl std::ops::Deref for WordSet {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        self.words
    }
}

/// FNV-1a over the bytes of a short word.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let hash = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        self.0 = fnv(hash, bytes);
    }
}

/// Words and phrases that hedge a sentence: it is then not a flat claim.
pub const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "would",
    "likely",
    "unlikely",
    "possibly",
    "possible",
    "perhaps",
    "probably",
    "presumably",
    "apparently",
    "seemingly",
    "appear",
    "appears",
    "appeared",
    "seem",
    "seems",
    "seemed",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "in part",
    "partly",
    "partially",
    "arguably",
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "maybe",
    "can",
    "hopefully",
    "it is possible that",
    "potentially",
    "conceivably",
    "plausibly",
    "tend to",
    "tends to",
    "tended to",
    "i think",
    "i believe",
    "we believe",
    "in my view",
    "in my opinion",
    "to some extent",
    "if",
    "unless",
    "whether",
];

/// Verbs and phrases that attribute a sentence to a source.
pub const ATTRIBUTION: &[&str] = &[
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tells",
    "according to",
    "reported",
    "wrote",
    "writes",
    "argued",
    "argues",
    "claimed",
    "stated",
    "added",
    "noted",
    "explained",
    "insisted",
    "estimated",
    "announced",
    "confirmed",
    "testified",
    "concluded",
    "found",
    "showed",
    "shows",
    "cited",
    "quoted",
    "described",
    "called",
    "believes",
    "believed",
    "thinks",
    "warned",
    "acknowledged",
    "admitted",
    "denied",
    "alleged",
    "predicted",
    "observed",
    "recalled",
    "asserted",
    "maintained",
    "contended",
    "countered",
    "responded",
    "replied",
    "tweeted",
    "tell",
    "recommends",
    "recommended",
    "reports",
    "notes",
    "adds",
    "explains",
    "claims",
    "insists",
    "warns",
    "predicts",
    "states",
    "estimates",
    "revealed",
    "reveals",
    "disclosed",
    "stressed",
    "indicated",
    "indicates",
    "showed",
    "shown",
    "posted",
    "in an interview",
    "a study by",
    "data from",
    "figures from",
    "a report by",
    "research by",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "sources",
    "study",
    "survey",
    "poll",
    "census",
];

/// Words that end in a full stop without ending a sentence.
pub static ABBREVIATIONS: WordSet = WordSet::new(&[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "cpl", "maj", "adm", "cmdr", "pres", "supt", "insp", "rev", "hon", "fr", "mt",
    "ft", "inc", "ltd", "co", "corp", "bros", "vs", "etc", "e.g", "i.e", "cf", "al", "approx",
    "dept", "est", "fig", "figs", "eq", "vol", "ch", "sec", "pp", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "mme", "mlle",
    "messrs",
]);

/// A case-insensitive regex that matches any of `phrases` as whole words;
/// spaces in a phrase match any run of white space.
/// [`word_regex`] for a list from the configuration, compiled once per
/// list and shared: the rules run per chunk, and compiling the list for
/// each chunk made a check with custom lists four times slower.
pub fn configured_word_regex(phrases: &[String]) -> Arc<Regex> {
    static COMPILED: LazyLock<Mutex<HashMap<Vec<String>, Arc<Regex>>>> =
        LazyLock::new(Mutex::default);
    let mut compiled = lock(&COMPILED);
    if let Some(regex) = compiled.get(phrases) {
        return Arc::clone(regex);
    }
    let regex = Arc::new(word_regex(phrases.iter().map(String::as_str)));
    // Lists change only when the configuration does: keep the cache small.
    if compiled.len() >= 16 {
        compiled.clear();
    }
    compiled.insert(phrases.to_vec(), Arc::clone(&regex));
    regex
}

pub fn word_regex<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Regex {
    let mut alternatives: Vec<String> = phrases
        .into_iter()
        .map(|phrase| {
            phrase
                .split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .filter(|alternative| !alternative.is_empty())
        .collect();
    // Longest first, so "according to" wins over a shorter prefix.
    alternatives.sort_by_key(|alternative| std::cmp::Reverse(alternative.len()));
    if alternatives.is_empty() {
        alternatives.push("[^\\s\\S]".to_string());
    }
    // ASCII word boundaries let the regex run on its fast DFA; the phrases
    // are English words, so a letter like "é" next to one is no concern.
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:{})(?-u:\b)",
        alternatives.join("|")
    ))
    .expect("escaped phrases form a valid regex")
}

/// Strongly evaluative adjectives: predicated of a subject in the writer's
/// own voice ("the plan was reckless") they state an opinion as fact.
/// Written for copydesk from scratch (MIT OR Apache-2.0), not taken from a
/// subjectivity lexicon. Mild or descriptive words ("good", "bad", "big",
/// "difficult", "important") are left out on purpose: they are too common
/// in neutral prose to flag without noise.
pub static EVALUATIVE_ADJECTIVES: WordSet = WordSet::new(&[
    "abhorrent",
    "absurd",
    "abysmal",
    "admirable",
    "amateurish",
    "appalling",
    "asinine",
    "atrocious",
    "awful",
    "baffling",
    "bizarre",
    "blundering",
    "botched",
    "brilliant",
    "callous",
    "catastrophic",
    "chaotic",
    "clueless",
    "clumsy",
    "contemptible",
    "corrupt",
    "cowardly",
    "cynical",
    "deceitful",
    "deplorable",
    "despicable",
    "dire",
    "disastrous",
    "disgraceful",
    "disgusting",
    "dishonest",
    "dismal",
    "dreadful",
    "dumb",
    "egregious",
    "embarrassing",
    "excellent",
    "exemplary",
    "fantastic",
    "farcical",
    "feckless",
    "foolish",
    "foolhardy",
    "futile",
    "half-baked",
    "hapless",
    "heinous",
    "heroic",
    "hideous",
    "horrendous",
    "horrible",
    "horrific",
    "hypocritical",
    "idiotic",
    "ill-advised",
    "ill-conceived",
    "ill-judged",
    "incompetent",
    "indefensible",
    "inept",
    "inexcusable",
    "insane",
    "irresponsible",
    "lackluster",
    "lacklustre",
    "lamentable",
    "laughable",
    "lazy",
    "ludicrous",
    "magnificent",
    "marvellous",
    "marvelous",
    "masterful",
    "mediocre",
    "misguided",
    "monstrous",
    "naive",
    "naïve",
    "nonsensical",
    "obscene",
    "odious",
    "outrageous",
    "pathetic",
    "pitiful",
    "pointless",
    "preposterous",
    "reckless",
    "reprehensible",
    "ridiculous",
    "scandalous",
    "senseless",
    "shabby",
    "shambolic",
    "shameful",
    "shameless",
    "shoddy",
    "shortsighted",
    "short-sighted",
    "silly",
    "sloppy",
    "spectacular",
    "splendid",
    "stupid",
    "superb",
    "terrible",
    "thoughtless",
    "unacceptable",
    "unconscionable",
    "unforgivable",
    "unjustifiable",
    "unprofessional",
    "untrustworthy",
    "useless",
    "vile",
    "wasteful",
    "woeful",
    "wonderful",
    "worthless",
    "wrongheaded",
    "wrong-headed",
]);

/// Evaluative nouns: "her tenure has been a disaster".
pub static EVALUATIVE_NOUNS: WordSet = WordSet::new(&[
    "abomination",
    "blunder",
    "catastrophe",
    "debacle",
    "disaster",
    "disgrace",
    "embarrassment",
    "farce",
    "fiasco",
    "folly",
    "joke",
    "masterpiece",
    "mess",
    "nightmare",
    "outrage",
    "sham",
    "shambles",
    "travesty",
    "triumph",
    "waste",
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_filter_passes_every_listed_word_and_rules_out_others() {
        let words = ["mr", "e.g", "messrs", "", "ça", "x".repeat(70).leak()];
        let filter = LengthFilter::new(words);
        for word in words.iter().filter(|w| !w.is_empty()) {
            assert!(filter.may_contain(word), "{word}");
        }
        // Another length, another first byte, the empty word.
        for word in ["mrs", "m", "f.g", "messr", "", "ç"] {
            assert!(!filter.may_contain(word), "{word}");
        }
        // Long words share one length class.
        assert!(filter.may_contain(&"x".repeat(64)));
        let set = WordSet::new(&["mr", "dr", "etc"]);
        assert!(set.contains("dr") && set.contains("etc"));
        assert!(!set.contains("drs") && !set.contains("et") && !set.contains(""));
    }
}
