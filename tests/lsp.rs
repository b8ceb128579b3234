//! End-to-end tests of the language server: they run the `copydesk` binary
//! and speak `Content-Length`-framed JSON-RPC over its stdio (SPEC §3.1,
//! §5). Every wait has a timeout, so a hung server fails a test.

mod lsp_support;

use std::time::{Duration, Instant};

use lsp_support::{apply_edits, file_uri, Client, TempDir, Units};
use serde_json::{json, Value};

/// A document URI outside any workspace and repository, so that no
/// `copydesk.toml` applies to it.
const STORY: &str = "file:///copydesk-lsp-test/story.md";

const BOOSTER_TEXT: &str = "Clearly, the reform has failed.\n";

/// The capabilities of a client that takes pushed diagnostics and
/// versioned edits, and offers `encodings` (UTF-16 only when empty).
fn capabilities(encodings: &[&str]) -> Value {
    let mut capabilities = json!({
        "workspace": {"workspaceEdit": {"documentChanges": true}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    });
    if !encodings.is_empty() {
        capabilities["general"] = json!({"positionEncodings": encodings});
    }
    capabilities
}

fn start(capabilities: Value) -> Client {
    Client::start(capabilities, json!({})).0
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": {"line": start.0, "character": start.1},
        "end": {"line": end.0, "character": end.1},
    })
}

fn point(line: u32, character: u32) -> Value {
    range((line, character), (line, character))
}

/// The ranges of the `claim.booster` diagnostics in a list. Other rules are
/// left out, so that these tests do not change as rules are added.
fn booster_ranges(diagnostics: &Value) -> Vec<Value> {
    diagnostics
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .filter(|d| d["code"] == "claim.booster")
        .map(|d| d["range"].clone())
        .collect()
}

const NONE: [Value; 0] = [];

/// The quick fixes of `claim.booster` findings among code actions.
fn booster_fixes(actions: &[Value]) -> Vec<&Value> {
    actions
        .iter()
        .filter(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "claim.booster")
        .collect()
}

fn preferred(actions: &[Value]) -> &Value {
    let preferred: Vec<&Value> = booster_fixes(actions)
        .into_iter()
        .filter(|a| a["isPreferred"] == true)
        .collect();
    assert_eq!(preferred.len(), 1, "one preferred fix: {actions:#?}");
    preferred[0]
}

fn code_actions(client: &mut Client, uri: &str, at: Value, only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let result = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": at, "context": context}),
        )
        .expect("codeAction succeeds");
    result.as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:#?}"))
}

/// The text edits of a workspace edit for `uri` with documentChanges, which
/// must name `version`.
fn versioned_edits(edit: &Value, uri: &str, version: i64) -> Vec<Value> {
    assert!(
        edit.get("changes").is_none(),
        "documentChanges only: {edit}"
    );
    let changes = edit["documentChanges"].as_array().expect("documentChanges");
    assert_eq!(changes.len(), 1, "one document changes: {edit}");
    assert_eq!(changes[0]["textDocument"]["uri"], uri);
    assert_eq!(changes[0]["textDocument"]["version"], version);
    changes[0]["edits"].as_array().expect("edits").clone()
}

/// The text edits of a workspace edit for `uri` with `changes`.
fn unversioned_edits(edit: &Value, uri: &str) -> Vec<Value> {
    assert!(
        edit.get("documentChanges").is_none(),
        "changes only: {edit}"
    );
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 1, "one document changes: {edit}");
    changes[uri]
        .as_array()
        .expect("edits for the document")
        .clone()
}

/// Checks that the server still answers correctly: a code action on the
/// booster of `BOOSTER_TEXT` opened under a fresh URI.
fn assert_still_serving(client: &mut Client, tag: &str) {
    let uri = format!("file:///copydesk-lsp-test/alive-{tag}.md");
    client.open(&uri, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics(&uri);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7))]
    );
    let actions = code_actions(client, &uri, point(0, 3), None);
    let edits = versioned_edits(&preferred(&actions)["edit"], &uri, 1);
    assert_eq!(
        apply_edits(BOOSTER_TEXT, &edits, Units::Utf16),
        "The reform has failed.\n"
    );
}

// 1. initialize

