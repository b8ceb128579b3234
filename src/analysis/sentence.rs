//! Sentences, and what makes a sentence a claim in the writer's own voice.
//!
//! Every claim rule works on these: a sentence is split inside one prose
//! block, never across blocks, and knows whether it is hedged, attributed,
//! a question, a heading or a quotation.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{configured_word_regex, word_regex, ABBREVIATIONS, ATTRIBUTION, HEDGES};
use super::Settings;
use crate::prose::{BlockKind, Prose};

/// One sentence of prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub kind: BlockKind,
    /// Contains a hedge ("may", "likely", "in part", ...).
    pub hedged: bool,
    /// Contains attribution ("said", "according to", a link, a citation).
    pub attributed: bool,
    pub question: bool,
    /// Written in the first person ("I", "we", "my", "our"): the writer
    /// speaks as themselves, so an evaluation is marked as their view.
    /// Only claims ([`Sentence::is_claim`]) are looked at; for any other
    /// sentence this is false.
    pub first_person: bool,
    /// Attribution words and phrases in the sentence ("said", "according
    /// to"), as byte ranges; a rule that flags vague attribution looks
    /// for attribution outside the phrase it flags.
    pub attributions: Vec<Range<usize>>,
    /// A citation, footnote, link or citation mark belongs to the sentence.
    pub cited: bool,
    /// Quotations inside the sentence, including their quote marks.
    pub quotations: Vec<Range<usize>>,
}

impl Sentence {
    /// Whether the sentence is a flat claim in the writer's own voice:
    /// running text, not hedged, not attributed, not a question.
    pub fn is_claim(&self) -> bool {
        self.kind == BlockKind::Paragraph && !self.hedged && !self.attributed && !self.question
    }

    /// Whether `range` lies inside one of the sentence's quotations.
    pub fn is_quoted(&self, range: &Range<usize>) -> bool {
        // Quotations are in order and do not overlap: only the last one
        // that opens at or before the range can hold it.
        let idx = self.quotations.partition_point(|q| q.start <= range.start);
        idx.checked_sub(1)
            .is_some_and(|idx| range.end <= self.quotations[idx].end)
    }
}

static HEDGE: LazyLock<Regex> = LazyLock::new(|| word_regex(HEDGES.iter().copied()));
static ATTRIBUTION_WORDS: LazyLock<Regex> =
    LazyLock::new(|| word_regex(ATTRIBUTION.iter().copied()));
/// First-person words as written: "I", "we", "me", "my", "our", "us",
/// lowercase or capitalised ("US" is the country). A word here is a run of
/// ASCII letters, digits and underscores, so "I'm" and "we're" count. By
/// hand, since a regex for these short words stops at every "me" in
/// "some" and "time".
fn first_person_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut idx = 0;
    std::iter::from_fn(move || {
        while idx < bytes.len() {
            if !is_word(bytes[idx]) {
                idx += 1;
                continue;
            }
            let start = idx;
            while idx < bytes.len() && is_word(bytes[idx]) {
                idx += 1;
            }
            let word = &text[start..idx];
            let first_person = word == "I"
                || (2..=3).contains(&word.len())
                    && word[1..].bytes().all(|b| b.is_ascii_lowercase())
                    && ["we", "me", "my", "our", "us"]
                        .iter()
                        .any(|first| word.eq_ignore_ascii_case(first));
            if first_person {
                return Some(start..idx);
            }
        }
        None
    })
}
/// Citation marks in running text: `[1]`, `[12, 14]`, `(Smith 2020)`,
/// `(Smith et al., 2019: 4)`.
static CITATION_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[\d+(?:[,–-]\s*\d+)*\]|\([A-Z][\p{L}'’-]+(?: et al\.?| and [A-Z][\p{L}'’-]+)?,? (?:1[5-9]|20)\d\d[a-z]?(?:[:,] ?(?:pp?\. ?)?\d+(?:[–-]\d+)?)?\)")
        .expect("valid citation regex")
});

