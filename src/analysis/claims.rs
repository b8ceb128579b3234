//! Helpers shared by the claim rules: which sentences are claims, the words
//! of a sentence with their byte ranges, and the fixes several rules offer
//! (attribution with `according to [source]`, inserting a softener).
//!
//! Pure text work, like the rest of `analysis`: no LSP types, no I/O.

use std::ops::Range;

use super::sentence::Sentence;
use super::{capitalize_first, Context, Finding, Fix, RuleId, Severity, TextEdit};

/// The placeholder the writer replaces with a named source.
pub const SOURCE: &str = "[source]";

/// The sentences that are flat claims in the writer's own voice (running
/// text, not hedged, not attributed, not a question).
pub fn claim_sentences<'a>(cx: &'a Context<'_>) -> impl Iterator<Item = &'a Sentence> + 'a {
    cx.sentences().iter().filter(|s| s.is_claim())
}

/// The claim sentences not in the first person, with their words: "We
/// surveyed 300 people" and the answers of an interview have their
/// speaker as the source.
pub fn impersonal_claims<'a, 'b>(
    cx: &'a Context<'b>,
) -> impl Iterator<Item = (&'a Sentence, Words<'a>)> + use<'a, 'b> {
    claim_sentences(cx)
        .filter(|s| !s.first_person)
        .map(move |s| (s, cx.words(s)))
}

/// A word lowercased, curly apostrophes made straight; ASCII words, most
/// of them, without the Unicode tables.
/// Appends `word` lowercased, with curly apostrophes made straight.
fn push_lowercase(buffer: &mut String, word: &str) {
    if word.is_ascii() {
        let start = buffer.len();
        buffer.push_str(word);
        buffer[start..].make_ascii_lowercase();
        return;
    }
    for ch in word.chars() {
        if ch == '’' {
            buffer.push('\'');
        } else {
            buffer.extend(ch.to_lowercase());
        }
    }
}

/// The spans of words in `text`: the same as the regex
/// `[\p{L}\p{N}]+(?:(?:['’-]|[.,]\p{N})[\p{L}\p{N}]*)*`, by hand, since it
/// runs over every sentence.
pub(crate) fn word_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut idx = 0;
    std::iter::from_fn(move || {
        let start = super::take_char_where(
            text,
            &mut idx,
            u8::is_ascii_alphanumeric,
            char::is_alphanumeric,
        )?;
        let mut end = idx;
        while let Some(&byte) = bytes.get(idx) {
            if byte.is_ascii_alphanumeric() {
                idx += 1;
                end = idx;
                continue;
            }
            let (ch, len) = super::char_at(text, idx);
            if ch.is_alphanumeric() || matches!(ch, '\'' | '’' | '-') {
                idx += len;
                end = idx;
            } else if matches!(ch, '.' | ',') {
                // Inside a number only: "3,000", "14.2".
                let next = text[idx + 1..].chars().next();
                if next.is_some_and(char::is_numeric) {
                    idx += 1;
                    end = idx;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        Some(start..end)
    })
}

/// The words of every sentence of a chunk, tokenised into buffers shared
/// by all of them: three allocations per chunk rather than three per
/// sentence, which a batch check of many short sentences felt.
pub struct WordTable<'a> {
    text: &'a str,
    /// Each sentence's byte range in `text`, and its words' indices.
    sentences: Vec<(Range<usize>, Range<usize>)>,
    /// Word ranges, relative to their sentence.
    spans: Vec<Range<usize>>,
    /// `text` in ASCII lower case (same byte offsets), followed by the
    /// lowercased non-ASCII words (curly apostrophes made straight);
    /// `lower[idx]` is where word `idx` lies in it.
    lower_text: String,
    lower: Vec<Range<u32>>,
}

impl<'a> WordTable<'a> {
    /// The words of the sentences of `text` at `sentences`.
    pub fn new(text: &'a str, sentences: impl IntoIterator<Item = Range<usize>>) -> WordTable<'a> {
        // Sized for a word every five bytes or so, so that the vectors are
        // allocated once, not grown.
        let mut table = WordTable {
            text,
            sentences: Vec::new(),
            spans: Vec::with_capacity(text.len() / 5 + 4),
            lower_text: text.to_ascii_lowercase(),
            lower: Vec::with_capacity(text.len() / 5 + 4),
        };
        for range in sentences {
            let sentence = &text[range.clone()];
            let first = table.spans.len();
            for span in word_spans(sentence) {
                let word = &sentence[span.clone()];
                let lower = if word.is_ascii() {
                    (range.start + span.start) as u32..(range.start + span.end) as u32
                } else {
                    let start = table.lower_text.len();
                    push_lowercase(&mut table.lower_text, word);
                    start as u32..table.lower_text.len() as u32
                };
                table.spans.push(span);
                table.lower.push(lower);
            }
            table.sentences.push((range, first..table.spans.len()));
        }
        table
    }

    /// The words of sentence `idx`.
    pub fn words(&self, idx: usize) -> Words<'_> {
        let (range, words) = self.sentences[idx].clone();
        Words {
            text: &self.text[range],
            spans: &self.spans[words.clone()],
            lower_text: &self.lower_text,
            lower: &self.lower[words],
        }
    }
}

/// The words of a sentence: runs of letters and digits with inner
/// apostrophes, hyphens, full stops and commas between digits ("3,000",
/// "14.2", "don't", "well-known"). A view into a [`WordTable`].
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub text: &'a str,
    /// Byte ranges into `text`.
    pub spans: &'a [Range<usize>],
    lower_text: &'a str,
    lower: &'a [Range<u32>],
}

