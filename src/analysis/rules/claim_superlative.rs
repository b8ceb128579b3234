//! `claim.superlative`: an unattributed superlative judgement.
//!
//! "It was the worst decision of the decade." ranks something above or
//! below everything else on a scale of value; the reader needs to know
//! whose ranking it is. The rule flags "the" (or a possessive) before an
//! evaluative superlative: "best", "worst", "greatest" and the like, or
//! "most"/"least" before an adjective, in a claim in the writer's voice.
//!
//! Deliberately not flagged: superlatives of measurable dimensions
//! ("the largest of the three parties by seats", "the tallest building",
//! "the most populous state", "the oldest", "the most recent"), which are
//! checkable records rather than judgements; "one of the ..." (already
//! limited); idioms ("at best", "make the best of", "the best way to");
//! award names ("the Best Picture"); first-person sentences; quotations.
//!
//! Fixes: attribution (`according to [source]`) first; then "one of the
//! ..." with the noun made plural ("the worst decision" → "one of the
//! worst decisions").

use crate::analysis::claims::{
    attribution_fix, finding, impersonal_claims, is_function_word, plural, replace_fix, Words,
};
use crate::analysis::lexicon::WordSet;
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

pub struct ClaimSuperlative;

/// Superlatives that rank by value, not by a measurable dimension.
static EVALUATIVE: WordSet = WordSet::new(&[
    "best",
    "worst",
    "greatest",
    "finest",
    "brightest",
    "smartest",
    "cleverest",
    "wisest",
    "bravest",
    "boldest",
    "noblest",
    "cruellest",
    "cruelest",
    "stupidest",
    "dumbest",
    "silliest",
    "ugliest",
    "nicest",
    "kindest",
    "grandest",
    "gravest",
    "toughest",
    "weakest",
    "saddest",
    "happiest",
    "luckiest",
    "unluckiest",
    "shoddiest",
    "laziest",
    "craziest",
    "harshest",
    "fiercest",
    "sharpest",
    "dullest",
    "sloppiest",
    "worthiest",
    "greediest",
    "meanest",
    "proudest",
    "darkest",
    "loveliest",
    "prettiest",
    "coolest",
    "purest",
    "truest",
    "fairest",
]);

/// Adjectives after "most"/"least" that measure rather than judge.
static MEASURABLE_AFTER_MOST: WordSet = WordSet::new(&[
    "populous",
    "populated",
    "densely",
    "expensive",
    "visited",
    "common",
    "commonly",
    "frequent",
    "frequently",
    "recent",
    "recently",
    "senior",
    "cited",
    "widely",
    "used",
    "watched",
    "read",
    "spoken",
    "viewed",
    "downloaded",
    "played",
    "decorated",
    "capped",
    "northerly",
    "southerly",
    "easterly",
    "westerly",
    "northern",
    "southern",
    "eastern",
    "western",
    "distant",
    "remote",
    "abundant",
    "numerous",
    "likely",
    "part",
    "time",
    "money",
    "votes",
    "seats",
    "people",
    "points",
    "goals",
    "wins",
    "given",
    "liked",
    "followed",
    "searched",
    "streamed",
    "sold",
    "translated",
    "awarded",
    "holy",
    "sacred",
]);

/// Nouns after a superlative that make a set phrase: "the best way to",
/// "best friend", "the best man".
const SET_PHRASE_NOUNS: &[&str] = &[
    "way",
    "ways",
    "time",
    "place",
    "practice",
    "practices",
    "friend",
    "friends",
    "man",
    "bet",
    "seller",
    "sellers",
    "part",
    "thing",
    "interests",
    "interest",
    "case",
    "known",
    "possible",
    "effort",
    "efforts",
    "scenario",
    "chance",
];

impl Rule for ClaimSuperlative {
    fn meta(&self) -> &RuleMeta {
        &RuleMeta {
            id: RuleId("claim.superlative"),
            summary: "Unattributed superlative judgements (the worst decision, the most effective negotiator).",
            flags: "unattributed superlative judgements: \"It was the worst decision of the decade.\"",
            fixes: "add attribution; \"one of the worst decisions\"",
            explanation: include_str!("../../../docs/rules/claim.superlative.md"),
            default_severity: Severity::Information,
            scope: Scope::Chunk,
        }
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for (sentence, words) in impersonal_claims(cx) {
            for idx in 0..words.len() {
                let Some(found) = superlative_at(&words, idx) else {
                    continue;
                };
                let local = words.spans[found.start].start..words.spans[found.adjective].end;
                let range = sentence.range.start + local.start..sentence.range.start + local.end;
                if sentence.is_quoted(&range) {
                    continue;
                }
                let flagged = &cx.text[range.clone()];
                let mut fixes = vec![attribution_fix(cx.text, sentence)];
                if let (true, Some(noun)) = (found.definite, found.noun) {
                    let noun_end = sentence.range.start + words.spans[noun].end;
                    let noun_start = sentence.range.start + words.spans[noun].start;
                    let middle = &cx.text[range.start..noun_start];
                    let replacement =
                        format!("one of {middle}{}", plural(&cx.text[noun_start..noun_end]));
                    let lowered = lower_article(&replacement);
                    fixes.push(replace_fix(
                        "Limit to \"one of the ...\"",
                        cx.text,
                        sentence,
                        range.start..noun_end,
                        &lowered,
                    ));
                }
                acc.push(finding(
                    self.id(),
                    range,
                    format!("\"{flagged}\" is a superlative judgement without a source"),
                    fixes,
                ));
            }
        }
    }
}

