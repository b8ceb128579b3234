//! One file per rule; the three `entity.*` rules, which differ only in the
//! kind of verdict they report, share one.

pub mod claim_absolute;
pub mod claim_booster;
pub mod claim_causal;
pub mod claim_opinion;
pub mod claim_superlative;
pub mod claim_unsourced_figure;
pub mod claim_weasel;
pub mod entity;
