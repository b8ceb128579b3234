//! End-to-end tests of what the language server does with files on disk
//! (issue #12): the glossary actions write only inside the workspace,
//! judged on canonical paths; only regular files are read or written as
//! configuration; writes are atomic and keep the file's form; problems in
//! `copydesk.toml` are shown where they are.

#![cfg(unix)]

mod lsp_support;

use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::Path;

use lsp_support::{file_uri, mkfifo, Client, TempDir};
use serde_json::{json, Value};

const VARIANT_TEXT: &str = "Ngozi Okonjo-Iweala spoke. Okonjo-Iweala left.\nOkonjo-Iweala returned. Okonjo-Iwaela stayed.\n";

const OUTSIDE_TEXT: &str = "# Someone else's file.\n";

fn capabilities() -> Value {
    json!({
        "workspace": {"workspaceEdit": {"documentChanges": true}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    })
}

/// Starts the server with `workspace` as its only folder and `options` as
/// its `initializationOptions`.
fn start_in(workspace: &TempDir, options: Value) -> Client {
    let folder = workspace.uri();
    Client::start(
        capabilities(),
        json!({
            "rootUri": folder,
            "workspaceFolders": [{"uri": folder, "name": "workspace"}],
            "initializationOptions": options,
        }),
    )
    .0
}

/// Runs the "add to glossary" command for `doc`, as the editor's action
/// does; the request must be answered promptly (a FIFO once hung it).
fn add_to_glossary(client: &mut Client, doc: &str) {
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "copydesk.addToGlossary", "arguments": [doc, "Okonjo-Iweala"]}),
        )
        .expect("the command is answered");
}

/// Waits for the error message shown to the user that contains `needle`,
/// and for the same text in the log.
fn refusal(client: &mut Client, needle: &str) -> String {
    let shown = client.wait_for(&format!("a message containing {needle:?}"), |message| {
        message["method"] == "window/showMessage"
            && message["params"]["type"] == 1
            && message["params"]["message"]
                .as_str()
                .is_some_and(|text| text.contains(needle))
    });
    assert!(
        client.logged(needle).is_some(),
        "the refusal is logged too: {needle:?}"
    );
    shown["params"]["message"].as_str().unwrap().to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Checks that the server still answers: a document opened now gets its
/// diagnostics.
fn assert_still_serving(client: &mut Client) {
    let uri = "file:///copydesk-lsp-files-test/alive.md";
    client.open(uri, "markdown", 1, "Clearly, the reform has failed.\n");
    let published = client.diagnostics(uri);
    assert_eq!(published["diagnostics"][0]["code"], "claim.booster");
}

// Confinement by real paths (issue #12): every case leaves the file outside
// exactly as it was.

#[test]
fn glossary_path_to_a_symlink_to_a_file_outside_is_not_written() {
    let workspace = TempDir::new("files-link-file");
    let outside = TempDir::new("files-link-file-outside");
    let target = outside.write("names.toml", OUTSIDE_TEXT);
    symlink(&target, workspace.path().join("house.toml")).unwrap();
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({"glossaryPath": "house.toml"}));
    add_to_glossary(&mut client, &doc);
    let message = refusal(&mut client, "leads outside the workspace");
    assert!(message.contains("house.toml"), "{message}");
    assert_eq!(read(&target), OUTSIDE_TEXT);
    assert!(!workspace.path().join("copydesk.toml").exists());
}

#[test]
fn glossary_path_in_a_symlinked_folder_to_a_folder_outside_is_not_written() {
    let workspace = TempDir::new("files-link-dir");
    let outside = TempDir::new("files-link-dir-outside");
    let target = outside.write("names.toml", OUTSIDE_TEXT);
    symlink(outside.path(), workspace.path().join("house")).unwrap();
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    // An existing file in the folder, and a new one.
    for glossary in ["house/names.toml", "house/new.toml"] {
        let mut client = start_in(&workspace, json!({"glossaryPath": glossary}));
        add_to_glossary(&mut client, &doc);
        refusal(&mut client, "leads outside the workspace");
    }
    assert_eq!(read(&target), OUTSIDE_TEXT);
    assert!(!outside.path().join("new.toml").exists());
}

