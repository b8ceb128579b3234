//! A small LSP client for the end-to-end tests: it runs the `copydesk`
//! binary, frames JSON-RPC with `Content-Length` over its stdin/stdout, and
//! answers the requests the server sends.
//!
//! Every read has a timeout: a reader thread turns stdout into messages on a
//! channel, and the test waits with `recv_timeout`, so a server that hangs
//! fails the test instead of blocking it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any single wait for the server may take.
pub const TIMEOUT: Duration = Duration::from_secs(5);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications (and stray responses) read but not yet consumed.
    inbox: Vec<Value>,
    next_id: i64,
    /// What `workspace/configuration` is answered with, for every item.
    pub configuration: Value,
    /// How many `workspace/configuration` requests were answered.
    pub configuration_requests: usize,
    /// The edits the server asked the client to apply.
    pub applied_edits: Vec<Value>,
    /// The methods of every request the server sent, in order.
    pub server_requests: Vec<String>,
}

impl Client {
    /// Starts the server (no arguments: LSP on stdio).
    pub fn spawn() -> Client {
        Client::spawn_with_env(&[])
    }

    /// Starts the server with extra environment variables (such as the
    /// debug builds' `COPYDESK_TEST_*` hooks).
    pub fn spawn_with_env(env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the copydesk binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stdin = child.stdin.take().expect("stdin is piped");
        let (sender, messages) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin: Some(stdin),
            messages,
            inbox: Vec::new(),
            next_id: 1,
            configuration: Value::Null,
            configuration_requests: 0,
            applied_edits: Vec::new(),
            server_requests: Vec::new(),
        }
    }

    /// Starts the server and runs `initialize` and `initialized`; returns
    /// the client and the `initialize` result.
    pub fn start(capabilities: Value, extra: Value) -> (Client, Value) {
        Client::start_with_env(&[], capabilities, extra)
    }

    /// [`Client::start`] with extra environment variables.
    pub fn start_with_env(
        env: &[(&str, &str)],
        capabilities: Value,
        extra: Value,
    ) -> (Client, Value) {
        let mut client = Client::spawn_with_env(env);
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities,
        });
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            for (key, value) in extra {
                params.insert(key.clone(), value.clone());
            }
        }
        let result = client
            .request("initialize", params)
            .expect("initialize succeeds");
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Writes raw bytes to the server's stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads its stdin");
        stdin.flush().expect("the server reads its stdin");
    }

    /// Sends any JSON value as one framed message.
    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response: `Ok(result)` or
    /// `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.request_within(TIMEOUT, method, params)
    }

    /// As [`Client::request`], waiting up to `timeout` for the response.
    pub fn request_within(
        &mut self,
        timeout: Duration,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response_within(timeout, id)
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits up to `timeout` for the response to request `id`.
    pub fn response_within(&mut self, timeout: Duration, id: i64) -> Result<Value, Value> {
        let response = self
            .try_wait_for(timeout, |message| {
                message.get("method").is_none() && message["id"] == json!(id)
            })
            .unwrap_or_else(|| panic!("timed out waiting for the response to request {id}"));
        match response.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(response["result"].clone()),
        }
    }

    /// The next message (not a server request, which is answered here)
    /// that satisfies `matches`; earlier non-matching ones stay in the
    /// inbox. Panics after [`TIMEOUT`].
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(TIMEOUT, matches)
            .unwrap_or_else(|| panic!("timed out waiting for {what}; inbox: {:#?}", self.inbox))
    }

    /// As [`Client::wait_for`], but `None` after `timeout`.
    pub fn try_wait_for(
        &mut self,
        timeout: Duration,
        matches: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(idx) = self.inbox.iter().position(&matches) {
            return Some(self.inbox.remove(idx));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.messages.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its stdout"),
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                self.answer(&message);
            } else if matches(&message) {
                return Some(message);
            } else {
                self.inbox.push(message);
            }
        }
    }

    /// Every message read so far that satisfies `matches`, in order,
    /// taken out of the inbox (none is waited for).
    pub fn take_all(&mut self, matches: impl Fn(&Value) -> bool) -> Vec<Value> {
        while let Ok(message) = self.messages.try_recv() {
            if message.get("method").is_some() && message.get("id").is_some() {
                self.answer(&message);
            } else {
                self.inbox.push(message);
            }
        }
        let (taken, kept) = std::mem::take(&mut self.inbox)
            .into_iter()
            .partition(|message| matches(message));
        self.inbox = kept;
        taken
    }

    /// Reads (and answers) messages until `condition` holds of the client.
    pub fn wait_until(&mut self, what: &str, condition: impl Fn(&Client) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while !condition(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            let _ = self.try_wait_for(Duration::from_millis(20), |_| false);
        }
    }

    /// Answers a request from the server.
    fn answer(&mut self, request: &Value) {
        let method = request["method"].as_str().unwrap_or_default().to_string();
        self.server_requests.push(method.clone());
        let result = match method.as_str() {
            "workspace/configuration" => {
                self.configuration_requests += 1;
                let items = request["params"]["items"].as_array().map_or(0, Vec::len);
                Some(Value::Array(vec![self.configuration.clone(); items]))
            }
            "workspace/applyEdit" => {
                self.applied_edits.push(request["params"]["edit"].clone());
                Some(json!({"applied": true}))
            }
            "client/registerCapability"
            | "client/unregisterCapability"
            | "window/workDoneProgress/create"
            | "workspace/diagnostic/refresh" => Some(Value::Null),
            _ => None,
        };
        let id = request["id"].clone();
        let response = match result {
            Some(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            None => json!({
                "jsonrpc": "2.0",
                "id": id,
                "error": {"code": -32601, "message": format!("test client: no {method}")},
            }),
        };
        self.send(&response);
    }

    /// The next `publishDiagnostics` for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        self.wait_for(&format!("diagnostics for {uri}"), |message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        })["params"]
            .clone()
    }

    /// The next `publishDiagnostics` for `uri` with `version`.
    pub fn diagnostics_for_version(&mut self, uri: &str, version: i64) -> Value {
        self.wait_for(
            &format!("diagnostics for {uri} version {version}"),
            |message| {
                message["method"] == "textDocument/publishDiagnostics"
                    && message["params"]["uri"] == uri
                    && message["params"]["version"] == version
            },
        )["params"]
            .clone()
    }

    /// Whether the server logged a message containing `needle` (consumes
    /// it).
    pub fn logged(&mut self, needle: &str) -> Option<Value> {
        self.try_wait_for(TIMEOUT, |message| {
            message["method"] == "window/logMessage"
                && message["params"]["message"]
                    .as_str()
                    .is_some_and(|text| text.contains(needle))
        })
    }

    pub fn open(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": language_id, "version": version, "text": text,
            }}),
        );
    }

    /// Sends one incremental change: replace `range` with `text`.
    pub fn change(&mut self, uri: &str, version: i64, range: Value, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range, "text": text}],
            }),
        );
    }

    /// `shutdown` then `exit` without params, as VS Code sends them, and
    /// keeping stdin open; the exit status, or `None` if the process is
    /// still running after a couple of seconds.
    pub fn shutdown_and_exit(&mut self) -> Option<ExitStatus> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
        let response = self.wait_for("the response to shutdown", |message| {
            message.get("method").is_none() && message["id"] == id
        });
        assert_eq!(
            response,
            json!({"jsonrpc": "2.0", "id": id, "result": null}),
            "shutdown answers null"
        );
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        self.wait_exit(Duration::from_secs(3))
    }

    /// Waits for the process to exit, without closing stdin.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be polled") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // Only this client's own child; it may already have exited.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one `Content-Length`-framed message; `None` at end of stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends valid JSON"))
}

