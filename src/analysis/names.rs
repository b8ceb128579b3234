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

use std::ops::Range;

pub(crate) use super::fold::fold;
use super::fold::is_mark;

pub(crate) mod state;

pub use state::{ChunkNames, NameState};

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

/// Whether two keys touch on a QWERTY keyboard. Each row sits half a key
/// to the right of the one above, so a key touches the key with the same
/// index and the one before it in the row below ("g" touches "v" and "b",
/// not "n").
fn keyboard_neighbours(a: char, b: char) -> bool {
    let find = |c: char| {
        QWERTY
            .iter()
            .enumerate()
            .find_map(|(row, keys)| keys.find(c).map(|col| (row as i32, col as i32)))
    };
    let (Some((ra, ca)), Some((rb, cb))) = (find(a), find(b)) else {
        return false;
    };
    let ((upper, cu), (lower, cl)) = if ra <= rb {
        ((ra, ca), (rb, cb))
    } else {
        ((rb, cb), (ra, ca))
    };
    match lower - upper {
        0 => (cu - cl).abs() == 1,
        1 => cl == cu || cl == cu - 1,
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

/// The words of `text`: a letter, then letters and combining marks, with
/// apostrophes and hyphens inside ("Okonjo-Iweala's", "O'Brien"). The same
/// as the regex `\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*`, by hand,
/// because it runs over every word of every document.
pub(crate) fn word_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut idx = 0;
    std::iter::from_fn(move || {
        let start =
            super::take_char_where(text, &mut idx, u8::is_ascii_alphabetic, char::is_alphabetic)?;
        while let Some(&byte) = bytes.get(idx) {
            if byte.is_ascii_alphabetic() {
                idx += 1;
                continue;
            }
            let (ch, len) = super::char_at(text, idx);
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

#[cfg(test)]
mod tests;

/// The most uses of one variant for which each finding offers "replace
/// every use". The list is shared in memory, but every finding written
/// out (JSON, SARIF) carries it whole, so n uses cost n² edits: a variant
/// used 55,000 times made `--format json` run for ever (issue #12). Past
/// this, each use still has its own fix, and the editor's "fix all" of
/// the rule replaces them all.
pub const MAX_EVERY_USE: usize = 50;

/// The findings of one verdict: one per use of the variant, each with the
/// fixes "replace with the canonical form" and, when the variant is used
/// more than once (and at most [`MAX_EVERY_USE`] times), "replace every
/// use".
pub fn report(verdict: &Verdict, rule: super::RuleId, acc: &mut Vec<super::Finding>) {
    use super::{Finding, Fix, Related, Severity, TextEdit};
    let message = message(verdict);
    // One list of edits for every use, shared by the uses' findings: a
    // name misspelt a thousand times would otherwise copy it a thousand
    // times on each keystroke.
    let every: Option<std::sync::Arc<[TextEdit]>> = verdict
        .canonical
        .as_ref()
        .filter(|_| verdict.fix && (2..=MAX_EVERY_USE).contains(&verdict.occurrences.len()))
        .map(|canonical| {
            verdict
                .occurrences
                .iter()
                .map(|r| TextEdit {
                    range: r.clone(),
                    replacement: canonical.clone(),
                })
                .collect()
        });
    for range in &verdict.occurrences {
        let mut fixes = Vec::new();
        if let Some(canonical) = verdict.canonical.as_ref().filter(|_| verdict.fix) {
            fixes.push(Fix::replace(
                format!("Replace with \"{canonical}\""),
                range.clone(),
                canonical.clone(),
            ));
            if let Some(every) = &every {
                fixes.push(Fix {
                    title: format!("Replace every \"{}\" with \"{canonical}\"", verdict.variant),
                    edits: std::sync::Arc::clone(every),
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

fn times(count: usize, documents: usize) -> String {
    let uses = match count {
        1 => "used once".to_string(),
        n => format!("used {n} times"),
    };
    if documents > 1 {
        format!("{uses} in {documents} files")
    } else {
        uses
    }
}

fn message(verdict: &Verdict) -> String {
    let variant = &verdict.variant;
    let canonical = verdict.canonical.as_deref().unwrap_or("");
    match &verdict.reason {
        Reason::Typo => format!(
            "\"{variant}\" looks like a misspelling of \"{canonical}\" ({})",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::Splice { inserted } => format!(
            "\"{variant}\" looks like \"{canonical}\" with \"{inserted}\" typed into it ({})",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::Tie => format!(
            "\"{variant}\" and \"{canonical}\" look like one name spelled two ways, each {}",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::Romanization => format!(
            "\"{variant}\" and \"{canonical}\" spell one name two ways; \"{canonical}\" is {}",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::GlossaryVariant => {
            format!("\"{variant}\" is a spelling the glossary rejects; use \"{canonical}\"")
        }
        Reason::NearMiss => {
            format!("\"{variant}\" looks like a misspelling of the glossary name \"{canonical}\"")
        }
    }
}
