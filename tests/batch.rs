//! Batch checks (issue #6): `copydesk check` over folders and the server's
//! `copydesk.checkWorkspace` find the same things; progress, cancellation,
//! result ids, re-checks on disk changes; SARIF, GitHub annotations and
//! `copydesk init`.

mod lsp_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use lsp_support::{apply_edits, byte_offset, file_uri, Client, TempDir, Units};
use serde_json::{json, Value};

/// How long a workspace check of a test folder may take in a debug build.
const CHECK_TIMEOUT: Duration = Duration::from_secs(120);

fn copydesk(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the copydesk binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// Texts with findings of several rules, non-ASCII text before some of them
/// (so UTF-16 and character columns differ), and one with CRLF lines.
const TEXTS: &[(&str, &str)] = &[
    (
        "story.md",
        "# Trade talks 🎉\n\nNgozi Okonjo-Iweala opened the talks in Geneva. \
         Okonjo-Iweala said the deal was close. Later, Okonjo-Iweala met the press. \
         Reporters asked Okonjo-Iwaela about tariffs.\n\n\
         Clearly, the reform has failed. Experts agree it was the worst decision.\n\n\
         ```\nClearly, code is not prose.\n```\n",
    ),
    (
        "notes.txt",
        "Café owners — naïvely — said sales rose 40 percent.\r\n\r\n\
         Obviously, the new tax caused the slump.\r\n",
    ),
    (
        "paper.tex",
        "\\section{Results}\nThe method always works, and it is clearly the best one.\n\
         % Clearly, a comment.\nMany believe the effect is due to chance \\cite{x}.\n",
    ),
    (
        "plain.markdown",
        "Nothing to see here. The committee met on Tuesday.\n",
    ),
    (
        "deep/report.rst",
        "Zhou Enlai and Gaddafi met. Later Qaddafi spoke; Gaddafi left.\n",
    ),
];

/// Writes [`TEXTS`] `copies` times under different names and folders.
fn write_corpus(dir: &TempDir, copies: usize) {
    for copy in 0..copies {
        for (name, text) in TEXTS {
            dir.write(&format!("part{}/{copy:03}-{name}", copy % 3), text);
        }
    }
}

/// A finding as both front ends can say it: the rule, the byte range and
/// the message.
type Key = (String, usize, usize, String);

/// The findings of `copydesk check --format json` by file.
fn cli_findings(dir: &Path) -> BTreeMap<PathBuf, Vec<Key>> {
    let output = copydesk(
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            dir.to_str().expect("UTF-8"),
        ],
        dir,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let mut files = BTreeMap::new();
    for file in json["files"].as_array().expect("files") {
        let keys = file["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|finding| {
                (
                    finding["rule"].as_str().expect("rule").to_string(),
                    finding["byte_range"][0].as_u64().expect("start") as usize,
                    finding["byte_range"][1].as_u64().expect("end") as usize,
                    finding["message"].as_str().expect("message").to_string(),
                )
            })
            .collect();
        files.insert(PathBuf::from(file["path"].as_str().expect("path")), keys);
    }
    files
}

/// The capabilities of a client that shows progress and takes pushed
/// diagnostics (UTF-16 positions).
fn push_capabilities() -> Value {
    json!({
        "window": {"workDoneProgress": true},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    })
}

fn start_in(dir: &Path, capabilities: Value) -> Client {
    let folder = json!([{"uri": file_uri(dir), "name": "test"}]);
    Client::start(capabilities, json!({"workspaceFolders": folder})).0
}

fn check_workspace(client: &mut Client) -> Value {
    client
        .request_within(
            CHECK_TIMEOUT,
            "workspace/executeCommand",
            json!({"command": "copydesk.checkWorkspace", "arguments": []}),
        )
        .expect("checkWorkspace succeeds")
}

fn is_publish(message: &Value) -> bool {
    message["method"] == "textDocument/publishDiagnostics"
}

