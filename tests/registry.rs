//! The rule registry against every list that names the rules: the docs
//! pages, the VS Code extension's settings and the README's rule table.
//!
//! The last two are rendered from the registry. When one is out of step,
//! the test fails; run it with `COPYDESK_UPDATE_RULES=1` and it rewrites
//! the list in place instead: the README's table, and in
//! `editors/vscode/package.json` only the text of the per-rule settings.

use std::collections::BTreeSet;
use std::ops::Range;
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

/// Whether `COPYDESK_UPDATE_RULES=1` asks the tests below to rewrite a
/// rendered list that is out of step, rather than fail.
fn updating() -> bool {
    std::env::var("COPYDESK_UPDATE_RULES").is_ok_and(|value| value == "1")
}

/// The failure message for a rendered list that is out of step.
fn out_of_step(what: &str, difference: &str) -> String {
    format!(
        "{what} is out of step with the rule registry (src/analysis/rules/mod.rs):\n\
         {difference}\n\
         run `COPYDESK_UPDATE_RULES=1 cargo test --test registry` to rewrite it from the registry"
    )
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The line the README's rule table starts with.
const TABLE_HEADER: &str = "| id | default | flags | fixes |\n";

/// The README's rule table rendered from the registry: the header, the
/// separator and one row per rule in registry order, each line ending in
/// `\n`.
///
/// # Panics
///
/// If a rule's `flags` or `fixes` contains `|` or a line break, which
/// would break the table.
fn render_rule_table() -> String {
    let mut table = format!("{TABLE_HEADER}|---|---|---|---|\n");
    for rule in RULES {
        let meta = rule.meta();
        for cell in [meta.flags, meta.fixes] {
            assert!(
                !cell.contains(['|', '\n', '\r']),
                "{}: {cell:?} cannot be a cell of the README's rule table",
                meta.id
            );
        }
        table += &format!(
            "| `{}` | {} | {} | {} |\n",
            meta.id, meta.default_severity, meta.flags, meta.fixes
        );
    }
    table
}

/// The byte range of the README's rule table: from its header line up to
/// the first line after it that does not start with `|`.
fn rule_table_range(readme: &str) -> Range<usize> {
    let start = readme
        .find(&format!("\n{TABLE_HEADER}"))
        .map(|idx| idx + 1)
        .unwrap_or_else(|| panic!("README.md has no rule table headed {TABLE_HEADER:?}"));
    let length: usize = readme[start..]
        .split_inclusive('\n')
        .take_while(|line| line.starts_with('|'))
        .map(str::len)
        .sum();
    start..start + length
}

/// The lines of `rendered` missing from `listed` and the other way round.
fn line_difference(listed: &str, rendered: &str) -> String {
    let only_in = |a: &str, b: &str| -> Vec<String> {
        let others: BTreeSet<&str> = b.lines().collect();
        a.lines()
            .filter(|line| !others.contains(line))
            .map(|line| format!("    {line}\n"))
            .collect()
    };
    format!(
        "  rendered but not listed:\n{}  listed but not rendered:\n{}",
        only_in(rendered, listed).concat(),
        only_in(listed, rendered).concat()
    )
}

#[test]
fn readme_rule_table_is_rendered_from_the_registry() {
    let path = root().join("README.md");
    let readme = read(&path);
    let range = rule_table_range(&readme);
    let rendered = render_rule_table();
    if readme[range.clone()] == rendered {
        return;
    }
    let difference = line_difference(&readme[range.clone()], &rendered);
    assert!(
        updating(),
        "{}",
        out_of_step("README.md's rule table", &difference)
    );
    let mut updated = readme;
    updated.replace_range(range, &rendered);
    write(&path, &updated);
    eprintln!("rewrote README.md's rule table from the registry:\n{difference}");
}

/// The values a rule's setting takes: `default`, `off` or a severity.
const SETTING_VALUES: [&str; 6] = ["default", "off", "hint", "information", "warning", "error"];

/// The per-rule settings of `editors/vscode/package.json` rendered from
/// the registry, one per rule in registry order: the text from the
/// `"properties"` key under `copydesk.rules` to the brace that closes its
/// object, for a key indented by `indent`, in the manifest's 2-space style.
/// A rule's description is its summary followed by its default severity.
fn render_rule_settings(indent: &str) -> String {
    let quote = |text: &str| serde_json::to_string(text).expect("a string is JSON");
    let values: Vec<String> = SETTING_VALUES.iter().map(|value| quote(value)).collect();
    let values = values.join(", ");
    let mut text = String::from("\"properties\": {\n");
    for (idx, rule) in RULES.iter().enumerate() {
        let meta = rule.meta();
        let summary = meta.summary.strip_suffix('.').unwrap_or(meta.summary);
        let description = format!("{summary} (default: {}).", meta.default_severity);
        let comma = if idx + 1 < RULES.len() { "," } else { "" };
        text += &format!(
            "{indent}  {id}: {{\n\
             {indent}    \"type\": \"string\",\n\
             {indent}    \"enum\": [{values}],\n\
             {indent}    \"default\": \"default\",\n\
             {indent}    \"markdownDescription\": {description}\n\
             {indent}  }}{comma}\n",
            id = quote(meta.id.as_str()),
            description = quote(&description),
        );
    }
    text + indent + "}"
}

/// Where the per-rule settings are in the manifest's text: the byte range
/// from the `"properties"` key under `"copydesk.rules"` to the brace that
/// closes its object, and the indentation of that key.
fn rule_settings_range(manifest: &str) -> (Range<usize>, &str) {
    let rules = manifest
        .find("\"copydesk.rules\": {")
        .expect("package.json has a \"copydesk.rules\" setting");
    let start = rules
        + manifest[rules..]
            .find("\"properties\": {")
            .expect("package.json: \"copydesk.rules\" has \"properties\"");
    let line_start = manifest[..start].rfind('\n').map_or(0, |idx| idx + 1);
    let indent = &manifest[line_start..start];
    assert!(
        indent.bytes().all(|b| b == b' '),
        "package.json: \"properties\" under \"copydesk.rules\" does not start its line"
    );
    (start..start + closing_brace(&manifest[start..]) + 1, indent)
}

/// The byte index of the brace that closes the first `{` in `json`,
/// skipping braces inside strings.
///
/// # Panics
///
/// If that brace is never closed.
fn closing_brace(json: &str) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (idx, byte) in json.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' if depth == 1 => return idx,
            b'}' => depth -= 1,
            _ => {}
        }
    }
    panic!("unclosed `{{` in {json:?}")
}

