//! `entity.glossary`: A spelling the glossary rejects, or a near miss of a glossary or built-in name.
//!
//! The judgement is shared by the three `entity.*` rules and made once
//! per text in [`crate::analysis::names`]; this rule reports the
//! verdicts of its kind. Fix: the canonical spelling (glossary, then
//! gazetteer, then the text's majority), for one use or every use.
//! Documentation with examples: `docs/rules/entity.glossary.md`.

use crate::analysis::names::{report, VerdictKind};
use crate::analysis::rule::Scope;
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

pub struct EntityGlossary;

impl Rule for EntityGlossary {
    fn id(&self) -> RuleId {
        RuleId("entity.glossary")
    }

    fn summary(&self) -> &'static str {
        "A spelling the glossary rejects, or a near miss of a glossary or built-in name."
    }

    fn explanation(&self) -> &'static str {
        include_str!("../../../docs/rules/entity.glossary.md")
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
            .filter(|v| v.kind == VerdictKind::Glossary)
        {
            report(verdict, self.id(), acc);
        }
    }
}
