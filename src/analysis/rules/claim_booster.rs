//! `claim.booster`: certainty boosters on a contestable claim.
//!
//! "Clearly, the plan failed." asserts that no reasonable reader could
//! disagree; a copy desk asks the writer to show it or soften it. Boosters
//! are flagged only in a claim in the writer's own voice: not in a hedged
//! or attributed sentence ("the minister said it was clearly a mistake" is
//! the minister's claim), a question, a heading or a quotation. Manner
//! adverbs are not boosters ("she spoke clearly", "clearly visible").
//!
//! Preferred fix: remove the booster, keeping the sentence grammatical and
//! capitalised. Second fix: soften it ("clearly" → "apparently").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::lexicon::WordSet;
use crate::analysis::lexicon::{configured_word_regex, word_regex};
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::sentence::Sentence;
use crate::analysis::{capitalize_first, Context, Finding, Fix, Rule, RuleId, Severity, TextEdit};

pub struct ClaimBooster;

/// Built-in boosters and their softer replacement (`None`: remove only).
const BOOSTERS: &[(&str, Option<&str>)] = &[
    ("clearly", Some("apparently")),
    ("obviously", Some("apparently")),
    ("plainly", Some("apparently")),
    ("undoubtedly", Some("probably")),
    ("unquestionably", Some("probably")),
    ("indisputably", Some("probably")),
    ("undeniably", Some("probably")),
    ("incontrovertibly", Some("probably")),
    ("certainly", Some("probably")),
    ("definitely", Some("probably")),
    ("surely", Some("probably")),
    ("of course", Some("perhaps")),
    ("without doubt", Some("probably")),
    ("without a doubt", Some("probably")),
    ("without question", Some("probably")),
    ("beyond doubt", None),
    ("beyond any doubt", None),
    ("needless to say", None),
    ("it goes without saying that", None),
    ("it is clear that", Some("it appears that")),
    ("it's clear that", Some("it appears that")),
    ("it was clear that", Some("it appeared that")),
    ("it is obvious that", Some("it appears that")),
    ("it was obvious that", Some("it appeared that")),
    ("it is certain that", Some("it is likely that")),
    ("it is undeniable that", Some("it is likely that")),
    ("it is indisputable that", Some("it is likely that")),
    ("there is no doubt that", Some("it is likely that")),
    ("there can be no doubt that", Some("it is likely that")),
    ("there is no question that", Some("it is likely that")),
    ("everyone knows that", Some("it seems that")),
    ("everybody knows that", Some("it seems that")),
    ("everyone knows", None),
    ("everybody knows", None),
];

/// Adverbs that are also manner adverbs ("speak clearly").
const MANNER_ADVERBS: &[&str] = &["clearly", "plainly", "obviously", "definitely"];

/// Words after a manner adverb that show it describes how, not how sure:
/// "clearly visible", "plainly dressed", "spoke clearly and slowly".
static MANNER_FOLLOWERS: WordSet = WordSet::new(&[
    "visible",
    "defined",
    "marked",
    "labelled",
    "labeled",
    "legible",
    "audible",
    "written",
    "explained",
    "stated",
    "identified",
    "separated",
    "distinguishable",
    "readable",
    "seen",
    "heard",
    "understood",
    "displayed",
    "delineated",
    "outlined",
    "articulated",
    "expressed",
    "presented",
    "shown",
    "printed",
    "described",
    "signposted",
    "dressed",
    "visibly",
    "and",
    "or",
    "but",
    "to",
    "in",
    "on",
    "at",
    "with",
    "without",
    "from",
    "about",
    "for",
    "enough",
    "than",
    "as",
    "when",
    "while",
    "because",
]);

/// Words before a booster that change its sense: "almost certainly",
/// "not clearly", "more clearly", "as a matter of course".
const CANCELLING_PREDECESSORS: &[&str] = &[
    "not",
    "almost",
    "nearly",
    "less",
    "more",
    "most",
    "very",
    "so",
    "as",
    "how",
    "too",
    "quite",
    "change",
    "matter",
    "par",
    "off",
    "main",
    "collision",
    "crash",
    "golf",
    "race",
    "never",
];

/// Words that may stand before a sentence adverb: "But clearly, ...".
const SENTENCE_LINKS: &[&str] = &[
    "but", "and", "so", "yet", "however", "now", "then", "well", "thus", "here", "again",
];

/// A word of every built-in booster phrase (checked by a test).
static TELLTALE: WordSet = WordSet::new(&[
    "clearly",
    "obviously",
    "plainly",
    "undoubtedly",
    "unquestionably",
    "indisputably",
    "undeniably",
    "incontrovertibly",
    "certainly",
    "definitely",
    "surely",
    "course",
    "doubt",
    "question",
    "needless",
    "saying",
    "clear",
    "obvious",
    "certain",
    "undeniable",
    "indisputable",
    "knows",
]);

