//! Word lists shared by the rules: hedges, attribution, abbreviations.
//!
//! Written by the copydesk authors for this project (MIT OR Apache-2.0).

use regex::Regex;

/// Words and phrases that hedge a sentence: it is then not a flat claim.
pub const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "would",
    "likely",
    "unlikely",
    "possibly",
    "possible",
    "perhaps",
    "probably",
    "presumably",
    "apparently",
    "seemingly",
    "appear",
    "appears",
    "appeared",
    "seem",
    "seems",
    "seemed",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "in part",
    "partly",
    "partially",
    "arguably",
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "maybe",
    "potentially",
    "conceivably",
    "plausibly",
    "tend to",
    "tends to",
    "tended to",
    "i think",
    "i believe",
    "we believe",
    "in my view",
    "in my opinion",
    "to some extent",
    "if",
    "unless",
    "whether",
];

/// Verbs and phrases that attribute a sentence to a source.
pub const ATTRIBUTION: &[&str] = &[
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tells",
    "according to",
    "reported",
    "wrote",
    "writes",
    "argued",
    "argues",
    "claimed",
    "stated",
    "added",
    "noted",
    "explained",
    "insisted",
    "estimated",
    "announced",
    "confirmed",
    "testified",
    "concluded",
    "found",
    "showed",
    "shows",
    "cited",
    "quoted",
    "described",
    "called",
    "believes",
    "believed",
    "thinks",
    "warned",
    "acknowledged",
    "admitted",
    "denied",
    "alleged",
    "predicted",
    "observed",
    "recalled",
    "asserted",
    "maintained",
    "contended",
    "countered",
    "responded",
    "replied",
    "tweeted",
    "posted",
    "in an interview",
    "a study by",
    "data from",
    "figures from",
    "a report by",
    "research by",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "sources",
    "study",
    "survey",
    "poll",
    "census",
];

/// Words that end in a full stop without ending a sentence.
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "cpl", "maj", "adm", "cmdr", "pres", "supt", "insp", "rev", "hon", "fr", "mt",
    "ft", "inc", "ltd", "co", "corp", "bros", "vs", "etc", "e.g", "i.e", "cf", "al", "approx",
    "dept", "est", "fig", "figs", "eq", "vol", "ch", "sec", "pp", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "mme", "mlle",
    "messrs",
];

/// A case-insensitive regex that matches any of `phrases` as whole words;
/// spaces in a phrase match any run of white space.
pub fn word_regex<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Regex {
    let mut alternatives: Vec<String> = phrases
        .into_iter()
        .map(|phrase| {
            phrase
                .split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .filter(|alternative| !alternative.is_empty())
        .collect();
    // Longest first, so "according to" wins over a shorter prefix.
    alternatives.sort_by_key(|alternative| std::cmp::Reverse(alternative.len()));
    if alternatives.is_empty() {
        alternatives.push("[^\\s\\S]".to_string());
    }
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))
        .expect("escaped phrases form a valid regex")
}
