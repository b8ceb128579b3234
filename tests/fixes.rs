//! Before/after tests of every fix: the text a fix gives, and that the rule
//! no longer fires on it.

mod support;

use support::{check_fix, check_fix_nth, check_markdown_fix};

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

// Issue #12: emphasis around a sentence-initial booster panicked when the
// removal widened the range past the sentence's start.
#[test]
fn emphasised_sentence_initial_booster_is_removed_with_its_markers() {
    for (before, after) in [
        ("**Clearly** the reform failed.", "The reform failed."),
        ("*Clearly* the reform failed.", "The reform failed."),
        ("_Clearly_ the reform failed.", "The reform failed."),
        ("***Clearly*** the reform failed.", "The reform failed."),
        ("__Obviously__, the reform failed.", "The reform failed."),
        ("The vote. **Clearly** it failed.", "The vote. It failed."),
    ] {
        check_markdown_fix("claim.booster", before, after);
    }
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

#[test]
fn claim_attribution_goes_before_the_final_punctuation() {
    for rule_and_sentence in [
        ("claim.absolute", "The reforms always fail."),
        (
            "claim.superlative",
            "It was the worst decision of the decade.",
        ),
        ("claim.opinion", "The minister's record has been abysmal."),
        (
            "claim.unsourced-figure",
            "Unemployment rose to 14.2% last year.",
        ),
        ("claim.causal", "The drought caused the collapse."),
    ] {
        let (rule, before) = rule_and_sentence;
        let after = format!("{}, according to [source].", before.trim_end_matches('.'));
        check_fix(rule, before, &after);
    }
    check_fix(
        "claim.unsourced-figure",
        "More than 3,000 people were detained!",
        "More than 3,000 people were detained, according to [source]!",
    );
    check_fix(
        "claim.opinion",
        "The plan was, he wrote later, \"a disaster.\" It was a fiasco.",
        "The plan was, he wrote later, \"a disaster.\" It was a fiasco, according to [source].",
    );
}

#[test]
fn absolute_softening_keeps_grammar_and_capitals() {
    check_fix_nth(
        "claim.absolute",
        1,
        "The reforms always fail.",
        "The reforms often fail.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "No government has ever solved this.",
        "Hardly any government has ever solved this.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "Every analyst missed it.",
        "Almost every analyst missed it.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "The ministry never publishes its plans on time.",
        "The ministry rarely publishes its plans on time.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "No one in the party questioned the strategy.",
        "Hardly anyone in the party questioned the strategy.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "All politicians lie about their expenses.",
        "Most politicians lie about their expenses.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "None of the promised hospitals were built.",
        "Hardly any of the promised hospitals were built.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "Everyone in the coalition wanted the deal.",
        "Almost everyone in the coalition wanted the deal.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "The failure was entirely predictable.",
        "The failure was largely predictable.",
    );
    check_fix_nth(
        "claim.absolute",
        1,
        "The proposal was universally condemned.",
        "The proposal was widely condemned.",
    );
}

#[test]
fn superlative_limits_to_one_of_the() {
    check_fix_nth(
        "claim.superlative",
        1,
        "It was the worst decision of the decade.",
        "It was one of the worst decisions of the decade.",
    );
    check_fix_nth(
        "claim.superlative",
        1,
        "She is the most effective negotiator in Brussels.",
        "She is one of the most effective negotiators in Brussels.",
    );
    check_fix_nth(
        "claim.superlative",
        1,
        "The worst mistake the council made was ignoring the engineers.",
        "One of the worst mistakes the council made was ignoring the engineers.",
    );
    check_fix_nth(
        "claim.superlative",
        1,
        "The treaty is the greatest policy achievement of the era.",
        "The treaty is one of the greatest policy achievements of the era.",
    );
    check_fix_nth(
        "claim.superlative",
        1,
        "The raid was the bloodiest and the worst city in history.",
        "The raid was the bloodiest and one of the worst cities in history.",
    );
}

#[test]
fn opinion_marks_the_writers_view() {
    check_fix_nth(
        "claim.opinion",
        1,
        "The minister's record has been abysmal.",
        "In my view, the minister's record has been abysmal.",
    );
    check_fix_nth(
        "claim.opinion",
        1,
        "Johnson's plan was reckless.",
        "In my view, Johnson's plan was reckless.",
    );
    check_fix_nth(
        "claim.opinion",
        1,
        "It was a reckless, shoddy plan.",
        "In my view, it was a reckless, shoddy plan.",
    );
}

#[test]
fn causal_softening_says_in_part() {
    check_fix_nth(
        "claim.causal",
        1,
        "The drought caused the collapse.",
        "The drought partly caused the collapse.",
    );
    check_fix_nth(
        "claim.causal",
        1,
        "The shortage is due to poor planning.",
        "The shortage is partly due to poor planning.",
    );
    check_fix_nth(
        "claim.causal",
        1,
        "This was the reason the talks failed.",
        "This was one reason the talks failed.",
    );
    check_fix_nth(
        "claim.causal",
        1,
        "The main reason for the defeat was the divided leadership.",
        "One reason for the defeat was the divided leadership.",
    );
    check_fix_nth(
        "claim.causal",
        1,
        "The outbreak was largely due to contaminated water.",
        "The outbreak was partly due to contaminated water.",
    );
    check_fix_nth(
        "claim.causal",
        1,
        "Because of the strike, the trains stopped.",
        "Partly because of the strike, the trains stopped.",
    );
    check_fix_nth(
        "claim.causal",
        1,
        "The strike led to the resignation of the chairman.",
        "The strike partly led to the resignation of the chairman.",
    );
    check_fix_nth(
        "claim.causal",
        1,
        "The root cause of the flooding is the loss of wetlands.",
        "One cause of the flooding is the loss of wetlands.",
    );
}

#[test]
fn weasel_fix_names_a_source() {
    check_fix(
        "claim.weasel",
        "Critics say the deal is weak.",
        "[source] says the deal is weak.",
    );
    check_fix(
        "claim.weasel",
        "Many believe the vote was rigged.",
        "[source] believes the vote was rigged.",
    );
    check_fix(
        "claim.weasel",
        "Experts agree the tax is regressive.",
        "[source] agrees the tax is regressive.",
    );
    check_fix(
        "claim.weasel",
        "Some economists have argued that the policy will backfire.",
        "[source] has argued that the policy will backfire.",
    );
    check_fix(
        "claim.weasel",
        "The deal, critics say, leaves the poorest worse off.",
        "The deal, [source] says, leaves the poorest worse off.",
    );
    check_fix(
        "claim.weasel",
        "Critics said the deal was weak.",
        "[source] said the deal was weak.",
    );
    check_fix(
        "claim.weasel",
        "It is widely thought that the talks will fail.",
        "According to [source], the talks will fail.",
    );
    check_fix(
        "claim.weasel",
        "Yet it is believed that the manuscript was lost.",
        "Yet according to [source], the manuscript was lost.",
    );
    check_fix(
        "claim.weasel",
        "The painting is widely regarded as the artist's finest work.",
        "The painting is regarded by [source] as the artist's finest work.",
    );
    check_fix(
        "claim.weasel",
        "The general is said to have ordered the retreat himself.",
        "The general is said by [source] to have ordered the retreat himself.",
    );
    check_fix(
        "claim.weasel",
        "Research has shown that the drug is safe.",
        "[source] has shown that the drug is safe.",
    );
    check_fix(
        "claim.weasel",
        "Studies show that children who read daily do better.",
        "[source] shows that children who read daily do better.",
    );
    check_fix(
        "claim.weasel",
        "The plan, by some accounts, was rushed.",
        "The plan, according to [source], was rushed.",
    );
}