/// The diagnostics published so far, last one per file, as [`Key`]s.
fn published(client: &mut Client) -> BTreeMap<PathBuf, Vec<Key>> {
    let mut files = BTreeMap::new();
    for message in client.take_all(is_publish) {
        let params = &message["params"];
        let uri = params["uri"].as_str().expect("a uri");
        let path = PathBuf::from(uri.strip_prefix("file://").expect("a file URI"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let keys = params["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|diagnostic| {
                let range = &diagnostic["range"];
                (
                    diagnostic["code"].as_str().expect("code").to_string(),
                    byte_offset(&text, &range["start"], Units::Utf16),
                    byte_offset(&text, &range["end"], Units::Utf16),
                    diagnostic["message"].as_str().expect("message").to_string(),
                )
            })
            .collect();
        files.insert(path, keys);
    }
    files
}

/// Checks `dir` both ways and asserts the findings are the same.
fn assert_front_ends_agree(dir: &TempDir, min_files: usize) {
    let cli = cli_findings(dir.path());
    assert!(cli.len() >= min_files, "{} files", cli.len());
    let mut client = start_in(dir.path(), push_capabilities());
    let answer = check_workspace(&mut client);
    let lsp = published(&mut client);
    assert_eq!(
        cli.keys().collect::<Vec<_>>(),
        lsp.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, findings) in &cli {
        assert_eq!(findings, &lsp[path], "{}", path.display());
    }
    let total: usize = cli.values().map(Vec::len).sum();
    assert!(total > 0, "the folder has findings");
    assert_eq!(
        answer,
        json!({"files": cli.len(), "findings": total, "cancelled": false})
    );
}

#[test]
fn cli_and_check_workspace_agree_on_a_generated_folder() {
    let dir = TempDir::new("agree");
    write_corpus(&dir, 6);
    assert_front_ends_agree(&dir, 30);
}

/// The kit of real texts, when it is there (it is evaluation data, kept
/// outside the repository).
fn gum_texts() -> Option<Vec<(String, String)>> {
    let kit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/gum");
    let entries = std::fs::read_dir(&kit).ok()?;
    let mut texts: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "txt"))
        .map(|entry| {
            let text = std::fs::read_to_string(entry.path()).expect("a readable kit text");
            (entry.file_name().to_string_lossy().into_owned(), text)
        })
        .collect();
    texts.sort();
    (!texts.is_empty()).then_some(texts)
}

#[test]
fn cli_and_check_workspace_agree_on_200_real_texts() {
    let Some(texts) = gum_texts() else {
        eprintln!("note: ../shared/eval/gum is missing; the 200-file comparison was skipped");
        return;
    };
    let dir = TempDir::new("gum");
    // Four copies of each text, as plain text and as Markdown, in folders.
    let mut written = 0;
    for copy in 0..4 {
        for (name, text) in &texts {
            let stem = name.trim_end_matches(".txt");
            let name = match copy {
                0 => format!("news/{stem}.txt"),
                1 => format!("news/{stem}.md"),
                2 => format!("archive/2019/{stem}.txt"),
                _ => format!("archive/2020/{stem}.md"),
            };
            dir.write(&name, text);
            written += 1;
        }
    }
    assert!(written >= 200, "{written} files");
    assert_front_ends_agree(&dir, 200);
}

fn progress_of(client: &mut Client) -> Vec<Value> {
    // The server's notifications and its answers travel on two streams, so
    // the end of the progress may arrive just after the command's answer.
    let is_end = |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end";
    let end = client.try_wait_for(Duration::from_secs(10), is_end);
    let mut progress: Vec<Value> = client
        .take_all(|message| message["method"] == "$/progress")
        .into_iter()
        .map(|message| message["params"].clone())
        .collect();
    progress.extend(end.map(|message| message["params"].clone()));
    progress
}