impl<'a> Words<'a> {
    /// The lowercased words in order.
    pub fn lower(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|idx| self.word(idx))
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The lowercased word at `idx`, or "" past either end.
    pub fn word(&self, idx: usize) -> &str {
        self.lower.get(idx).map_or("", |range| {
            &self.lower_text[range.start as usize..range.end as usize]
        })
    }

    /// The lowercased word `back` places before `idx`, or "".
    pub fn before(&self, idx: usize, back: usize) -> &str {
        idx.checked_sub(back).map_or("", |i| self.word(i))
    }

    /// The word at `idx` as written.
    pub fn original(&self, idx: usize) -> &'a str {
        self.spans.get(idx).map_or("", |r| &self.text[r.clone()])
    }

    /// The text between word `idx - 1` (or the sentence start) and `idx`.
    pub fn gap_before(&self, idx: usize) -> &'a str {
        let start = if idx == 0 { 0 } else { self.spans[idx - 1].end };
        let end = self.spans.get(idx).map_or(self.text.len(), |r| r.start);
        &self.text[start..end]
    }

    /// Whether words `idx` and `idx + 1` are separated by white space only.
    pub fn adjacent(&self, idx: usize) -> bool {
        idx + 1 < self.len() && self.gap_before(idx + 1).chars().all(char::is_whitespace)
    }

    /// Whether the word at `idx` starts with a capital letter.
    pub fn capitalised(&self, idx: usize) -> bool {
        self.original(idx).starts_with(char::is_uppercase)
    }

    /// The index of the word that starts at byte `start`, if any.
    pub fn index_at(&self, start: usize) -> Option<usize> {
        self.spans.binary_search_by_key(&start, |r| r.start).ok()
    }

    /// The index of the word that holds byte `byte_idx`, if any.
    pub fn index_containing(&self, byte_idx: usize) -> Option<usize> {
        let idx = self.spans.partition_point(|r| r.end <= byte_idx);
        self.spans
            .get(idx)
            .is_some_and(|r| r.start <= byte_idx)
            .then_some(idx)
    }

    /// The index of the first word that starts at or after byte
    /// `byte_idx` (the number of words when there is none).
    pub fn first_from(&self, byte_idx: usize) -> usize {
        self.spans.partition_point(|r| r.start < byte_idx)
    }

    /// Whether the word at `idx` opens its sentence, ignoring leading
    /// markup and quotation marks.
    pub fn starts_sentence(&self, idx: usize) -> bool {
        idx == 0
    }
}

