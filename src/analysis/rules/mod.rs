//! One file per rule.

pub mod claim_absolute;
pub mod claim_booster;
pub mod claim_causal;
pub mod claim_opinion;
pub mod claim_superlative;
pub mod claim_unsourced_figure;
pub mod claim_weasel;
pub mod entity_glossary;
pub mod entity_romanization;
pub mod entity_variant;