/// The object of a `"properties": {...}` text from
/// [`rule_settings_range`] or [`render_rule_settings`].
fn settings_value(properties: &str) -> Value {
    let wrapped: Value = serde_json::from_str(&format!("{{{properties}}}"))
        .unwrap_or_else(|e| panic!("not a JSON member: {e}\n{properties}"));
    wrapped["properties"].clone()
}

/// The rules whose settings differ, each with both versions.
fn settings_difference(listed: &Value, rendered: &Value) -> String {
    let keys = |value: &Value| -> BTreeSet<String> {
        value
            .as_object()
            .map(|object| object.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut ids = keys(listed);
    ids.extend(keys(rendered));
    let show = |value: Option<&Value>| value.map_or("nothing".to_string(), Value::to_string);
    ids.iter()
        .filter(|id| listed.get(id.as_str()) != rendered.get(id.as_str()))
        .map(|id| {
            format!(
                "  {id}:\n    listed   {}\n    rendered {}\n",
                show(listed.get(id.as_str())),
                show(rendered.get(id.as_str()))
            )
        })
        .collect()
}

/// The per-rule settings in a parsed manifest.
fn listed_settings(manifest: &Value) -> &Value {
    let listed =
        &manifest["contributes"]["configuration"]["properties"]["copydesk.rules"]["properties"];
    assert!(
        listed.is_object(),
        "package.json: contributes.configuration.properties[\"copydesk.rules\"].properties"
    );
    listed
}

#[test]
fn vscode_rule_settings_are_rendered_from_the_registry() {
    let path = root().join("editors/vscode/package.json");
    let text = read(&path);
    let manifest: Value = serde_json::from_str(&text).expect("package.json is JSON");
    let listed = listed_settings(&manifest);
    let (range, indent) = rule_settings_range(&text);
    assert_eq!(
        &settings_value(&text[range.clone()]),
        listed,
        "package.json: the text found as copydesk.rules' properties is not that object"
    );
    let rendered = render_rule_settings(indent);
    let rendered_value = settings_value(&rendered);
    if *listed == rendered_value {
        return;
    }
    let difference = settings_difference(listed, &rendered_value);
    assert!(
        updating(),
        "{}",
        out_of_step(
            "editors/vscode/package.json (copydesk.rules properties)",
            &difference
        )
    );
    let mut updated = text.clone();
    updated.replace_range(range, &rendered);
    let reparsed: Value =
        serde_json::from_str(&updated).expect("the rewritten package.json is JSON");
    assert_eq!(
        *listed_settings(&reparsed),
        rendered_value,
        "the rewritten package.json does not hold the rendered settings"
    );
    write(&path, &updated);
    eprintln!("rewrote the rule settings in editors/vscode/package.json:\n{difference}");
}

/// Outside the per-rule settings, which the test above renders, the
/// configuration names no unregistered rule (in an enum, a default).
#[test]
fn vscode_configuration_names_only_registered_rules() {
    let mut manifest = vscode_manifest();
    let configuration = &mut manifest["contributes"]["configuration"];
    assert!(
        !configuration.is_null(),
        "package.json has no contributes.configuration"
    );
    configuration["properties"]["copydesk.rules"]["properties"].take();
    let configuration = &manifest["contributes"]["configuration"];
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
