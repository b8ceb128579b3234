//! `entity.variant`: One entity spelled two ways in a document: a rare spelling beside a dominant one.
//!
//! The judgement is shared by the three `entity.*` rules and made once
//! per text in [`crate::analysis::names`]; this rule reports the
//! verdicts of its kind. Fix: the canonical spelling (glossary, then
//! gazetteer, then the text's majority), for one use or every use.
//! Documentation with examples: `docs/rules/entity.variant.md`.

use crate::analysis::names::{report, VerdictKind};
use crate::analysis::rule::Scope;
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

pub struct EntityVariant;

impl Rule for EntityVariant {
    fn id(&self) -> RuleId {
        RuleId("entity.variant")
    }

    fn summary(&self) -> &'static str {
        "One entity spelled two ways in a document: a rare spelling beside a dominant one."
    }

    fn explanation(&self) -> &'static str {
        include_str!("../../../docs/rules/entity.variant.md")
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for verdict in cx
            .verdicts()
            .iter()
            .filter(|v| v.kind == VerdictKind::Variant)
        {
            report(verdict, self.id(), acc);
        }
    }
}
