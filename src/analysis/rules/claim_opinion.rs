//! `claim.opinion`: an evaluative judgement stated as fact.
//!
//! "The minister's record has been abysmal." and "It was a reckless, shoddy
//! plan." put the writer's verdict in the voice of fact. The rule flags a
//! strongly evaluative adjective or noun (see
//! [`EVALUATIVE_ADJECTIVES`], [`EVALUATIVE_NOUNS`]) predicated of a
//! subject: after a copula ("is", "was", "has been", "remains", "proved"),
//! possibly with an article, intensifiers and other adjectives between.
//!
//! Not flagged: attributed sentences ("Critics called the plan reckless."),
//! hedged ones, the writer's marked view ("I think", "in my view", any
//! first-person sentence), negations ("was not a disaster"), events
//! ("there was a disaster"), compounds ("disaster relief"), words used
//! attributively outside a predicate, and quotations.
//!
//! Fixes: attribution (`according to [source]`) first; then mark it as the
//! writer's view with "In my view, ...".
//!
//! [`EVALUATIVE_ADJECTIVES`]: crate::analysis::lexicon::EVALUATIVE_ADJECTIVES
//! [`EVALUATIVE_NOUNS`]: crate::analysis::lexicon::EVALUATIVE_NOUNS

use std::ops::Range;

use crate::analysis::claims::{
    attribution_fix, finding, impersonal_claims, is_copula, is_function_word, is_negator, Words,
};
use crate::analysis::lexicon::{WordSet, EVALUATIVE_ADJECTIVES, EVALUATIVE_NOUNS};
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::sentence::Sentence;
use crate::analysis::{Context, Finding, Fix, Rule, RuleId, Severity};

pub struct ClaimOpinion;

/// Degree words that may stand between a copula and its evaluation.
static INTENSIFIERS: WordSet = WordSet::new(&[
    "so",
    "very",
    "quite",
    "rather",
    "pretty",
    "too",
    "utterly",
    "truly",
    "simply",
    "just",
    "downright",
    "nothing",
    "short",
    "of",
    "such",
    "absolutely",
    "completely",
    "totally",
    "thoroughly",
    "deeply",
    "wholly",
    "entirely",
    "frankly",
    "little",
    "more",
    "than",
    "an",
    "a",
    "and",
    "at",
    "best",
    "worst",
    "both",
]);

impl Rule for ClaimOpinion {
    fn meta(&self) -> &RuleMeta {
        &RuleMeta {
            id: RuleId("claim.opinion"),
            summary: "Evaluative judgements (abysmal, reckless, a disaster) stated as fact.",
            flags:
                "evaluative judgement stated as fact: \"The minister's record has been abysmal.\"",
            fixes: "add attribution; \"In my view, ...\"",
            explanation: include_str!("../../../docs/rules/claim.opinion.md"),
            default_severity: Severity::Information,
            scope: Scope::Chunk,
        }
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for (sentence, words) in impersonal_claims(cx) {
            // Evaluations of one predicate, merged: (copula, first, last).
            let mut predicates: Vec<(usize, usize, usize)> = Vec::new();
            for idx in 0..words.len() {
                let Some(copula) = predicate_copula(&words, idx) else {
                    continue;
                };
                match predicates.last_mut() {
                    Some((last_copula, _, last)) if *last_copula == copula => *last = idx,
                    _ => predicates.push((copula, idx, idx)),
                }
            }
            for (_, first, last) in predicates {
                let range = sentence.range.start + words.spans[first].start
                    ..sentence.range.start + words.spans[last].end;
                if sentence.is_quoted(&range) {
                    continue;
                }
                let flagged = &cx.text[range.clone()];
                let mut fixes = vec![attribution_fix(cx.text, sentence)];
                fixes.extend(own_view_fix(cx.text, sentence, &words));
                acc.push(finding(
                    self.id(),
                    range,
                    format!("\"{flagged}\" states an opinion as fact"),
                    fixes,
                ));
            }
        }
    }
}

fn is_evaluative(word: &str) -> bool {
    EVALUATIVE_ADJECTIVES.contains(word) || EVALUATIVE_NOUNS.contains(word)
}

/// The copula an evaluative word at `idx` is predicated through, if it is.
fn predicate_copula(words: &Words<'_>, idx: usize) -> Option<usize> {
    let word = words.word(idx);
    if !is_evaluative(word) {
        return None;
    }
    let noun = EVALUATIVE_NOUNS.contains(word);
    // "disaster relief", "waste management": part of a compound.
    if noun
        && words.adjacent(idx)
        && !is_function_word(words.word(idx + 1))
        && !words.capitalised(idx + 1)
    {
        return None;
    }
    let mut content_budget = 2;
    let mut cursor = idx;
    while cursor > 0 && cursor + 6 > idx {
        let gap = words.gap_before(cursor);
        if gap.contains(|c: char| !c.is_whitespace() && c != ',') {
            return None;
        }
        cursor -= 1;
        let before = words.word(cursor);
        if is_negator(before) {
            return None;
        }
        if is_copula(before) {
            // "There was a disaster" reports an event.
            if words.before(cursor, 1) == "there" || words.before(cursor, 2) == "there" {
                return None;
            }
            return Some(cursor);
        }
        if is_evaluative(before) || INTENSIFIERS.contains(before) || before.ends_with("ly") {
            continue;
        }
        if is_function_word(before) || words.capitalised(cursor) || content_budget == 0 {
            return None;
        }
        content_budget -= 1;
    }
    None
}

/// "In my view, the plan was reckless.": the writer's view, marked.
fn own_view_fix(text: &str, sentence: &Sentence, words: &Words<'_>) -> Option<Fix> {
    let first: Range<usize> = words.spans.first()?.clone();
    if first.start != 0 {
        return None;
    }
    let original = &text[sentence.range.start + first.start..sentence.range.start + first.end];
    let lowered = if is_function_word(&original.to_lowercase()) && original != "I" {
        original.to_lowercase()
    } else {
        original.to_string()
    };
    Some(Fix::replace(
        "Mark as your view: \"In my view, ...\"",
        sentence.range.start..sentence.range.start + first.end,
        format!("In my view, {lowered}"),
    ))
}
