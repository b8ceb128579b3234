//! The rule trait and the registry of every rule.

use std::fmt;

use super::rules::claim_absolute::ClaimAbsolute;
use super::rules::claim_booster::ClaimBooster;
use super::rules::claim_causal::ClaimCausal;
use super::rules::claim_opinion::ClaimOpinion;
use super::rules::claim_superlative::ClaimSuperlative;
use super::rules::claim_unsourced_figure::ClaimUnsourcedFigure;
use super::rules::claim_weasel::ClaimWeasel;
use super::rules::entity::{ENTITY_GLOSSARY, ENTITY_ROMANIZATION, ENTITY_VARIANT};
use super::{Context, Finding, Severity};

/// A rule's stable id, `family.kebab-name` (SPEC §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub &'static str);

impl RuleId {
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// What a rule needs to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Sentences and paragraphs: checked chunk by chunk, cached.
    Chunk,
    /// Counts across the document: checked from the document's name state.
    Document,
}

/// A check. Rules are stateless unit structs; settings and lexicons reach
/// them through [`Context`].
pub trait Rule: Sync {
    fn id(&self) -> RuleId;
    /// One line for the README, `copydesk rules` and editor settings.
    fn summary(&self) -> &'static str;
    /// The long documentation printed by `copydesk explain`: what is
    /// flagged and why, an example, what is not flagged, the fixes.
    fn explanation(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// What the rule looks at: one chunk of paragraphs at a time (the
    /// default), or the whole document's names.
    fn scope(&self) -> Scope {
        Scope::Chunk
    }
    /// Appends this rule's findings. The severity set here is replaced by
    /// the configured one.
    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>);
}

/// Every rule, in the order they run. Adding a rule is one line here.
pub static RULES: &[&dyn Rule] = &[
    &ENTITY_VARIANT,
    &ENTITY_GLOSSARY,
    &ENTITY_ROMANIZATION,
    &ClaimBooster,
    &ClaimAbsolute,
    &ClaimSuperlative,
    &ClaimOpinion,
    &ClaimUnsourcedFigure,
    &ClaimCausal,
    &ClaimWeasel,
];

/// The rule with this id.
pub fn find(rule_id: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.id().as_str() == rule_id)
}
