//! End-to-end tests of the server's reliability (issue #12): a panic in
//! one document is contained to it, a slow document does not stop the
//! server answering others, `$/` requests are answered, and hostile input
//! (framing, lifecycle, huge and deeply nested documents) is survived.
//!
//! The panic and slowness are made by the debug builds' test hooks
//! (`COPYDESK_TEST_PANIC_ON`, `COPYDESK_TEST_SLOW_ON`, see
//! `copydesk::contain::test_hooks`), which `cargo test` builds in.

mod lsp_support;

use std::time::{Duration, Instant};

use lsp_support::{file_uri, Client, TempDir};
use serde_json::{json, Value};

const PANIC_TEXT: &str = "XYZZY-PANIC";
const SLOW_TEXT: &str = "XYZZY-SLOW";
const BOOSTER_TEXT: &str = "Clearly, the reform has failed.\n";
const REPORT_URL: &str = "https://github.com/copydesk/copydesk/issues";

fn push_capabilities() -> Value {
    json!({
        "window": {"workDoneProgress": true},
        "workspace": {"workspaceEdit": {"documentChanges": true}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    })
}

fn pull_capabilities() -> Value {
    let mut capabilities = push_capabilities();
    capabilities["textDocument"]["diagnostic"] = json!({"relatedDocumentSupport": false});
    capabilities
}

fn doc(name: &str) -> String {
    format!("file:///copydesk-lsp-protocol-test/{name}")
}

fn point(line: u32, character: u32) -> Value {
    json!({
        "start": {"line": line, "character": character},
        "end": {"line": line, "character": character},
    })
}

fn pull(client: &mut Client, uri: &str) -> Value {
    client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .expect("textDocument/diagnostic succeeds")
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Checks that `diagnostics` is the one failure diagnostic of SPEC §5.
fn assert_failure_diagnostic(diagnostics: &Value) {
    let list = diagnostics.as_array().expect("a diagnostics list");
    assert_eq!(list.len(), 1, "one diagnostic: {diagnostics:#}");
    let diagnostic = &list[0];
    assert_eq!(diagnostic["severity"], 1, "an error: {diagnostic}");
    assert_eq!(diagnostic["source"], "copydesk");
    assert_eq!(diagnostic["range"], point(0, 0));
    let message = diagnostic["message"].as_str().expect("a message");
    assert!(
        message.starts_with("copydesk failed on this document (stage prose: ")
            && message.ends_with(&format!("please report it at {REPORT_URL}")),
        "{message}"
    );
}

/// Checks that the server still analyses a fresh document and answers a
/// code action on it (pushed diagnostics).
/// Asks for the code actions at the start of the first line.
fn code_action_params(uri: &str) -> Value {
    json!({"textDocument": {"uri": uri}, "range": point(0, 3), "context": {"diagnostics": []}})
}

fn assert_still_serving(client: &mut Client, tag: &str) {
    let uri = doc(&format!("alive-{tag}.md"));
    client.open(&uri, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics(&uri);
    assert!(
        codes(&published["diagnostics"]).contains(&"claim.booster".to_string()),
        "{published:#}"
    );
    let actions = client
        .request("textDocument/codeAction", code_action_params(&uri))
        .expect("codeAction succeeds");
    assert!(
        actions.as_array().is_some_and(|a| !a.is_empty()),
        "{actions:#}"
    );
}

// 1. Containment (issue #12): a panic while analysing one document.

// Regression (#12): the document never got diagnostics and the panic text
// went to stderr.
#[test]
fn a_panic_in_one_document_is_one_diagnostic_on_it_and_the_server_carries_on() {
    let env = [("COPYDESK_TEST_PANIC_ON", PANIC_TEXT)];
    let (mut client, _) = Client::start_with_env(&env, push_capabilities(), json!({}));
    let uri = doc("fails.md");
    let text = format!("Clearly, the reform failed.\n\nThen {PANIC_TEXT} happened.\n");
    client.open(&uri, "markdown", 1, &text);
    let published = client.diagnostics_for_version(&uri, 1);
    assert_failure_diagnostic(&published["diagnostics"]);
    let logged = client
        .logged("fails.md failed")
        .expect("the failure is logged");
    assert_eq!(logged["params"]["type"], 1, "an error: {logged}");
    assert!(
        logged["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("COPYDESK_TEST_PANIC_ON") && m.contains(REPORT_URL)),
        "{logged}"
    );
    // Code actions on the document answer (with nothing to fix).
    let actions = client
        .request("textDocument/codeAction", code_action_params(&uri))
        .expect("codeAction succeeds");
    assert_eq!(actions, json!([]));
    assert_still_serving(&mut client, "after-panic");
    // Once the text no longer fails, the document is analysed afresh.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": BOOSTER_TEXT}],
        }),
    );
    let published = client.diagnostics_for_version(&uri, 2);
    assert_eq!(codes(&published["diagnostics"]), ["claim.booster"]);
}

// Regression (#12): the failing document kept its engine half updated.
#[test]
fn a_panic_after_an_edit_rebuilds_the_document_on_the_next_one() {
    let env = [("COPYDESK_TEST_PANIC_ON", PANIC_TEXT)];
    let (mut client, _) = Client::start_with_env(&env, push_capabilities(), json!({}));
    let uri = doc("edited.md");
    client.open(&uri, "markdown", 1, BOOSTER_TEXT);
    let published = client.diagnostics_for_version(&uri, 1);
    assert_eq!(codes(&published["diagnostics"]), ["claim.booster"]);
    // Type the failing text at the end of the document, then delete it.
    client.change(&uri, 2, point(1, 0), PANIC_TEXT);
    assert_failure_diagnostic(&client.diagnostics_for_version(&uri, 2)["diagnostics"]);
    let end = u32::try_from(PANIC_TEXT.len()).expect("short");
    client.change(
        &uri,
        3,
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": end}}),
        "It obviously failed.",
    );
    let published = client.diagnostics_for_version(&uri, 3);
    assert_eq!(
        codes(&published["diagnostics"]),
        ["claim.booster", "claim.booster"]
    );
}

#[test]
fn a_panic_is_reported_to_a_pull_client() {
    let env = [("COPYDESK_TEST_PANIC_ON", PANIC_TEXT)];
    let (mut client, _) = Client::start_with_env(&env, pull_capabilities(), json!({}));
    let uri = doc("pulled.md");
    client.open(&uri, "markdown", 1, &format!("{PANIC_TEXT}\n"));
    let report = pull(&mut client, &uri);
    assert_eq!(report["kind"], "full");
    assert_failure_diagnostic(&report["items"]);
    let other = doc("pulled-other.md");
    client.open(&other, "markdown", 1, BOOSTER_TEXT);
    let report = pull(&mut client, &other);
    assert_eq!(codes(&report["items"]), ["claim.booster"]);
}

// Regression (#12): the check answered {"cancelled": true, "files": 0} and
// published nothing.
#[test]
fn workspace_check_reports_the_other_files_and_names_the_failed_one() {
    let dir = TempDir::new("protocol-panic");
    dir.write("good.md", BOOSTER_TEXT);
    dir.write("bad.md", format!("Clearly, it failed.\n\n{PANIC_TEXT}\n"));
    let folder = json!([{"uri": dir.uri(), "name": "test"}]);
    let env = [("COPYDESK_TEST_PANIC_ON", PANIC_TEXT)];
    let (mut client, _) = Client::start_with_env(
        &env,
        push_capabilities(),
        json!({"workspaceFolders": folder}),
    );
    let answer = client
        .request_within(
            Duration::from_secs(30),
            "workspace/executeCommand",
            json!({"command": "copydesk.checkWorkspace", "arguments": [],
                   "workDoneToken": "check"}),
        )
        .expect("checkWorkspace succeeds");
    assert_eq!(
        answer,
        json!({"files": 2, "findings": 1, "cancelled": false, "failed": 1})
    );
    let end = client.wait_for("the end of progress", |message| {
        message["method"] == "$/progress" && message["params"]["value"]["kind"] == "end"
    });
    let message = end["params"]["value"]["message"]
        .as_str()
        .expect("a message");
    assert!(
        message.starts_with("2 files, 1 findings; copydesk failed on ")
            && message.ends_with("bad.md"),
        "{message}"
    );
    let logged = client.logged("bad.md").expect("the failure is logged");
    assert_eq!(logged["params"]["type"], 1, "an error: {logged}");
    let good = file_uri(&dir.path().join("good.md"));
    let bad = file_uri(&dir.path().join("bad.md"));
    assert_eq!(
        codes(&client.diagnostics(&good)["diagnostics"]),
        ["claim.booster"]
    );
    assert_failure_diagnostic(&client.diagnostics(&bad)["diagnostics"]);
}

// 2. A slow document does not block the server (issue #12).

// Regression (#12): requests waiting for one analysis filled tower-lsp's
// four message slots, and then nothing was answered until it ended.
#[test]
fn requests_about_a_slow_document_do_not_delay_others() {
    let env = [("COPYDESK_TEST_SLOW_ON", SLOW_TEXT)];
    let (mut client, _) = Client::start_with_env(&env, pull_capabilities(), json!({}));
    let quick = doc("quick.md");
    client.open(&quick, "markdown", 1, BOOSTER_TEXT);
    assert_eq!(
        codes(&pull(&mut client, &quick)["items"]),
        ["claim.booster"]
    );
    let slow = doc("slow.md");
    client.open(
        &slow,
        "markdown",
        1,
        &format!("Clearly, {SLOW_TEXT} failed.\n"),
    );
    let mut waiting = Vec::new();
    for _ in 0..6 {
        waiting.push(client.send_request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": slow}}),
        ));
        waiting.push(client.send_request("textDocument/codeAction", code_action_params(&slow)));
    }
    let started = Instant::now();
    client.change(&quick, 2, point(1, 0), "It obviously failed.\n");
    let report = pull(&mut client, &quick);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": quick}, "position": {"line": 0, "character": 0}}),
    );
    let elapsed = started.elapsed();
    assert_eq!(codes(&report["items"]), ["claim.booster", "claim.booster"]);
    assert!(hover.is_err(), "no hover support: {hover:?}");
    assert!(
        elapsed < Duration::from_millis(2000),
        "answered after {elapsed:?}, behind the slow document"
    );
    // The slow document's requests are answered once its analysis ends.
    for id in waiting {
        client
            .response_within(Duration::from_secs(20), id)
            .expect("answered");
    }
}

