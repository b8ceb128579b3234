//! `claim.weasel`: vague attribution in place of a source.
//!
//! "Many believe the vote was rigged.", "Critics say the deal is weak.",
//! "It is widely thought that ..." and "Experts agree ..." sound sourced
//! but name no one the reader could check. The rule flags:
//!
//! - a vague plural subject ("critics", "experts", "many", "some people",
//!   "studies", "research") at the start of a clause, before a verb of
//!   saying or thinking ("say", "believe", "argue", "agree", "have shown");
//! - the impersonal passive: "it is (widely) believed/said/thought that";
//! - a passive with a vague adverb: "is widely regarded as", "is often
//!   described as", "is generally considered";
//! - "is said/believed/thought to be";
//! - "according to some", "by many accounts".
//!
//! Not flagged: named sources ("Critics such as Ann Lee say", "Experts at
//! the IMF say", "The critics we spoke to say"), definite groups ("the
//! experts", "these critics"), a sentence that also has real attribution
//! or a citation, questions, headings, quotations, and names ("is known
//! as", "is called"). A hedge does not excuse a vague source, so hedged
//! sentences are checked too.
//!
//! Fix: name the source: "Critics say" → "[source] says", "It is widely
//! thought that" → "According to [source],", "is widely regarded as" → "is
//! regarded by [source] as".

use std::ops::Range;
use std::sync::LazyLock;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use regex::Regex;

use crate::analysis::claims::{finding, replace_fix, singular_verb, Words, SOURCE};

use crate::analysis::lexicon::{WordHasher, WordSet};
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::sentence::Sentence;
use crate::analysis::{Context, Finding, Fix, Rule, RuleId, Severity};
use crate::prose::BlockKind;

pub struct ClaimWeasel;

/// Plural nouns that stand for an unnamed group of sources.
static VAGUE_SOURCES: WordSet = WordSet::new(&[
    "critics",
    "experts",
    "observers",
    "analysts",
    "commentators",
    "scholars",
    "historians",
    "scientists",
    "researchers",
    "economists",
    "people",
    "sources",
    "supporters",
    "opponents",
    "detractors",
    "skeptics",
    "sceptics",
    "pundits",
    "insiders",
    "academics",
    "theorists",
    "specialists",
    "proponents",
    "advocates",
    "fans",
    "studies",
    "research",
    "reports",
    "surveys",
    "polls",
    "others",
    "authorities",
    "doctors",
    "psychologists",
    "linguists",
    "philosophers",
    "writers",
    "journalists",
    "insiders",
]);

/// Quantifiers that may be a vague subject on their own ("Many believe").
const VAGUE_PRONOUNS: &[&str] = &["many", "some", "most", "others"];

/// Words that may stand in front of a vague noun inside its subject.
static SUBJECT_MODIFIERS: WordSet = WordSet::new(&[
    "many",
    "some",
    "most",
    "several",
    "various",
    "numerous",
    "countless",
    "a",
    "number",
    "of",
    "lot",
    "growing",
    "large",
    "increasing",
    "majority",
    "leading",
    "prominent",
    "independent",
    "western",
    "local",
    "other",
    "top",
    "senior",
    "foreign",
    "military",
    "political",
    "legal",
    "medical",
    "recent",
    "previous",
    "earlier",
    "scientific",
    "academic",
    "industry",
    "market",
    "security",
    "outside",
    "respected",
    "certain",
    "plenty",
]);

/// Verbs of saying, thinking and showing, in plural present and past forms.
static VERBS: WordSet = WordSet::new(&[
    "say",
    "said",
    "believe",
    "believed",
    "think",
    "thought",
    "argue",
    "argued",
    "claim",
    "claimed",
    "contend",
    "contended",
    "maintain",
    "maintained",
    "suggest",
    "suggested",
    "feel",
    "felt",
    "fear",
    "feared",
    "agree",
    "agreed",
    "insist",
    "insisted",
    "consider",
    "considered",
    "assert",
    "asserted",
    "allege",
    "alleged",
    "note",
    "noted",
    "warn",
    "warned",
    "worry",
    "worried",
    "predict",
    "predicted",
    "speculate",
    "speculated",
    "accuse",
    "accused",
    "describe",
    "described",
    "regard",
    "regarded",
    "view",
    "viewed",
    "doubt",
    "doubted",
    "complain",
    "complained",
    "charge",
    "charged",
    "criticize",
    "criticized",
    "criticise",
    "criticised",
    "acknowledge",
    "acknowledged",
    "recognize",
    "recognized",
    "recognise",
    "recognised",
    "accept",
    "accepted",
    "show",
    "shows",
    "showed",
    "shown",
    "indicate",
    "indicates",
    "indicated",
    "prove",
    "proves",
    "proved",
    "find",
    "finds",
    "found",
    "suggests",
    "says",
    "claims",
    "argues",
    "believes",
    "thinks",
    "point",
    "pointed",
    "estimate",
    "estimated",
    "hold",
    "held",
    "reckon",
    "reckoned",
    "see",
    "saw",
    "question",
    "questioned",
    "dispute",
    "disputed",
    "concede",
    "conceded",
    "contend",
    "expect",
    "expected",
    "attribute",
    "attributed",
    "blame",
    "blamed",
    "call",
    "called",
    "praise",
    "praised",
]);

