//! The judgement behind the `entity.*` rules: whether two spellings are
//! one entity written two ways, which of them is the odd one, and what
//! kind of verdict that is.
//!
//! The decision, in the order it is taken:
//!
//! 1. Only names are judged ([`NameState::is_name`]): a glossary name is
//!    one and an ignored one is not; a gazetteer word is a name unless it
//!    is also an English word; any other word is not a name when the text
//!    writes it in lower case somewhere, and an English word is a name
//!    only when capitalised in mid-sentence ("the Honda Civic").
//! 2. A spelling is weighed against its look-alike partners
//!    ([`NameState::judge`]): the names that share a key with it (edit
//!    distance 1, or one romanisation skeleton; see
//!    [`super::state::keys`]). Glossary-rejected variants are left to the
//!    glossary's own verdicts.
//! 3. Each pair ([`NameState::judge_pair`]) is first vetoed. Two
//!    spellings with the same letters but other accents are a
//!    romanisation only by a clear majority. Otherwise the pair is left
//!    alone when either is shorter than five letters without glossary
//!    backing, when the glossary or the gazetteer knows them as distinct,
//!    when one inflects the other (Russia/Russian, Ivanov/Ivanova), when
//!    they are a place and its people (Spain/Spanish), when they are two
//!    people (written beside different names), or when both are real
//!    names of different entities (Johnson/Johnston).
//! 4. What is left must look like one of two mistakes: a romanisation
//!    (one gazetteer entity, or one skeleton in a transliterated name,
//!    `entity.romanization`) or a typing slip (one edit of the shape a
//!    slip takes, `entity.variant`). A slip keeps the first letter; the
//!    odd form must not be an ordinary word in the text, nor two words
//!    run together where the other is not (Eurostar beside Eurostat).
//! 5. Then the evidence says which spelling is the odd one: the
//!    glossary's spelling; else the gazetteer entity's canonical name;
//!    else a known name over an unknown one (unless the writer uses the
//!    unknown one more); never a final vowel alone (Roberto/Roberta);
//!    else a clear majority ([`NameState::majority`]). A tie beside a
//!    shared given name is flagged without a fix. Across files only a
//!    broad use is a yardstick.
//! 6. Of all partners the verdict with the most used canonical spelling
//!    wins (then the first alphabetically). With none, the spelling may
//!    still be one slip from a single glossary name
//!    ([`NameState::near_miss`], `entity.glossary`) or a known name typed
//!    into another ([`NameState::splice`]).
//!
//! The string tests (skeletons, typo shapes, inflections) are in
//! [`super::spelling`]; the counts they are weighed with are kept by
//! [`super::state`]. Judging reads the state and never changes it.

use super::collect::short_hash;
use super::spelling::{
    edit_distance, final_vowel_swap, inflection, looks_transliterated, skeleton, typo_shaped,
};
use super::state::{keys, tail_key, Form, Judgement, NameState, MAX_KEY_PARTNERS};
use super::{Reason, VerdictKind};
use crate::analysis::fold::{fold, fold_hash, is_mark};

/// Names shorter than this (in chars) are flagged only with glossary
/// backing (SPEC §1.1).
const MIN_NAME_CHARS: usize = 5;

impl NameState {
    /// Whether a form is a name rather than a capitalised ordinary word.
    pub(super) fn is_name(&self, surface: &str, form: &Form) -> bool {
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

    /// The judgement on one spelling as the variant: the best look-alike
    /// verdict against any partner, else a glossary near miss or a splice.
    pub(super) fn judge(&self, surface: &str) -> Option<Judgement> {
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

    fn count(&self, surface: &str) -> usize {
        self.forms.get(surface).map_or(0, Form::count)
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
        if self.glossary.are_distinct(&fv.folded, &fo.folded)
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
                && !self.glossary.are_distinct(candidate, &form.folded)
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
}
