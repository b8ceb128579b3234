//! The rule registry against every list that names the rules by hand: the
//! docs pages, the VS Code extension's settings and the README's rule
//! table. Adding or renaming a rule without updating one of them fails
//! here, naming what is missing and what is extra.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use copydesk::analysis::RULES;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The VS Code extension's manifest, `editors/vscode/package.json`.
fn vscode_manifest() -> Value {
    let path = root().join("editors/vscode/package.json");
    serde_json::from_str(&read(&path)).expect("package.json is JSON")
}

fn registered() -> BTreeSet<String> {
    RULES.iter().map(|rule| rule.id().to_string()).collect()
}

/// Panics unless `listed` is exactly the registered ids, naming the
/// difference both ways.
fn assert_same(what: &str, listed: &BTreeSet<String>) {
    let registered = registered();
    let missing: Vec<&String> = registered.difference(listed).collect();
    let extra: Vec<&String> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what} is out of step with the rule registry (src/analysis/rules/mod.rs):\n  \
         registered but not listed: {missing:?}\n  listed but not registered: {extra:?}"
    );
}

/// `family.kebab-case`: lowercase ASCII words joined by single hyphens,
/// one dot between the family and the name.
fn is_rule_id(id: &str) -> bool {
    let word = |part: &str| {
        !part.is_empty()
            && part
                .split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
    };
    match id.split_once('.') {
        Some((family, name)) => {
            !family.contains('-') && word(family) && !name.contains('.') && word(name)
        }
        None => false,
    }
}

#[test]
fn rule_id_form() {
    for good in ["claim.booster", "claim.unsourced-figure", "entity.a-b-c"] {
        assert!(is_rule_id(good), "{good}");
    }
    for bad in [
        "claim",
        "claim.",
        ".booster",
        "Claim.booster",
        "claim.unsourced_figure",
        "claim.un--sourced",
        "claim.-booster",
        "claim.booster-",
        "claim.a.b",
        "claim-x.booster",
        "claim.b00ster",
    ] {
        assert!(!is_rule_id(bad), "{bad}");
    }
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    let duplicates: Vec<&str> = RULES
        .iter()
        .map(|rule| rule.id().as_str())
        .filter(|id| !seen.insert(*id))
        .collect();
    assert!(
        duplicates.is_empty(),
        "rule ids registered twice: {duplicates:?}"
    );
    let malformed: Vec<&str> = RULES
        .iter()
        .map(|rule| rule.id().as_str())
        .filter(|id| !is_rule_id(id))
        .collect();
    assert!(
        malformed.is_empty(),
        "rule ids not of the form `family.kebab-case`: {malformed:?}"
    );
}

#[test]
fn each_rule_has_a_docs_page_and_each_page_a_rule() {
    let dir = root().join("docs/rules");
    let missing: Vec<String> = RULES
        .iter()
        .map(|rule| format!("docs/rules/{}.md", rule.id()))
        .filter(|page| !root().join(page).is_file())
        .collect();
    assert!(missing.is_empty(), "rules without a docs page: {missing:?}");
    let pages: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("docs/rules is readable")
        .map(|entry| entry.expect("docs/rules entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .collect();
    assert_same("docs/rules/*.md", &pages);
}

/// Each rule's documentation link, which the editor shows beside a
/// diagnostic and SARIF gives as `helpUri`, is its page in this repository
/// (whose address the VS Code manifest gives), and `copydesk explain`
/// prints that same page.
#[test]
fn each_docs_url_is_the_rules_page_in_the_repository() {
    let manifest = vscode_manifest();
    let repository = manifest["repository"]["url"]
        .as_str()
        .expect("package.json: repository.url");
    let blob = format!("{repository}/blob/main/");
    for rule in RULES {
        let url = rule.id().docs_url();
        let page = url
            .strip_prefix(&blob)
            .unwrap_or_else(|| panic!("{}: docs url {url} is not under {blob}", rule.id()));
        assert_eq!(
            page,
            format!("docs/rules/{}.md", rule.id()),
            "{}: docs url {url} is not the rule's own page",
            rule.id()
        );
        assert!(
            rule.explanation() == read(&root().join(page)),
            "{}: the explanation is not the text of {page}",
            rule.id()
        );
    }
}

/// Every object key and string in `value` that has the form of a rule id
/// and the family of a registered rule (so `copydesk.path` is not one).
fn rule_like_strings(value: &Value, families: &BTreeSet<String>, acc: &mut BTreeSet<String>) {
    let consider = |s: &str, acc: &mut BTreeSet<String>| {
        if is_rule_id(s) && s.split_once('.').is_some_and(|(f, _)| families.contains(f)) {
            acc.insert(s.to_string());
        }
    };
    match value {
        Value::String(s) => consider(s, acc),
        Value::Array(items) => {
            for item in items {
                rule_like_strings(item, families, acc);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                consider(key, acc);
                rule_like_strings(item, families, acc);
            }
        }
        _ => {}
    }
}

#[test]
fn vscode_settings_list_exactly_the_registered_rules() {
    let manifest = vscode_manifest();
    let configuration = &manifest["contributes"]["configuration"];
    assert!(
        !configuration.is_null(),
        "package.json has no contributes.configuration"
    );

    // The per-rule settings under `copydesk.rules`.
    let per_rule = configuration["properties"]["copydesk.rules"]["properties"]
        .as_object()
        .expect(
            "package.json: contributes.configuration.properties[\"copydesk.rules\"].properties",
        );
    let listed: BTreeSet<String> = per_rule.keys().cloned().collect();
    assert_same(
        "editors/vscode/package.json (copydesk.rules properties)",
        &listed,
    );
    for rule in RULES {
        let description = per_rule[rule.id().as_str()]["markdownDescription"]
            .as_str()
            .unwrap_or_default();
        let default = format!("(default: {})", rule.default_severity());
        assert!(
            description.contains(&default),
            "editors/vscode/package.json: {} says {description:?}, expected it to mention {default:?}",
            rule.id()
        );
    }

    // Anywhere else the configuration names a rule (an enum, a default).
    let families: BTreeSet<String> = registered()
        .iter()
        .filter_map(|id| Some(id.split_once('.')?.0.to_string()))
        .collect();
    let mut anywhere = BTreeSet::new();
    rule_like_strings(configuration, &families, &mut anywhere);
    let registered = registered();
    let unknown: Vec<&String> = anywhere.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "editors/vscode/package.json names rules that are not registered: {unknown:?}"
    );
}

#[test]
fn readme_rule_table_lists_exactly_the_registered_rules() {
    let readme = read(&root().join("README.md"));
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Rules\n"))
        .expect("README.md has a \"## Rules\" section");
    let mut listed = BTreeSet::new();
    for line in section.lines().filter(|line| line.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let id = cells[1].trim_matches('`').to_string();
        let default = cells.get(2).copied().unwrap_or_default();
        if let Some(rule) = RULES.iter().find(|rule| rule.id().as_str() == id) {
            assert_eq!(
                default,
                rule.default_severity().as_str(),
                "README.md's rule table gives {id} the wrong default severity"
            );
        }
        assert!(listed.insert(id.clone()), "README.md lists {id} twice");
    }
    assert_same("README.md's rule table", &listed);
}
