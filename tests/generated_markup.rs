//! Generated documents (issue #12): ordinary sentences wrapped in Markdown
//! and LaTeX constructs by a small deterministic generator, checked for
//! what fuzzing checks on random bytes and for what it cannot:
//!
//! - every finding, related place and fix edit slices the text on char
//!   boundaries;
//! - each fix applied alone gives valid UTF-8, and re-analysing the fixed
//!   text no longer reports that finding at that place;
//! - a claim wrapped in prose markup (emphasis, links, list items,
//!   footnotes) is still found: markup must not hide prose;
//! - nothing is reported inside what is not prose (code, comments, math,
//!   front matter).

use std::ops::Range;

use copydesk::analysis::{analyze, Finding, Fix, Settings};
use copydesk::prose::DocKind;

/// Marsaglia's xorshift64: deterministic, no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Sentences with the claim rule each is reported under in running text,
/// and the word that rule flags (wrapped in markup by the claim checks).
const CLAIMS: &[(&str, &str, &str)] = &[
    ("Clearly the reform failed.", "claim.booster", "Clearly"),
    (
        "Obviously, the budget was a disaster.",
        "claim.booster",
        "Obviously",
    ),
    (
        "The minister was undoubtedly wrong about the tariffs.",
        "claim.booster",
        "undoubtedly",
    ),
    (
        "Of course the ceasefire will not hold.",
        "claim.booster",
        "Of course",
    ),
    (
        "Studies show that the policy works.",
        "claim.weasel",
        "Studies show",
    ),
    (
        "Many believe the vote was rigged.",
        "claim.weasel",
        "Many believe",
    ),
    (
        "Unemployment rose to 14.2% last year.",
        "claim.unsourced-figure",
        "14.2%",
    ),
    (
        "The strike caused the collapse of the coalition.",
        "claim.causal",
        "caused",
    ),
    (
        "This is the best budget in decades.",
        "claim.superlative",
        "best",
    ),
    (
        "Everyone agrees that the tax never works.",
        "claim.absolute",
        "never",
    ),
];

/// Sentences that make no claim: hedges, attributions, names (one of them
/// repeated with a typo), figures with a source, non-ASCII text.
const PLAIN_SENTENCES: &[&str] = &[
    "The committee may revise the figures next spring.",
    "Perhaps the talks will resume in May.",
    "According to the ministry, exports fell.",
    "Anna Kowalczyk chaired the inquiry.",
    "The report by Kowalczyk was published on Tuesday.",
    "Kowalczyk spoke to the press in Gdańsk.",
    "Kowalcyzk declined to comment.",
    "Ngozi Okonjo-Iweala opened the meeting.",
    "Okonjo-Iweala spoke after lunch.",
    "Okonjo-Iwaela left early.",
    "The harbour was quiet that morning.",
    "The café on Rue Saint-Denis reopened.",
    "Zürich voted on Sunday, and the result surprised nobody in the room.",
    "It seems the mayor met residents in the town hall.",
    "Rain delayed the final match by an hour.",
    "The delegation from 東京 arrived late.",
    "Some residents said the bridge might close.",
    "The survey, according to its authors, covered 1,200 households.",
    "Naïve façades lined the street — a coöperative owned them.",
    "The minister said the talks could resume 😀 soon.",
];

/// A document with the places the checks need.
#[derive(Default)]
struct Doc {
    text: String,
    /// Claims in prose markup: the rule and the range it must be found in.
    expected: Vec<(&'static str, Range<usize>)>,
    /// Ranges that are not prose: nothing may be reported in them.
    hidden: Vec<Range<usize>>,
}

impl Doc {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn push_hidden(&mut self, s: &str) {
        let start = self.text.len();
        self.text.push_str(s);
        self.hidden.push(start..self.text.len());
    }

