//! Invariants shared by the analysis targets.

#![allow(dead_code)]

use std::ops::Range;

use copydesk::analysis::{analyze, Finding, Settings};
use copydesk::prose::DocKind;

/// Panics unless `range` is a slice of `text` on char boundaries.
pub fn check_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} range {range:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} range {range:?} not on char boundaries"
    );
}

/// The invariants of one analysis: every range of every finding, related
/// place and fix edit slices the text; a fix's edits are in order and do
/// not overlap, and applying them gives a text; findings are sorted.
pub fn check_findings(text: &str, findings: &[Finding]) {
    let mut previous = 0;
    for finding in findings {
        let rule = finding.rule.as_str();
        check_range(text, &finding.range, rule);
        assert!(
            finding.range.start >= previous,
            "{rule} findings out of order at {:?}",
            finding.range
        );
        previous = finding.range.start;
        for related in &finding.related {
            check_range(text, &related.range, "related");
        }
        for fix in &finding.fixes {
            let mut end = 0;
            for edit in fix.edits.iter() {
                check_range(text, &edit.range, &fix.title);
                assert!(
                    edit.range.start >= end,
                    "{rule} fix {:?}: edits overlap or out of order",
                    fix.title
                );
                end = edit.range.end;
            }
            let mut fixed = text.to_string();
            for edit in fix.edits.iter().rev() {
                fixed.replace_range(edit.range.clone(), &edit.replacement);
            }
        }
    }
}

/// Analyses lossy UTF-8 as `kind` with default settings and checks it.
pub fn analyze_bytes(data: &[u8], kind: DocKind) {
    let text = String::from_utf8_lossy(data);
    let findings = analyze(&text, kind, &Settings::default());
    check_findings(&text, &findings);
}