/// Auxiliaries that may stand between a subject and its verb.
static AUXILIARIES: WordSet = WordSet::new(&[
    "have",
    "has",
    "had",
    "would",
    "will",
    "do",
    "did",
    "does",
    "also",
    "often",
    "still",
    "now",
    "long",
    "widely",
    "generally",
    "increasingly",
    "even",
    "already",
    "may",
    "might",
    "could",
    "can",
    "must",
    "tend",
    "to",
    "continue",
    "always",
    "sometimes",
    "privately",
    "openly",
    "publicly",
    "frequently",
    "commonly",
    "largely",
    "broadly",
    "repeatedly",
    "been",
]);

/// Words that open a clause, after which a subject may start.
const CLAUSE_OPENERS: &[&str] = &[
    "and", "but", "yet", "while", "although", "though", "as", "that", "because", "since", "so",
    "whereas", "where", "when", "however", "which", "what",
];

/// Determiners that make a group definite: "the critics", "these experts".
const DEFINITE: &[&str] = &[
    "the", "these", "those", "this", "that", "his", "her", "its", "their", "our", "my", "your",
    "such", "both", "all", "whose",
];

const VAGUE_ADVERBS: &str = "widely|generally|commonly|often|sometimes|frequently|popularly|universally|broadly|increasingly|traditionally|usually|long|largely|typically|variously";

const PASSIVE_VERBS: &str = "regarded|considered|believed|thought|seen|viewed|held|recognized|recognised|acknowledged|accepted|described|said|cited|reported|credited|praised|criticized|criticised|touted|hailed|deemed|perceived|understood|assumed|acclaimed|blamed|labelled|labeled|characterized|characterised|portrayed|reputed|claimed|argued|agreed|suggested|alleged|feared|rumored|rumoured";

/// The attribution patterns, in the order of [`Pattern`].
fn patterns() -> [String; 5] {
    [
        format!(
            r"(?i)(?-u:\b)it\s+(?:is|was|has\s+(?:long\s+)?been|had\s+(?:long\s+)?been)\s+(?:(?:{VAGUE_ADVERBS}|also|now)\s+)?(?:{PASSIVE_VERBS}|known)(?-u:\b)(?:\s+that(?-u:\b))?\s*"
        ),
        format!(
            r"(?i)(?-u:\b)(?:is|are|was|were|be|been|being)\s+(?P<adverb>(?:{VAGUE_ADVERBS})(?:\s+(?:{VAGUE_ADVERBS}))?)\s+(?P<verb>{PASSIVE_VERBS})(?-u:\b)"
        ),
        r"(?i)(?-u:\b)(?:is|are|was|were)\s+(?P<verb>said|believed|thought|rumou?red|alleged|claimed|reputed|understood|considered|feared)\s+to\s+(?:be|have)(?-u:\b)".to_string(),
        r"(?i)(?-u:\b)(?:is|are|was|were)\s+(?P<verb>considered|regarded|seen|viewed|perceived|deemed)\s+(?:to\s+be\s+|as\s+)?(?:one|a|an|the|among)(?-u:\b)".to_string(),
        r"(?i)(?-u:\b)(?:according\s+to|by)\s+(?P<who>some\s+accounts|many\s+accounts|most\s+accounts|all\s+accounts|some\s+estimates|many\s+estimates|some\s+reports|some|many|most|critics|experts|observers|analysts|commentators|sources)(?-u:\b)".to_string(),
    ]
}

/// Which pattern: an index into [`patterns`].
#[derive(Clone, Copy)]
enum Pattern {
    Impersonal,
    AdverbPassive,
    SaidTo,
    PlainPassive,
    VagueAccording,
}

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    patterns()
        .iter()
        .map(|pattern| Regex::new(pattern).expect("valid attribution pattern"))
        .collect()
});