#[test]
fn initialize_agrees_utf8_when_offered() {
    let (mut client, result) = Client::start(capabilities(&["utf-8", "utf-16"]), json!({}));
    let server = &result["capabilities"];
    assert_eq!(server["positionEncoding"], "utf-8");
    assert_eq!(server["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(server["textDocumentSync"]["openClose"], true);
    assert!(server["codeActionProvider"].is_object(), "{server}");
    assert_eq!(
        server["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.copydesk"])
    );
    assert!(server["diagnosticProvider"].is_object(), "{server}");
    assert_eq!(server["diagnosticProvider"]["workspaceDiagnostics"], true);
    assert_eq!(result["serverInfo"]["name"], "copydesk");
    assert_eq!(client.shutdown_and_exit().map(|s| s.code()), Some(Some(0)));
}

#[test]
fn initialize_falls_back_to_utf16() {
    for encodings in [&[][..], &["utf-32", "utf-16"][..]] {
        let (mut client, result) = Client::start(capabilities(encodings), json!({}));
        assert_eq!(
            result["capabilities"]["positionEncoding"], "utf-16",
            "offered {encodings:?}"
        );
        assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
        assert_eq!(client.shutdown_and_exit().map(|s| s.code()), Some(Some(0)));
    }
}

// 2. didOpen pushes diagnostics

#[test]
fn did_open_publishes_diagnostics_with_version() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 7, BOOSTER_TEXT);
    let published = client.diagnostics(STORY);
    assert_eq!(published["version"], 7);
    let diagnostics: Vec<&Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "claim.booster")
        .collect();
    assert_eq!(diagnostics.len(), 1, "{published:#?}");
    let diagnostic = diagnostics[0];
    assert_eq!(diagnostic["range"], range((0, 0), (0, 7)));
    assert_eq!(diagnostic["source"], "copydesk");
    assert_eq!(diagnostic["severity"], 3, "information");
    let href = diagnostic["codeDescription"]["href"].as_str().unwrap();
    assert!(href.ends_with("claim.booster.md"), "{href}");
    assert!(
        diagnostic["message"].as_str().unwrap().contains("Clearly"),
        "the message quotes the booster: {diagnostic}"
    );
}

#[test]
fn did_open_skips_code_and_headings() {
    let mut client = start(capabilities(&[]));
    let text = "# Clearly, a heading\n\n```\nClearly, code.\n```\n\nIt has `clearly` failed.\n";
    client.open(STORY, "markdown", 1, text);
    assert_eq!(
        booster_ranges(&client.diagnostics(STORY)["diagnostics"]),
        NONE
    );
}

// 3. didChange after an emoji

/// Opens "😀 The reform has clearly failed." and inserts "Obviously,
/// prices rose. " after the emoji and its space: the new booster must land
/// right after the emoji, and the old one moves right by 24 columns.
fn check_change_after_emoji(units: Units) {
    let offered: &[&str] = match units {
        Units::Utf16 => &[],
        Units::Utf8 => &["utf-8"],
    };
    let mut client = start(capabilities(offered));
    let text = "Intro.\n😀 The reform has clearly failed.\n";
    client.open(STORY, "markdown", 1, text);
    // "😀 " is 3 UTF-16 units and 5 UTF-8 bytes.
    let (after_emoji, booster) = match units {
        Units::Utf16 => (3, (18, 25)),
        Units::Utf8 => (5, (20, 27)),
    };
    let published = client.diagnostics_for_version(STORY, 1);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((1, booster.0), (1, booster.1))]
    );
    client.change(STORY, 2, point(1, after_emoji), "Obviously, prices rose. ");
    let published = client.diagnostics_for_version(STORY, 2);
    let moved = (booster.0 + 24, booster.1 + 24);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [
            range((1, after_emoji), (1, after_emoji + 9)),
            range((1, moved.0), (1, moved.1))
        ],
        "{units:?}"
    );
    // The server's text is the client's: the fix applies cleanly.
    let edited = "Intro.\n😀 Obviously, prices rose. The reform has clearly failed.\n";
    let actions = code_actions(&mut client, STORY, point(1, moved.0 + 1), None);
    let edits = versioned_edits(&preferred(&actions)["edit"], STORY, 2);
    assert_eq!(
        apply_edits(edited, &edits, units),
        "Intro.\n😀 Obviously, prices rose. The reform has failed.\n"
    );
}

#[test]
fn did_change_after_emoji_utf16() {
    check_change_after_emoji(Units::Utf16);
}

#[test]
fn did_change_after_emoji_utf8() {
    check_change_after_emoji(Units::Utf8);
}

#[test]
fn did_change_batch_and_full_replacement() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 1, "One.\nTwo.\n");
    client.diagnostics_for_version(STORY, 1);
    // Two changes in one batch, the second relative to the first's result.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": STORY, "version": 2},
            "contentChanges": [
                {"range": range((1, 0), (1, 4)), "text": "It obviously failed."},
                {"range": point(0, 0), "text": "日本. "},
            ],
        }),
    );
    let published = client.diagnostics_for_version(STORY, 2);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((1, 3), (1, 12))]
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": STORY, "version": 3},
            "contentChanges": [{"text": "No boosters here.\n"}],
        }),
    );
    let published = client.diagnostics_for_version(STORY, 3);
    assert_eq!(booster_ranges(&published["diagnostics"]), NONE);
}