/// Negators that make a following quantifier, cause or evaluation a denial
/// or a limit rather than a flat claim.
pub fn is_negator(word: &str) -> bool {
    matches!(
        word,
        "not" | "never" | "no" | "hardly" | "scarcely" | "barely" | "nor" | "without"
    ) || word.ends_with("n't")
}

/// Function words: articles, pronouns, prepositions, conjunctions,
/// auxiliaries. A content word is any other word.
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// Sorted for binary search.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "ago", "all", "along", "also", "although",
    "am", "among", "an", "and", "another", "any", "are", "around", "as", "at", "be", "because",
    "been", "before", "behind", "being", "below", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "down", "during", "each", "either", "else", "enough", "even", "ever",
    "every", "few", "for", "from", "had", "has", "have", "he", "her", "here", "hers", "him", "his",
    "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "less", "like",
    "many", "may", "me", "might", "more", "most", "much", "must", "my", "near", "neither", "no",
    "nor", "not", "now", "of", "off", "on", "once", "one", "only", "onto", "or", "other", "our",
    "out", "over", "own", "per", "same", "she", "should", "since", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "though",
    "through", "thus", "to", "too", "toward", "towards", "under", "until", "up", "upon", "us",
    "very", "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
    "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you",
    "your",
];

/// Copulas and the verbs that link a subject to an evaluation.
pub fn is_copula(word: &str) -> bool {
    matches!(
        word,
        "is" | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "being"
            | "remains"
            | "remained"
            | "remain"
            | "became"
            | "becomes"
            | "become"
            | "proved"
            | "proves"
            | "proven"
            | "looks"
            | "looked"
            | "it's"
            | "that's"
            | "this's"
            | "he's"
            | "she's"
            | "they're"
    )
}

/// Words that stand for a time or a length: a number before one is a
/// date, a duration or a measurement, not a statistic.
pub fn is_unit(word: &str) -> bool {
    matches!(
        word.trim_end_matches('s'),
        "second"
            | "minute"
            | "hour"
            | "day"
            | "night"
            | "week"
            | "weekend"
            | "month"
            | "year"
            | "decade"
            | "century"
            | "centurie"
            | "season"
            | "time"
            | "am"
            | "pm"
            | "a.m"
            | "p.m"
            | "o'clock"
            | "km"
            | "kilometre"
            | "kilometer"
            | "mile"
            | "metre"
            | "meter"
            | "m"
            | "cm"
            | "mm"
            | "ft"
            | "feet"
            | "foot"
            | "inche"
            | "inch"
            | "yard"
            | "degree"
            | "page"
            | "chapter"
            | "episode"
            | "round"
            | "lap"
            | "inning"
            | "game"
            | "match"
            | "set"
            | "goal"
            | "point"
            | "step"
    )
}

/// The byte offset inside `sentence_text` before which an attribution is
/// inserted, and the edit replacement: before the final punctuation, or
/// at the end of a sentence without one. A sentence that ends inside a
/// closing quotation mark (`was "a disaster."`) gets the attribution after
/// the quotation, with the full stop turned into a comma inside it.
fn attribution_edit(sentence_text: &str, sentence_start: usize, phrase: &str) -> TextEdit {
    let content_end = sentence_text.trim_end().len();
    let trimmed = &sentence_text[..content_end];
    let without_closers = trimmed.trim_end_matches(['"', '”', '’', '\'', ')', ']', '*', '_']);
    let closers = &trimmed[without_closers.len()..];
    let body = without_closers.trim_end_matches(['.', '!', '?', '…', ';', ':', ',']);
    let punctuation = &without_closers[body.len()..];
    let ends_in_quote = closers.contains(['"', '”']);
    if ends_in_quote && punctuation == "." {
        return TextEdit {
            range: sentence_start + body.len()..sentence_start + trimmed.len(),
            replacement: format!(",{closers} {phrase}."),
        };
    }
    if ends_in_quote {
        return TextEdit {
            range: sentence_start + trimmed.len()..sentence_start + trimmed.len(),
            replacement: format!(", {phrase}"),
        };
    }
    let at = sentence_start + body.len();
    TextEdit {
        range: at..at,
        replacement: format!(", {phrase}"),
    }
}