/// What a word can take part in, as bits: each pattern needs certain words
/// in the sentence, and a vague subject needs a vague head word or a
/// quantifier before it. One lookup per word tells which patterns to run.
mod cue {
    pub const IT: u16 = 1;
    pub const PASSIVE_VERB: u16 = 1 << 1;
    pub const VAGUE_ADVERB: u16 = 1 << 2;
    pub const TO: u16 = 1 << 3;
    pub const SAID_TO_VERB: u16 = 1 << 4;
    pub const PLAIN_VERB: u16 = 1 << 5;
    pub const ACCORDING: u16 = 1 << 6;
    pub const HEAD: u16 = 1 << 7;
    pub const QUANTIFIER: u16 = 1 << 8;
}

/// The quantifiers after which any plural is an unnamed group.
const QUANTIFIERS: &[&str] = &[
    "many",
    "some",
    "several",
    "various",
    "numerous",
    "countless",
    "most",
];

type CueMap = HashMap<&'static str, u16, BuildHasherDefault<WordHasher>>;

static CUES: LazyLock<CueMap> = LazyLock::new(|| {
    let mut cues = CueMap::default();
    let mut add = |words: &mut dyn Iterator<Item = &'static str>, bit: u16| {
        for word in words {
            *cues.entry(word).or_default() |= bit;
        }
    };
    add(&mut ["it"].into_iter(), cue::IT);
    add(
        &mut PASSIVE_VERBS.split('|').chain(["known"]),
        cue::PASSIVE_VERB,
    );
    add(&mut VAGUE_ADVERBS.split('|'), cue::VAGUE_ADVERB);
    add(&mut ["to"].into_iter(), cue::TO);
    add(
        &mut [
            "said",
            "believed",
            "thought",
            "rumored",
            "rumoured",
            "alleged",
            "claimed",
            "reputed",
            "understood",
            "considered",
            "feared",
        ]
        .into_iter(),
        cue::SAID_TO_VERB,
    );
    add(
        &mut [
            "considered",
            "regarded",
            "seen",
            "viewed",
            "perceived",
            "deemed",
        ]
        .into_iter(),
        cue::PLAIN_VERB,
    );
    add(&mut ["according", "by"].into_iter(), cue::ACCORDING);
    add(
        &mut VAGUE_PRONOUNS.iter().chain(VAGUE_SOURCES.iter()).copied(),
        cue::HEAD,
    );
    add(&mut QUANTIFIERS.iter().copied(), cue::QUANTIFIER);
    cues
});

/// The cues of one lowercased word, and of the parts of a hyphenated or
/// apostrophised one, which a pattern may match on their own.
fn word_cues(word: &str) -> u16 {
    let whole = CUES.get(word).copied().unwrap_or(0);
    if !word.bytes().any(|b| b == b'-' || b == b'\'') {
        return whole;
    }
    word.split(['-', '\''])
        .filter_map(|part| CUES.get(part))
        .fold(whole, |acc, bits| acc | bits)
}

/// Whether a sentence with these cues can match `which`.
fn possible(which: Pattern, cues: u16) -> bool {
    let all = |bits: u16| cues & bits == bits;
    match which {
        Pattern::Impersonal => all(cue::IT | cue::PASSIVE_VERB),
        Pattern::AdverbPassive => all(cue::VAGUE_ADVERB | cue::PASSIVE_VERB),
        Pattern::SaidTo => all(cue::TO | cue::SAID_TO_VERB),
        Pattern::PlainPassive => all(cue::PLAIN_VERB),
        Pattern::VagueAccording => all(cue::ACCORDING),
    }
}

fn pattern(which: Pattern) -> &'static Regex {
    &PATTERNS[which as usize]
}