// 4. code actions

#[test]
fn code_action_preferred_quickfix_with_versioned_edit() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 3, BOOSTER_TEXT);
    let booster = range((0, 0), (0, 7));
    let actions = code_actions(&mut client, STORY, booster.clone(), None);
    let quickfixes = booster_fixes(&actions);
    assert_eq!(quickfixes.len(), 2, "remove and soften: {actions:#?}");
    let preferred = preferred(&actions);
    assert_eq!(preferred["diagnostics"][0]["range"], booster);
    let edits = versioned_edits(&preferred["edit"], STORY, 3);
    assert_eq!(
        apply_edits(BOOSTER_TEXT, &edits, Units::Utf16),
        "The reform has failed.\n"
    );
    let other = quickfixes
        .iter()
        .find(|a| a["isPreferred"] != true)
        .unwrap();
    let edits = versioned_edits(&other["edit"], STORY, 3);
    assert_eq!(
        apply_edits(BOOSTER_TEXT, &edits, Units::Utf16),
        "Apparently, the reform has failed.\n"
    );
    // With one finding there is no fix-all, and no source action unasked.
    assert!(
        actions.iter().all(
            |a| a["kind"] == "quickfix" && !a["title"].as_str().unwrap().starts_with("Fix all")
        ),
        "{actions:#?}"
    );
    // Away from the finding, no booster fix.
    let actions = code_actions(&mut client, STORY, point(0, 20), None);
    assert!(booster_fixes(&actions).is_empty(), "{actions:#?}");
}

#[test]
fn code_action_uses_changes_without_document_changes_support() {
    let mut client = start(json!({}));
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    client.diagnostics(STORY);
    let actions = code_actions(&mut client, STORY, point(0, 0), None);
    let edits = unversioned_edits(&preferred(&actions)["edit"], STORY);
    assert_eq!(
        apply_edits(BOOSTER_TEXT, &edits, Units::Utf16),
        "The reform has failed.\n"
    );
}

const TWO_BOOSTERS: &str = "Clearly, the reform has failed.\nThe plan was obviously a mistake.\n";
const TWO_FIXED: &str = "The reform has failed.\nThe plan was a mistake.\n";

#[test]
fn code_action_fix_all_of_one_rule() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 4, TWO_BOOSTERS);
    let published = client.diagnostics(STORY);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7)), range((1, 13), (1, 22))]
    );
    let actions = code_actions(&mut client, STORY, point(1, 15), None);
    let fix_all = titled(&actions, "Fix all claim.booster in this document");
    assert_eq!(fix_all["kind"], "quickfix");
    let edits = versioned_edits(&fix_all["edit"], STORY, 4);
    assert_eq!(apply_edits(TWO_BOOSTERS, &edits, Units::Utf16), TWO_FIXED);
    // Quick fixes only for the finding under the cursor.
    let edits = versioned_edits(&preferred(&actions)["edit"], STORY, 4);
    assert_eq!(
        apply_edits(TWO_BOOSTERS, &edits, Units::Utf16),
        "Clearly, the reform has failed.\nThe plan was a mistake.\n"
    );
}

#[test]
fn code_action_source_fix_all_when_asked() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 5, TWO_BOOSTERS);
    client.diagnostics(STORY);
    let actions = code_actions(
        &mut client,
        STORY,
        point(0, 0),
        Some(&["source.fixAll.copydesk"]),
    );
    assert_eq!(actions.len(), 1, "only the source action: {actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    let edits = versioned_edits(&actions[0]["edit"], STORY, 5);
    assert_eq!(apply_edits(TWO_BOOSTERS, &edits, Units::Utf16), TWO_FIXED);
    // "source.fixAll" covers "source.fixAll.copydesk"; "source" too.
    for only in ["source.fixAll", "source"] {
        let actions = code_actions(&mut client, STORY, point(0, 0), Some(&[only]));
        assert_eq!(actions.len(), 1, "{only}: {actions:#?}");
        assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    }
    // "source.organizeImports" does not.
    let actions = code_actions(
        &mut client,
        STORY,
        point(0, 0),
        Some(&["source.organizeImports"]),
    );
    assert_eq!(actions, Vec::<Value>::new());
}

