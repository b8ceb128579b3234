//! The findings of a verdict: one per use of the flagged spelling, with
//! its message, its fixes and a pointer to the first use of the canonical
//! spelling.
//!
//! Reporting only: what is flagged was decided in [`super::judge`]. The
//! messages are one sentence quoting both spellings and saying how often
//! the canonical one is used.

use std::sync::Arc;

use super::{Reason, Verdict};
use crate::analysis::{Finding, Fix, Related, RuleId, Severity, TextEdit};

/// The most uses of one variant for which each finding offers "replace
/// every use". The list is shared in memory, but every finding written
/// out (JSON, SARIF) carries it whole, so n uses cost n² edits: a variant
/// used 55,000 times made `--format json` run for ever (issue #12). Past
/// this, each use still has its own fix, and the editor's "fix all" of
/// the rule replaces them all.
pub const MAX_EVERY_USE: usize = 50;

/// The findings of one verdict: one per use of the variant, each with the
/// fixes "replace with the canonical form" and, when the variant is used
/// more than once (and at most [`MAX_EVERY_USE`] times), "replace every
/// use".
pub fn report(verdict: &Verdict, rule: RuleId, acc: &mut Vec<Finding>) {
    let message = message(verdict);
    // One list of edits for every use, shared by the uses' findings: a
    // name misspelt a thousand times would otherwise copy it a thousand
    // times on each keystroke.
    let every: Option<Arc<[TextEdit]>> = verdict
        .canonical
        .as_ref()
        .filter(|_| verdict.fix && (2..=MAX_EVERY_USE).contains(&verdict.occurrences.len()))
        .map(|canonical| {
            verdict
                .occurrences
                .iter()
                .map(|r| TextEdit {
                    range: r.clone(),
                    replacement: canonical.clone(),
                })
                .collect()
        });
    for range in &verdict.occurrences {
        let mut fixes = Vec::new();
        if let Some(canonical) = verdict.canonical.as_ref().filter(|_| verdict.fix) {
            fixes.push(Fix::replace(
                format!("Replace with \"{canonical}\""),
                range.clone(),
                canonical.clone(),
            ));
            if let Some(every) = &every {
                fixes.push(Fix {
                    title: format!("Replace every \"{}\" with \"{canonical}\"", verdict.variant),
                    edits: Arc::clone(every),
                });
            }
        }
        let related = verdict
            .canonical_first
            .iter()
            .zip(&verdict.canonical)
            .map(|(first, canonical)| Related {
                range: first.clone(),
                message: format!("\"{canonical}\" is first used here"),
            })
            .collect();
        acc.push(Finding {
            rule,
            range: range.clone(),
            message: message.clone(),
            severity: Severity::Warning,
            fixes,
            related,
            names: std::iter::once(verdict.variant.clone())
                .chain(verdict.canonical.clone())
                .collect(),
        });
    }
}

fn times(count: usize, documents: usize) -> String {
    let uses = match count {
        1 => "used once".to_string(),
        n => format!("used {n} times"),
    };
    if documents > 1 {
        format!("{uses} in {documents} files")
    } else {
        uses
    }
}

fn message(verdict: &Verdict) -> String {
    let variant = &verdict.variant;
    let canonical = verdict.canonical.as_deref().unwrap_or("");
    match &verdict.reason {
        Reason::Typo => format!(
            "\"{variant}\" looks like a misspelling of \"{canonical}\" ({})",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::Splice { inserted } => format!(
            "\"{variant}\" looks like \"{canonical}\" with \"{inserted}\" typed into it ({})",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::Tie => format!(
            "\"{variant}\" and \"{canonical}\" look like one name spelled two ways, each {}",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::Romanization => format!(
            "\"{variant}\" and \"{canonical}\" spell one name two ways; \"{canonical}\" is {}",
            times(verdict.canonical_count, verdict.canonical_documents)
        ),
        Reason::GlossaryVariant => {
            format!("\"{variant}\" is a spelling the glossary rejects; use \"{canonical}\"")
        }
        Reason::NearMiss => {
            format!("\"{variant}\" looks like a misspelling of the glossary name \"{canonical}\"")
        }
    }
}
