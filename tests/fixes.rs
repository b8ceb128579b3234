//! Before/after tests of every fix: the text a fix gives, and that the rule
//! no longer fires on it.

mod support;

use support::{check_fix, check_fix_nth};

#[test]
fn booster_removal_keeps_grammar_and_capitals() {
    check_fix(
        "claim.booster",
        "Clearly, the reform has failed.",
        "The reform has failed.",
    );
    check_fix(
        "claim.booster",
        "Clearly the reform has failed.",
        "The reform has failed.",
    );
    check_fix(
        "claim.booster",
        "The reform has clearly failed.",
        "The reform has failed.",
    );
    check_fix(
        "claim.booster",
        "The plan, of course, was a disaster.",
        "The plan was a disaster.",
    );
    check_fix("claim.booster", "It failed, clearly.", "It failed.");
    check_fix("claim.booster", "But clearly, it failed.", "But it failed.");
    check_fix(
        "claim.booster",
        "It is clear that the talks collapsed.",
        "The talks collapsed.",
    );
    check_fix(
        "claim.booster",
        "Everyone knows the ceasefire will not hold.",
        "The ceasefire will not hold.",
    );
    check_fix(
        "claim.booster",
        "It is **obviously** wrong.",
        "It is wrong.",
    );
    check_fix(
        "claim.booster",
        "Élan was undoubtedly lost.",
        "Élan was lost.",
    );
    check_fix("claim.booster", "Obviously, élan matters.", "Élan matters.");
}

#[test]
fn booster_softening_hedges_the_claim() {
    check_fix_nth(
        "claim.booster",
        1,
        "Clearly, the reform has failed.",
        "Apparently, the reform has failed.",
    );
    check_fix_nth(
        "claim.booster",
        1,
        "Prices will certainly rise.",
        "Prices will probably rise.",
    );
    check_fix_nth(
        "claim.booster",
        1,
        "It is clear that the talks collapsed.",
        "It appears that the talks collapsed.",
    );
    check_fix_nth(
        "claim.booster",
        1,
        "There is no doubt that he lied.",
        "It is likely that he lied.",
    );
    check_fix_nth(
        "claim.booster",
        1,
        "Everyone knows that the ceasefire failed.",
        "It seems that the ceasefire failed.",
    );
}
