//! The built-in knowledge of names: a gazetteer of countries, demonyms,
//! cities, regions, people and organisations; known-distinct look-alike
//! pairs; common given names and surnames; and English words.
//!
//! The data files in `data/` are compiled into the binary and parsed on
//! first use, so start-up costs nothing until a name is checked. Sources
//! and licences: `data/LICENSES.md`.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use super::fold::{fold, fold_hash};
use super::hash::{bytes_hash, HashedSet};
use super::lexicon::WordHasher;

const GAZETTEER: &str = include_str!("../../data/gazetteer.tsv");
const WORDS: &str = include_str!("../../data/words.txt");
const GIVEN_NAMES: &str = include_str!("../../data/first_names.txt");
const SURNAMES: &str = include_str!("../../data/surnames.txt");
const PLACES: &str = include_str!("../../data/places.txt");
const WORLD_NAMES: &str = include_str!("../../data/world_names.txt");
const WORLD_GIVEN_NAMES: &str = include_str!("../../data/world_given_names.txt");

/// An entity of the gazetteer, by index.
pub type EntityId = u32;

pub struct Gazetteer {
    /// Folded single words of every name, alias and demonym, with the
    /// entities they belong to.
    words_to_entities: HashMap<String, Vec<EntityId>, Fnv>,
    /// The canonical name of each entity.
    canonical: Vec<String>,
    /// Folded words that are demonyms or adjectives of a place.
    demonyms: HashSet<String, Fnv>,
    /// Folded pairs known to be different names, smaller first.
    distinct: HashSet<(String, String), Fnv>,
    /// Common given names, surnames and populated places, folded and
    /// without punctuation ("O'Neill" is "oneill"): real names, used only
    /// to know that two names are both real.
    known_names: SortedHashes,
    /// Common given names (US Census and many countries') that are not
    /// also place names in the gazetteer, by `fold_hash`.
    given_names: SortedHashes,
    /// Lowercase English words, by [`bytes_hash`]: 8 bytes a word rather
    /// than a 16-byte string reference, for a list of 100,000.
    english: HashedSet,
}

/// A set of 64-bit hashes as a sorted slice: 8 bytes an entry, where a
/// hash set of 150,000 names took 16 with its spare room. Looked up by
/// binary search, which the name judgement, not every word, pays.
#[derive(Default)]
struct SortedHashes(Box<[u64]>);

impl SortedHashes {
    fn contains(&self, hash: u64) -> bool {
        self.0.binary_search(&hash).is_ok()
    }
}

impl FromIterator<u64> for SortedHashes {
    fn from_iter<I: IntoIterator<Item = u64>>(hashes: I) -> SortedHashes {
        let mut hashes: Vec<u64> = hashes.into_iter().collect();
        hashes.sort_unstable();
        hashes.dedup();
        SortedHashes(hashes.into_boxed_slice())
    }
}

/// The FNV hasher for the gazetteer's string sets.
type Fnv = BuildHasherDefault<WordHasher>;

pub static GAZETTEER_DATA: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