    /// Pushes `s`, a claim of `rule` that must be found.
    fn push_claim(&mut self, s: &str, rule: &'static str) {
        let start = self.text.len();
        self.text.push_str(s);
        self.expected.push((rule, start..self.text.len()));
    }
}

/// `sentence` with its first occurrence of `word` wrapped in `open` and
/// `close`.
fn wrap_word(sentence: &str, word: &str, open: &str, close: &str) -> String {
    let start = sentence.find(word).expect("the word is in the sentence");
    let end = start + word.len();
    format!(
        "{}{open}{word}{close}{}",
        &sentence[..start],
        &sentence[end..]
    )
}

/// Markdown inline markup that keeps a claim prose: `(open, close)`.
const MD_EMPHASIS: &[(&str, &str)] = &[
    ("*", "*"),
    ("_", "_"),
    ("**", "**"),
    ("__", "__"),
    ("***", "***"),
    ("~~", "~~"),
    ("<span>", "</span>"),
];

/// Links. A link attributes the sentence it is in, or the one before it
/// when it opens the next one (README: claims are not flagged in
/// sentences attributed by "a link, a footnote, a citation"), so claims in
/// or before links are not expected to be found.
const MD_LINKS: &[(&str, &str)] = &[("[", "](https://example.com/report)"), ("[", "][ref]")];

/// A random word of `sentence` (letters only) to wrap.
fn some_word<'a>(rng: &mut XorShift, sentence: &'a str) -> &'a str {
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2 && w.chars().all(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        ""
    } else {
        rng.pick(&words)
    }
}

/// One Markdown sentence, maybe a claim, maybe with inline markup.
fn md_sentence(rng: &mut XorShift, doc: &mut Doc) {
    // What follows the sentence: a footnote mark attributes it.
    let after = rng.below(8);
    if rng.chance(2) {
        let (sentence, rule, word) = rng.pick(CLAIMS);
        // A link that opens a sentence would attribute the one before.
        let link = rng.chance(4) && !sentence.starts_with(word);
        let (open, close) = rng.pick(if link { MD_LINKS } else { MD_EMPHASIS });
        let wrapped = match rng.below(3) {
            0 => wrap_word(sentence, word, open, close),
            1 if !link => format!("{open}{sentence}{close}"),
            _ => sentence.to_string(),
        };
        if (link && wrapped != sentence) || after == 1 {
            doc.push(&wrapped);
        } else {
            doc.push_claim(&wrapped, rule);
        }
    } else {
        let sentence = rng.pick(PLAIN_SENTENCES);
        let word = some_word(rng, sentence);
        // A link that opens a sentence would attribute the one before.
        let link = rng.chance(4) && !sentence.starts_with(word);
        let (open, close) = rng.pick(if link { MD_LINKS } else { MD_EMPHASIS });
        if word.is_empty() || rng.chance(2) {
            doc.push(sentence);
        } else {
            doc.push(&wrap_word(sentence, word, open, close));
        }
    }
    match after {
        0 => {
            doc.push(" ");
            doc.push_hidden(&format!("`{}`", rng.pick(CLAIMS).0));
        }
        1 => doc.push(&format!("[^{}]", 1 + rng.below(3))),
        _ => {}
    }
}

fn md_paragraph(rng: &mut XorShift, doc: &mut Doc, indent: &str) {
    for idx in 0..1 + rng.below(3) {
        if idx > 0 {
            doc.push(if rng.chance(4) { "\n" } else { " " });
            if doc.text.ends_with('\n') {
                doc.push(indent);
            }
        }
        md_sentence(rng, doc);
    }
}

fn md_list(rng: &mut XorShift, doc: &mut Doc, depth: usize) {
    let indent = "  ".repeat(depth);
    let ordered = rng.chance(2);
    for n in 1..=1 + rng.below(3) {
        let marker = if ordered {
            format!("{n}. ")
        } else {
            rng.pick(&["- ", "* ", "+ "]).to_string()
        };
        doc.push(&indent);
        doc.push(&marker);
        let inner = format!("{indent}{}", " ".repeat(marker.len()));
        md_paragraph(rng, doc, &inner);
        doc.push("\n");
        if depth < 3 && rng.chance(3) {
            md_list(rng, doc, depth + 1);
        }
    }
}