// 3. `$/` requests (issue #12).

// Regression (#12): tower-lsp dropped the reply to any `$/` method, so a
// `$/` request was never answered.
#[test]
fn dollar_request_gets_method_not_found_and_dollar_notification_is_ignored() {
    let (mut client, _) = Client::start(push_capabilities(), json!({}));
    let error = client
        .request("$/noSuchRequest", json!({}))
        .expect_err("an error reply");
    assert_eq!(error["code"], -32601, "{error}");
    let error = client
        .request("$/cancelRequest", json!({"id": 1}))
        .expect_err("an error reply");
    assert_eq!(error["code"], -32601, "{error}");
    client.notify("$/noSuchNotification", json!({}));
    client.notify("$/cancelRequest", json!({"id": 12345}));
    assert_still_serving(&mut client, "dollar");
}

// 4. Protocol abuse that the server survived, kept surviving.

#[test]
fn wrong_content_lengths_are_survived() {
    let (mut client, _) = Client::start(push_capabilities(), json!({}));
    // Too short: the body is cut, and the rest of it precedes the next
    // header on its line.
    client.send_raw(b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
    let id = client.send_request("copydesk/noSuchThing", json!({}));
    let error = client
        .response_within(Duration::from_secs(5), id)
        .expect_err("method not found");
    assert_eq!(error["code"], -32601);
    // Too long: the body runs into the next message, which is lost.
    client.send_raw(b"Content-Length: 40\r\n\r\n{}");
    client.notify(
        "copydesk/lostNotification",
        json!({"padding": "x".repeat(60)}),
    );
    // A length of zero, and one far past anything sent.
    client.send_raw(b"Content-Length: 0\r\n\r\n");
    client.send_raw(b"Content-Length: 99999999999999999999999\r\n\r\n");
    client.send_raw(b"\r\n");
    let error = client.wait_for("a parse error", |message| {
        message["id"].is_null() && message["error"]["code"] == -32700
    });
    assert!(error["error"]["message"].is_string());
    assert_still_serving(&mut client, "lengths");
}

#[test]
fn messages_before_initialize_are_refused_or_ignored() {
    let mut client = Client::spawn();
    let uri = doc("early.md");
    // A notification before initialize is dropped...
    client.open(&uri, "markdown", 1, BOOSTER_TEXT);
    // ...and a request is refused with ServerNotInitialized.
    let error = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .expect_err("not initialized");
    assert_eq!(error["code"], -32002, "{error}");
    client
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": push_capabilities()}),
        )
        .expect("initialize succeeds");
    client.notify("initialized", json!({}));
    // The early document was never opened.
    client.change(&uri, 2, point(0, 0), "Clearly, ");
    client
        .logged("early.md, which is not open")
        .expect("a log message");
    assert_still_serving(&mut client, "early");
}

