//! `claim.unsourced-figure`: a statistic with no source in its sentence.
//!
//! "Unemployment rose to 14.2% last year." and "More than 3,000 people were
//! detained." give the reader a number to trust; a copy desk asks where it
//! comes from. The rule flags percentages, sums of money, figures with a
//! scale word ("2.5 million"), decimals, numbers with thousands separators,
//! and counts of ten or more of something ("41 dead", "300 protesters"),
//! in a sentence with no attribution and no attached citation.
//!
//! Not flagged: years and dates ("in 2019", "March 3"), times, ordinals
//! ("21st"), labels and section numbers ("section 3.2", "No. 10", "Route
//! 66", "Windows 10"), versions and identifiers ("the 1.7.0 release",
//! "merge 7063693"), durations and lengths ("for 20 years", "5 km"),
//! ages ("aged 45", "a 45-year-old"), scores ("won 3-1"), definite
//! definitional counts ("the 27 member states"), numbers written as words
//! ("one of the", "three parties"), and any figure in a hedged or
//! attributed sentence or one with a citation attached.
//!
//! Fix: append `, according to [source]` before the final punctuation.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::claims::{attribution_fix, finding, impersonal_claims, is_unit, Words};
use crate::analysis::lexicon::WordSet;
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

pub struct ClaimUnsourcedFigure;

/// A figure: optional currency, digits with separators and decimals, then
/// an optional percent or scale word.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?:US|A|C|NZ|HK)?[$£€¥₹]\s?)?(?-u:\b)\d+(?:[.,]\d+)*(?:\s?(?:%|percent(?-u:\b)|per\s+cent(?-u:\b)|percentage\s+points?(?-u:\b))|(?:\s?(?:million|billion|trillion)(?-u:\b)|(?:bn|mn|m|k)(?-u:\b)))?(?:\s(?:dollars|euros|pounds|yen|rupees|yuan)(?-u:\b))?",
    )
    .expect("valid figure regex")
});

/// Words before a number that make it a label, not a quantity.
static LABELS: WordSet = WordSet::new(&[
    "section",
    "sections",
    "chapter",
    "chapters",
    "article",
    "articles",
    "page",
    "pages",
    "p",
    "pp",
    "figure",
    "fig",
    "table",
    "no",
    "nos",
    "number",
    "item",
    "paragraph",
    "para",
    "clause",
    "line",
    "lines",
    "verse",
    "room",
    "route",
    "flight",
    "platform",
    "gate",
    "level",
    "grade",
    "stage",
    "phase",
    "step",
    "part",
    "volume",
    "vol",
    "issue",
    "episode",
    "season",
    "version",
    "v",
    "model",
    "type",
    "class",
    "rule",
    "option",
    "question",
    "exercise",
    "appendix",
    "box",
    "ward",
    "district",
    "highway",
    "interstate",
    "bus",
    "game",
    "week",
    "day",
    "year",
    "aged",
    "age",
    "ages",
    "act",
    "scene",
    "psalm",
    "band",
    "track",
    "tier",
    "series",
    "unit",
    "block",
    "floor",
    "apartment",
    "suite",
    "studio",
    "channel",
    "row",
    "seat",
    "bill",
    "resolution",
    "amendment",
    "at",
    "by",
    "since",
    "until",
    "till",
    "from",
    "in",
    "on",
    "circa",
    "c",
    "ca",
    "mid",
    "early",
    "late",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "top",
    "under",
    "all",
    "each",
    "both",
    "every",
    "any",
    "first",
    "last",
    "next",
]);

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words after a count that report casualties or arrests: "41 dead".
const TOLL_WORDS: &[&str] = &[
    "dead",
    "killed",
    "injured",
    "wounded",
    "detained",
    "arrested",
    "missing",
    "displaced",
    "hurt",
    "died",
    "evacuated",
];