#[test]
fn workspace_copydesk_toml_symlinked_to_a_file_outside_is_not_written() {
    let workspace = TempDir::new("files-link-config");
    let outside = TempDir::new("files-link-config-outside");
    let target = outside.write("copydesk.toml", OUTSIDE_TEXT);
    symlink(&target, workspace.path().join("copydesk.toml")).unwrap();
    let doc = file_uri(&workspace.write("desk/story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({}));
    add_to_glossary(&mut client, &doc);
    refusal(&mut client, "leads outside the workspace");
    assert_eq!(read(&target), OUTSIDE_TEXT);
    assert!(workspace.path().join("copydesk.toml").is_symlink());
}

#[test]
fn document_under_a_symlinked_folder_does_not_change_the_copydesk_toml_outside() {
    let workspace = TempDir::new("files-link-doc");
    let outside = TempDir::new("files-link-doc-outside");
    let target = outside.write("copydesk.toml", OUTSIDE_TEXT);
    outside.write("story.md", VARIANT_TEXT);
    symlink(outside.path(), workspace.path().join("linked")).unwrap();
    let doc = file_uri(&workspace.path().join("linked/story.md"));
    let mut client = start_in(&workspace, json!({}));
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    client.diagnostics(&doc);
    add_to_glossary(&mut client, &doc);
    refusal(&mut client, "leads outside the workspace");
    assert_eq!(read(&target), OUTSIDE_TEXT);
}

#[test]
fn symlink_loops_are_refused_without_hanging() {
    let workspace = TempDir::new("files-loop");
    symlink("copydesk.toml", workspace.path().join("copydesk.toml")).unwrap();
    symlink("b.toml", workspace.path().join("a.toml")).unwrap();
    symlink("a.toml", workspace.path().join("b.toml")).unwrap();
    symlink("loop", workspace.path().join("loop")).unwrap();
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    for options in [
        json!({}),
        json!({"glossaryPath": "a.toml"}),
        json!({"glossaryPath": "loop/names.toml"}),
    ] {
        let mut client = start_in(&workspace, options.clone());
        client.open(&doc, "markdown", 1, VARIANT_TEXT);
        client.diagnostics(&doc);
        add_to_glossary(&mut client, &doc);
        let message = refusal(&mut client, "cannot resolve");
        assert!(message.contains("symbolic links"), "{options}: {message}");
        assert_still_serving(&mut client);
    }
    for name in ["copydesk.toml", "a.toml", "b.toml", "loop"] {
        assert!(workspace.path().join(name).is_symlink(), "{name}");
    }
}

#[test]
fn percent_encoded_dot_dot_in_document_uris_is_decoded_then_normalised() {
    let workspace = TempDir::new("files-dots");
    let outside = TempDir::new("files-dots-outside");
    let target = outside.write("copydesk.toml", OUTSIDE_TEXT);
    outside.write("story.md", VARIANT_TEXT);
    workspace.write("sub/story.md", VARIANT_TEXT);
    let folder = workspace.uri();
    let outside_name = outside.path().file_name().unwrap().to_str().unwrap();
    // All of these lead to the folder beside the workspace.
    let escapes = [
        format!("{folder}/sub/%2e%2e/%2e%2e/{outside_name}/story.md"),
        format!("{folder}/sub/%2E%2E/%2E%2E/{outside_name}/story.md"),
        format!("{folder}/..%2F{outside_name}/story.md"),
        format!("{folder}/sub/%2e%2e%2f%2E%2E%2F{outside_name}/story.md"),
        format!("{folder}/sub/.%2e/..%2f{outside_name}/story.md"),
    ];
    let mut client = start_in(&workspace, json!({}));
    for doc in &escapes {
        add_to_glossary(&mut client, doc);
        refusal(&mut client, "outside the workspace");
        assert_eq!(read(&target), OUTSIDE_TEXT, "{doc}");
    }
    assert!(!workspace.path().join("copydesk.toml").exists());
    // The same spellings that stay inside name the workspace's file.
    for doc in [
        format!("{folder}/sub/%2e%2e/sub/story.md"),
        format!("{folder}/sub/..%2Fsub/story.md"),
    ] {
        add_to_glossary(&mut client, &doc);
        client
            .logged("updated")
            .unwrap_or_else(|| panic!("{doc} updates the workspace glossary"));
    }
    assert_eq!(
        read(&workspace.path().join("copydesk.toml")),
        "[entities]\nnames = [\"Okonjo-Iweala\"]\n"
    );
    assert!(!workspace.path().join("sub/copydesk.toml").exists());
}

#[test]
fn without_a_workspace_folder_add_to_glossary_writes_nothing() {
    let folder = TempDir::new("files-no-workspace");
    let lone = folder.write("lone/story.md", VARIANT_TEXT);
    let beside = folder.write("kept/copydesk.toml", OUTSIDE_TEXT);
    let kept = folder.write("kept/story.md", VARIANT_TEXT);
    let (mut client, _) = Client::start(capabilities(), json!({}));
    for doc in [file_uri(&lone), file_uri(&kept)] {
        client.open(&doc, "markdown", 1, VARIANT_TEXT);
        client.diagnostics(&doc);
        add_to_glossary(&mut client, &doc);
        let message = refusal(&mut client, "no workspace folder is open");
        assert!(message.contains("open a folder"), "{message}");
    }
    assert!(!folder.path().join("lone/copydesk.toml").exists());
    assert!(!folder.path().join("copydesk.toml").exists());
    assert_eq!(read(&beside), OUTSIDE_TEXT);
}

// Only regular files (issue #12).

#[test]
fn a_fifo_copydesk_toml_neither_hangs_the_server_nor_is_opened() {
    let workspace = TempDir::new("files-fifo");
    mkfifo(&workspace.path().join("copydesk.toml"));
    mkfifo(&workspace.path().join("names.toml"));
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    for options in [json!({}), json!({"glossaryPath": "names.toml"})] {
        let mut client = start_in(&workspace, options);
        client.open(&doc, "markdown", 1, VARIANT_TEXT);
        client.diagnostics(&doc);
        add_to_glossary(&mut client, &doc);
        refusal(&mut client, "not a regular file");
        assert_still_serving(&mut client);
    }
}

#[test]
fn a_copydesk_toml_linked_to_dev_zero_is_never_read() {
    let workspace = TempDir::new("files-zero");
    symlink("/dev/zero", workspace.path().join("copydesk.toml")).unwrap();
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({}));
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    client.diagnostics(&doc);
    add_to_glossary(&mut client, &doc);
    refusal(&mut client, "the glossary was not changed");
    assert_still_serving(&mut client);
}

#[test]
fn an_oversized_copydesk_toml_is_a_config_problem() {
    let workspace = TempDir::new("files-huge");
    let line = format!("# {}\n", "x".repeat(1021));
    let config = workspace.write("copydesk.toml", line.repeat(5 * 1024));
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({}));
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    let published = client.diagnostics(&file_uri(&config));
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("4 MiB"), "{message}");
    // The defaults apply.
    assert_eq!(
        client.diagnostics(&doc)["diagnostics"][0]["code"],
        "entity.variant"
    );
    // Nor is it rewritten.
    add_to_glossary(&mut client, &doc);
    refusal(&mut client, "4 MiB");
}

