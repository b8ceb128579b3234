//! The three `entity.*` rules: `entity.variant`, `entity.glossary` and
//! `entity.romanization`.
//!
//! The judgement is shared by the three and made once per text in
//! [`crate::analysis::names`]; each rule reports the verdicts of its kind.
//! The decision is in `src/analysis/names/judge.rs`, whose module doc
//! walks through it in order: which spellings are names, the vetoes, and
//! the evidence for the canonical spelling.
//! Fix: the canonical spelling (glossary, then gazetteer, then the text's
//! majority), for one use or every use. Documentation with examples:
//! `docs/rules/entity.*.md`.

use crate::analysis::names::{report, VerdictKind};
use crate::analysis::rule::Scope;
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

/// An `entity.*` rule: the name verdicts of one kind.
pub struct EntityRule {
    id: &'static str,
    kind: VerdictKind,
    summary: &'static str,
    explanation: &'static str,
    severity: Severity,
}

/// One entity spelled two ways in a document.
pub const ENTITY_VARIANT: EntityRule = EntityRule {
    id: "entity.variant",
    kind: VerdictKind::Variant,
    summary: "One entity spelled two ways in a document: a rare spelling beside a dominant one.",
    explanation: include_str!("../../../docs/rules/entity.variant.md"),
    severity: Severity::Warning,
};

/// A spelling the glossary rejects, or a near miss of a glossary name.
pub const ENTITY_GLOSSARY: EntityRule = EntityRule {
    id: "entity.glossary",
    kind: VerdictKind::Glossary,
    summary: "A spelling the glossary rejects, or a near miss of a glossary or built-in name.",
    explanation: include_str!("../../../docs/rules/entity.glossary.md"),
    severity: Severity::Warning,
};

/// The same name in two romanisations or with different diacritics.
pub const ENTITY_ROMANIZATION: EntityRule = EntityRule {
    id: "entity.romanization",
    kind: VerdictKind::Romanization,
    summary: "The same name in two romanisations or with different diacritics.",
    explanation: include_str!("../../../docs/rules/entity.romanization.md"),
    severity: Severity::Information,
};

impl Rule for EntityRule {
    fn id(&self) -> RuleId {
        RuleId(self.id)
    }

    fn summary(&self) -> &'static str {
        self.summary
    }

    fn explanation(&self) -> &'static str {
        self.explanation
    }

    fn default_severity(&self) -> Severity {
        self.severity
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for verdict in cx.verdicts().iter().filter(|v| v.kind == self.kind) {
            report(verdict, self.id(), acc);
        }
    }
}