#[test]
fn code_action_resolves_fix_all_lazily() {
    let mut capabilities = capabilities(&["utf-8"]);
    capabilities["textDocument"]["codeAction"] = json!({
        "resolveSupport": {"properties": ["edit"]},
        "dataSupport": true,
    });
    let mut client = start(capabilities);
    client.open(STORY, "markdown", 6, TWO_BOOSTERS);
    client.diagnostics(STORY);
    let actions = code_actions(
        &mut client,
        STORY,
        point(0, 0),
        Some(&["source.fixAll.copydesk"]),
    );
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let action = actions[0].clone();
    assert!(action.get("edit").is_none(), "edit is left to resolve");
    assert!(action.get("data").is_some(), "data is kept for resolve");
    let resolved = client
        .request("codeAction/resolve", action)
        .expect("codeAction/resolve succeeds");
    assert_eq!(resolved["kind"], "source.fixAll.copydesk");
    let edits = versioned_edits(&resolved["edit"], STORY, 6);
    assert_eq!(apply_edits(TWO_BOOSTERS, &edits, Units::Utf8), TWO_FIXED);

    // The per-rule fix-all resolves the same way.
    let actions = code_actions(&mut client, STORY, point(0, 0), None);
    let fix_all = titled(&actions, "Fix all claim.booster in this document").clone();
    assert!(fix_all.get("edit").is_none());
    let resolved = client.request("codeAction/resolve", fix_all).unwrap();
    let edits = versioned_edits(&resolved["edit"], STORY, 6);
    assert_eq!(apply_edits(TWO_BOOSTERS, &edits, Units::Utf8), TWO_FIXED);
}

#[test]
fn execute_fix_all_command_applies_edit() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 2, TWO_BOOSTERS);
    client.diagnostics(STORY);
    let result = client.request(
        "workspace/executeCommand",
        json!({"command": "copydesk.fixAll", "arguments": [STORY]}),
    );
    assert_eq!(result, Ok(Value::Null));
    assert_eq!(client.applied_edits.len(), 1);
    let edits = versioned_edits(&client.applied_edits[0], STORY, 2);
    assert_eq!(apply_edits(TWO_BOOSTERS, &edits, Units::Utf16), TWO_FIXED);
}

// 5. pull diagnostics

fn pull_capabilities() -> Value {
    let mut capabilities = capabilities(&[]);
    capabilities["textDocument"]["diagnostic"] = json!({"relatedDocumentSupport": false});
    capabilities
}

fn pull(client: &mut Client, uri: &str, previous: Option<&str>) -> Value {
    let mut params = json!({"textDocument": {"uri": uri}});
    if let Some(previous) = previous {
        params["previousResultId"] = json!(previous);
    }
    client
        .request("textDocument/diagnostic", params)
        .expect("textDocument/diagnostic succeeds")
}

#[test]
fn pull_client_gets_reports_and_no_pushes() {
    let mut client = start(pull_capabilities());
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    let report = pull(&mut client, STORY, None);
    assert_eq!(report["kind"], "full");
    let first_id = report["resultId"].as_str().expect("a resultId").to_string();
    assert_eq!(booster_ranges(&report["items"]), [range((0, 0), (0, 7))]);
    assert_eq!(report["items"][0]["code"], "claim.booster");

    let report = pull(&mut client, STORY, Some(&first_id));
    assert_eq!(report["kind"], "unchanged", "{report}");
    assert_eq!(report["resultId"], first_id.as_str());

    // An edit gives a new full report.
    client.change(STORY, 2, range((0, 0), (0, 9)), "");
    let report = pull(&mut client, STORY, Some(&first_id));
    assert_eq!(report["kind"], "full", "{report}");
    assert_ne!(report["resultId"], first_id.as_str());
    assert_eq!(booster_ranges(&report["items"]), NONE);

    let second = "file:///copydesk-lsp-test/second.md";
    client.open(second, "markdown", 1, TWO_BOOSTERS);
    let result = client
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .expect("workspace/diagnostic succeeds");
    let mut items = result["items"].as_array().expect("items").clone();
    items.sort_by_key(|item| item["uri"].as_str().unwrap_or_default().to_string());
    assert_eq!(items.len(), 2, "{items:#?}");
    assert_eq!(items[0]["uri"], second);
    assert_eq!(items[0]["kind"], "full");
    assert_eq!(items[0]["version"], 1);
    assert_eq!(
        booster_ranges(&items[0]["items"]),
        [range((0, 0), (0, 7)), range((1, 13), (1, 22))]
    );
    assert_eq!(items[1]["uri"], STORY);
    assert_eq!(items[1]["version"], 2);
    assert_eq!(booster_ranges(&items[1]["items"]), NONE);

    // A closed document gets an empty report.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": second}}),
    );
    let report = pull(&mut client, second, None);
    assert_eq!(report["items"], json!([]));

    // Nothing was pushed with diagnostics in it (a close may clear).
    let pushed = client.try_wait_for(Duration::from_millis(200), |message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["diagnostics"] != json!([])
    });
    assert_eq!(pushed, None, "a pull client gets no pushed diagnostics");
}