#[test]
fn check_workspace_reports_progress_begin_report_end() {
    let dir = TempDir::new("progress");
    write_corpus(&dir, 4);
    let mut client = start_in(dir.path(), push_capabilities());
    check_workspace(&mut client);
    assert!(client
        .server_requests
        .contains(&"window/workDoneProgress/create".to_string()));
    let progress = progress_of(&mut client);
    let kinds: Vec<&str> = progress
        .iter()
        .map(|p| p["value"]["kind"].as_str().expect("a kind"))
        .collect();
    assert_eq!(kinds.first(), Some(&"begin"), "{progress:#?}");
    assert_eq!(kinds.last(), Some(&"end"), "{progress:#?}");
    assert!(kinds.contains(&"report"), "{progress:#?}");
    let token = &progress[0]["token"];
    assert!(progress.iter().all(|p| &p["token"] == token));
    let begin = &progress[0]["value"];
    assert_eq!(begin["title"], "copydesk: checking workspace");
    assert_eq!(begin["cancellable"], true);
    assert_eq!(begin["message"], "0/20 files");
    let last_report = &progress[progress.len() - 2]["value"];
    assert_eq!(last_report["message"], "20/20 files");
    assert_eq!(last_report["percentage"], 100);
    let end = progress.last().expect("an end");
    assert!(
        end["value"]["message"]
            .as_str()
            .expect("a message")
            .starts_with("20 files, "),
        "{end}"
    );
}

#[test]
fn a_client_token_is_used_when_given() {
    let dir = TempDir::new("token");
    write_corpus(&dir, 1);
    let mut client = start_in(dir.path(), json!({}));
    client
        .request_within(
            CHECK_TIMEOUT,
            "workspace/executeCommand",
            json!({
                "command": "copydesk.checkWorkspace",
                "arguments": [],
                "workDoneToken": "mine",
            }),
        )
        .expect("checkWorkspace succeeds");
    let progress = progress_of(&mut client);
    assert!(!progress.is_empty());
    assert!(progress.iter().all(|p| p["token"] == "mine"));
    assert!(!client
        .server_requests
        .contains(&"window/workDoneProgress/create".to_string()));
}

/// A folder big enough that a check takes a while in a debug build.
fn big_folder() -> TempDir {
    let dir = TempDir::new("big");
    let paragraph = TEXTS[0].1.repeat(20);
    for idx in 0..300 {
        dir.write(&format!("{idx:03}.md"), &paragraph);
    }
    dir
}

fn wait_for_begin(client: &mut Client) -> Value {
    client.wait_for("progress begin", |message| {
        message["method"] == "$/progress" && message["params"]["value"]["kind"] == "begin"
    })["params"]["token"]
        .clone()
}

fn wait_for_end(client: &mut Client) -> Value {
    client
        .try_wait_for(CHECK_TIMEOUT, |message| {
            message["method"] == "$/progress" && message["params"]["value"]["kind"] == "end"
        })
        .expect("progress ends")["params"]["value"]
        .clone()
}

#[test]
fn work_done_progress_cancel_stops_the_check() {
    let dir = big_folder();
    let mut client = start_in(dir.path(), push_capabilities());
    let id = client.send_request(
        "workspace/executeCommand",
        json!({"command": "copydesk.checkWorkspace", "arguments": []}),
    );
    let token = wait_for_begin(&mut client);
    client.notify("window/workDoneProgress/cancel", json!({"token": token}));
    let answer = client
        .response_within(CHECK_TIMEOUT, id)
        .expect("an answer");
    assert_eq!(answer["cancelled"], true, "{answer}");
    assert_eq!(wait_for_end(&mut client)["message"], "cancelled");
    assert!(
        client.take_all(is_publish).is_empty(),
        "a cancelled check publishes nothing"
    );
}

#[test]
fn cancel_request_stops_the_check() {
    let dir = big_folder();
    let mut client = start_in(dir.path(), push_capabilities());
    let id = client.send_request(
        "workspace/executeCommand",
        json!({"command": "copydesk.checkWorkspace", "arguments": []}),
    );
    wait_for_begin(&mut client);
    client.notify("$/cancelRequest", json!({"id": id}));
    let error = client
        .response_within(CHECK_TIMEOUT, id)
        .expect_err("a cancelled request fails");
    assert_eq!(error["code"], -32800, "{error}");
    assert_eq!(wait_for_end(&mut client)["message"], "cancelled");
    assert!(client.take_all(is_publish).is_empty());
}