// Atomic writes that keep the file's form (issue #12).

#[test]
fn glossary_write_is_atomic_and_keeps_crlf_bom_and_permissions() {
    let workspace = TempDir::new("files-form");
    let config = workspace.write(
        "copydesk.toml",
        "\u{FEFF}# House style.\r\n[rules]\r\n\"claim.booster\" = \"off\"\r\n",
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o640)).unwrap();
    let inode = std::fs::metadata(&config).unwrap().ino();
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({}));
    add_to_glossary(&mut client, &doc);
    client.logged("updated").expect("the glossary is updated");
    assert_eq!(
        read(&config),
        "\u{FEFF}# House style.\r\n[rules]\r\n\"claim.booster\" = \"off\"\r\n\r\n[entities]\r\nnames = [\"Okonjo-Iweala\"]\r\n"
    );
    let metadata = std::fs::metadata(&config).unwrap();
    assert_eq!(metadata.permissions().mode() & 0o777, 0o640);
    // A new file was renamed over the old one, not the old one truncated.
    assert_ne!(metadata.ino(), inode);
    let names: Vec<String> = std::fs::read_dir(workspace.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        ["copydesk.toml", "story.md"],
        "no temporary file left"
    );
}

#[test]
fn a_symlink_inside_to_a_file_inside_is_followed_and_kept() {
    let workspace = TempDir::new("files-link-inside");
    let house = workspace.write("house/names.toml", "# House names.\n[rules]\n");
    symlink("house/names.toml", workspace.path().join("copydesk.toml")).unwrap();
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({}));
    add_to_glossary(&mut client, &doc);
    client.logged("updated").expect("the glossary is updated");
    let link = workspace.path().join("copydesk.toml");
    assert!(link.is_symlink(), "the link is kept");
    assert_eq!(
        read(&house),
        "# House names.\n[rules]\n\n[entities]\nnames = [\"Okonjo-Iweala\"]\n"
    );
}

// Configuration problems in the right place (issue #12).

/// The (line, character) of each diagnostic's start.
fn starts(published: &Value) -> Vec<(u64, u64)> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap(),
                start["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn non_utf8_copydesk_toml_problems_are_shown_on_their_lines() {
    let workspace = TempDir::new("files-latin1");
    let config = workspace.path().join("copydesk.toml");
    std::fs::write(
        &config,
        b"[rules]\n# caf\xE9 style\n\"claim.booster\" = \"loud\"\nnot toml\n",
    )
    .unwrap();
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({}));
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    let published = client.diagnostics(&file_uri(&config));
    assert_eq!(starts(&published), [(1, 5), (3, 4)], "{published:#?}");
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn invalid_exclude_glob_is_a_diagnostic_at_the_glob() {
    let workspace = TempDir::new("files-glob");
    let config = workspace.write(
        "copydesk.toml",
        "[files]\nexclude = [\"drafts/\", \"notes/a{b\"]\n",
    );
    let doc = file_uri(&workspace.write("story.md", VARIANT_TEXT));
    let mut client = start_in(&workspace, json!({}));
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    let published = client.diagnostics(&file_uri(&config));
    assert_eq!(starts(&published), [(1, 22)], "{published:#?}");
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("notes/a{b"), "{message}");
}
