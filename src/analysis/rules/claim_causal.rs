//! `claim.causal`: strong, unhedged causation stated as fact.
//!
//! "The drought caused the collapse." and "The shortage is due to poor
//! planning." name a single cause where there are usually several, and
//! causation is the claim readers most often misread. The rule flags
//! "caused", "causes" and "cause" as verbs, "the (main) cause of", "the
//! (main) reason", "led to", "resulted in", "is due to", "is because
//! (of)", "because of", "as a result of", "owing to", "triggered",
//! "sparked", "brought about", "gave rise to", "stems from" and "is to
//! blame", in a claim in the writer's own voice.
//!
//! Not flagged: hedged causation ("contributed to", "partly because", "may
//! have led to", "one reason", "a cause of", "helped cause"), denials
//! ("did not cause"), doubt in the sentence ("the cause is unclear"),
//! scheduling ("is due to arrive"), nouns ("the causes of the war", "a
//! good cause", "the package's triggers"), the passive "was led to believe", first-person sentences,
//! attributed ones and quotations.
//!
//! Fixes: attribution (`according to [source]`) first; then soften: "in
//! part" ("partly caused", "partly due to"), or "one reason" for "the
//! reason".

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::claims::{
    attribution_fix, finding, impersonal_claims, insert_before_fix, is_negator, replace_fix, Words,
};
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

pub struct ClaimCausal;

/// Degree adverbs that make a cause stronger; the softening fix replaces
/// them with "partly".
const STRONG_ADVERBS: &str =
    "largely|mainly|mostly|entirely|solely|primarily|directly|wholly|simply|only|chiefly|precisely|purely|squarely|clearly";

static CAUSAL: LazyLock<Regex> = LazyLock::new(|| {
    let copula = r"(?:is|are|was|were|be|been|being|it's|that's)";
    let pattern = format!(
        r"(?ix)
        (?-u:\b)(?P<reason>the\s+(?:(?:main|root|real|sole|only|chief|principal|primary|direct|immediate|underlying|ultimate|true|biggest|single\s+biggest)\s+)?(?:cause\s+of|reason))(?-u:\b)
      | (?-u:\b){copula}\s+(?P<copular>(?:(?:{STRONG_ADVERBS})\s+)?(?:due\s+to|owing\s+to|because(?:\s+of)?|(?:the|a)\s+(?:direct\s+)?result\s+of|to\s+blame))(?-u:\b)
      | (?-u:\b)(?P<phrase>(?:(?:{STRONG_ADVERBS})\s+)?(?:caused|causing|causes|cause|led\s+to|leads\s+to|lead\s+to|leading\s+to|resulted\s+in|resulting\s+in|result\s+in|because\s+of|as\s+a\s+(?:direct\s+)?result\s+of|owing\s+to|triggered|triggers|sparked|brought\s+about|gave\s+rise\s+to|gives\s+rise\s+to|give\s+rise\s+to|stems\s+from|stemmed\s+from|stem\s+from))(?-u:\b)"
    );
    Regex::new(&pattern).expect("valid causal regex")
});

/// Words in a sentence that put its cause in doubt.
const DOUBT: &[&str] = &[
    "unclear",
    "unknown",
    "uncertain",
    "disputed",
    "debated",
    "contested",
    "unproven",
    "investigating",
    "investigated",
    "investigation",
];

/// Words before "cause(s)" that make it a noun: "the causes", "a good
/// cause", "environmental causes".
fn is_noun_context(previous: &str) -> bool {
    crate::analysis::claims::is_function_word(previous)
        && !matches!(
            previous,
            "also"
                | "often"
                | "to"
                | "will"
                | "can"
                | "did"
                | "does"
                | "do"
                | "which"
                | "that"
                | "who"
                | "they"
                | "it"
                | "this"
                | "these"
                | "and"
                | "or"
        )
        || previous.ends_with("'s")
        || ["al", "ous", "ive", "ic", "ary", "able", "ful", "ent", "ant"]
            .iter()
            .any(|s| previous.ends_with(s))
        || matches!(
            previous,
            "main"
                | "root"
                | "primary"
                | "real"
                | "common"
                | "leading"
                | "good"
                | "lost"
                | "underlying"
                | "many"
                | "several"
                | "same"
                | "different"
                | "known"
                | "major"
                | "key"
                | "exact"
                | "true"
                | "just"
                | "worthy"
                | "noble"
                | "probable"
                | "likely"
                | "possible"
                | "other"
                | "human"
                | "natural"
                | "immediate"
        )
}