#[test]
fn a_later_check_clears_files_that_lost_their_findings_or_were_deleted() {
    let dir = TempDir::new("clear");
    let fixed = dir.write("fixed.md", "Clearly, the reform has failed.\n");
    let deleted = dir.write("deleted.md", "Obviously, it failed.\n");
    dir.write("kept.md", "Clearly, it worked.\n");
    let mut client = start_in(dir.path(), push_capabilities());
    check_workspace(&mut client);
    let first = published(&mut client);
    assert_eq!(first.len(), 3);
    std::fs::write(&fixed, "The reform may have failed.\n").expect("writable");
    std::fs::remove_file(&deleted).expect("removable");
    check_workspace(&mut client);
    let second = published(&mut client);
    // Only what changed is sent again: the unchanged file is not.
    assert_eq!(
        second,
        BTreeMap::from([(fixed, Vec::new()), (deleted, Vec::new())])
    );
}

#[test]
fn open_files_keep_their_live_diagnostics() {
    let dir = TempDir::new("open");
    let path = dir.write("story.md", "Clearly, the reform has failed.\n");
    dir.write("other.md", "Obviously, it failed.\n");
    let mut client = start_in(dir.path(), push_capabilities());
    let uri = file_uri(&path);
    client.open(&uri, "markdown", 1, "The reform failed.\n");
    let live = client.diagnostics(&uri);
    assert_eq!(live["diagnostics"], json!([]));
    check_workspace(&mut client);
    let published = published(&mut client);
    // The open document may be published again (its names now count with
    // the workspace's), but with its live text's findings, not the file's.
    assert!(
        published.get(&path).is_none_or(Vec::is_empty),
        "{published:?}"
    );
    assert!(published.contains_key(&dir.path().join("other.md")));
}

#[test]
fn a_file_changed_on_disk_is_rechecked_after_a_workspace_check() {
    let dir = TempDir::new("watched");
    let path = dir.write("story.md", "The reform failed.\n");
    let mut client = start_in(dir.path(), push_capabilities());
    check_workspace(&mut client);
    assert_eq!(published(&mut client)[&path], Vec::<Key>::new());
    std::fs::write(&path, "Clearly, the reform has failed.\n").expect("writable");
    let uri = file_uri(&path);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    let params = client.diagnostics(&uri);
    let codes: Vec<&Value> = params["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert_eq!(codes, [&json!("claim.booster")]);
    std::fs::remove_file(&path).expect("removable");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    );
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
}

#[test]
fn workspace_diagnostic_reports_result_ids_and_unchanged_files() {
    let dir = TempDir::new("pull");
    let changed = dir.write("changed.md", "Clearly, the reform has failed.\n");
    let same = dir.write("same.md", "Obviously, it failed.\n");
    let capabilities = json!({
        "window": {"workDoneProgress": true},
        "workspace": {"diagnostic": {"refreshSupport": true}},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
    });
    let mut client = start_in(dir.path(), capabilities);
    check_workspace(&mut client);
    assert!(
        client.take_all(is_publish).is_empty(),
        "a pull client is not pushed to"
    );
    let report = client
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .expect("a report");
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{report:#}");
    let mut previous = Vec::new();
    for item in items {
        assert_eq!(item["kind"], "full");
        assert!(item["resultId"].is_string());
        assert_eq!(item["items"].as_array().map(Vec::len), Some(1), "{item}");
        previous.push(json!({"uri": item["uri"], "value": item["resultId"]}));
    }

    std::fs::write(&changed, "The reform may have failed.\n").expect("writable");
    let refreshes = |client: &Client| {
        client
            .server_requests
            .iter()
            .filter(|m| *m == "workspace/diagnostic/refresh")
            .count()
    };
    let before = refreshes(&client);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&changed), "type": 2}]}),
    );
    client.wait_until("a refresh", |client| refreshes(client) > before);
    let report = client
        .request(
            "workspace/diagnostic",
            json!({"previousResultIds": previous}),
        )
        .expect("a report");
    let by_uri: BTreeMap<String, &Value> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| (item["uri"].as_str().expect("uri").to_string(), item))
        .collect();
    let changed_item = by_uri[&file_uri(&changed)];
    assert_eq!(changed_item["kind"], "full");
    assert_eq!(changed_item["items"], json!([]));
    let same_item = by_uri[&file_uri(&same)];
    assert_eq!(same_item["kind"], "unchanged", "{report:#}");
}

