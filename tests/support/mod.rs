//! Test helpers shared by the integration tests: annotated fixtures and
//! before/after fix checks.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use copydesk::analysis::{analyze, Finding, Settings};
use copydesk::prose::DocKind;

/// One expected finding: a rule over a byte range of the stripped text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub rule: String,
    pub range: Range<usize>,
}

impl Expected {
    fn key(&self) -> (usize, usize, &str) {
        (self.range.start, self.range.end, &self.rule)
    }
}

/// A fixture with its annotation lines removed.
pub struct Fixture {
    pub text: String,
    pub expected: Vec<Expected>,
}

/// Whether a line is an annotation: white space, carets, a rule id.
fn annotation(line: &str) -> Option<(usize, usize, String)> {
    let trimmed = line.trim_end_matches(['\r', '\n']);
    let start = trimmed.find('^')?;
    if !trimmed[..start].chars().all(char::is_whitespace) {
        return None;
    }
    let carets = trimmed[start..].chars().take_while(|c| *c == '^').count();
    let rule = trimmed[start + carets..].trim();
    let valid = rule.split_once('.').is_some_and(|(family, name)| {
        !family.is_empty() && family.chars().all(|c| c.is_ascii_lowercase()) && !name.is_empty()
    });
    // Columns count chars, so the caret run starts at this char column.
    let col = trimmed[..start].chars().count();
    valid.then(|| (col, carets, rule.to_string()))
}

/// Parses a fixture; `line_ending` is used between the kept lines.
pub fn parse(source: &str, line_ending: &str) -> Fixture {
    let mut text = String::new();
    let mut expected = Vec::new();
    // The start offset and content of the last text line.
    let mut last_line: Option<(usize, String)> = None;
    for line in source.lines() {
        if let Some((col, width, rule)) = annotation(line) {
            let (line_start, content) = last_line
                .as_ref()
                .expect("an annotation needs a text line above it");
            let byte_col = |chars: usize| {
                content
                    .char_indices()
                    .nth(chars)
                    .map_or(content.len(), |(idx, _)| idx)
            };
            let range = line_start + byte_col(col)..line_start + byte_col(col + width);
            expected.push(Expected { rule, range });
            continue;
        }
        last_line = Some((text.len(), line.to_string()));
        text.push_str(line);
        text.push_str(line_ending);
    }
    Fixture { text, expected }
}

fn describe(text: &str, range: &Range<usize>) -> String {
    let line = text[..range.start].matches('\n').count() + 1;
    let line_start = text[..range.start].rfind('\n').map_or(0, |idx| idx + 1);
    let col = text[line_start..range.start].chars().count() + 1;
    format!("{line}:{col} {:?}", &text[range.clone()])
}

/// Checks a fixture file as written and with CRLF line endings: every
/// finding must be annotated and every annotation found.
pub fn check(path: &Path, settings: &Settings) {
    let source = std::fs::read_to_string(path).expect("fixture is readable");
    let kind = DocKind::from_path(path);
    for line_ending in ["\n", "\r\n"] {
        let fixture = parse(&source, line_ending);
        let findings = analyze(&fixture.text, kind, settings);
        let mut actual: Vec<Expected> = findings
            .iter()
            .map(|f| Expected {
                rule: f.rule.as_str().to_string(),
                range: f.range.clone(),
            })
            .collect();
        let mut expected = fixture.expected.clone();
        actual.sort_by(|a, b| a.key().cmp(&b.key()));
        expected.sort_by(|a, b| a.key().cmp(&b.key()));
        if actual != expected {
            let mut report = format!("{} ({:?} line endings):\n", path.display(), line_ending);
            for missing in expected.iter().filter(|e| !actual.contains(e)) {
                let _ = writeln!(
                    report,
                    "  missed (false negative) {} {}",
                    missing.rule,
                    describe(&fixture.text, &missing.range)
                );
            }
            for extra in actual.iter().filter(|a| !expected.contains(a)) {
                let message = findings
                    .iter()
                    .find(|f| f.range == extra.range)
                    .map_or("", |f| f.message.as_str());
                let _ = writeln!(
                    report,
                    "  unexpected (false positive) {} {} -- {message}",
                    extra.rule,
                    describe(&fixture.text, &extra.range)
                );
            }
            panic!("{report}");
        }
    }
}

/// Applies fix number `fix_idx` of the first `rule` finding in `before`
/// (plain text) and compares the result with `after`; then checks that the
/// rule no longer fires on the fixed text.
pub fn check_fix_nth(rule: &str, fix_idx: usize, before: &str, after: &str) {
    check_fix_in(DocKind::Plain, rule, fix_idx, before, after);
}

/// [`check_fix`] on a Markdown document.
pub fn check_markdown_fix(rule: &str, before: &str, after: &str) {
    check_fix_in(DocKind::Markdown, rule, 0, before, after);
}

fn check_fix_in(kind: DocKind, rule: &str, fix_idx: usize, before: &str, after: &str) {
    let settings = Settings::default();
    let findings = analyze(before, kind, &settings);
    let finding: &Finding = findings
        .iter()
        .find(|f| f.rule.as_str() == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {before:?}; found {findings:#?}"));
    let fix = finding
        .fixes
        .get(fix_idx)
        .unwrap_or_else(|| panic!("no fix {fix_idx} for {finding:#?}"));
    let mut fixed = before.to_string();
    for edit in fix.edits.iter().rev() {
        fixed.replace_range(edit.range.clone(), &edit.replacement);
    }
    assert_eq!(fixed, after, "fix {:?} of {before:?}", fix.title);
    let again = analyze(&fixed, kind, &settings);
    let still: Vec<_> = again.iter().filter(|f| f.rule.as_str() == rule).collect();
    assert!(
        still.is_empty(),
        "{rule} still fires after the fix: {fixed:?} {still:#?}"
    );
}

/// [`check_fix_nth`] with the preferred (first) fix.
pub fn check_fix(rule: &str, before: &str, after: &str) {
    check_fix_nth(rule, 0, before, after);
}