impl Rule for ClaimWeasel {
    fn meta(&self) -> &RuleMeta {
        &RuleMeta {
            id: RuleId("claim.weasel"),
            summary:
                "Vague attribution in place of a source (many believe, critics say, experts agree).",
            flags: "vague attribution in place of a source: \"Critics say the deal is weak.\"",
            fixes: "name the source: \"[source] says\"",
            explanation: include_str!("../../../docs/rules/claim.weasel.md"),
            default_severity: Severity::Information,
            scope: Scope::Chunk,
        }
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for sentence in cx.sentences() {
            if sentence.kind != BlockKind::Paragraph || sentence.question || sentence.cited {
                continue;
            }
            let words = cx.words(sentence);
            // The words that may head a vague subject, and every cue.
            let mut heads = Vec::new();
            let mut cues = 0;
            let mut previous = 0;
            for idx in 0..words.len() {
                let bits = word_cues(words.word(idx));
                if bits & cue::HEAD != 0 || previous & cue::QUANTIFIER != 0 {
                    heads.push(idx);
                }
                cues |= bits;
                previous = bits;
            }
            let search = |which: Pattern| possible(which, cues).then(|| pattern(which));
            let text = &cx.prose.masked[sentence.range.clone()];
            let mut found: Vec<(Range<usize>, Fix)> = Vec::new();
            let at = |local: Range<usize>| {
                sentence.range.start + local.start..sentence.range.start + local.end
            };
            for m in search(Pattern::Impersonal)
                .into_iter()
                .flat_map(|r| r.find_iter(text))
            {
                let flagged = at(m.start()..m.as_str().trim_end().len() + m.start());
                let replacement_range = at(m.range());
                let opens = m.start() == 0;
                let replacement = if opens {
                    format!("According to {SOURCE}, ")
                } else {
                    format!("according to {SOURCE}, ")
                };
                let fix = Fix::replace(
                    "Name the source: \"according to [source]\"",
                    replacement_range,
                    replacement,
                );
                found.push((flagged, fix));
            }
            for caps in search(Pattern::AdverbPassive)
                .into_iter()
                .flat_map(|r| r.captures_iter(text))
            {
                let adverb = caps.name("adverb").expect("adverb group");
                let verb = caps.name("verb").expect("verb group");
                if by_named_agent(&text[verb.end()..]) {
                    continue;
                }
                let flagged = at(adverb.start()..verb.end());
                let fix = Fix::replace(
                    "Name the source: \"by [source]\"",
                    flagged.clone(),
                    format!("{} by {SOURCE}", verb.as_str()),
                );
                found.push((flagged, fix));
            }
            for caps in [Pattern::PlainPassive, Pattern::SaidTo]
                .into_iter()
                .filter_map(search)
                .flat_map(|r| r.captures_iter(text))
            {
                let verb = caps.name("verb").expect("verb group");
                let flagged = at(verb.range());
                let fix = Fix::replace(
                    "Name the source: \"by [source]\"",
                    flagged.clone(),
                    format!("{} by {SOURCE}", verb.as_str()),
                );
                found.push((flagged, fix));
            }
            for caps in search(Pattern::VagueAccording)
                .into_iter()
                .flat_map(|r| r.captures_iter(text))
            {
                let who = caps.name("who").expect("who group");
                let whole = caps.get(0).expect("whole match");
                let flagged = at(whole.range());
                let fix = replace_fix(
                    "Name the source: \"according to [source]\"",
                    cx.text,
                    sentence,
                    flagged.clone(),
                    &format!("according to {SOURCE}"),
                );
                let _ = who;
                found.push((flagged, fix));
            }
            for idx in heads {
                if let Some((local, replacement)) = vague_subject(&words, idx) {
                    let flagged = at(local);
                    let fix = Fix::replace(
                        format!("Name the source: \"{replacement}\""),
                        flagged.clone(),
                        replacement,
                    );
                    found.push((flagged, fix));
                }
            }
            found.sort_by_key(|(range, _)| range.start);
            let mut last_end = 0;
            for (range, fix) in found {
                if range.start < last_end || sentence.is_quoted(&range) {
                    continue;
                }
                if has_other_attribution(sentence, &range) {
                    continue;
                }
                last_end = range.end;
                let flagged = &cx.text[range.clone()];
                acc.push(finding(
                    self.id(),
                    range,
                    format!("\"{flagged}\" attributes the claim to no one in particular"),
                    vec![fix],
                ));
            }
        }
    }
}

/// Whether the sentence has attribution outside the vague phrase: a named
/// speaker elsewhere ("..., the minister said").
fn has_other_attribution(sentence: &Sentence, range: &Range<usize>) -> bool {
    sentence
        .attributions
        .iter()
        .any(|a| a.end <= range.start || a.start >= range.end)
}

/// Whether a passive is followed by a named agent: "is regarded by the
/// IMF as".
fn by_named_agent(after: &str) -> bool {
    let rest = after.trim_start();
    let Some(agent) = rest.strip_prefix("by ") else {
        return false;
    };
    let first = agent.split_whitespace().next().unwrap_or("").to_lowercase();
    !(VAGUE_PRONOUNS.contains(&first.as_str())
        || VAGUE_SOURCES.contains(first.as_str())
        || first == "some"
        || first == "many")
}

