//! Folding: the form names are compared by, lowercase and without
//! diacritics, and its hash.
//!
//! "Zurbarán" and "ZURBARAN" fold to "zurbaran", and so does "Zurbarán"
//! written with its accent as a separate combining character. The names
//! and the gazetteer both fold, so that a name in the text meets its entry
//! in the built-in lists; [`fold_hash`] gives the same key without
//! building the folded string, for the lists kept as hashes. Plain string
//! work: no knowledge of names here.

use super::hash::{fnv, FNV_OFFSET, FNV_PRIME};

/// Lowercase with diacritics removed, precomposed ("ö") or decomposed ("o"
/// and U+0308): the key names are compared by.
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
    if is_mark(ch) {
        return Some(""); // An accent written as its own char (decomposed).
    }
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

/// A combining mark that is not itself alphabetic (accents written as
/// separate characters); the vowel signs of Indic scripts are alphabetic.
pub(crate) fn is_mark(ch: char) -> bool {
    matches!(ch, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// A 64-bit FNV-1a hash of a word's folded form, computed without
/// building the folded string: `fold_hash(w) == fold_hash(&fold(w))`.
pub(crate) fn fold_hash(word: &str) -> u64 {
    if word.is_ascii() {
        // The common case, byte by byte, without Unicode case tables.
        return word.bytes().fold(FNV_OFFSET, |hash, byte| {
            (hash ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(FNV_PRIME)
        });
    }
    let mut hash = FNV_OFFSET;
    let mut feed = |text: &str| hash = fnv(hash, text.as_bytes());
    let mut buffer = [0u8; 4];
    for ch in word.chars() {
        if ch.is_ascii() {
            feed(ch.to_ascii_lowercase().encode_utf8(&mut buffer));
            continue;
        }
        for lower in ch.to_lowercase() {
            match strip_diacritic(lower) {
                Some(plain) => feed(plain),
                None => feed(lower.encode_utf8(&mut buffer)),
            }
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_lowercases_and_strips_accents() {
        assert_eq!(fold("Zurbarán"), "zurbaran");
        assert_eq!(fold("Øresund Straße"), "oresund strasse");
        assert_eq!(fold("Okonjo-Iweala’s"), "okonjo-iweala's");
    }

    #[test]
    fn decomposed_accents_fold_like_precomposed_ones() {
        assert_eq!(fold("Geisendo\u{308}rfer"), fold("Geisendörfer"));
        assert_eq!(fold_hash("Geisendo\u{308}rfer"), fold_hash("Geisendörfer"));
    }

    #[test]
    fn fold_hash_hashes_the_folded_form() {
        for word in ["Zurbarán", "ZURBARAN", "Okonjo-Iweala’s", "Straße", "東京"] {
            assert_eq!(fold_hash(word), fold_hash(&fold(word)), "{word}");
        }
        assert_ne!(fold_hash("austria"), fold_hash("australia"));
    }
}