/// The preferred fix of SPEC §1.2: `, according to [source]` before the
/// sentence's final punctuation.
pub fn attribution_fix(text: &str, sentence: &Sentence) -> Fix {
    let phrase = format!("according to {SOURCE}");
    let edit = attribution_edit(&text[sentence.range.clone()], sentence.range.start, &phrase);
    Fix {
        title: format!("Attribute: add \"{phrase}\""),
        edits: vec![edit].into(),
    }
}

/// A fix that replaces `range` (the flagged words) with `replacement`,
/// capitalised when `range` opens the sentence.
pub fn replace_fix(
    title: impl Into<String>,
    text: &str,
    sentence: &Sentence,
    range: Range<usize>,
    replacement: &str,
) -> Fix {
    let replacement = if range.start == sentence.range.start
        && text[range.clone()].starts_with(char::is_uppercase)
    {
        capitalize_first(replacement)
    } else {
        replacement.to_string()
    };
    Fix::replace(title, range, replacement)
}

/// A fix that puts `word` (a softener such as "partly") in front of the
/// words at `range`, moving the sentence's capital letter onto it.
pub fn insert_before_fix(
    title: impl Into<String>,
    text: &str,
    sentence: &Sentence,
    range: Range<usize>,
    word: &str,
) -> Fix {
    let flagged = &text[range.clone()];
    let first_word_end = flagged
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(flagged.len());
    let first_word = &flagged[..first_word_end];
    let opens = range.start == sentence.range.start && first_word.starts_with(char::is_uppercase);
    // Lower the old first word unless it is "I" or an all-capital acronym.
    let keeps_capital = first_word.len() > 1 && first_word.chars().all(char::is_uppercase);
    let (inserted, rest) = if opens && !keeps_capital && first_word != "I" {
        let mut chars = first_word.chars();
        let lowered: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        (capitalize_first(word), lowered)
    } else if opens {
        (capitalize_first(word), first_word.to_string())
    } else {
        (word.to_string(), first_word.to_string())
    };
    Fix::replace(
        title,
        range.start..range.start + first_word_end,
        format!("{inserted} {rest}"),
    )
}

/// A claim finding with the usual severity.
pub fn finding(rule: RuleId, range: Range<usize>, message: String, fixes: Vec<Fix>) -> Finding {
    Finding {
        rule,
        range,
        message,
        severity: Severity::Information,
        fixes,
        related: Vec::new(),
        names: Vec::new(),
    }
}

/// The plural of an English noun, for "the worst decision" → "one of the
/// worst decisions".
pub fn plural(noun: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("man", "men"),
        ("woman", "women"),
        ("person", "people"),
        ("child", "children"),
        ("foot", "feet"),
        ("mouse", "mice"),
        ("crisis", "crises"),
        ("analysis", "analyses"),
        ("thesis", "theses"),
        ("criterion", "criteria"),
        ("phenomenon", "phenomena"),
    ];
    let lower = noun.to_lowercase();
    for (singular, plural) in IRREGULAR {
        if lower.ends_with(singular) {
            return format!("{}{}", &noun[..noun.len() - singular.len()], plural);
        }
    }
    let consonant_y = noun.ends_with('y')
        && noun
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| !"aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| noun.ends_with(e))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

