//! How two folded spellings differ, letter by letter: romanisation
//! skeletons, edit distance, the shapes of typing slips, inflections and
//! demonyms.
//!
//! These are the string tests the judgement ([`super::judge`]) asks of a
//! pair; they know letters and endings, not which names exist or how
//! often a text uses them. Every argument is a folded word
//! ([`crate::analysis::fold::fold`]).

/// A romanisation skeleton of a folded name: the spellings that
/// transliteration systems disagree on are written one way ("Gaddafi",
/// "Qaddafi", "Kadhafi" all give "kadafi"; "Zelenskyy", "Zelenskiy" and
/// "Zelensky" give "zelenski").
pub(super) fn skeleton(folded: &str) -> String {
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

pub(super) fn looks_transliterated(folded: &str) -> bool {
    TRANSLITERATION_MARKERS
        .iter()
        .any(|marker| folded.contains(marker))
}

/// Optimal string alignment distance over chars.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
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
pub(super) fn typo_shaped(a: &str, b: &str) -> bool {
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
pub(super) fn inflection(a: &str, b: &str) -> bool {
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

/// Whether two words differ only in their final vowel.
pub(super) fn final_vowel_swap(a: &str, b: &str) -> bool {
    let (mut a_chars, mut b_chars) = (a.chars(), b.chars());
    match (a_chars.next_back(), b_chars.next_back()) {
        (Some(x), Some(y)) => {
            x != y && is_vowel(x) && is_vowel(y) && a_chars.as_str() == b_chars.as_str()
        }
        _ => false,
    }
}