#[test]
fn check_workspace_honours_gitignore_and_exclude() {
    let dir = TempDir::new("ignored");
    dir.write("kept.md", "Clearly, it failed.\n");
    dir.write("build/ignored.md", "Clearly, it failed.\n");
    dir.write("drafts/excluded.md", "Clearly, it failed.\n");
    dir.write(".gitignore", "build/\n");
    dir.write("copydesk.toml", "[files]\nexclude = [\"drafts/\"]\n");
    let cli = cli_findings(dir.path());
    assert_eq!(
        cli.keys().collect::<Vec<_>>(),
        [&dir.path().join("kept.md")]
    );
    let mut client = start_in(dir.path(), push_capabilities());
    check_workspace(&mut client);
    let lsp = published(&mut client);
    assert_eq!(
        lsp.keys().collect::<Vec<_>>(),
        cli.keys().collect::<Vec<_>>()
    );
}

#[test]
fn check_output_is_sorted_by_path_then_position() {
    let dir = TempDir::new("sorted");
    write_corpus(&dir, 3);
    let output = copydesk(&["check", "--fail-on", "never", "."], dir.path());
    let lines: Vec<(PathBuf, usize, usize)> = stdout(&output)
        .lines()
        .map(|line| {
            let mut parts = line.splitn(4, ':');
            (
                PathBuf::from(parts.next().expect("a path")),
                parts.next().and_then(|l| l.parse().ok()).expect("a line"),
                parts.next().and_then(|c| c.parse().ok()).expect("a column"),
            )
        })
        .collect();
    assert!(lines.len() > 20);
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    // The same run twice prints the same bytes.
    let again = copydesk(&["check", "--fail-on", "never", "."], dir.path());
    assert_eq!(output.stdout, again.stdout);
}

fn sarif_schema() -> jsonschema::Validator {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/sarif-2.1.0-subset.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the schema")).expect("JSON");
    jsonschema::validator_for(&schema).expect("a valid schema")
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let dir = TempDir::new("sarif");
    write_corpus(&dir, 1);
    let output = copydesk(&["check", "--format", "sarif", "."], dir.path());
    assert_eq!(output.status.code(), Some(1), "warnings fail by default");
    let log: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let validator = sarif_schema();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "copydesk");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "entity.variant"));
    let results = run["results"].as_array().expect("results");
    assert!(results.iter().any(|r| r["fixes"].is_array()));
    for result in results {
        let idx = result["ruleIndex"].as_u64().expect("an index") as usize;
        assert_eq!(rules[idx]["id"], result["ruleId"]);
    }

    // The same positions as the JSON format, and relative paths.
    let json: Value =
        serde_json::from_slice(&copydesk(&["check", "--format", "json", "."], dir.path()).stdout)
            .expect("JSON");
    let from_json: Vec<(String, String, Value, Value)> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|file| {
            file["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(|f| {
                    (
                        file["path"].as_str().expect("path").to_string(),
                        f["rule"].as_str().expect("rule").to_string(),
                        f["range"]["start"].clone(),
                        f["range"]["end"].clone(),
                    )
                })
        })
        .collect();
    let from_sarif: Vec<(String, String, Value, Value)> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let region = &location["region"];
            (
                location["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri")
                    .to_string(),
                r["ruleId"].as_str().expect("rule").to_string(),
                json!({"line": region["startLine"], "column": region["startColumn"]}),
                json!({"line": region["endLine"], "column": region["endColumn"]}),
            )
        })
        .collect();
    assert_eq!(from_json, from_sarif);
}