// 6. robustness

#[test]
fn did_change_for_unknown_document_is_logged() {
    let mut client = start(capabilities(&[]));
    client.change(
        "file:///copydesk-lsp-test/never-opened.md",
        2,
        point(0, 0),
        "Clearly, it failed.",
    );
    let logged = client.logged("never-opened.md").expect("a log message");
    assert_eq!(logged["params"]["type"], 2, "a warning");
    assert_still_serving(&mut client, "unknown");
}

#[test]
fn did_change_past_end_of_line_is_clamped() {
    let mut client = start(capabilities(&[]));
    client.open(
        STORY,
        "markdown",
        1,
        "The reform has failed.\nSecond line.\n",
    );
    client.diagnostics_for_version(STORY, 1);
    client.change(STORY, 2, point(0, 500), " Clearly, it is over.");
    let published = client.diagnostics_for_version(STORY, 2);
    // Appended to line 0, not past its line break.
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 23), (0, 30))]
    );
    // A line past the end of the text appends at the end.
    client.change(STORY, 3, point(40, 3), "It obviously failed.");
    let published = client.diagnostics_for_version(STORY, 3);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 23), (0, 30)), range((2, 3), (2, 12))]
    );
    assert_still_serving(&mut client, "past-end");
}

#[test]
fn did_change_mid_surrogate_rounds_down() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 1, "😀 x\n");
    client.diagnostics_for_version(STORY, 1);
    // Character 1 is between the two halves of the emoji: the insertion
    // goes before it.
    client.change(STORY, 2, point(0, 1), "Clearly, it failed. ");
    let published = client.diagnostics_for_version(STORY, 2);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7))]
    );
    // "Clearly, it failed. 😀 x": a range from inside the emoji (21) to
    // after it (22) starts before it, so it replaces the whole emoji.
    client.change(STORY, 3, range((0, 21), (0, 22)), "It obviously failed.");
    let published = client.diagnostics_for_version(STORY, 3);
    // "Clearly, it failed. It obviously failed. x"
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7)), range((0, 23), (0, 32))]
    );
    assert_still_serving(&mut client, "surrogate");
}

#[test]
fn did_change_with_stale_version_keeps_newest_version() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 5, "The reform has failed.\n");
    client.diagnostics_for_version(STORY, 5);
    client.change(STORY, 3, point(0, 0), "Clearly, ");
    client
        .logged("not newer than 5")
        .expect("the stale version is logged");
    // The edit is kept (it is in the client's text) but the version does
    // not go down.
    let published = client.diagnostics(STORY);
    assert_eq!(published["version"], 5);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7))]
    );
    assert_still_serving(&mut client, "stale");
}

/// The JSON-RPC error that answers a message that could not be read.
fn wait_for_error(client: &mut Client, what: &str) -> Value {
    let reply = client.wait_for(what, |message| {
        message.get("error").is_some() && message["id"].is_null()
    });
    reply["error"].clone()
}

// Regression (no issue number yet): tower-lsp 0.20 stopped reading stdin at
// the first frame it could not decode, so one bad message ended the server.
#[test]
fn garbage_json_gets_parse_error_and_server_carries_on() {
    let mut client = start(capabilities(&[]));
    client.send_raw(b"Content-Length: 11\r\n\r\n{not json!}");
    assert_eq!(wait_for_error(&mut client, "a parse error")["code"], -32700);
    client
        .logged("ignored an invalid message")
        .expect("a log message");
    // Valid JSON that is not a message.
    client.send_raw(b"Content-Length: 2\r\n\r\n[]");
    assert_eq!(
        wait_for_error(&mut client, "an invalid request")["code"],
        -32600
    );
    // Invalid UTF-8 in the body.
    client.send_raw(b"Content-Length: 4\r\n\r\n\"\xff\xfe\"");
    assert_eq!(wait_for_error(&mut client, "a UTF-8 error")["code"], -32700);
    // A header block without a Content-Length.
    client.send_raw(b"Content-Type: text/plain\r\n\r\n");
    assert_eq!(
        wait_for_error(&mut client, "a header error")["code"],
        -32700
    );
    assert_still_serving(&mut client, "garbage");
}

#[test]
fn unknown_method_gets_method_not_found() {
    let mut client = start(capabilities(&[]));
    let error = client
        .request("copydesk/noSuchThing", json!({}))
        .expect_err("an error reply");
    assert_eq!(error["code"], -32601);
    // An unknown notification is ignored.
    client.notify("copydesk/noSuchNotification", json!({}));
    // Requests about a document that is not open answer emptily.
    let actions = code_actions(
        &mut client,
        "file:///copydesk-lsp-test/absent.md",
        point(0, 0),
        None,
    );
    assert_eq!(actions, Vec::<Value>::new());
    assert_still_serving(&mut client, "unknown-method");
}

