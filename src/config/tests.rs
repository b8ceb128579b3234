use super::edit::{apply, EditError, GlossaryEdit};
use super::*;

fn line_of(text: &str, error: &ConfigError) -> usize {
    text[..error.byte_range.start].matches('\n').count() + 1
}

#[test]
fn rules_severities_and_off() {
    let config = parse("[rules]\n\"claim.booster\" = \"off\"\n\"entity.variant\" = \"error\"\n");
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    assert_eq!(config.settings.severities.get("claim.booster"), Some(&None));
    assert_eq!(
        config.settings.severities.get("entity.variant"),
        Some(&Some(Severity::Error))
    );
}

#[test]
fn unknown_keys_and_bad_values_are_reported_with_their_line() {
    let text = "[rules]\n\"claim.booster\" = \"loud\"\n\"claim.nonsense\" = \"off\"\n\n[entitys]\nnames = []\n";
    let config = parse(text);
    let lines: Vec<usize> = config.errors.iter().map(|e| line_of(text, e)).collect();
    assert_eq!(lines, vec![2, 3, 5], "{:?}", config.errors);
    assert!(config.errors[0].message.contains("must be \"off\""));
    assert!(config.errors[1]
        .message
        .contains("unknown rule \"claim.nonsense\""));
    assert!(config.errors[2].message.contains("unknown key \"entitys\""));
    // The broken parts fall back to the defaults.
    assert!(config.settings.severities.is_empty());
}

#[test]
fn syntax_errors_keep_the_defaults() {
    let text = "[rules]\n\"claim.booster\" = \n";
    let config = parse(text);
    assert_eq!(config.errors.len(), 1);
    assert_eq!(line_of(text, &config.errors[0]), 2);
    assert!(config.settings.severities.is_empty());
}

#[test]
fn glossary_sections() {
    let config = parse(
        "[entities]\nnames = [\"Ngozi Okonjo-Iweala\"]\ndistinct = [[\"Niger\", \"Nigeria\"]]\nignore = [\"Zhou\"]\n\n[[entities.name]]\ncanonical = \"Volodymyr Zelensky\"\nvariants = [\"Zelenskiy\"]\n\n[claims]\nboosters = [\"Indisputably\"]\nattribution = [\"tweeted\"]\n",
    );
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let entities = &config.settings.entities;
    assert_eq!(entities.names, vec!["Ngozi Okonjo-Iweala"]);
    assert_eq!(
        entities.distinct,
        vec![vec!["Niger".to_string(), "Nigeria".to_string()]]
    );
    assert_eq!(entities.ignore, vec!["Zhou"]);
    assert_eq!(entities.glossary[0].canonical, "Volodymyr Zelensky");
    assert_eq!(config.settings.claims.boosters, vec!["indisputably"]);
}

#[test]
fn distinct_entries_need_two_names() {
    let config = parse("[entities]\ndistinct = [[\"Niger\"], \"Nigeria\"]\n");
    assert_eq!(config.errors.len(), 2);
}

#[test]
fn editor_settings_apply_on_top() {
    let (settings, problems) = editor_settings(
        &serde_json::json!({"debounceMs": 25, "rules": {"claim.booster": "off", "nope.rule": "off"}}),
    );
    assert_eq!(settings.debounce_ms, 25);
    assert_eq!(settings.severities.get("claim.booster"), Some(&None));
    assert_eq!(problems.len(), 1);
}

#[test]
fn editor_glossary_path_is_text_and_empty_means_none() {
    let (settings, problems) =
        editor_settings(&serde_json::json!({"glossaryPath": " house/names.toml "}));
    assert_eq!(settings.glossary_path.as_deref(), Some("house/names.toml"));
    assert!(problems.is_empty());
    let (cleared, _) = editor_settings_over(&settings, &serde_json::json!({"glossaryPath": ""}));
    assert_eq!(cleared.glossary_path, None);
    let (_, problems) = editor_settings(&serde_json::json!({"glossaryPath": 3}));
    assert_eq!(problems, ["glossaryPath must be a path, as text"]);
}

#[test]
fn glossary_target_stays_inside_the_workspace() {
    let root = Path::new("/work/desk");
    let file = root.join("story.md");
    assert_eq!(
        glossary_target(&file, root, Some("house/names.toml")),
        Some(root.join("house/names.toml"))
    );
    assert_eq!(glossary_target(&file, root, Some("../names.toml")), None);
    assert_eq!(glossary_target(&file, root, Some("/etc/names.toml")), None);
}

#[test]
fn glossary_edits_keep_comments_and_layout() {
    let before = "# House style for the politics desk.\n[rules]\n\"claim.weasel\" = \"off\" # too noisy\n\n[entities]\n# People we cover often.\nnames = [\"Ngozi Okonjo-Iweala\"]\n";
    let after = apply(
        before,
        &GlossaryEdit::AddName("Amadou Diallo-Whitfield".into()),
    )
    .unwrap();
    assert_eq!(
        after,
        "# House style for the politics desk.\n[rules]\n\"claim.weasel\" = \"off\" # too noisy\n\n[entities]\n# People we cover often.\nnames = [\"Ngozi Okonjo-Iweala\", \"Amadou Diallo-Whitfield\"]\n"
    );
    // Adding it again changes nothing.
    assert_eq!(
        apply(
            &after,
            &GlossaryEdit::AddName("Amadou Diallo-Whitfield".into())
        )
        .unwrap(),
        after
    );
}

#[test]
fn glossary_edits_create_what_is_missing() {
    let after = apply(
        "",
        &GlossaryEdit::MarkDistinct("Niger".into(), "Nigeria".into()),
    )
    .unwrap();
    assert_eq!(after, "[entities]\ndistinct = [[\"Niger\", \"Nigeria\"]]\n");
    let after = apply(&after, &GlossaryEdit::Ignore("Zhou".into())).unwrap();
    let config = parse(&after);
    assert!(config.errors.is_empty(), "{after}");
    assert_eq!(config.settings.entities.ignore, vec!["Zhou"]);
    assert_eq!(
        apply(
            &after,
            &GlossaryEdit::MarkDistinct("Nigeria".into(), "Niger".into())
        )
        .unwrap(),
        after
    );
}

#[test]
fn glossary_edits_refuse_broken_files() {
    assert!(matches!(
        apply("[entities\n", &GlossaryEdit::Ignore("Zhou".into())),
        Err(EditError::Invalid(_))
    ));
    assert!(matches!(
        apply("entities = 3\n", &GlossaryEdit::Ignore("Zhou".into())),
        Err(EditError::Shape(_))
    ));
}
