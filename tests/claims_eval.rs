//! Per-rule precision and recall of the claim rules over the annotated
//! fixtures in `tests/fixtures/claim`. Run with
//! `cargo test --test claims_eval -- --nocapture` to see the table; the
//! test fails on any false positive or false negative, like the fixtures.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use copydesk::analysis::{analyze, Settings};
use copydesk::prose::DocKind;

#[derive(Default)]
struct Counts {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[test]
fn claim_rules_precision_and_recall_on_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/claim");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder is readable")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.extension().is_some_and(|e| e != "toml"))
        .collect();
    paths.sort();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut sentences = 0;
    let mut flagged_sentences = 0;
    for path in &paths {
        let source = std::fs::read_to_string(path).expect("fixture is readable");
        let fixture = support::parse(&source, "\n");
        // A fixture may sit beside a copydesk.toml, as in tests/fixtures.rs.
        let config_path = path.with_extension("toml");
        let settings = if config_path.exists() {
            let text = std::fs::read_to_string(&config_path).expect("config is readable");
            copydesk::config::parse(&text).settings
        } else {
            Settings::default()
        };
        let findings = analyze(&fixture.text, DocKind::from_path(path), &settings);
        for line in fixture.text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("Must not flag") {
                continue;
            }
            sentences += 1;
        }
        let mut annotated_lines = std::collections::BTreeSet::new();
        for expected in &fixture.expected {
            annotated_lines.insert(fixture.text[..expected.range.start].matches('\n').count());
            let entry = counts.entry(expected.rule.clone()).or_default();
            if findings
                .iter()
                .any(|f| f.rule.as_str() == expected.rule && f.range == expected.range)
            {
                entry.true_positives += 1;
            } else {
                entry.false_negatives += 1;
            }
        }
        flagged_sentences += annotated_lines.len();
        for finding in &findings {
            let annotated = fixture
                .expected
                .iter()
                .any(|e| e.rule == finding.rule.as_str() && e.range == finding.range);
            if !annotated {
                counts
                    .entry(finding.rule.as_str().to_string())
                    .or_default()
                    .false_positives += 1;
            }
        }
    }
    println!(
        "claim fixtures: {} files, {sentences} prose lines, {flagged_sentences} with findings",
        paths.len()
    );
    println!(
        "{:<24} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "rule", "TP", "FP", "FN", "precision", "recall"
    );
    let mut failed = false;
    for (rule, c) in &counts {
        println!(
            "{:<24} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
            rule,
            c.true_positives,
            c.false_positives,
            c.false_negatives,
            ratio(c.true_positives, c.true_positives + c.false_positives),
            ratio(c.true_positives, c.true_positives + c.false_negatives),
        );
        failed |= c.false_positives > 0 || c.false_negatives > 0;
    }
    assert!(!failed, "claim fixtures have false positives or negatives; run `cargo test --test fixtures` for details");
}