#[test]
fn broken_config_is_reported_on_its_line_and_checking_goes_on() {
    let workspace = TempDir::new("broken");
    let config_path = workspace.write(
        "copydesk.toml",
        "# house style\n[rules]\n\"claim.booster\" = \"off\"\nthis is not toml\n",
    );
    let doc_path = workspace.write("story.md", BOOSTER_TEXT);
    let (folder, doc) = (workspace.uri(), file_uri(&doc_path));
    let (mut client, _) = Client::start(
        capabilities(&[]),
        json!({
            "rootUri": folder,
            "workspaceFolders": [{"uri": folder, "name": "broken"}],
        }),
    );
    client.open(&doc, "markdown", 1, BOOSTER_TEXT);
    let config = client.diagnostics(&file_uri(&config_path));
    let errors = config["diagnostics"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["severity"], 1, "an error");
    assert_eq!(errors[0]["source"], "copydesk");
    assert_eq!(errors[0]["range"]["start"]["line"], 3, "{errors:#?}");
    // The broken file gives the defaults: the booster is still flagged.
    let published = client.diagnostics(&doc);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7))]
    );
}

#[test]
fn bad_rule_severity_in_config_is_reported_on_its_line() {
    let workspace = TempDir::new("severity");
    let config_path = workspace.write("copydesk.toml", "[rules]\n\"claim.booster\" = \"loud\"\n");
    let doc_path = workspace.write("story.md", BOOSTER_TEXT);
    let folder = workspace.uri();
    let (mut client, _) = Client::start(
        capabilities(&[]),
        json!({"workspaceFolders": [{"uri": folder, "name": "severity"}]}),
    );
    let doc = file_uri(&doc_path);
    client.open(&doc, "markdown", 1, BOOSTER_TEXT);
    let config = client.diagnostics(&file_uri(&config_path));
    let errors = config["diagnostics"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["range"]["start"]["line"], 1, "{errors:#?}");
    let published = client.diagnostics(&doc);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7))]
    );
}

#[test]
fn config_can_switch_rule_off_and_is_reloaded_when_it_changes() {
    let workspace = TempDir::new("off");
    let config_path = workspace.write("copydesk.toml", "[rules]\n\"claim.booster\" = \"off\"\n");
    let doc_path = workspace.write("story.md", BOOSTER_TEXT);
    let mut capabilities = capabilities(&[]);
    capabilities["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
    let (mut client, _) = Client::start(capabilities, json!({"rootUri": workspace.uri()}));
    let doc = file_uri(&doc_path);
    client.open(&doc, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics(&doc);
    assert_eq!(booster_ranges(&published["diagnostics"]), NONE);
    // A document outside the folder still gets the defaults.
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics(STORY);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7))]
    );
    // The server watches copydesk.toml and rereads it when told it changed.
    client.wait_until("client/registerCapability", |c| {
        c.server_requests
            .iter()
            .any(|m| m == "client/registerCapability")
    });
    std::fs::write(&config_path, "[rules]\n\"claim.booster\" = \"warning\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config_path), "type": 2}]}),
    );
    let published = client.diagnostics(&doc);
    let boosters: Vec<&Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "claim.booster")
        .collect();
    assert_eq!(boosters.len(), 1, "{published:#?}");
    assert_eq!(boosters[0]["severity"], 2, "a warning");
}

// 7. didClose

#[test]
fn did_close_publishes_empty_diagnostics() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics(STORY);
    assert_eq!(booster_ranges(&published["diagnostics"]).len(), 1);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": STORY}}),
    );
    let published = client.diagnostics(STORY);
    assert_eq!(booster_ranges(&published["diagnostics"]), NONE);
    // Reopened, it is checked afresh.
    client.open(STORY, "markdown", 1, TWO_BOOSTERS);
    let published = client.diagnostics(STORY);
    assert_eq!(booster_ranges(&published["diagnostics"]).len(), 2);
}

// 8. shutdown and exit

#[test]
fn shutdown_then_exit_ends_with_status_zero_while_stdin_is_open() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    client.diagnostics(STORY);
    let status = client.shutdown_and_exit().expect("the server exits");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_status_one() {
    let mut client = start(capabilities(&[]));
    client.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = client
        .wait_exit(Duration::from_secs(3))
        .expect("the server exits");
    assert_eq!(status.code(), Some(1));
}

