//! Unit tests of the names' string tests, look-alike keys, word finding
//! and reporting; the fixtures test the judgement as a whole.

use super::collect::word_ranges;
use super::spelling::{inflection, skeleton, typo_shaped};
use super::state::keys;
use super::MAX_EVERY_USE;

#[test]
fn skeletons_merge_romanisations() {
    assert_eq!(skeleton("gaddafi"), skeleton("qaddafi"));
    assert_eq!(skeleton("gaddafi"), skeleton("kadhafi"));
    assert_eq!(skeleton("zelensky"), skeleton("zelenskyy"));
    assert_eq!(skeleton("zelenskiy"), skeleton("zelensky"));
    assert_eq!(skeleton("khodorkovsky"), skeleton("hodorkovsky"));
    assert_eq!(skeleton("yezhov"), skeleton("yejov"));
    assert_eq!(skeleton("gorbachyev"), skeleton("gorbachev"));
    assert_ne!(skeleton("austria"), skeleton("australia"));
}

#[test]
fn typing_slips() {
    assert!(typo_shaped("netherlands", "nethelrands")); // swap
    assert!(typo_shaped("soviet", "sovet")); // drop
    assert!(typo_shaped("chomsky", "choomsky")); // double
    assert!(typo_shaped("mecca", "micca")); // vowel
    assert!(typo_shaped("gorbachev", "gotbachev")); // neighbouring key
    assert!(!typo_shaped("tokayev", "tokarev")); // y and r are two keys apart
    assert!(!typo_shaped("karlsson", "carlsson"));
    // "g" sits above "v" and "b"; "n" is down and to the right of "h".
    assert!(typo_shaped("langer", "lanver"));
    assert!(typo_shaped("langer", "lanber"));
    assert!(!typo_shaped("langer", "lanner"));
    assert!(typo_shaped("weston", "wezton")); // "s" sits above "z" and "x"
    assert!(!typo_shaped("weston", "wecton")); // "c" is not below "s"
}

#[test]
fn inflections_and_demonyms() {
    for (a, b) in [
        ("russia", "russian"),
        ("russia", "russians"),
        ("kazakh", "kazakhs"),
        ("kazakhstan", "kazakh"),
        ("afghanistan", "afghan"),
        ("ivanov", "ivanova"),
        ("china", "chinese"),
        ("italy", "italian"),
        ("democrats", "democratic"),
        ("america", "american"),
        ("somalia", "somali"),
    ] {
        assert!(inflection(a, b), "{a}/{b}");
    }
    for (a, b) in [
        ("taiwan", "taiwaan"),
        ("korea", "korei"),
        ("mecca", "mecco"),
        ("russia", "russis"),
        ("afghanistan", "afghanitan"),
    ] {
        assert!(!inflection(a, b), "{a}/{b} is a typo, not an inflection");
    }
}

#[test]
fn keys_pair_words_one_edit_apart() {
    let shared = |a: &str, b: &str| keys(a).iter().any(|key| keys(b).contains(key));
    assert!(shared("netherlands", "nethelrands"));
    assert!(shared("mecca", "micca"));
    assert!(shared("soviet", "sovet"));
    assert!(!shared("austria", "australia"));
}

#[test]
fn word_ranges_match_the_word_pattern() {
    let regex = regex::Regex::new(r"\p{L}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*").unwrap();
    let samples = [
        "Okonjo-Iweala's deputy, O'Brien, met al-Assad -- and x-ray - yes' 'no",
        "Zurbarán, Zurbara\u{301}n; 東京 and Москва; 14.2% rose; don’t stop-",
        "a-b-c ''x'' -y- \u{301}z e\u{301}\u{302}f",
    ];
    for text in samples {
        let by_hand: Vec<_> = word_ranges(text).collect();
        let by_regex: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(by_hand, by_regex, "{text}");
    }
}

/// The fixes of the `entity.variant` findings in a text where the right
/// spelling is used `right` times and the odd one `odd` times.
fn variant_fixes(right: usize, odd: usize) -> Vec<Vec<usize>> {
    let mut text = String::new();
    for idx in 0..right + odd {
        let name = if idx % 3 == 1 && idx / 3 < odd {
            "Okonjo-Iwaela"
        } else {
            "Okonjo-Iweala"
        };
        text.push_str(&format!("The minister {name} spoke on day {idx}.\n\n"));
    }
    let findings = crate::analysis::analyze(
        &text,
        crate::prose::DocKind::Markdown,
        &crate::analysis::Settings::default(),
    );
    findings
        .iter()
        .filter(|finding| finding.rule.as_str() == "entity.variant")
        .map(|finding| finding.fixes.iter().map(|fix| fix.edits.len()).collect())
        .collect()
}

// Issue #12: every finding carried "replace every use" whole, so a
// variant used n times cost n² edits in the JSON output.
#[test]
fn replace_every_use_is_offered_up_to_the_limit_only() {
    let at_limit = variant_fixes(3 * MAX_EVERY_USE, MAX_EVERY_USE);
    assert_eq!(at_limit.len(), MAX_EVERY_USE);
    assert!(at_limit.iter().all(|edits| edits == &[1, MAX_EVERY_USE]));
    let past = variant_fixes(3 * MAX_EVERY_USE + 3, MAX_EVERY_USE + 1);
    assert_eq!(past.len(), MAX_EVERY_USE + 1);
    assert!(past.iter().all(|edits| edits == &[1]), "{past:?}");
}
