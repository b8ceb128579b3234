//! One file per rule.

pub mod claim_booster;
