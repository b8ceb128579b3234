//! The project glossary (`[entities]` in `copydesk.toml`), folded for the
//! judgement's lookups: canonical spellings word by word, names never to
//! flag, and pairs never to merge.

use std::collections::{HashMap, HashSet};

use crate::analysis::fold::fold;
use crate::analysis::gazetteer::name_words;
use crate::analysis::EntitySettings;

/// The project glossary, folded for lookups.
#[derive(Debug, Default)]
pub(super) struct Glossary {
    /// Folded glossary words and their spelling.
    pub(super) words: HashMap<String, String>,
    /// Folded names or words never to flag.
    pub(super) ignore: HashSet<String>,
    /// Folded pairs never to merge.
    distinct: HashSet<(String, String)>,
}

impl Glossary {
    pub(super) fn new(settings: &EntitySettings) -> Glossary {
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

    /// Whether the glossary marks two folded spellings as distinct names.
    pub(super) fn are_distinct(&self, a: &str, b: &str) -> bool {
        self.distinct
            .contains(&ordered_pair(a.to_string(), b.to_string()))
    }
}

fn ordered_pair(a: String, b: String) -> (String, String) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}
