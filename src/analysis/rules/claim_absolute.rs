//! `claim.absolute`: universal quantifiers stated as fact.
//!
//! "The reforms always fail." and "No government has ever solved this."
//! claim that there is no exception; one counterexample refutes them. The
//! rule flags "always", "never", "invariably", "universally", "no one",
//! "nobody", "none of", a sentence-opening "No" or "Nothing", "every",
//! "everyone", "everybody", "all" before a bare noun, and "entirely", in a
//! claim in the writer's own voice (see [`Sentence::is_claim`]).
//!
//! Not flagged: limited or negated quantifiers ("not always", "doesn't
//! always", "almost every", "nearly all"), counts ("all 12 members",
//! "every two years"), idioms ("after all", "at all", "never mind"),
//! definite groups ("all the members", "we all"), imperatives ("Never leave
//! it on."), first- and second-person sentences, and quotations.
//!
//! Fixes: attribution (`according to [source]`) first, as SPEC §1.2 asks;
//! then a softer quantifier ("always" → "often", "never" → "rarely",
//! "all" → "most", "every" → "almost every", "no one" → "hardly anyone").
//!
//! [`Sentence::is_claim`]: crate::analysis::sentence::Sentence::is_claim

use crate::analysis::claims::{
    attribution_fix, finding, impersonal_claims, is_function_word, is_negator, is_unit,
    replace_fix, Words,
};
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

pub struct ClaimAbsolute;

/// Words before a quantifier that limit it: "almost always", "not all".
fn is_limiter(word: &str) -> bool {
    is_negator(word)
        || matches!(
            word,
            "almost"
                | "nearly"
                | "virtually"
                | "practically"
                | "near"
                | "mostly"
                | "if"
                | "less"
                | "by"
                | "hardly"
                | "as"
        )
}

/// Words after "every" that make it a frequency or a count.
fn is_every_count(word: &str) -> bool {
    is_unit(word)
        || word.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            word,
            "other"
                | "now"
                | "so"
                | "bit"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "ten"
                | "few"
                | "once"
                | "morning"
                | "evening"
                | "afternoon"
                | "summer"
                | "winter"
                | "spring"
                | "autumn"
                | "election"
                | "last"
                | "which"
        )
}

/// Words after "all" that make it a count, a definite group or an idiom.
fn is_all_veto_follower(word: &str) -> bool {
    is_function_word(word)
        || word.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            word,
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "twelve"
                | "right"
                | "kinds"
                | "sorts"
                | "types"
                | "manner"
                | "day"
                | "night"
                | "week"
                | "year"
                | "morning"
                | "together"
                | "alone"
                | "told"
                | "along"
                | "around"
                | "else"
                | "ages"
                | "sides"
                | "things"
                | "sizes"
                | "walks"
                | "corners"
                | "parts"
                | "levels"
        )
}

/// Words before "all" that make it an idiom or a pronoun: "after all",
/// "at all", "we all", "of all", "for all".
fn is_all_veto_predecessor(word: &str) -> bool {
    is_limiter(word)
        || matches!(
            word,
            "at" | "after"
                | "above"
                | "of"
                | "for"
                | "once"
                | "first"
                | "in"
                | "we"
                | "you"
                | "they"
                | "us"
                | "them"
                | "it"
                | "and"
                | "these"
                | "those"
                | "above-all"
        )
}

impl Rule for ClaimAbsolute {
    fn meta(&self) -> &RuleMeta {
        &RuleMeta {
            id: RuleId("claim.absolute"),
            summary: "Universal quantifiers (always, never, no one, every, all) stated as fact.",
            flags: "universal quantifiers stated as fact: \"The reforms always fail.\"",
            fixes: "add `according to [source]`; a softer quantifier (\"often\")",
            explanation: include_str!("../../../docs/rules/claim.absolute.md"),
            default_severity: Severity::Information,
            scope: Scope::Chunk,
        }
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for (sentence, words) in impersonal_claims(cx) {
            if words
                .lower()
                .any(|w| matches!(w, "you" | "your" | "yourself"))
            {
                continue;
            }
            for idx in 0..words.len() {
                let Some((len, softer)) = absolute_at(&words, idx) else {
                    continue;
                };
                let local = words.spans[idx].start..words.spans[idx + len - 1].end;
                let range = sentence.range.start + local.start..sentence.range.start + local.end;
                if sentence.is_quoted(&range) {
                    continue;
                }
                let flagged = &cx.text[range.clone()];
                let fixes = vec![
                    attribution_fix(cx.text, sentence),
                    replace_fix(
                        format!("Soften to \"{softer}\""),
                        cx.text,
                        sentence,
                        range.clone(),
                        &softer,
                    ),
                ];
                acc.push(finding(
                    self.id(),
                    range,
                    format!("\"{flagged}\" states a universal claim as fact"),
                    fixes,
                ));
            }
        }
    }
}