static BUILT_IN: LazyLock<Regex> =
    LazyLock::new(|| word_regex(BOOSTERS.iter().map(|(phrase, _)| *phrase)));

impl Rule for ClaimBooster {
    fn meta(&self) -> &RuleMeta {
        &RuleMeta {
            id: RuleId("claim.booster"),
            summary: "Certainty boosters (clearly, obviously, of course) on an unhedged, unattributed claim.",
            flags: "certainty boosters on an unhedged, unattributed claim: \"Clearly, the reform has failed.\"",
            fixes: "remove the booster; soften it (\"apparently\")",
            explanation: include_str!("../../../docs/rules/claim.booster.md"),
            default_severity: Severity::Information,
            scope: Scope::Chunk,
        }
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        let extra = (!cx.settings.claims.boosters.is_empty())
            .then(|| configured_word_regex(&cx.settings.claims.boosters));
        let masked = &cx.prose.masked;
        for sentence in cx.sentences().iter().filter(|s| s.is_claim()) {
            // Every built-in booster has one of these words: most sentences
            // are passed over without a regex search.
            let candidate = cx
                .words(sentence)
                .lower()
                .any(|word| TELLTALE.contains(word));
            if !candidate && extra.is_none() {
                continue;
            }
            let text = &masked[sentence.range.clone()];
            let built_in = candidate
                .then(|| BUILT_IN.find_iter(text))
                .into_iter()
                .flatten();
            let mut matches: Vec<_> = built_in
                .chain(extra.iter().flat_map(|r| r.find_iter(text)))
                .collect();
            // In order, so that a match overlapping one already flagged is
            // found by looking at the last: the built-in list's matches
            // first where two start together.
            matches.sort_by_key(|found| found.start());
            let mut flagged_end = 0;
            for found in matches {
                let range =
                    sentence.range.start + found.start()..sentence.range.start + found.end();
                if range.start < flagged_end || sentence.is_quoted(&range) {
                    continue;
                }
                let phrase = found.as_str().to_lowercase();
                if !is_booster_use(&phrase, &text[..found.start()], &text[found.end()..]) {
                    continue;
                }
                flagged_end = range.end;
                acc.push(finding(self.id(), cx, sentence, range, &phrase));
            }
        }
    }
}

/// Whether a match is a booster here, judging by its neighbours.
fn is_booster_use(phrase: &str, before: &str, after: &str) -> bool {
    let previous = last_word(before).to_lowercase();
    let previous = previous.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
    if CANCELLING_PREDECESSORS.contains(&previous)
        || previous.ends_with("n't")
        || previous.ends_with("n’t")
    {
        return false;
    }
    if MANNER_ADVERBS.contains(&phrase) {
        let next = first_word(after);
        let starts_with_word = after.starts_with(' ') || after.starts_with('\t');
        // "spoke clearly." / "spoke clearly, and" / "see clearly without".
        if next.is_empty() || !starts_with_word {
            // "spoke clearly." is manner; "It failed, clearly." and "But
            // clearly, it failed." comment on the whole sentence.
            let parenthetical = before.trim_end().ends_with(',')
                || (after.starts_with(',') && SENTENCE_LINKS.contains(&previous));
            return previous.is_empty() || parenthetical;
        }
        let next = next
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if MANNER_FOLLOWERS.contains(next.as_str()) {
            return false;
        }
    }
    true
}

/// How far the neighbouring words are looked for: no word that changes a
/// verdict is longer, and looking further, through a "sentence" with no
/// spaces, made every match cost the length of the sentence (issue #12).
const NEIGHBOUR_BYTES: usize = 128;

/// The word that ends `before` (after any spaces), or its last
/// [`NEIGHBOUR_BYTES`] when it is longer.
fn last_word(before: &str) -> &str {
    let before = before.trim_end();
    let mut start = before.len().saturating_sub(NEIGHBOUR_BYTES);
    while !before.is_char_boundary(start) {
        start += 1;
    }
    let window = &before[start..];
    window.rsplit(char::is_whitespace).next().unwrap_or(window)
}

/// The word that starts `after` (after any spaces), or its first
/// [`NEIGHBOUR_BYTES`] when it is longer.
fn first_word(after: &str) -> &str {
    let after = after.trim_start();
    let mut end = after.len().min(NEIGHBOUR_BYTES);
    while !after.is_char_boundary(end) {
        end -= 1;
    }
    let window = &after[..end];
    window.split(char::is_whitespace).next().unwrap_or(window)
}

