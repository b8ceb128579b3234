use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::analysis::{analyze, Severity};
use crate::batch::tests::Folder;
use crate::text::{Edit, Encoding, LineCol};

const STORY: &str = "Okonjo-Iweala spoke. Okonjo-Iweala left.\n\n\
                     Okonjo-Iweala won. Then Okonjo-Iwaela lost.\n\n\
                     Clearly, the reform has failed.\n";

fn resolver(editor: EditorSettings) -> Resolver {
    Resolver::new(Vec::new(), editor, Arc::default())
}

fn no_workspace() -> WorkspaceNames<'static> {
    WorkspaceNames {
        generation: 0,
        names: &|_| Vec::new(),
    }
}

fn rules(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

fn at(line: usize, col: usize) -> LineCol {
    LineCol { line, col }
}

#[test]
fn every_update_gives_what_a_fresh_analysis_does() {
    let resolved = resolver(EditorSettings::default()).resolve(None);
    let settings = UpdateSettings {
        kind: DocKind::Markdown,
        resolved: &resolved,
        generation: 0,
    };
    let mut document = Document::new(STORY, 1);
    let mut session = Session::default();
    let first = session
        .update(Vec::new(), &document, &settings, &no_workspace())
        .expect("no panic");
    assert_eq!(first, analyze(STORY, DocKind::Markdown, &resolved.settings));
    assert!(rules(&first).contains(&"entity.variant"), "{first:?}");

    // Mend the typo, break it again, then delete the claim's paragraph.
    let edits = [
        (at(2, 30)..at(2, 43), "Okonjo-Iweala"),
        (at(0, 0)..at(0, 13), "Okonjo-Iwaela"),
        (at(4, 0)..at(5, 0), ""),
    ];
    let mut seen = Vec::new();
    for (version, (range, text)) in (2..).zip(edits) {
        let edit = Edit {
            range: Some(range),
            text: text.to_string(),
        };
        let applied = document.apply(&[edit], version, Encoding::Utf8);
        let findings = session
            .update(applied.byte_edits, &document, &settings, &no_workspace())
            .expect("no panic");
        let fresh = analyze(&document.text(), DocKind::Markdown, &resolved.settings);
        assert_eq!(findings, fresh, "after edit {version}: {}", document.text());
        seen.push(rules(&findings).join(" "));
    }
    // The edits changed what was found, so a session that ignored them
    // would have failed above.
    assert_eq!(
        seen,
        [
            "claim.booster",
            "entity.variant claim.booster",
            "entity.variant"
        ]
    );
}

#[test]
fn other_settings_rebuild_the_engine() {
    let document = Document::new(STORY, 1);
    let mut session = Session::default();
    let defaults = resolver(EditorSettings::default()).resolve(None);
    let update = |session: &mut Session, resolved: &Resolved, generation| {
        let settings = UpdateSettings {
            kind: DocKind::Markdown,
            resolved,
            generation,
        };
        session
            .update(Vec::new(), &document, &settings, &no_workspace())
            .expect("no panic")
    };
    assert!(rules(&update(&mut session, &defaults, 0)).contains(&"claim.booster"));

    let mut editor = EditorSettings::default();
    editor
        .severities
        .insert("claim.booster".to_string(), Some(Severity::Error));
    let louder = resolver(editor.clone()).resolve(None);
    let findings = update(&mut session, &louder, 0);
    let booster = findings.iter().find(|f| f.rule.as_str() == "claim.booster");
    assert_eq!(booster.map(|f| f.severity), Some(Severity::Error));

    editor.severities.insert("claim.booster".to_string(), None);
    let off = resolver(editor).resolve(None);
    assert_eq!(rules(&update(&mut session, &off, 0)), ["entity.variant"]);

    // The same settings under a new generation: rebuilt, same findings.
    assert_eq!(
        update(&mut session, &defaults, 1),
        update(&mut Session::default(), &defaults, 7)
    );
}

#[test]
fn workspace_names_are_counted_and_asked_for_once_per_check() {
    let folder = Folder::new("session-workspace");
    let other = folder.write(
        "other.md",
        "Marguerite Quillanbrecht spoke. Quillanbrecht left.\n",
    );
    let results = crate::batch::check_files(
        &[other],
        |_| Arc::default(),
        &crate::batch::Control::default(),
    )
    .expect("not cancelled");
    let names = results[0].names.clone();

    // Alone, one use of each spelling is a tie: nothing to say.
    let document = Document::new("Quillanbrecht won. Then Quillanbercht lost.\n", 1);
    let resolved = resolver(EditorSettings::default()).resolve(None);
    let settings = UpdateSettings {
        kind: DocKind::Markdown,
        resolved: &resolved,
        generation: 0,
    };
    let asked = Cell::new(0);
    let others = |_glossary: &str| {
        asked.set(asked.get() + 1);
        vec![names.clone()]
    };
    let mut session = Session::default();
    let mut update = |generation| {
        let workspace = WorkspaceNames {
            generation,
            names: &others,
        };
        session
            .update(Vec::new(), &document, &settings, &workspace)
            .expect("no panic")
    };
    let alone = update(0);
    assert!(alone.is_empty(), "{alone:?}");
    assert_eq!(asked.get(), 0, "no workspace check yet");
    assert_eq!(rules(&update(1)), ["entity.variant"]);
    assert_eq!(rules(&update(1)), ["entity.variant"]);
    assert_eq!(asked.get(), 1, "asked again for the same check");
    update(2);
    assert_eq!(asked.get(), 2);
}

#[test]
fn the_nearest_configuration_applies_under_the_editors_settings() {
    let folder = Folder::new("session-resolver");
    let root = folder.0.canonicalize().expect("the folder exists");
    folder.write("copydesk.toml", "[rules]\n\"claim.booster\" = \"hint\"\n");
    folder.write(
        "team/copydesk.toml",
        "[rules]\n\"claim.booster\" = \"error\"\n\"claim.causal\" = \"off\"\n",
    );
    folder.write("house.toml", "[rules]\n\"claim.weasel\" = \"hint\"\n");
    let booster = |settings: &Settings| settings.severities.get("claim.booster").copied();

    let read = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&read);
    let resolver = Resolver::new(
        vec![root.clone()],
        EditorSettings::default(),
        Arc::default(),
    )
    .on_config(move |_, _| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let top = resolver.settings(&root.join("a.md"));
    assert_eq!(booster(&top), Some(Some(Severity::Hint)));
    let team = resolver.resolve(Some(&root.join("team/deep/b.md")));
    assert_eq!(booster(&team.settings), Some(Some(Severity::Error)));
    assert_eq!(
        team.config.as_ref().map(|(path, _)| path.clone()),
        Some(root.join("team/copydesk.toml"))
    );
    for name in ["c.md", "team/d.md", "team/deep/e.md"] {
        resolver.settings(&root.join(name));
    }
    assert_eq!(read.load(Ordering::SeqCst), 2, "each file is read once");

    // The editor's severities win; its glossaryPath replaces the nearest
    // file.
    let editor = EditorSettings {
        severities: HashMap::from([("claim.causal".to_string(), Some(Severity::Warning))]),
        glossary_path: Some("house.toml".to_string()),
        ..EditorSettings::default()
    };
    let resolver = Resolver::new(vec![root.clone()], editor, Arc::default());
    let settings = resolver.settings(&root.join("team/f.md"));
    assert_eq!(booster(&settings), None);
    assert_eq!(
        settings.severities.get("claim.weasel"),
        Some(&Some(Severity::Hint))
    );
    assert_eq!(
        settings.severities.get("claim.causal"),
        Some(&Some(Severity::Warning))
    );
    // A document with no file: the editor's settings over the defaults.
    let none = resolver.resolve(None);
    assert!(none.config.is_none());
    assert_eq!(none.settings.severities.len(), 1);
}