impl Rule for ClaimCausal {
    fn meta(&self) -> &RuleMeta {
        &RuleMeta {
            id: RuleId("claim.causal"),
            summary: "Strong unhedged causation (caused, is due to, was the reason, led to).",
            flags: "strong unhedged causation: \"The drought caused the collapse.\"",
            fixes: "add attribution; \"contributed to\", \"partly caused\"",
            explanation: include_str!("../../../docs/rules/claim.causal.md"),
            default_severity: Severity::Information,
            scope: Scope::Chunk,
        }
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for (sentence, words) in impersonal_claims(cx) {
            let text = &cx.prose.masked[sentence.range.clone()];
            if words.lower().any(|w| DOUBT.contains(&w)) {
                continue;
            }
            for caps in CAUSAL.captures_iter(text) {
                let (kind, matched) = if let Some(m) = caps.name("reason") {
                    (Kind::Reason, m)
                } else if let Some(m) = caps.name("copular") {
                    (Kind::Copular, m)
                } else if let Some(m) = caps.name("phrase") {
                    (Kind::Phrase, m)
                } else {
                    continue;
                };
                let whole = caps.get(0).expect("a match has a whole span");
                let Some(first_word) = words.index_at(matched.start()) else {
                    continue;
                };
                let Some(whole_first) = words.index_at(whole.start()) else {
                    continue;
                };
                if !is_causal_use(&words, kind, first_word, whole_first, matched.as_str()) {
                    continue;
                }
                let range =
                    sentence.range.start + matched.start()..sentence.range.start + matched.end();
                if sentence.is_quoted(&range) {
                    continue;
                }
                let flagged = &cx.text[range.clone()];
                let mut fixes = vec![attribution_fix(cx.text, sentence)];
                fixes.push(softening(cx.text, sentence, range.clone(), kind));
                acc.push(finding(
                    self.id(),
                    range,
                    format!("\"{flagged}\" states a single cause as fact"),
                    fixes,
                ));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// "the (main) reason", "the cause of".
    Reason,
    /// After a copula: "is due to", "was the result of".
    Copular,
    /// A causal verb or preposition: "caused", "led to", "because of".
    Phrase,
}

fn is_causal_use(
    words: &Words<'_>,
    kind: Kind,
    first: usize,
    whole_first: usize,
    matched: &str,
) -> bool {
    let previous = words.before(whole_first, 1);
    let lower = matched.to_lowercase();
    // Denials and limits: "did not cause", "was not due to", "not the
    // reason", "helped cause", "one reason".
    if is_negator(previous)
        || is_negator(words.before(whole_first, 2)) && !words.gap_before(whole_first).contains(',')
        || matches!(previous, "helped" | "help" | "helps" | "partly" | "part")
    {
        return false;
    }
    let last_word = words.word(first + lower.split_whitespace().count() - 1);
    let next = words.word(first + lower.split_whitespace().count());
    match kind {
        Kind::Reason => {
            // "for the reason that", "by reason of", "the reason to".
            let set_phrase = matches!(previous, "for" | "by" | "with" | "of");
            let motive = lower.ends_with("reason") && matches!(next, "to" | "behind");
            !set_phrase && !motive
        }
        Kind::Copular => {
            // "is due to arrive": a schedule, not a cause.
            !(lower.ends_with("due to")
                && matches!(
                    next,
                    "be" | "begin"
                        | "start"
                        | "arrive"
                        | "take"
                        | "open"
                        | "close"
                        | "meet"
                        | "end"
                        | "expire"
                        | "return"
                        | "leave"
                        | "finish"
                        | "launch"
                        | "appear"
                        | "report"
                        | "retire"
                        | "resume"
                        | "sign"
                        | "visit"
                        | "hold"
                        | "go"
                        | "come"
                        | "vote"
                        | "face"
                        | "make"
                        | "give"
                        | "receive"
                        | "stand"
                        | "publish"
                        | "release"
                        | "host"
                        | "play"
                        | "enter"
                        | "run"
                ))
        }
        Kind::Phrase => {
            match last_word {
                // Nouns as well as verbs: "the causes of", "dpkg's triggers".
                "cause" | "causes" | "triggers" => {
                    !is_noun_context(words.before(first, 1))
                        && !matches!(
                            next,
                            "of" | "for" | "and" | "or" | "is" | "are" | "was" | "were" | ""
                        )
                        && !words.capitalised(first)
                }
                "to" if lower.contains("le") => {
                    // "was led to believe": passive; "the lead to": a noun.
                    !matches!(
                        words.before(first, 1),
                        "be" | "been" | "was" | "were" | "is" | "are" | "being" | "the" | "a"
                    )
                }
                "in" if lower.starts_with("result in") => matches!(
                    words.before(first, 1),
                    "will" | "to" | "can" | "did" | "does" | "do" | "which" | "that" | "inevitably"
                ),
                _ => true,
            }
        }
    }
}

/// The softening fix: "one reason" for "the reason", else "partly" in
/// place of a strong adverb or before the causal phrase.
fn softening(
    text: &str,
    sentence: &crate::analysis::sentence::Sentence,
    range: std::ops::Range<usize>,
    kind: Kind,
) -> crate::analysis::Fix {
    let flagged = &text[range.clone()];
    let lower = flagged.to_lowercase();
    if kind == Kind::Reason {
        let replacement = if lower.ends_with("cause of") {
            "one cause of"
        } else {
            "one reason"
        };
        return replace_fix(
            format!("Soften to \"{replacement}\""),
            text,
            sentence,
            range,
            replacement,
        );
    }
    let adverb_end = flagged.find(char::is_whitespace).unwrap_or(flagged.len());
    let first = &lower[..adverb_end];
    if STRONG_ADVERBS.split('|').any(|a| a == first) {
        return replace_fix(
            "Soften with \"partly\"",
            text,
            sentence,
            range.start..range.start + adverb_end,
            "partly",
        );
    }
    insert_before_fix("Soften with \"partly\"", text, sentence, range, "partly")
}