fn finding(
    rule: RuleId,
    cx: &Context<'_>,
    sentence: &Sentence,
    range: Range<usize>,
    phrase: &str,
) -> Finding {
    let flagged = &cx.text[range.clone()];
    let mut fixes = Vec::new();
    if let Some(removal) = removal(cx.text, &sentence.range, &range) {
        fixes.push(Fix {
            title: format!("Remove \"{flagged}\""),
            edits: vec![removal].into(),
        });
    }
    let softer = BOOSTERS
        .iter()
        .find(|(p, _)| *p == phrase)
        .and_then(|(_, softer)| *softer);
    if let Some(softer) = softer {
        let replacement = if flagged.starts_with(char::is_uppercase) {
            capitalize_first(softer)
        } else {
            softer.to_string()
        };
        fixes.push(Fix::replace(
            format!("Soften to \"{replacement}\""),
            range.clone(),
            replacement,
        ));
    }
    Finding {
        rule,
        message: format!("\"{flagged}\" presents a contestable claim as certain"),
        range,
        severity: Severity::Information,
        fixes,
        related: Vec::new(),
        names: Vec::new(),
    }
}

/// The edit that removes the booster at `range` and leaves a grammatical,
/// capitalised sentence; `None` when the booster is the whole sentence.
fn removal(text: &str, sentence: &Range<usize>, range: &Range<usize>) -> Option<TextEdit> {
    // Emphasis around the booster alone goes with it: "**clearly**",
    // "***clearly***". The markers may lie before the sentence's start.
    let mut range = range.clone();
    while let Some(marker) = ["**", "__", "*", "_"].into_iter().find(|marker| {
        text[..range.start].ends_with(marker) && text[range.end..].starts_with(marker)
    }) {
        range = range.start - marker.len()..range.end + marker.len();
    }
    let before = &text[sentence.start.min(range.start)..range.start];
    let after = &text[range.end..sentence.end.max(range.end)];
    let after_comma = after.strip_prefix(',').unwrap_or(after);
    let rest = after_comma.trim_start();
    let rest_start = range.end + (after.len() - rest.len());
    if before.trim().is_empty() {
        // Sentence-initial: "Clearly, the plan failed." → "The plan failed."
        let next = rest.chars().next().filter(|c| c.is_alphabetic())?;
        return Some(TextEdit {
            range: range.start..rest_start + next.len_utf8(),
            replacement: next.to_uppercase().collect(),
        });
    }
    let before_trimmed = before.trim_end();
    let comma_before = before_trimmed.ends_with(',');
    let comma_after = after.starts_with(',');
    let comma_idx = range.start - before.len() + before_trimmed.len() - 1;
    if comma_before && (comma_after || rest.starts_with(['.', '!', '?', ';', ':'])) {
        // "The plan, clearly, failed." → "The plan failed."
        // "It failed, clearly." → "It failed."
        let end = if comma_after {
            range.end + 1
        } else {
            range.end
        };
        return Some(TextEdit {
            range: comma_idx..end,
            replacement: String::new(),
        });
    }
    if comma_after || after.starts_with([' ', '\t']) {
        // "But clearly, it failed." / "is clearly wrong"
        return Some(TextEdit {
            range: range.start..rest_start,
            replacement: String::new(),
        });
    }
    // Before punctuation: drop the space in front instead.
    let space_before = before.len() - before.trim_end().len();
    Some(TextEdit {
        range: range.start - space_before..range.end,
        replacement: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbour_words_are_the_nearest_whole_words() {
        assert_eq!(last_word("It failed, "), "failed,");
        assert_eq!(last_word("not"), "not");
        assert_eq!(last_word("  "), "");
        assert_eq!(first_word("  spoke. Then"), "spoke.");
        assert_eq!(first_word(""), "");
    }

    // Issue #12: with no space in a long sentence, the neighbour was the
    // whole sentence up to the match, for every match. Only its end (or
    // start) is looked at now, which decides the same way.
    #[test]
    fn a_neighbour_longer_than_the_window_is_cut_and_judged_the_same() {
        let long = format!("{}don't", "é,".repeat(NEIGHBOUR_BYTES));
        let previous = last_word(&long);
        assert!(previous.len() <= NEIGHBOUR_BYTES && previous.ends_with("don't"));
        assert!(!is_booster_use("clearly", &long, " see"));
        let after = "é".repeat(NEIGHBOUR_BYTES);
        let next = first_word(&after);
        assert!(!next.is_empty() && next.len() <= NEIGHBOUR_BYTES);
        assert!(after.starts_with(next));
    }

    #[test]
    fn every_booster_has_a_telltale_word() {
        for (phrase, _) in BOOSTERS {
            assert!(
                phrase
                    .split_whitespace()
                    .any(|word| TELLTALE.contains(word)),
                "{phrase}"
            );
        }
    }
}