/// The third-person singular of a verb form that may follow a plural
/// subject: "say" → "says", "have argued" → "has argued"; past forms stay.
pub fn singular_verb(verb: &str) -> String {
    let (first, rest) = match verb.split_once(' ') {
        Some((first, rest)) => (first, Some(rest)),
        None => (verb, None),
    };
    let lower = first.to_lowercase();
    let singular = match lower.as_str() {
        "have" => "has".to_string(),
        "are" => "is".to_string(),
        "were" => "was".to_string(),
        "do" => "does".to_string(),
        _ if lower.ends_with("ed") || is_irregular_past(&lower) || lower.ends_with('s') => {
            first.to_string()
        }
        _ if lower.ends_with('y') && !lower.ends_with("ay") && !lower.ends_with("ey") => {
            format!("{}ies", &first[..first.len() - 1])
        }
        _ if ["ch", "sh", "x", "ss", "o"]
            .iter()
            .any(|e| lower.ends_with(e)) =>
        {
            format!("{first}es")
        }
        _ => format!("{first}s"),
    };
    match rest {
        Some(rest) => format!("{singular} {rest}"),
        None => singular,
    }
}

fn is_irregular_past(verb: &str) -> bool {
    matches!(
        verb,
        "said" | "thought" | "felt" | "held" | "saw" | "knew" | "told" | "wrote" | "found"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_spans_match_the_word_pattern() {
        let regex =
            regex::Regex::new(r"[\p{L}\p{N}]+(?:(?:['’-]|[.,]\p{N})[\p{L}\p{N}]*)*").unwrap();
        for text in [
            "More than 3,000 people; 14.2% don't. well--known students' end-",
            "Zurbarán’s 1.5.6 a.b, c,d 10,000, 2019. Москва 東京 x-ray — dash",
            "'quoted' -lead 3.14159 and 1,2,3 ,5 .5",
        ] {
            let by_hand: Vec<_> = word_spans(text).collect();
            let by_regex: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(by_hand, by_regex, "{text}");
        }
    }

    #[test]
    fn plural_of_nouns() {
        assert_eq!(plural("decision"), "decisions");
        assert_eq!(plural("policy"), "policies");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("crisis"), "crises");
        assert_eq!(plural("chairwoman"), "chairwomen");
        assert_eq!(plural("speech"), "speeches");
    }

    #[test]
    fn singular_verbs() {
        assert_eq!(singular_verb("say"), "says");
        assert_eq!(singular_verb("said"), "said");
        assert_eq!(singular_verb("have argued"), "has argued");
        assert_eq!(singular_verb("worry"), "worries");
        assert_eq!(singular_verb("agree"), "agrees");
        assert_eq!(singular_verb("thought"), "thought");
    }

    #[test]
    fn attribution_goes_before_final_punctuation() {
        let edit = attribution_edit("It rose.", 0, "according to [source]");
        assert_eq!(edit.range, 7..7);
        let edit = attribution_edit("It was \"a disaster.\"", 0, "according to X");
        assert_eq!(edit.replacement, ",\" according to X.");
        let edit = attribution_edit("It rose", 0, "according to X");
        assert_eq!(edit.range, 7..7);
    }

    #[test]
    fn words_keep_figures_whole() {
        let text = "More than 3,000 people; 14.2% don't. Ça coûte 3 €.";
        let table = WordTable::new(text, [0..36, 37..text.len()]);
        let words = table.words(0);
        assert_eq!(
            words.lower().collect::<Vec<_>>(),
            ["more", "than", "3,000", "people", "14.2", "don't"]
        );
        let words = table.words(1);
        assert_eq!(words.lower().collect::<Vec<_>>(), ["ça", "coûte", "3"]);
        assert_eq!(words.original(1), "coûte");
        assert_eq!(words.spans[2], 11..12);
    }
}