fn md_block(rng: &mut XorShift, doc: &mut Doc) {
    match rng.below(11) {
        0..=2 => md_paragraph(rng, doc, ""),
        3 => md_list(rng, doc, 0),
        4 => {
            // Headings, quotations and table cells make no claims, so no
            // expectations there; names and fixes are checked all the same.
            let level = 1 + rng.below(6);
            doc.push(&format!("{} {}", "#".repeat(level), rng.pick(CLAIMS).0));
        }
        5 => {
            let sentence = rng.pick(PLAIN_SENTENCES);
            doc.push(&format!("> {}\n> {}", rng.pick(CLAIMS).0, sentence));
        }
        6 => {
            doc.push("| Who | What |\n|---|:--|\n");
            for _ in 0..1 + rng.below(3) {
                let who = rng.pick(PLAIN_SENTENCES);
                let what = rng.pick(CLAIMS).0;
                doc.push(&format!("| {who} | {what} |\n"));
            }
        }
        7 => {
            doc.push_hidden(&format!(
                "<!-- {} {} -->",
                rng.pick(CLAIMS).0,
                rng.pick(PLAIN_SENTENCES)
            ));
        }
        8 => {
            let fence = rng.pick(&["```", "~~~", "````"]);
            doc.push(&format!("{fence}text\n"));
            doc.push_hidden(&format!(
                "{}\n{}\n",
                rng.pick(CLAIMS).0,
                rng.pick(PLAIN_SENTENCES)
            ));
            doc.push(fence);
        }
        9 => {
            doc.push(&format!("[^{}]: ", 1 + rng.below(3)));
            md_paragraph(rng, doc, "    ");
        }
        _ => {
            doc.push("[ref]: https://example.com/ref \"");
            doc.push_hidden(rng.pick(CLAIMS).0);
            doc.push("\"");
        }
    }
}

fn markdown(rng: &mut XorShift) -> Doc {
    let mut doc = Doc::default();
    if rng.chance(3) {
        let (open, close) = rng.pick(&[("---\n", "\n---\n\n"), ("+++\n", "\n+++\n\n")]);
        doc.push(open);
        doc.push_hidden(&format!("title: \"{}\"", rng.pick(CLAIMS).0));
        doc.push(close);
    }
    for idx in 0..2 + rng.below(7) {
        if idx > 0 {
            doc.push(if rng.chance(5) { "\n\n\n" } else { "\n\n" });
        }
        md_block(rng, &mut doc);
    }
    if rng.chance(2) {
        doc.push("\n");
    }
    doc
}

const TEX_INLINE: &[(&str, &str)] = &[
    ("\\emph{", "}"),
    ("\\textbf{", "}"),
    ("\\textit{", "}"),
    ("{\\em ", "}"),
];

fn tex_sentence(rng: &mut XorShift, doc: &mut Doc) {
    // What follows the sentence: a citation or footnote attributes it.
    let after = rng.below(8);
    if rng.chance(2) {
        let (sentence, rule, word) = rng.pick(CLAIMS);
        let (open, close) = rng.pick(TEX_INLINE);
        // LaTeX escapes its per cent sign.
        let sentence = sentence.replace('%', "\\%");
        let wrapped = match rng.below(3) {
            0 => wrap_word(&sentence, &word.replace('%', "\\%"), open, close),
            1 => format!("{open}{sentence}{close}"),
            _ => sentence,
        };
        if after == 1 || after == 2 {
            doc.push(&wrapped);
        } else {
            doc.push_claim(&wrapped, rule);
        }
    } else {
        let sentence = rng.pick(PLAIN_SENTENCES);
        let word = some_word(rng, sentence);
        let (open, close) = rng.pick(TEX_INLINE);
        if word.is_empty() || rng.chance(2) {
            doc.push(sentence);
        } else {
            doc.push(&wrap_word(sentence, word, open, close));
        }
    }
    match after {
        0 => {
            doc.push(" ");
            doc.push_hidden("$x^2 + 14.2\\% = y$");
        }
        1 => doc.push("~\\cite{kowalczyk2020}"),
        2 => doc.push(&format!("\\footnote{{{}}}", rng.pick(PLAIN_SENTENCES))),
        3 => {
            doc.push(" ");
            doc.push_hidden(&format!("% {}", rng.pick(CLAIMS).0));
            doc.push("\n");
        }
        _ => {}
    }
}