// Regression (no issue number yet): Eglot and lsp4ij send `"params": null`
// with `shutdown` and `exit`; tower-lsp answered shutdown with an error and
// ignored exit, so the server never ended.
#[test]
fn shutdown_and_exit_with_null_params_end_with_status_zero() {
    let mut client = start(capabilities(&[]));
    let result = client.request("shutdown", Value::Null);
    assert_eq!(result, Ok(Value::Null));
    client.notify("exit", Value::Null);
    let status = client
        .wait_exit(Duration::from_secs(3))
        .expect("the server exits");
    assert_eq!(status.code(), Some(0));
}

// 9. settings

#[test]
fn debounce_still_yields_diagnostics() {
    let (mut client, _) = Client::start(
        capabilities(&[]),
        json!({"initializationOptions": {"debounceMs": 50}}),
    );
    let sent = Instant::now();
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics_for_version(STORY, 1);
    assert!(
        sent.elapsed() >= Duration::from_millis(50),
        "published after the debounce"
    );
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 7))]
    );
    // Quick successive edits: the last version is published.
    client.change(STORY, 2, range((0, 0), (0, 9)), "");
    client.change(STORY, 3, point(0, 0), "Obviously");
    client.change(STORY, 4, point(0, 9), ", t");
    client.change(STORY, 5, range((0, 12), (0, 13)), "");
    let published = client.diagnostics_for_version(STORY, 5);
    assert_eq!(
        booster_ranges(&published["diagnostics"]),
        [range((0, 0), (0, 9))]
    );
}

#[test]
fn workspace_configuration_can_switch_rule_off() {
    let mut capabilities = capabilities(&[]);
    capabilities["workspace"]["configuration"] = json!(true);
    let mut client = start(capabilities);
    client.configuration = json!({});
    client.wait_until("the first workspace/configuration", |c| {
        c.configuration_requests >= 1
    });
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics(STORY);
    assert_eq!(booster_ranges(&published["diagnostics"]).len(), 1);

    client.configuration = json!({"rules": {"claim.booster": "off"}});
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let published = client.diagnostics(STORY);
    assert_eq!(published["version"], 1);
    assert_eq!(booster_ranges(&published["diagnostics"]), NONE);
    assert_eq!(client.configuration_requests, 2);

    client.configuration = json!({"rules": {"claim.booster": "warning"}});
    client.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    let published = client.diagnostics(STORY);
    assert_eq!(published["diagnostics"][0]["severity"], 2, "a warning");
}

#[test]
fn did_change_configuration_pushed_settings_without_configuration_support() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 1, BOOSTER_TEXT);
    client.diagnostics(STORY);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"claim.booster": "off"}}}}),
    );
    let published = client.diagnostics(STORY);
    assert_eq!(booster_ranges(&published["diagnostics"]), NONE);
    assert!(
        client.server_requests.is_empty(),
        "{:?}",
        client.server_requests
    );
}

// Glossary actions (issue 3): they write copydesk.toml, keep its comments,
// and take effect at once.

const VARIANT_TEXT: &str = "Ngozi Okonjo-Iweala spoke. Okonjo-Iweala left.\nOkonjo-Iweala returned. Okonjo-Iwaela stayed.\n";

/// Runs the "add to glossary" command for `name`, as the editor's action does.
fn add_to_glossary(client: &mut Client, doc: &str, name: &str) {
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "copydesk.addToGlossary", "arguments": [doc, name]}),
        )
        .unwrap();
}

fn entity_diagnostics(published: &Value) -> Vec<Value> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("entity.")))
        .cloned()
        .collect()
}

#[test]
fn entity_variant_has_message_related_place_and_replace_fix() {
    let mut client = start(capabilities(&[]));
    client.open(STORY, "markdown", 1, VARIANT_TEXT);
    let published = client.diagnostics(STORY);
    let entities = entity_diagnostics(&published);
    assert_eq!(entities.len(), 1, "{published:#?}");
    let diagnostic = &entities[0];
    assert_eq!(diagnostic["code"], "entity.variant");
    assert_eq!(diagnostic["severity"], 2);
    assert_eq!(diagnostic["range"], range((1, 24), (1, 37)));
    assert_eq!(
        diagnostic["message"],
        "\"Okonjo-Iwaela\" looks like a misspelling of \"Okonjo-Iweala\" (used 3 times)"
    );
    let related = &diagnostic["relatedInformation"][0];
    assert_eq!(related["location"]["range"], range((0, 6), (0, 19)));
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": STORY}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        )
        .unwrap();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace with \"Okonjo-Iweala\"",
            "Add \"Okonjo-Iweala\" to the glossary",
            "Mark \"Okonjo-Iwaela\" and \"Okonjo-Iweala\" as distinct names",
            "Ignore \"Okonjo-Iwaela\"",
        ]
    );
    let edits = &actions[0]["edit"]["documentChanges"][0]["edits"];
    let fixed = apply_edits(VARIANT_TEXT, edits.as_array().unwrap(), Units::Utf16);
    assert_eq!(fixed, VARIANT_TEXT.replace("Iwaela", "Iweala"));
}