#[test]
fn the_sarif_schema_rejects_a_broken_log() {
    let validator = sarif_schema();
    let broken = json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "copydesk"}},
            "results": [{
                "message": {"text": "x"},
                "level": "information",
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "a.md"},
                    "region": {"startLine": 0, "startColumn": 1},
                }}],
            }],
        }],
    });
    assert!(validator.iter_errors(&broken).count() >= 2);
}

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let dir = TempDir::new("github");
    dir.write("a, b.md", "Clearly, the reform has failed.\n");
    let output = copydesk(&["check", "--format", "github", "."], dir.path());
    let text = stdout(&output);
    // ::notice file=F,line=L,col=C,endLine=L,endColumn=C,title=T::MESSAGE, with
    // `,` and `:` escaped in properties (the toolkit's escapeProperty).
    assert_eq!(
        text,
        "::notice file=a%2C b.md,line=1,col=1,endLine=1,endColumn=8,title=claim.booster::\
         \"Clearly\" presents a contestable claim as certain\n"
    );
}

#[test]
fn init_writes_a_parseable_starter_with_the_folders_names() {
    let dir = TempDir::new("init");
    let text = "Ngozi Okonjo-Iweala met Amadou Diallo-Whitfield in Geneva. \
                Later, Ngozi Okonjo-Iweala and Amadou Diallo-Whitfield spoke. \
                The envoy thanked Ngozi Okonjo-Iweala.\n";
    dir.write("docs/story.md", text);
    dir.write("docs/other.txt", text);
    let output = copydesk(&["init", "docs"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let written = std::fs::read_to_string(dir.path().join("docs/copydesk.toml")).expect("written");
    let config = copydesk::config::parse(&written);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    assert_eq!(
        config.settings.entities.names,
        ["Ngozi Okonjo-Iweala", "Amadou Diallo-Whitfield"]
    );
    for rule in copydesk::analysis::RULES {
        assert!(written.contains(&format!("# \"{}\"", rule.id())));
    }

    // A second run leaves the file alone.
    std::fs::write(dir.path().join("docs/copydesk.toml"), "# mine\n").expect("writable");
    let again = copydesk(&["init", "docs"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/copydesk.toml")).expect("kept"),
        "# mine\n"
    );
}

#[test]
fn a_closed_file_shows_its_workspace_diagnostics_again() {
    let dir = TempDir::new("closed");
    let path = dir.write("story.md", "Clearly, the reform has failed.\n");
    let mut client = start_in(dir.path(), push_capabilities());
    check_workspace(&mut client);
    assert_eq!(published(&mut client)[&path].len(), 1);
    let uri = file_uri(&path);
    client.open(&uri, "markdown", 1, "The reform failed.\n");
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
    let again = client.diagnostics(&uri);
    assert_eq!(again["diagnostics"][0]["code"], "claim.booster", "{again}");
}

/// Issue #6's example: a spelling used once in one file is flagged against
/// the spelling used in many others, by the command line and by
/// `copydesk.checkWorkspace` alike, and the message says how widely.
#[test]
fn a_variant_in_one_file_is_flagged_against_forty_others() {
    let dir = TempDir::new("cross-file");
    for idx in 0..40 {
        dir.write(
            &format!("desk/story-{idx:02}.md"),
            "Ngozi Okonjo-Iweala spoke at the trade meeting.\n",
        );
    }
    dir.write("desk/odd.md", "Later, Okonjo-Iwaela met the ministers.\n");
    // A different entity with a look-alike name, used once elsewhere, is
    // not a yardstick on its own.
    dir.write("other/a.md", "Mbakwe-Okafro stayed.\n");
    dir.write("other/b.md", "Mbakwe-Okafor left the room twice.\n");
    let cli = cli_findings(dir.path());
    let odd = cli
        .iter()
        .find(|(path, _)| path.ends_with("desk/odd.md"))
        .map(|(_, f)| f)
        .expect("odd.md");
    assert_eq!(
        odd,
        &vec![(
            "entity.variant".to_string(),
            7,
            20,
            "\"Okonjo-Iwaela\" looks like a misspelling of \"Okonjo-Iweala\" (used 40 times in 40 files)".to_string()
        )]
    );
    let flagged: usize = cli.values().map(Vec::len).sum();
    assert_eq!(flagged, 1, "only the odd spelling: {cli:#?}");
    assert_front_ends_agree(&dir, 43);
}

/// Issue #6: one variant fixed across the workspace, as a code action
/// whose edit spans every file that uses it.
#[test]
fn a_variant_is_fixed_across_the_workspace_in_one_edit() {
    let dir = TempDir::new("fix-across");
    for idx in 0..5 {
        dir.write(
            &format!("story-{idx}.md"),
            "Ngozi Okonjo-Iweala spoke at the trade meeting.\n",
        );
    }
    let open_text = "Okonjo-Iweala spoke. Okonjo-Iweala left. Okonjo-Iwaela stayed.\n";
    let open_path = dir.write("open.md", open_text);
    let closed_path = dir.write("closed.md", "Later, Okonjo-Iwaela met the ministers.\n");
    let mut capabilities = push_capabilities();
    capabilities["workspace"]["workspaceEdit"] = json!({"documentChanges": true});
    let mut client = start_in(dir.path(), capabilities);
    let open_uri = file_uri(&open_path);
    client.open(&open_uri, "markdown", 1, open_text);
    let published = client.diagnostics(&open_uri);
    check_workspace(&mut client);
    let diagnostic = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "entity.variant")
        .expect("the open document's variant")
        .clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": open_uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        )
        .expect("code actions");
    let across = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .ends_with("in the workspace (2 files)")
        })
        .unwrap_or_else(|| panic!("a workspace-wide fix: {actions:#?}"));
    assert_eq!(
        across["title"],
        "Replace every \"Okonjo-Iwaela\" with \"Okonjo-Iweala\" in the workspace (2 files)"
    );
    let changes = across["edit"]["documentChanges"].as_array().unwrap();
    let by_uri: BTreeMap<String, &Value> = changes
        .iter()
        .map(|c| (c["textDocument"]["uri"].as_str().unwrap().to_string(), c))
        .collect();
    let open_change = by_uri[&open_uri];
    assert_eq!(
        open_change["textDocument"]["version"], 1,
        "the open document's edit carries its version"
    );
    let closed_change = by_uri[&file_uri(&closed_path)];
    assert!(closed_change["textDocument"]["version"].is_null());
    let closed_text = std::fs::read_to_string(&closed_path).unwrap();
    let fixed = apply_edits(
        &closed_text,
        closed_change["edits"].as_array().unwrap(),
        Units::Utf16,
    );
    assert_eq!(fixed, "Later, Okonjo-Iweala met the ministers.\n");
    let fixed = apply_edits(
        open_text,
        open_change["edits"].as_array().unwrap(),
        Units::Utf16,
    );
    assert_eq!(fixed, open_text.replace("Iwaela", "Iweala"));
}