/// A vague subject whose head word is at `idx`, before a verb of saying:
/// the local range from the subject to the verb and its replacement.
fn vague_subject(words: &Words<'_>, idx: usize) -> Option<(Range<usize>, String)> {
    let head = words.word(idx);
    let pronoun = VAGUE_PRONOUNS.contains(&head);
    // "Some commentators", "Many Americans": any plural after a vague
    // quantifier is an unnamed group.
    let quantified_plural = idx > 0
        && QUANTIFIERS.contains(&words.before(idx, 1))
        && words.adjacent(idx - 1)
        && head.len() > 3
        && head.ends_with('s')
        && !head.ends_with("ss")
        && !crate::analysis::claims::is_function_word(head);
    if !pronoun && !VAGUE_SOURCES.contains(head) && !quantified_plural {
        return None;
    }
    if words.capitalised(idx) && idx > 0 && !quantified_plural {
        return None; // "People" as a name, "Critics' Choice".
    }
    // Walk back over the subject's modifiers: "many leading economists".
    let mut start = idx;
    while start > 0
        && words.adjacent(start - 1)
        && SUBJECT_MODIFIERS.contains(words.word(start - 1))
    {
        start -= 1;
    }
    let previous = words.before(start, 1);
    if DEFINITE.contains(&previous) || previous.ends_with("'s") {
        return None;
    }
    let opens_clause = start == 0
        || words
            .gap_before(start)
            .contains([',', ';', ':', '(', '—', '–'])
        || CLAUSE_OPENERS.contains(&previous);
    if !opens_clause {
        return None;
    }
    // Find the verb: a few words on, with no name or figure in between.
    let mut cursor = idx + 1;
    let mut skipped = 0;
    while cursor < words.len() && skipped <= 6 {
        let word = words.word(cursor);
        if words.capitalised(cursor) || word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        if VERBS.contains(word)
            && !DEFINITE.contains(&words.word(cursor - 1))
            && words.word(cursor - 1) != "a"
        {
            break;
        }
        // Between a vague noun and its verb only auxiliaries or a
        // prepositional phrase: "critics of the plan say", not "people
        // flock to see".
        if cursor == idx + 1
            && !AUXILIARIES.contains(word)
            && !matches!(
                word,
                "of" | "in"
                    | "at"
                    | "from"
                    | "on"
                    | "across"
                    | "around"
                    | "within"
                    | "close"
                    | "outside"
                    | "inside"
                    | "familiar"
                    | "like"
                    | "for"
                    | "with"
            )
        {
            return None;
        }
        // "Experts at the IMF", "economists from the central bank": an
        // institution, which names the source well enough.
        if cursor == idx + 1 && matches!(word, "at" | "from") && words.word(cursor + 1) == "the" {
            return None;
        }
        if pronoun && !AUXILIARIES.contains(word) {
            // "Many companies say": the head is the next noun, not "many".
            return None;
        }
        if matches!(
            word,
            "is" | "are" | "was" | "were" | "who" | "whom" | "whose"
        ) || (word == "that" && cursor == idx + 1)
        {
            return None;
        }
        cursor += 1;
        skipped += 1;
    }
    if cursor >= words.len() || !VERBS.contains(words.word(cursor)) {
        return None;
    }
    // "have found", "would say": keep auxiliaries in the verb phrase.
    let mut verb_start = cursor;
    while verb_start > idx + 1 && AUXILIARIES.contains(words.word(verb_start - 1)) {
        verb_start -= 1;
    }
    let between_has_content = verb_start > idx + 1;
    let verb_text = &words.text[words.spans[verb_start].start..words.spans[cursor].end];
    let subject_singular = head == "research";
    let verb = if subject_singular {
        verb_text.to_string()
    } else {
        singular_phrase(verb_text)
    };
    let _ = between_has_content;
    let local = words.spans[start].start..words.spans[cursor].end;
    Some((local, format!("{SOURCE} {verb}")))
}

/// Auxiliaries that carry the tense, so the verb after them stays as it is.
const FINITE_AUXILIARIES: &[&str] = &[
    "has", "had", "would", "will", "did", "does", "may", "might", "could", "can", "must",
];

/// The verb phrase agreeing with a singular subject: "say" → "says", "have
/// argued" → "has argued", "also say" → "also says", "would say" stays.
fn singular_phrase(phrase: &str) -> String {
    let parts: Vec<&str> = phrase.split_whitespace().collect();
    for (idx, part) in parts.iter().enumerate() {
        let lower = part.to_lowercase();
        let is_adverb = AUXILIARIES.contains(lower.as_str())
            && !matches!(lower.as_str(), "have" | "do" | "tend" | "continue")
            && !FINITE_AUXILIARIES.contains(&lower.as_str())
            && lower != "been";
        if is_adverb {
            continue;
        }
        if FINITE_AUXILIARIES.contains(&lower.as_str()) {
            break;
        }
        let mut out: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        out[idx] = singular_verb(part);
        return out.join(" ");
    }
    parts.join(" ")
}
