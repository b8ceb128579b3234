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
use crate::analysis::rule::{RuleMeta, Scope};
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

/// An `entity.*` rule: the name verdicts of one kind.
pub struct EntityRule {
    meta: RuleMeta,
    kind: VerdictKind,
}

/// One entity spelled two ways in a document.
pub const ENTITY_VARIANT: EntityRule = EntityRule {
    meta: RuleMeta {
        id: RuleId("entity.variant"),
        summary:
            "One entity spelled two ways in a document: a rare spelling beside a dominant one.",
        flags: "one name spelled two ways in a document: `Okonjo-Iwaela` once beside `Okonjo-Iweala` three times",
        fixes: "the dominant spelling, for one use or all",
        explanation: include_str!("../../../docs/rules/entity.variant.md"),
        default_severity: Severity::Warning,
        scope: Scope::Document,
    },
    kind: VerdictKind::Variant,
};

/// A spelling the glossary rejects, or a near miss of a glossary name.
pub const ENTITY_GLOSSARY: EntityRule = EntityRule {
    meta: RuleMeta {
        id: RuleId("entity.glossary"),
        summary: "A spelling the glossary rejects, or a near miss of a glossary or built-in name.",
        flags: "a spelling the glossary rejects (`Zelenskiy` where the house style says `Zelensky`), or a near miss of a glossary name (`Sarbanes-Oxely`)",
        fixes: "the glossary spelling",
        explanation: include_str!("../../../docs/rules/entity.glossary.md"),
        default_severity: Severity::Warning,
        scope: Scope::Document,
    },
    kind: VerdictKind::Glossary,
};

/// The same name in two romanisations or with different diacritics.
pub const ENTITY_ROMANIZATION: EntityRule = EntityRule {
    meta: RuleMeta {
        id: RuleId("entity.romanization"),
        summary: "The same name in two romanisations or with different diacritics.",
        flags: "one name in two romanisations or with other accents: `Gaddafi` and `Qaddafi`, `Zurbarán` and `Zurbaran`",
        fixes: "the glossary, gazetteer or majority spelling",
        explanation: include_str!("../../../docs/rules/entity.romanization.md"),
        default_severity: Severity::Information,
        scope: Scope::Document,
    },
    kind: VerdictKind::Romanization,
};

impl Rule for EntityRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for verdict in cx.verdicts().iter().filter(|v| v.kind == self.kind) {
            report(verdict, self.id(), acc);
        }
    }
}