/// Issue #6: once the workspace is checked, an open document's live
/// diagnostics count names across the workspace too, and keep doing so as
/// the writer types.
#[test]
fn an_open_document_counts_names_across_the_checked_workspace() {
    let dir = TempDir::new("live-cross-file");
    for idx in 0..5 {
        dir.write(
            &format!("story-{idx}.md"),
            "Mbakwe-Okafor spoke. Mbakwe-Okafor left.\n",
        );
    }
    let text = "Later, Mbakwe-Okafro stayed.\n";
    let path = dir.write("odd.md", text);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), push_capabilities());
    client.open(&uri, "markdown", 1, text);
    let alone = client.diagnostics(&uri);
    assert_eq!(
        alone["diagnostics"],
        json!([]),
        "alone, nothing to compare with"
    );
    check_workspace(&mut client);
    let counted = client.diagnostics(&uri);
    let messages: Vec<&str> = counted["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["\"Mbakwe-Okafro\" looks like a misspelling of \"Mbakwe-Okafor\" (used 10 times in 5 files)"]);
    // Typing before the name moves it; the count stays.
    client.change(
        &uri,
        2,
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
        "Much ",
    );
    let typed = client.diagnostics_for_version(&uri, 2);
    assert_eq!(
        typed["diagnostics"][0]["range"]["start"],
        json!({"line": 0, "character": 12})
    );
}