/// A position in the agreed encoding: columns count UTF-16 code units or
/// UTF-8 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    Utf16,
    Utf8,
}

/// The byte offset of an LSP position in `text`, as a careful client
/// computes it (no clamping: a bad position fails the test).
pub fn byte_offset(text: &str, position: &Value, units: Units) -> usize {
    let line = position["line"].as_u64().expect("a line") as usize;
    let col = position["character"].as_u64().expect("a character") as usize;
    let mut line_start = 0;
    for _ in 0..line {
        line_start += text[line_start..].find('\n').expect("the line exists") + 1;
    }
    let mut counted = 0;
    for (idx, ch) in text[line_start..].char_indices() {
        if counted == col {
            return line_start + idx;
        }
        assert!(counted < col, "column {col} is inside a character");
        assert!(ch != '\n', "column {col} is past the end of line {line}");
        counted += match units {
            Units::Utf16 => ch.len_utf16(),
            Units::Utf8 => ch.len_utf8(),
        };
    }
    assert_eq!(counted, col, "column {col} is past the end of the text");
    text.len()
}

/// Applies LSP text edits (all relative to `text`) as a client does.
pub fn apply_edits(text: &str, edits: &[Value], units: Units) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let start = byte_offset(text, &edit["range"]["start"], units);
            let end = byte_offset(text, &edit["range"]["end"], units);
            assert!(start <= end, "edit range is reversed: {edit}");
            (start, end, edit["newText"].as_str().expect("newText"))
        })
        .collect();
    spans.sort_by_key(|&(start, end, _)| (start, end));
    for pair in spans.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "edits overlap: {edits:?}");
    }
    let mut result = text.to_string();
    for (start, end, new_text) in spans.into_iter().rev() {
        result.replace_range(start..end, new_text);
    }
    result
}

/// A fresh, empty folder under the system temp dir, removed on drop.
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "copydesk-lsp-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("the temp dir can be created");
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("the temp folder can be made");
        }
        std::fs::write(&path, bytes).expect("the temp file can be written");
        path
    }

    pub fn uri(&self) -> String {
        file_uri(&self.path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The `file:` URI of an absolute path (the test paths need no escaping).
/// Makes a FIFO at `path` (with the `mkfifo` command).
pub fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

pub fn file_uri(path: &Path) -> String {
    let path = path.to_str().expect("a UTF-8 temp path");
    assert!(
        path.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c)),
        "temp path needs no percent-encoding: {path}"
    );
    format!("file://{path}")
}