/// Splits every block of `prose` into sentences and classifies them.
pub fn split(prose: &Prose, settings: &Settings) -> Vec<Sentence> {
    let extra_attribution = (!settings.claims.attribution.is_empty())
        .then(|| configured_word_regex(&settings.claims.attribution));
    let mut sentences = Vec::new();
    for (block_idx, block) in prose.blocks.iter().enumerate() {
        let block_text = prose.block_text(block);
        // A citation mark right after the block's last words ("fell.[^1]",
        // "\\cite{x}.") still belongs to its last sentence.
        let line_end = prose.masked[block.range.end..]
            .find(['\n', '\r'])
            .map_or(prose.masked.len(), |idx| block.range.end + idx);
        let next_block = prose
            .blocks
            .get(block_idx + 1)
            .map_or(prose.masked.len(), |b| b.range.start);
        let block_tail = line_end.min(next_block).max(block.range.end);
        let local_ranges = sentence_ranges(block_text);
        // Each cue is searched once per block, not once per sentence: a
        // search has a fixed cost that short sentences would pay many
        // times. No cue spans a sentence end, so a sentence has a cue
        // when a match lies within it.
        let hedges = Matches::new(HEDGE.find_iter(block_text).map(|m| m.range()));
        let citations = Matches::new(CITATION_MARK.find_iter(block_text).map(|m| m.range()));
        let mut block_attributions: Vec<Range<usize>> = attribution_spans(block_text)
            .chain(
                extra_attribution
                    .iter()
                    .flat_map(|r| r.find_iter(block_text).map(|m| m.range())),
            )
            .collect();
        block_attributions.sort_by_key(|r| r.start);
        let block_attributions = Matches(block_attributions);
        for (idx, local) in local_ranges.iter().enumerate() {
            let range = block.range.start + local.start..block.range.start + local.end;
            let text = &prose.masked[range.clone()];
            let window_end = local_ranges
                .get(idx + 1)
                .map_or(block_tail, |next| block.range.start + next.start);
            let cited = prose
                .citations
                .iter()
                .any(|c| c.start < window_end && range.start < c.end);
            let cited = cited || citations.any_within(local);
            let attributions: Vec<Range<usize>> = block_attributions
                .within(local)
                .map(|r| block.range.start + r.start..block.range.start + r.end)
                .collect();
            let attributed = cited || !attributions.is_empty();
            let quotations = quotations(text)
                .into_iter()
                .map(|q| range.start + q.start..range.start + q.end)
                .collect();
            let mut sentence = Sentence {
                kind: block.kind,
                hedged: hedges.any_within(local),
                attributed,
                first_person: false,
                attributions,
                cited,
                question: text.trim_end_matches(CLOSERS).ends_with('?'),
                quotations,
                range,
            };
            // Only claims need it, and a sentence starts and ends beside
            // white space or the block's ends, so its words are the
            // block's.
            sentence.first_person =
                sentence.is_claim() && first_person_words(text).next().is_some();
            sentences.push(sentence);
        }
    }
    sentences
}

/// Match ranges in a block, sorted by start.
struct Matches(Vec<Range<usize>>);

impl Matches {
    fn new(ranges: impl Iterator<Item = Range<usize>>) -> Matches {
        Matches(ranges.collect())
    }

    /// The matches that lie within `range`.
    fn within<'a>(&'a self, range: &'a Range<usize>) -> impl Iterator<Item = &'a Range<usize>> {
        let first = self.0.partition_point(|m| m.start < range.start);
        self.0[first..]
            .iter()
            .take_while(move |m| m.start < range.end)
            .filter(move |m| m.end <= range.end)
    }

    fn any_within(&self, range: &Range<usize>) -> bool {
        self.within(range).next().is_some()
    }
}

/// The attribution words of `text`, leaving out "say" in set phrases
/// ("needless to say", "that is to say").
fn attribution_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    ATTRIBUTION_WORDS
        .find_iter(text)
        .filter(|found| {
            let set_phrase = found.as_str().eq_ignore_ascii_case("say")
                && text[..found.start()].trim_end().ends_with(" to");
            !set_phrase
        })
        .map(|found| found.range())
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '*', '_'];

/// Sentence ranges within `text`, trimmed of surrounding white space.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    const ELLIPSIS: &[u8] = "…".as_bytes();
    let bytes = text.as_bytes();
    let terminal_at = |idx: usize| -> Option<(char, usize)> {
        match bytes[idx] {
            b'.' => Some(('.', 1)),
            b'!' => Some(('!', 1)),
            b'?' => Some(('?', 1)),
            0xE2 if bytes[idx..].starts_with(ELLIPSIS) => Some(('…', ELLIPSIS.len())),
            _ => None,
        }
    };
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut idx = 0;
    // Bytes, not chars: every terminal and closing mark but "…" and the
    // curly quotes is ASCII, and no other char's encoding contains them.
    while idx < bytes.len() {
        let Some((ch, len)) = terminal_at(idx) else {
            idx += 1;
            continue;
        };
        // Take the rest of the punctuation run and any closing marks.
        let mut end = idx + len;
        while end < bytes.len() {
            if let Some((_, len)) = terminal_at(end) {
                end += len;
                continue;
            }
            let (next, len) = super::char_at(text, end);
            if !CLOSERS.contains(&next) {
                break;
            }
            end += len;
        }
        let at = idx;
        idx = end;
        let rest = &text[end..];
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() && !rest.is_empty() {
            continue; // "14.2", "U.S.-led", "e.g.," : no space, no break.
        }
        if ch == '.' && !after_space.is_empty() && is_abbreviation(&text[start..at], after_space) {
            continue;
        }
        if let Some(first) = after_space.chars().next() {
            if first.is_lowercase() {
                continue;
            }
        }
        push_trimmed(&mut ranges, text, start..end);
        start = end;
    }
    push_trimmed(&mut ranges, text, start..text.len());
    ranges
}