#[test]
fn mark_distinct_writes_copydesk_toml_and_clears_the_finding() {
    let workspace = TempDir::new("glossary");
    let config_path = workspace.write(
        "copydesk.toml",
        "# House style.\n[rules]\n\"claim.booster\" = \"off\" # noisy\n",
    );
    let doc_path = workspace.write("story.md", VARIANT_TEXT);
    let (mut client, _) = Client::start(capabilities(&[]), json!({"rootUri": workspace.uri()}));
    let doc = file_uri(&doc_path);
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    let diagnostic = entity_diagnostics(&client.diagnostics(&doc))[0].clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": doc}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        )
        .unwrap();
    let mark = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Mark"))
        .unwrap()
        .clone();
    client
        .request("workspace/executeCommand", mark["command"].clone())
        .unwrap();
    let published = client.diagnostics(&doc);
    assert!(entity_diagnostics(&published).is_empty(), "{published:#?}");
    assert_eq!(
        std::fs::read_to_string(&config_path).unwrap(),
        "# House style.\n[rules]\n\"claim.booster\" = \"off\" # noisy\n\n[entities]\ndistinct = [[\"Okonjo-Iwaela\", \"Okonjo-Iweala\"]]\n"
    );
}

#[test]
fn add_to_glossary_creates_copydesk_toml_at_the_workspace_root() {
    let workspace = TempDir::new("glossary-new");
    let doc_path = workspace.write("desk/story.md", VARIANT_TEXT);
    let (mut client, _) = Client::start(capabilities(&[]), json!({"rootUri": workspace.uri()}));
    let doc = file_uri(&doc_path);
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    client.diagnostics(&doc);
    add_to_glossary(&mut client, &doc, "Okonjo-Iweala");
    let config_path = workspace.path().join("copydesk.toml");
    assert_eq!(
        std::fs::read_to_string(config_path).unwrap(),
        "[entities]\nnames = [\"Okonjo-Iweala\"]\n"
    );
}

// The editor's glossaryPath setting names the configuration file to use.

#[test]
fn glossary_path_setting_is_read_and_written_instead_of_the_nearest_copydesk_toml() {
    let workspace = TempDir::new("glossary-path");
    // The nearest copydesk.toml would leave the variant alone; the house
    // glossary named by glossaryPath does not.
    workspace.write(
        "desk/copydesk.toml",
        "[entities]\ndistinct = [[\"Okonjo-Iwaela\", \"Okonjo-Iweala\"]]\n",
    );
    let house = workspace.write(
        "house/names.toml",
        "# House names.\n[rules]\n\"claim.booster\" = \"warning\"\n",
    );
    let doc_path = workspace.write("desk/story.md", VARIANT_TEXT);
    let (mut client, _) = Client::start(
        capabilities(&[]),
        json!({"rootUri": workspace.uri(), "initializationOptions": {"glossaryPath": "house/names.toml"}}),
    );
    let doc = file_uri(&doc_path);
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    let published = client.diagnostics(&doc);
    assert_eq!(entity_diagnostics(&published).len(), 1, "{published:#?}");
    add_to_glossary(&mut client, &doc, "Okonjo-Iweala");
    assert_eq!(
        std::fs::read_to_string(&house).unwrap(),
        "# House names.\n[rules]\n\"claim.booster\" = \"warning\"\n\n[entities]\nnames = [\"Okonjo-Iweala\"]\n"
    );
}

#[test]
fn glossary_path_outside_the_workspace_is_never_written() {
    let workspace = TempDir::new("glossary-outside");
    let doc_path = workspace.write("story.md", VARIANT_TEXT);
    let (mut client, _) = Client::start(
        capabilities(&[]),
        json!({"rootUri": workspace.uri(), "initializationOptions": {"glossaryPath": "../names.toml"}}),
    );
    let doc = file_uri(&doc_path);
    client.open(&doc, "markdown", 1, VARIANT_TEXT);
    client.diagnostics(&doc);
    add_to_glossary(&mut client, &doc, "Okonjo-Iweala");
    client.wait_for("a message that the glossary was not changed", |message| {
        message["method"] == "window/showMessage"
            && message["params"]["message"]
                .as_str()
                .is_some_and(|text| text.contains("glossaryPath points outside the workspace"))
    });
    assert!(!workspace.path().join("../names.toml").exists());
    assert!(!workspace.path().join("copydesk.toml").exists());
}
