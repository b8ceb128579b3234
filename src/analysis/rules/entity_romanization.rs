//! `entity.romanization`: The same name in two romanisations or with different diacritics.
//!
//! The judgement is shared by the three `entity.*` rules and made once
//! per text in [`crate::analysis::names`]; this rule reports the
//! verdicts of its kind. Fix: the canonical spelling (glossary, then
//! gazetteer, then the text's majority), for one use or every use.
//! Documentation with examples: `docs/rules/entity.romanization.md`.

use crate::analysis::names::{report, VerdictKind};
use crate::analysis::rule::Scope;
use crate::analysis::{Context, Finding, Rule, RuleId, Severity};

pub struct EntityRomanization;

impl Rule for EntityRomanization {
    fn id(&self) -> RuleId {
        RuleId("entity.romanization")
    }

    fn summary(&self) -> &'static str {
        "The same name in two romanisations or with different diacritics."
    }

    fn explanation(&self) -> &'static str {
        include_str!("../../../docs/rules/entity.romanization.md")
    }

    fn default_severity(&self) -> Severity {
        Severity::Information
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>) {
        for verdict in cx
            .verdicts()
            .iter()
            .filter(|v| v.kind == VerdictKind::Romanization)
        {
            report(verdict, self.id(), acc);
        }
    }
}