fn push_trimmed(ranges: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start < end {
        ranges.push(start..end);
    }
}

/// Whether the full stop after `before` belongs to an abbreviation rather
/// than ending the sentence.
fn is_abbreviation(before: &str, after: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    // Lowercased without allocating for the usual short ASCII word: this
    // runs at every full stop.
    let mut buffer = [0u8; 16];
    let lower: std::borrow::Cow<str> = if word.is_ascii() && word.len() <= buffer.len() {
        let buffer = &mut buffer[..word.len()];
        buffer.copy_from_slice(word.as_bytes());
        buffer.make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(buffer).expect("ASCII is UTF-8"))
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    };
    if ABBREVIATIONS.contains(&lower) {
        return true;
    }
    // Initials ("J. K. Rowling") and dotted abbreviations ("U.S.").
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') && letters <= 4 {
        // "U.S. officials" goes on; "in the U.S. The" is ambiguous and kept
        // together, which can only hide a claim, never invent one.
        return true;
    }
    // "No. 10", "pp. 4".
    matches!(&*lower, "no" | "nos" | "p" | "pp" | "art" | "para")
        && after.starts_with(|c: char| c.is_ascii_digit())
}

/// Spans between matching double quotation marks (straight or curly),
/// including the marks.
fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    // Most sentences quote nothing: look for '"' or the lead byte of the
    // curly marks before walking the chars.
    if !text.bytes().any(|b| b == b'"' || b == 0xE2) {
        return spans;
    }
    let mut open: Option<usize> = None;
    for (idx, ch) in text.char_indices() {
        match (ch, open) {
            ('“', _) => open = Some(idx),
            ('”', Some(start)) => {
                spans.push(start..idx + ch.len_utf8());
                open = None;
            }
            // A closing mark with no opening one: the quotation began in an
            // earlier sentence.
            ('”', None) if spans.is_empty() => spans.push(0..idx + ch.len_utf8()),
            ('"', None) => open = Some(idx),
            ('"', Some(start)) => {
                spans.push(start..idx + 1);
                open = None;
            }
            _ => {}
        }
    }
    // An opening mark with no close runs to the end of the sentence: the
    // quotation goes on into the next one.
    if let Some(start) = open {
        spans.push(start..text.len());
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_terminal_runs_and_closing_marks() {
        let cases: &[(&str, &[&str])] = &[
            (
                "It fell… Then it rose! Did it? “Yes.” No.",
                &["It fell…", "Then it rose!", "Did it?", "“Yes.”", "No."],
            ),
            (
                "The U.S. team won 14.2 points. Dr. Smith agreed (mostly). e.g. this",
                // A lower-case word never opens a sentence.
                &[
                    "The U.S. team won 14.2 points.",
                    "Dr. Smith agreed (mostly). e.g. this",
                ],
            ),
            (
                "Wait... what? Zürich voted!?! Ёлка ok. Done",
                &["Wait... what?", "Zürich voted!?!", "Ёлка ok.", "Done"],
            ),
            ("  Trailing space.  ", &["Trailing space."]),
        ];
        for (text, expected) in cases {
            let got: Vec<&str> = sentence_ranges(text)
                .into_iter()
                .map(|range| &text[range])
                .collect();
            assert_eq!(&got, expected, "{text}");
        }
    }

    #[test]
    fn first_person_is_marked_on_claims_only() {
        let text =
            "We won. They say we lost. I think it failed. Our plan worked (mostly). The US won.\n";
        let prose = crate::prose::extract(text, crate::prose::DocKind::Markdown);
        let marked: Vec<(&str, bool, bool)> = split(&prose, &Settings::default())
            .iter()
            .map(|s| (&prose.masked[s.range.clone()], s.is_claim(), s.first_person))
            .collect();
        assert_eq!(
            marked,
            [
                ("We won.", true, true),
                ("They say we lost.", false, false),
                ("I think it failed.", false, false),
                ("Our plan worked (mostly).", true, true),
                ("The US won.", true, false),
            ]
        );
    }

    #[test]
    fn first_person_words_match_the_word_pattern() {
        let regex =
            Regex::new(r"(?-u:\b)(?:I|I'm|I’m|I've|I’ve|[Ww]e|[Mm]e|[Mm]y|[Oo]ur|[Uu]s)(?-u:\b)")
                .unwrap();
        for text in [
            "I think we're right; some time ago my team told us so.",
            "Our US office, the U.S. and Me. WE, OUR, Us, us-led, I'm, I’ve, iPhone.",
            "meme, Mystery, ours, use, focus, i, I2, we_us, émy, usé, 'we'",
        ] {
            let by_hand: Vec<_> = first_person_words(text).collect();
            let by_regex: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(by_hand, by_regex, "{text}");
        }
    }
}
