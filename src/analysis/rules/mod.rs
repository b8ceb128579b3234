//! The registry, [`RULES`], and one file per rule; the three `entity.*`
//! rules, which differ only in the kind of verdict they report, share one.

pub mod claim_absolute;
pub mod claim_booster;
pub mod claim_causal;
pub mod claim_opinion;
pub mod claim_superlative;
pub mod claim_unsourced_figure;
pub mod claim_weasel;
pub mod entity;

use super::rule::Rule;
use claim_absolute::ClaimAbsolute;
use claim_booster::ClaimBooster;
use claim_causal::ClaimCausal;
use claim_opinion::ClaimOpinion;
use claim_superlative::ClaimSuperlative;
use claim_unsourced_figure::ClaimUnsourcedFigure;
use claim_weasel::ClaimWeasel;
use entity::{ENTITY_GLOSSARY, ENTITY_ROMANIZATION, ENTITY_VARIANT};

/// Every rule, in the order they run: one line per rule.
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