fn tex_paragraph(rng: &mut XorShift, doc: &mut Doc) {
    for idx in 0..1 + rng.below(3) {
        if idx > 0 && !doc.text.ends_with('\n') {
            doc.push(if rng.chance(4) { "\n" } else { " " });
        }
        tex_sentence(rng, doc);
    }
}

fn tex_block(rng: &mut XorShift, doc: &mut Doc) {
    match rng.below(9) {
        0..=2 => tex_paragraph(rng, doc),
        3 => doc.push(&format!(
            "\\{}{{{}}}",
            rng.pick(&["section", "subsection", "paragraph"]),
            rng.pick(CLAIMS).0
        )),
        4 => {
            doc.push("\\begin{itemize}\n");
            for _ in 0..1 + rng.below(3) {
                doc.push("  \\item ");
                tex_paragraph(rng, doc);
                doc.push("\n");
            }
            doc.push("\\end{itemize}");
        }
        5 => {
            let env = rng.pick(&["verbatim", "equation", "lstlisting", "comment"]);
            doc.push(&format!("\\begin{{{env}}}\n"));
            doc.push_hidden(&format!(
                "{}\n{}\n",
                rng.pick(CLAIMS).0,
                rng.pick(PLAIN_SENTENCES)
            ));
            doc.push(&format!("\\end{{{env}}}"));
        }
        6 => {
            doc.push("\\[ ");
            doc.push_hidden("E = mc^2, 14.2\\%");
            doc.push(" \\]");
        }
        7 => {
            doc.push_hidden(&format!("% {}", rng.pick(CLAIMS).0));
        }
        _ => {
            doc.push("\\begin{quote}\n");
            doc.push(rng.pick(CLAIMS).0);
            doc.push("\n\\end{quote}");
        }
    }
}

fn latex(rng: &mut XorShift) -> Doc {
    let mut doc = Doc::default();
    doc.push("\\documentclass{article}\n\\begin{document}\n\n");
    for idx in 0..2 + rng.below(6) {
        if idx > 0 {
            doc.push("\n\n");
        }
        tex_block(rng, &mut doc);
    }
    doc.push("\n\n\\end{document}\n");
    doc
}

fn plain(rng: &mut XorShift) -> Doc {
    let mut doc = Doc::default();
    for idx in 0..2 + rng.below(6) {
        if idx > 0 {
            doc.push("\n\n");
        }
        for n in 0..1 + rng.below(3) {
            if n > 0 {
                doc.push(" ");
            }
            if rng.chance(2) {
                let (sentence, rule, _) = rng.pick(CLAIMS);
                doc.push_claim(sentence, rule);
            } else {
                doc.push(rng.pick(PLAIN_SENTENCES));
            }
        }
    }
    doc.push("\n");
    doc
}