impl Gazetteer {
    fn load() -> Gazetteer {
        let mut gazetteer = Gazetteer {
            words_to_entities: HashMap::default(),
            canonical: Vec::new(),
            demonyms: HashSet::default(),
            distinct: HashSet::default(),
            known_names: SortedHashes::default(),
            english: HashedSet::with_capacity_and_hasher(WORDS.lines().count(), Default::default()),
            given_names: SortedHashes::default(),
        };
        // Single-word place names, which are not given names here.
        let mut places = HashedSet::default();
        gazetteer.english.extend(
            WORDS
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(bytes_hash),
        );
        // Demonym rows name a country that has its own row: they join it.
        let mut by_name: HashMap<String, EntityId, Fnv> = HashMap::default();
        for line in GAZETTEER.lines().skip(1) {
            let mut columns = line.split('\t');
            let (Some(kind), Some(name)) = (columns.next(), columns.next()) else {
                continue;
            };
            let extra: Vec<&str> = columns
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|s| !s.is_empty())
                .collect();
            if kind == "distinct" {
                for other in extra {
                    gazetteer.distinct.insert(ordered(fold(name), fold(other)));
                }
                continue;
            }
            let id = match by_name.get(&fold(name)) {
                Some(id) if kind == "demonym" => *id,
                _ => {
                    let id = gazetteer.canonical.len() as EntityId;
                    gazetteer.canonical.push(name.to_string());
                    by_name.insert(fold(name), id);
                    id
                }
            };
            if kind == "demonym" {
                gazetteer
                    .demonyms
                    .extend(extra.iter().flat_map(|form| name_words(form)).map(fold));
            }
            let place = matches!(kind, "country" | "region" | "city" | "demonym");
            for form in std::iter::once(name).chain(extra) {
                // "America" and "Georgia" are given names too, but here
                // they are places ("Paul" in "Saint Paul" stays a name).
                if place && name_words(form).nth(1).is_none() {
                    places.insert(fold_hash(form.trim()));
                }
                for word in name_words(form) {
                    let ids = gazetteer.words_to_entities.entry(fold(word)).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        gazetteer.given_names = GIVEN_NAMES
            .lines()
            .chain(WORLD_GIVEN_NAMES.lines())
            .map(|name| fold_hash(name.trim()))
            .filter(|hash| !places.contains(hash))
            .collect();
        gazetteer.known_names = [GIVEN_NAMES, SURNAMES, PLACES, WORLD_NAMES]
            .into_iter()
            .flat_map(str::lines)
            .flat_map(|name| {
                // Multi-word places also make their distinctive words known.
                let words = name_words(name)
                    .filter(|word| word.len() >= 5 && word.chars().nth(4).is_some());
                std::iter::once(name.trim()).chain(words).map(plain_hash)
            })
            .collect();
        gazetteer
    }

    /// Whether a folded word is part of a known name of any kind.
    pub fn is_known(&self, folded: &str) -> bool {
        self.words_to_entities.contains_key(folded) || self.known_names.contains(plain_hash(folded))
    }

    /// Whether a word, by its `fold_hash`, is a common given name and not
    /// a place.
    pub fn is_given_name(&self, hash: u64) -> bool {
        self.given_names.contains(hash)
    }

    /// Whether a folded word belongs to a gazetteer entity (not only to the
    /// lists of common given names, surnames and places).
    pub fn is_entity_word(&self, folded: &str) -> bool {
        self.words_to_entities.contains_key(folded)
    }

    /// The entity two folded words share, if they are two spellings of one
    /// gazetteer name ("Zelensky" and "Zelenskyy").
    pub fn shared_entity(&self, a: &str, b: &str) -> Option<EntityId> {
        let a_ids = self.words_to_entities.get(a)?;
        let b_ids = self.words_to_entities.get(b)?;
        a_ids.iter().find(|id| b_ids.contains(id)).copied()
    }

    /// Whether a folded word is a demonym or adjective ("Spanish").
    pub fn is_demonym(&self, folded: &str) -> bool {
        self.demonyms.contains(folded)
    }

    pub fn canonical_name(&self, id: EntityId) -> &str {
        &self.canonical[id as usize]
    }

    /// Whether two folded names are listed as distinct look-alikes.
    pub fn known_distinct(&self, a: &str, b: &str) -> bool {
        self.distinct
            .contains(&ordered(a.to_string(), b.to_string()))
    }

    /// Whether a lowercase word is an ordinary English word.
    pub fn is_english_word(&self, lowercase: &str) -> bool {
        self.english.contains(&bytes_hash(lowercase))
    }
}

/// The hash of a name folded and without apostrophes, hyphens, spaces or
/// full stops: the form the name lists are compared in.
fn plain_hash(name: &str) -> u64 {
    let punctuation = |c: char| matches!(c, '\'' | '’' | '-' | ' ' | '.');
    if !name.contains(punctuation) {
        return fold_hash(name); // Most names: no copy needed.
    }
    fold_hash(
        &name
            .chars()
            .filter(|c| !punctuation(*c))
            .collect::<String>(),
    )
}

fn ordered(a: String, b: String) -> (String, String) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// The capitalised words of a name, split at spaces, with hyphenated
/// compounds kept whole ("Okonjo-Iweala") and their parts added.
pub fn name_words(name: &str) -> impl Iterator<Item = &str> {
    name.split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| {
            word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 3
        })
}