impl Rule for ClaimUnsourcedFigure {
    fn meta(&self) -> &RuleMeta {
        &RuleMeta {
            id: RuleId("claim.unsourced-figure"),
            summary: "Statistics (percentages, sums, counts) with no source in the sentence.",
            flags: "a statistic with no source in the sentence: \"Unemployment rose to 14.2% last year.\"",
            fixes: "append `, according to [source]`",
            explanation: include_str!("../../../docs/rules/claim.unsourced-figure.md"),
            default_severity: Severity::Information,
            scope: Scope::Chunk,
        }
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for (sentence, words) in impersonal_claims(cx) {
            let text = &cx.prose.masked[sentence.range.clone()];
            for found in FIGURE.find_iter(text) {
                if !is_statistic(text, &words, found.range()) {
                    continue;
                }
                let range =
                    sentence.range.start + found.start()..sentence.range.start + found.end();
                if sentence.is_quoted(&range) {
                    continue;
                }
                let flagged = &cx.text[range.clone()];
                acc.push(finding(
                    self.id(),
                    range,
                    format!("\"{flagged}\" is a figure with no source"),
                    vec![attribution_fix(cx.text, sentence)],
                ));
            }
        }
    }
}

/// Whether the figure at `local` (a range of `text`) is a statistic.
fn is_statistic(text: &str, words: &Words<'_>, local: std::ops::Range<usize>) -> bool {
    let figure = &text[local.clone()];
    let digits_start = local.start + figure.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let before_char = text[..local.start].chars().next_back();
    let after = &text[local.end..];
    let after_char = after.chars().next();
    // Part of a word, a code or an identifier: "G20", "3D", "COVID-19",
    // "1.2.3", "10:30", "3-1", "45-year-old", "#5", "/2".
    if before_char.is_some_and(|c| c.is_alphanumeric() || "-–/#.:_@".contains(c))
        || after_char.is_some_and(|c| c.is_alphanumeric() || "-–/:_".contains(c))
        || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    let Some(word_idx) = words.index_containing(digits_start) else {
        return false;
    };
    let number = words.word(word_idx);
    let previous = words.before(word_idx, 1);
    let previous_original = if word_idx > 0 {
        words.original(word_idx - 1)
    } else {
        ""
    };
    let next_idx = words.first_from(local.end);
    let next = words.word(next_idx);
    let lower = figure.to_lowercase();
    let percent = lower.contains('%') || lower.contains("per");
    let money = figure.contains(['$', '£', '€', '¥', '₹'])
        || ["dollars", "euros", "pounds", "yen", "rupees", "yuan"]
            .iter()
            .any(|c| lower.ends_with(c));
    let scale = ["million", "billion", "trillion", "bn", "mn", "m", "k"]
        .iter()
        .any(|s| lower.trim_end().ends_with(s) && !lower.ends_with("km"));
    // Dates: "March 3", "3 March".
    if MONTHS.contains(&previous) || MONTHS.contains(&next) {
        return false;
    }
    // Labels: "section 3", "Route 66", "No. 10", "the 27 member states".
    let after_capitalised_name = word_idx > 0
        && previous_original.starts_with(char::is_uppercase)
        && !words.starts_sentence(word_idx - 1);
    if (LABELS.contains(previous) || after_capitalised_name) && !(percent || money || scale) {
        return false;
    }
    if previous == "the" || after_capitalised_name && !(percent || money) {
        return false;
    }
    if percent || money || scale {
        return true;
    }
    let value: f64 = number.replace(',', "").parse().unwrap_or(0.0);
    let decimal = number.contains('.');
    let separated = number.contains(',');
    // Years: 4-digit numbers from 1000 to 2099 without a separator.
    if !decimal && !separated && number.len() == 4 && (1000.0..2100.0).contains(&value) {
        return false;
    }
    // Versions and identifiers: "the 1.7.0 release", "merge 7063693"; a
    // count that large is written "7,063,693" or "7 million".
    if number.matches('.').count() >= 2 || (!decimal && !separated && number.len() >= 7) {
        return false;
    }
    if is_unit(next) || next.ends_with("year-old") || next == "years-old" {
        return false;
    }
    if TOLL_WORDS.contains(&next) && value >= 2.0 {
        return true;
    }
    // A count of something: "300 protesters", "3,000 people", "14.2 tonnes".
    let counted = !next.is_empty()
        && words.adjacent(next_idx.saturating_sub(1))
        && words.original(next_idx).starts_with(char::is_lowercase)
        && !crate::analysis::claims::is_function_word(next);
    (separated || decimal || value >= 10.0) && counted
}