fn on_boundaries(text: &str, range: &Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

/// Where `offset` of the text is after `fix`: moved by the edits before
/// it, or to the start of an edit that covers it.
fn moved(offset: usize, fix: &Fix) -> usize {
    let mut delta: isize = 0;
    for edit in fix.edits.iter() {
        if edit.range.end <= offset && edit.range.start < offset {
            delta += edit.replacement.len() as isize - edit.range.len() as isize;
        } else if edit.range.start < offset {
            return (edit.range.start as isize + delta) as usize;
        }
    }
    (offset as isize + delta) as usize
}

/// `fix` applied to the bytes of `text`; `Err` when that is not UTF-8.
fn apply(text: &str, fix: &Fix) -> Result<String, std::string::FromUtf8Error> {
    let mut bytes = text.as_bytes().to_vec();
    for edit in fix.edits.iter().rev() {
        bytes.splice(edit.range.clone(), edit.replacement.bytes());
    }
    String::from_utf8(bytes)
}

/// Every check on one document; the problems found, as messages.
fn check(doc: &Doc, kind: DocKind, settings: &Settings, problems: &mut Vec<String>) {
    let findings = analyze(&doc.text, kind, settings);
    check_findings(doc, kind, settings, &findings, problems);
}

/// The checks on `findings`, the analysis of `doc`.
fn check_findings(
    doc: &Doc,
    kind: DocKind,
    settings: &Settings,
    findings: &[Finding],
    problems: &mut Vec<String>,
) {
    let text = &doc.text;
    let mut report = |problem: String| {
        problems.push(format!("{problem}\n    in the {kind:?} document {text:?}"));
    };
    for finding in findings {
        let rule = finding.rule.as_str();
        if !on_boundaries(text, &finding.range) {
            report(format!(
                "{rule} range {:?} does not slice the text",
                finding.range
            ));
            continue;
        }
        for related in &finding.related {
            if !on_boundaries(text, &related.range) {
                report(format!("{rule} related range {:?}", related.range));
            }
        }
        if let Some(hidden) = doc.hidden.iter().find(|h| h.contains(&finding.range.start)) {
            report(format!(
                "{rule} {:?} reported inside non-prose {:?}",
                &text[finding.range.clone()],
                &text[hidden.clone()]
            ));
        }
        for fix in &finding.fixes {
            let mut end = 0;
            for edit in fix.edits.iter() {
                if !on_boundaries(text, &edit.range) || edit.range.start < end {
                    report(format!("{rule} fix {:?} edits {:?}", fix.title, edit.range));
                }
                end = edit.range.end;
            }
            if end > text.len() {
                continue;
            }
            let fixed = match apply(text, fix) {
                Ok(fixed) => fixed,
                Err(_) => {
                    report(format!("{rule} fix {:?} gives invalid UTF-8", fix.title));
                    continue;
                }
            };
            let place = moved(finding.range.start, fix);
            let again = analyze(&fixed, kind, settings);
            if let Some(same) = again
                .iter()
                .find(|f| f.rule == finding.rule && f.range.start == place)
            {
                report(format!(
                    "{rule} {:?} still reported as {:?} after fix {:?}: {fixed:?}",
                    &text[finding.range.clone()],
                    &fixed[same.range.clone()],
                    fix.title
                ));
            }
        }
    }
    for (rule, range) in &doc.expected {
        let found = findings.iter().any(|f| {
            f.rule.as_str() == *rule && f.range.start < range.end && range.start < f.range.end
        });
        if !found {
            report(format!("{rule} not found in {:?}", &text[range.clone()]));
        }
    }
}

fn run(kind: DocKind, seed: u64, count: usize, generate: fn(&mut XorShift) -> Doc) {
    let settings = Settings::default();
    let mut rng = XorShift(seed);
    let mut problems = Vec::new();
    let mut expected = 0;
    for _ in 0..count {
        let doc = generate(&mut rng);
        expected += doc.expected.len();
        check(&doc, kind, &settings, &mut problems);
    }
    assert!(expected > count, "the generator makes claims to look for");
    assert!(
        problems.is_empty(),
        "{} problems; the first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(8)].join("\n")
    );
}

#[test]
fn generated_markdown() {
    run(DocKind::Markdown, 0x9e37_79b9_7f4a_7c15, 80, markdown);
}

#[test]
fn generated_latex() {
    run(DocKind::Latex, 0x85eb_ca6b_c2b2_ae35, 60, latex);
}

#[test]
fn generated_plain() {
    run(DocKind::Plain, 0x27d4_eb2f_1656_67c5, 30, plain);
}

/// Each claim alone, bare and in each kind of prose markup, is found: the
/// checks above rely on these sentences being claims.
#[test]
fn claims_in_markup_are_found() {
    let settings = Settings::default();
    let mut problems = Vec::new();
    for &(sentence, rule, word) in CLAIMS {
        let mut cases = vec![(DocKind::Plain, sentence.to_string())];
        for (open, close) in MD_EMPHASIS {
            cases.push((DocKind::Markdown, wrap_word(sentence, word, open, close)));
            cases.push((DocKind::Markdown, format!("{open}{sentence}{close}")));
        }
        cases.push((DocKind::Markdown, format!("- {sentence}")));
        cases.push((DocKind::Markdown, format!("1. Item.\n   - {sentence}")));
        cases.push((DocKind::Markdown, format!("Text.[^1]\n\n[^1]: {sentence}")));
        let tex = sentence.replace('%', "\\%");
        let tex_word = word.replace('%', "\\%");
        for (open, close) in TEX_INLINE {
            cases.push((DocKind::Latex, wrap_word(&tex, &tex_word, open, close)));
            cases.push((DocKind::Latex, format!("{open}{tex}{close}")));
        }
        cases.push((
            DocKind::Latex,
            format!("\\begin{{itemize}}\n\\item {tex}\n\\end{{itemize}}"),
        ));
        for (kind, text) in cases {
            let findings: Vec<Finding> = analyze(&text, kind, &settings);
            if !findings.iter().any(|f| f.rule.as_str() == rule) {
                problems.push(format!("{rule} not found in {kind:?} {text:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A way to spoil a finding.
type Spoiling = Box<dyn Fn(&mut Finding)>;

/// Each check above reports what it looks for: the findings of a document
/// are spoiled one way at a time, and each spoiling must be reported.
#[test]
fn the_checks_report_what_they_look_for() {
    let settings = Settings::default();
    let mut doc = Doc::default();
    doc.push("Zürich voted. ");
    doc.push_claim("Clearly the reform failed.", "claim.booster");
    doc.push(" ");
    doc.push_hidden("`code`");
    doc.push("\n");
    let kind = DocKind::Markdown;
    let findings = analyze(&doc.text, kind, &settings);
    let mut problems = Vec::new();
    check_findings(&doc, kind, &settings, &findings, &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
    let booster = findings
        .iter()
        .find(|f| f.rule.as_str() == "claim.booster")
        .expect("a booster finding")
        .clone();
    let u_umlaut = doc.text.find('ü').expect("ü");
    let code = doc.text.find('`').expect("code");
    let spoilings: Vec<(&str, Spoiling)> = vec![
        (
            "does not slice the text",
            Box::new(move |f| f.range = u_umlaut + 1..u_umlaut + 3),
        ),
        (
            "related range",
            Box::new(move |f| {
                f.related = vec![copydesk::analysis::Related {
                    range: 0..u_umlaut + 1,
                    message: String::new(),
                }]
            }),
        ),
        (
            "inside non-prose",
            Box::new(move |f| f.range = code + 1..code + 3),
        ),
        (
            "gives invalid UTF-8",
            Box::new(move |f| {
                let replacement = "\u{301}".to_string(); // a combining accent...
                f.fixes = vec![Fix {
                    title: "split".into(),
                    // ...but the edit cuts ü in half.
                    edits: vec![copydesk::analysis::TextEdit {
                        range: u_umlaut + 1..u_umlaut + 1,
                        replacement,
                    }]
                    .into(),
                }]
            }),
        ),
        (
            "still reported",
            Box::new(|f| {
                f.fixes = vec![Fix::replace("no-op", f.range.clone(), "Clearly")];
            }),
        ),
    ];
    for (expected, spoil) in spoilings {
        let mut spoilt = booster.clone();
        spoil(&mut spoilt);
        let mut problems = Vec::new();
        check_findings(&doc, kind, &settings, &[spoilt], &mut problems);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected:?} not reported: {problems:#?}"
        );
    }
    let mut problems = Vec::new();
    check_findings(&doc, kind, &settings, &[], &mut problems);
    assert!(problems
        .iter()
        .any(|p| p.contains("claim.booster not found")));
}