/// Whether an absolute quantifier starts at word `idx`: its length in
/// words and the softer replacement.
fn absolute_at(words: &Words<'_>, idx: usize) -> Option<(usize, String)> {
    let word = words.word(idx);
    let previous = words.before(idx, 1);
    let next = words.word(idx + 1);
    let limited = is_limiter(previous)
        || (is_limiter(words.before(idx, 2)) && !words.gap_before(idx).contains(','));
    let softer = match word {
        "always" | "invariably" => {
            // "Always check the fuse." is advice, not a claim.
            if idx == 0 || limited || previous == "as" {
                return None;
            }
            "often"
        }
        "never" => {
            if idx == 0 || limited || matches!(next, "mind" | "again" | "before") {
                return None;
            }
            "rarely"
        }
        "universally" => {
            if limited {
                return None;
            }
            "widely"
        }
        "nobody" => {
            if limited || next == "else" {
                return None;
            }
            "hardly anybody"
        }
        "no" if next == "one" && words.adjacent(idx) => {
            if limited || words.word(idx + 2) == "else" {
                return None;
            }
            return Some((2, "hardly anyone".to_string()));
        }
        "no" => {
            // A sentence-opening "No government has ...": the subject.
            let opens = idx == 0;
            if !opens
                || !words.adjacent(idx)
                || !words.original(idx + 1).starts_with(char::is_lowercase)
                || is_function_word(next)
                || matches!(
                    next,
                    "doubt"
                        | "longer"
                        | "matter"
                        | "sooner"
                        | "wonder"
                        | "thanks"
                        | "problem"
                        | "way"
                        | "comment"
                        | "details"
                        | "injuries"
                        | "casualties"
                        | "date"
                        | "decision"
                )
                || !words.adjacent(idx + 1)
                || !is_verb_start(words.word(idx + 2))
            {
                return None;
            }
            "hardly any"
        }
        "none" => {
            // A bare "none" points back at a set named before it.
            if limited
                || next != "of"
                || previous == "second"
                || words
                    .word(idx + 2)
                    .starts_with(|c: char| c.is_ascii_digit())
            {
                return None;
            }
            "hardly any"
        }
        "nothing" => {
            // Only as a subject: "Nothing the council tried has worked."
            let opens = idx == 0 || words.gap_before(idx).contains([',', ';', ':']);
            if !opens
                || limited
                || matches!(
                    next,
                    "but" | "else" | "less" | "more" | "short" | "new" | "is" | "was"
                )
            {
                return None;
            }
            "little"
        }
        "every" => {
            // "every Monday", "every March": a schedule.
            if limited || is_every_count(next) || !words.adjacent(idx) || words.capitalised(idx + 1)
            {
                return None;
            }
            "almost every"
        }
        "everyone" | "everybody" => {
            if limited || matches!(next, "else" | "knows" | "who") {
                return None;
            }
            if word == "everyone" {
                "almost everyone"
            } else {
                "almost everybody"
            }
        }
        "all" => {
            // Only a subject: "All politicians lie."; not "acquires all
            // shares", "like all methods".
            let opens_clause = idx == 0
                || words.gap_before(idx).contains([',', ';', ':', '(', '—'])
                || matches!(
                    previous,
                    "but"
                        | "yet"
                        | "that"
                        | "because"
                        | "since"
                        | "while"
                        | "whereas"
                        | "although"
                        | "though"
                        | "so"
                );
            if !opens_clause
                || is_all_veto_predecessor(previous)
                || limited
                || !words.adjacent(idx)
                || is_all_veto_follower(next)
                || !words.original(idx + 1).starts_with(char::is_lowercase)
                || words
                    .word(idx + 2)
                    .starts_with(|c: char| c.is_ascii_digit())
            {
                return None;
            }
            "most"
        }
        "entirely" => {
            // "rebuilt it entirely": how much was done, not a claim.
            if limited
                || idx + 1 >= words.len()
                || !words.adjacent(idx)
                || matches!(
                    next,
                    "different"
                        | "new"
                        | "separate"
                        | "of"
                        | "by"
                        | "on"
                        | "in"
                        | "from"
                        | "with"
                        | "within"
                        | "online"
                        | "out"
                )
            {
                return None;
            }
            "largely"
        }
        _ => return None,
    };
    Some((1, softer.to_string()))
}

/// Whether `word` can begin the verb phrase after "No government": an
/// auxiliary or a past or present verb form.
fn is_verb_start(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "have"
            | "had"
            | "is"
            | "was"
            | "are"
            | "were"
            | "can"
            | "will"
            | "did"
            | "does"
            | "do"
            | "ever"
            | "could"
            | "should"
            | "would"
    ) || word.ends_with("ed")
        || (word.ends_with('s') && !word.ends_with("ss"))
}