/// Waits up to a minute for `uri`'s diagnostics (a debug build analysing
/// a few megabytes).
fn slow_diagnostics(client: &mut Client, uri: &str) -> Value {
    let started = Instant::now();
    let published = client
        .try_wait_for(Duration::from_secs(60), |message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        })
        .unwrap_or_else(|| panic!("no diagnostics for {uri}"));
    eprintln!("{uri}: diagnostics after {:?}", started.elapsed());
    published["params"].clone()
}

// Regression (#12): a 5 MB word never got diagnostics, and 100,000 nested
// emphasis markers or brackets overflowed the analysis thread's stack.
#[test]
fn huge_words_and_deep_nesting_get_diagnostics() {
    let (mut client, _) = Client::start(push_capabilities(), json!({}));
    let cases = [
        ("word.md", format!("{}\n", "Abc".repeat(700_000))),
        (
            "stars.md",
            format!("{}x{}\n", "*".repeat(100_000), "*".repeat(100_000)),
        ),
        ("nested.md", {
            let mut text = String::new();
            for _ in 0..50_000 {
                text.push_str("*a _b ");
            }
            text.push('\n');
            text
        }),
        (
            "brackets.md",
            format!("{}x{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "links.md",
            format!("{}x{}\n", "[a](".repeat(50_000), ")".repeat(50_000)),
        ),
        (
            "quotes.md",
            format!("{}Clearly, it failed.\n", "> ".repeat(100_000)),
        ),
        (
            "lists.md",
            format!("{}Clearly, it failed.\n", "- ".repeat(100_000)),
        ),
        (
            "latex.tex",
            format!("{}x{}\n", "\\emph{".repeat(100_000), "}".repeat(100_000)),
        ),
    ];
    for (name, text) in &cases {
        let uri = doc(name);
        let language = if name.ends_with(".tex") {
            "latex"
        } else {
            "markdown"
        };
        client.open(&uri, language, 1, text);
        let published = slow_diagnostics(&mut client, &uri);
        assert_eq!(published["version"], 1);
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    assert_still_serving(&mut client, "huge");
}