/// "one of The worst" → "one of the worst".
fn lower_article(replacement: &str) -> String {
    replacement.replacen("one of The ", "one of the ", 1)
}

struct Superlative {
    /// The first flagged word: "the", or the superlative after a possessive.
    start: usize,
    /// The last flagged word: the superlative adjective.
    adjective: usize,
    /// Whether the phrase begins with "the", so "one of" can go before it.
    definite: bool,
    /// The head noun, when one follows.
    noun: Option<usize>,
}

fn superlative_at(words: &Words<'_>, idx: usize) -> Option<Superlative> {
    let word = words.word(idx);
    let definite = word == "the";
    let possessive = word.ends_with("'s") && idx + 1 < words.len();
    if !definite && !possessive {
        return None;
    }
    if !words.adjacent(idx) {
        return None;
    }
    // "not the most important", "one of the best", "among the worst",
    // "among the world's most persecuted".
    let determiner = if definite { idx } else { idx.saturating_sub(1) };
    if crate::analysis::claims::is_negator(words.before(idx, 1))
        || (!definite
            && words.before(idx, 1) == "the"
            && matches!(words.before(idx, 2), "among" | "of"))
    {
        return None;
    }
    let _ = determiner;
    if definite
        && (matches!(
            words.before(idx, 1),
            "among" | "make" | "made" | "making" | "to"
        ) || (words.before(idx, 1) == "of"
            && matches!(
                words.before(idx, 2),
                "one" | "some" | "several" | "many" | "few" | "two" | "three" | "among"
            )))
    {
        return None;
    }
    let next = words.word(idx + 1);
    let adjective = if EVALUATIVE.contains(next) {
        idx + 1
    } else if matches!(next, "most" | "least") && words.adjacent(idx + 1) {
        let adjective = words.word(idx + 2);
        if adjective.is_empty()
            || is_function_word(adjective)
            || MEASURABLE_AFTER_MOST.contains(adjective)
            || adjective.starts_with(|c: char| c.is_ascii_digit())
            || words.capitalised(idx + 2)
        {
            return None;
        }
        idx + 2
    } else {
        return None;
    };
    if idx > 0 && words.capitalised(idx + 1) {
        // "the Best Picture award": a name.
        return None;
    }
    // The head noun: the first content word after the adjective, or the
    // second when the first modifies it ("the worst economic decision").
    let content = |i: usize| {
        i < words.len()
            && words.adjacent(i - 1)
            && !is_function_word(words.word(i))
            && !words.capitalised(i)
            && !words.word(i).starts_with(|c: char| c.is_ascii_digit())
            && !words.word(i).ends_with("ly")
    };
    let mut noun = None;
    if content(adjective + 1) {
        noun = Some(adjective + 1);
        let second = words.word(adjective + 2);
        if content(adjective + 2) && !second.ends_with("ed") && !second.ends_with('s') {
            noun = Some(adjective + 2);
        }
    }
    let first_after = words.word(adjective + 1);
    let start = if definite { idx } else { idx.saturating_sub(1) };
    if !is_judgement_position(words, start, noun.unwrap_or(adjective)) {
        return None;
    }
    if SET_PHRASE_NOUNS.contains(&first_after) && words.adjacent(adjective) {
        return None;
    }
    if words.capitalised(adjective + 1) && words.adjacent(adjective) {
        return None;
    }
    Some(Superlative {
        start: if definite { idx } else { idx + 1 },
        adjective,
        definite,
        noun,
    })
}

/// Whether a superlative phrase from word `start` to `end` stands where a
/// judgement is made: after a copula ("was the worst"), as the subject of
/// a clause ("The worst decision was ..."), in apposition (", the best
/// negotiator in Brussels,") or with a scope ("... of the decade", "in
/// history", "ever", "in Brussels"). Objects without a scope ("provide the
/// greatest number", "with the best preparation") are left alone.
fn is_judgement_position(words: &Words<'_>, start: usize, end: usize) -> bool {
    let mut cursor = start;
    while cursor > 0
        && matches!(
            words.word(cursor - 1),
            "by" | "far"
                | "easily"
                | "simply"
                | "now"
                | "still"
                | "also"
                | "quite"
                | "truly"
                | "ever"
                | "just"
                | "surely"
                | "undoubtedly"
                | "clearly"
                | "certainly"
        )
    {
        cursor -= 1;
    }
    let previous = words.before(cursor, 1);
    if crate::analysis::claims::is_copula(previous) {
        return true;
    }
    if start == 0
        || words
            .gap_before(start)
            .contains([',', ';', ':', '(', '—', '–'])
        || matches!(
            previous,
            "and"
                | "but"
                | "yet"
                | "while"
                | "whereas"
                | "although"
                | "though"
                | "that"
                | "because"
                | "since"
        )
    {
        return true;
    }
    (end + 1..(end + 6).min(words.len())).any(|i| {
        matches!(
            words.word(i),
            "ever"
                | "history"
                | "generation"
                | "generations"
                | "decade"
                | "decades"
                | "century"
                | "centuries"
                | "memory"
                | "world"
                | "earth"
                | "era"
                | "time"
                | "years"
        ) || (words.word(i - 1) == "in" && words.capitalised(i) && i == end + 2)
    })
}
