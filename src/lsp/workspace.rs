//! `copydesk.checkWorkspace` (issue #6): checks every prose file under the
//! workspace folders through the batch layer (the same call as
//! `copydesk check`), reports `$/progress`, and publishes the diagnostics of
//! the files that are not open; open files keep their live diagnostics.
//!
//! What was found is kept by URI, so that `workspace/diagnostic` can report
//! it with result ids, a file that changes on disk can be re-checked alone,
//! and a later run can clear the files it no longer reports.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Value};
use tower_lsp::lsp_types::notification::Progress;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::*;
use tower_lsp::Client;

use super::convert::{file_path, to_lsp_diagnostics, to_lsp_range, NameData};
use super::state::{State, WorkspaceFile};
use crate::batch::{self, ConfigScope, Control, FileResult};
use crate::config::{ConfigCache, EditorSettings};
use crate::contain::{self, Failure};
use crate::session::Resolver;
use crate::text::{Document, Encoding};

const TITLE: &str = "copydesk: checking workspace";

/// Sets a flag when dropped: a request cancelled with `$/cancelRequest` is
/// dropped by tower-lsp, and this stops the check it started.
pub(super) struct CancelOnDrop(pub Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The parts of the server a workspace check needs, cheap to clone into a
/// task of its own.
#[derive(Clone)]
pub(super) struct Checker {
    pub client: Client,
    pub state: Arc<Mutex<State>>,
    pub configs: Arc<ConfigCache>,
    pub changed: Arc<tokio::sync::Notify>,
}

/// What one run needs to know of the server, read at its start.
struct RunSettings {
    roots: Vec<PathBuf>,
    editor: EditorSettings,
    encoding: Encoding,
    push: bool,
    refresh: bool,
    progress: bool,
}

impl RunSettings {
    /// The settings of each file: its `copydesk.toml` (looked for up to
    /// its workspace folder) under the editor's settings, as for open
    /// documents.
    fn resolver(&self, configs: &Arc<ConfigCache>) -> Resolver {
        Resolver::new(self.roots.clone(), self.editor.clone(), Arc::clone(configs))
    }
}

impl Checker {
    fn lock(&self) -> MutexGuard<'_, State> {
        contain::lock(&self.state)
    }

    fn run_settings(&self) -> RunSettings {
        let state = self.lock();
        RunSettings {
            roots: state.roots.clone(),
            editor: state.editor.clone(),
            encoding: state.encoding,
            push: !state.features.pull_diagnostics,
            refresh: state.features.workspace_diagnostic_refresh,
            progress: state.features.work_done_progress,
        }
    }

    /// Starts a check, cancelling any that is running; returns its cancel
    /// flag.
    pub fn start(&self) -> Arc<AtomicBool> {
        let cancel = Arc::new(AtomicBool::new(false));
        let previous = self.lock().workspace.running.replace(Arc::clone(&cancel));
        if let Some(previous) = previous {
            previous.store(true, Ordering::SeqCst);
        }
        cancel
    }

    /// Cancels the check that reports progress with `token`, if any.
    pub fn cancel_token(&self, token: &ProgressToken) {
        if let Some(cancel) = self.lock().workspace.tokens.get(&token_key(token)) {
            cancel.store(true, Ordering::SeqCst);
        }
    }

    /// Checks the workspace: discovers the files, checks them on blocking
    /// workers with progress reported on `token` (or on one created here
    /// when the client supports it, unless `quiet`), publishes, and answers
    /// `{"files": N, "findings": K, "cancelled": bool}`.
    pub async fn check_workspace(
        self,
        token: Option<ProgressToken>,
        cancel: Arc<AtomicBool>,
        quiet: bool,
    ) -> Value {
        let run = self.run_settings();
        let token = match token {
            Some(token) => Some(token),
            None if run.progress && !quiet => self.create_token().await,
            None => None,
        };
        if let Some(token) = &token {
            self.lock()
                .workspace
                .tokens
                .insert(token_key(token), Arc::clone(&cancel));
        }
        let outcome = self.check_and_publish(&run, token.as_ref(), &cancel).await;
        {
            let mut state = self.lock();
            if let Some(token) = &token {
                state.workspace.tokens.remove(&token_key(token));
            }
            let ours = state
                .workspace
                .running
                .as_ref()
                .is_some_and(|running| Arc::ptr_eq(running, &cancel));
            if ours {
                state.workspace.running = None;
            }
        }
        let (message, answer) = match outcome {
            Some((files, findings, failed)) if !failed.is_empty() => (
                format!(
                    "{files} files, {findings} findings; copydesk failed on {}",
                    failed.join(", ")
                ),
                json!({"files": files, "findings": findings, "cancelled": false,
                       "failed": failed.len()}),
            ),
            Some((files, findings, _)) => (
                format!("{files} files, {findings} findings"),
                json!({"files": files, "findings": findings, "cancelled": false}),
            ),
            None => (
                "cancelled".to_string(),
                json!({"files": 0, "findings": 0, "cancelled": true}),
            ),
        };
        if let Some(token) = token {
            self.progress(
                token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some(message),
                }),
            )
            .await;
        }
        answer
    }

    async fn create_token(&self) -> Option<ProgressToken> {
        let token = {
            let mut state = self.lock();
            state.workspace.next_token += 1;
            NumberOrString::String(format!(
                "copydesk/checkWorkspace/{}",
                state.workspace.next_token
            ))
        };
        let params = WorkDoneProgressCreateParams {
            token: token.clone(),
        };
        match self
            .client
            .send_request::<WorkDoneProgressCreate>(params)
            .await
        {
            Ok(()) => Some(token),
            Err(error) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("window/workDoneProgress/create failed: {error}"),
                    )
                    .await;
                None
            }
        }
    }

    async fn progress(&self, token: ProgressToken, value: WorkDoneProgress) {
        self.client
            .send_notification::<Progress>(ProgressParams {
                token,
                value: ProgressParamsValue::WorkDone(value),
            })
            .await;
    }

    /// The files and findings counted and the files whose check failed
    /// (they are counted, with one diagnostic saying so), or `None` when
    /// cancelled.
    async fn check_and_publish(
        &self,
        run: &RunSettings,
        token: Option<&ProgressToken>,
        cancel: &Arc<AtomicBool>,
    ) -> Option<(usize, usize, Vec<String>)> {
        let roots = run.roots.clone();
        let discovered = tokio::task::spawn_blocking(move || {
            let mut files = Vec::new();
            let mut warnings = Vec::new();
            for root in &roots {
                match batch::discover(std::slice::from_ref(root), ConfigScope::Root) {
                    Ok(discovery) => {
                        files.extend(discovery.files);
                        warnings.extend(discovery.warnings);
                    }
                    Err(message) => warnings.push(message),
                }
            }
            files.sort();
            files.dedup();
            (files, warnings)
        })
        .await;
        let Ok((files, warnings)) = discovered else {
            return None;
        };
        for warning in warnings {
            self.client.log_message(MessageType::WARNING, warning).await;
        }
        let total = files.len();
        if let Some(token) = token {
            self.progress(
                token.clone(),
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: TITLE.to_string(),
                    cancellable: Some(true),
                    message: Some(format!("0/{total} files")),
                    percentage: Some(0),
                }),
            )
            .await;
        }

        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<usize>();
        let job = {
            let cancel = Arc::clone(cancel);
            let resolver = run.resolver(&self.configs);
            let encoding = run.encoding;
            tokio::task::spawn_blocking(move || {
                let progress = move |done: usize| {
                    let _ = sender.send(done);
                };
                let control = Control {
                    cancel: Some(&cancel),
                    progress: Some(&progress),
                };
                let results =
                    batch::check_files(&files, |path| resolver.settings(path), &control).ok()?;
                Some(
                    results
                        .into_iter()
                        .map(|result| to_checked(result, encoding))
                        .collect::<Vec<_>>(),
                )
            })
        };
        let mut reported = 0;
        while let Some(done) = receiver.recv().await {
            let now = percentage(done, total);
            if token.is_some() && (now > percentage(reported, total) || done == total) {
                reported = done;
                self.progress(
                    token.cloned().expect("checked above"),
                    WorkDoneProgress::Report(WorkDoneProgressReport {
                        cancellable: Some(true),
                        message: Some(format!("{done}/{total} files")),
                        percentage: Some(now),
                    }),
                )
                .await;
            }
        }
        let checked = job.await.ok().flatten()?;
        if cancel.load(Ordering::SeqCst) {
            return None;
        }
        let mut findings = 0;
        let mut files = HashMap::with_capacity(checked.len());
        let mut failed = Vec::new();
        for file in checked {
            match file {
                Checked::Failed(uri, file, failure) => {
                    let path = file_path(&uri).unwrap_or_default();
                    let message = format!(
                        "copydesk failed on {}: {failure}; please report it at {}",
                        path.display(),
                        crate::contain::REPORT_URL
                    );
                    self.client.log_message(MessageType::ERROR, message).await;
                    failed.push(path.display().to_string());
                    files.insert(uri, file);
                }
                Checked::Unreadable(message) => {
                    self.client.log_message(MessageType::WARNING, message).await
                }
                Checked::File(uri, file, count) => {
                    findings += count;
                    files.insert(uri, file);
                }
            }
        }
        let count = files.len();
        self.replace_all(files, run).await;
        failed.sort();
        Some((count, findings, failed))
    }

    /// Makes `files` the workspace's diagnostics, and tells the client:
    /// pushes what changed (clearing files no longer reported), or asks a
    /// pulling client to refresh.
    async fn replace_all(&self, files: HashMap<Url, WorkspaceFile>, run: &RunSettings) {
        let mut to_publish = Vec::new();
        {
            let mut state = self.lock();
            let state = &mut *state;
            let workspace = &mut state.workspace;
            for uri in workspace.files.keys() {
                if !files.contains_key(uri) && state.store.get(uri).is_none() {
                    to_publish.push((uri.clone(), Vec::new()));
                }
            }
            for (uri, file) in &files {
                let unchanged = workspace
                    .files
                    .get(uri)
                    .is_some_and(|old| old.result_id == file.result_id)
                    && workspace.published.contains(uri);
                if !unchanged && state.store.get(uri).is_none() {
                    to_publish.push((uri.clone(), file.diagnostics.clone()));
                }
            }
            workspace.files = files;
            workspace.checked = true;
            workspace.generation += 1;
        }
        self.tell_client(to_publish, run).await;
    }

    /// Re-checks one file after it changed on disk (or was closed): it is
    /// checked again when it belongs to the workspace, else its workspace
    /// diagnostics are dropped. Does nothing before a workspace check.
    pub async fn recheck_file(&self, uri: Url) {
        let run = self.run_settings();
        if !self.lock().workspace.checked {
            return;
        }
        let Some(path) = file_path(&uri) else {
            return;
        };
        let root = run
            .roots
            .iter()
            .find(|root| path.starts_with(root))
            .cloned();
        let resolver = run.resolver(&self.configs);
        let encoding = run.encoding;
        let job = tokio::task::spawn_blocking(move || {
            let root = root?;
            if !path.is_file() || !batch::is_discoverable(&root, &path, ConfigScope::Root) {
                return None;
            }
            let results = batch::check_files(
                std::slice::from_ref(&path),
                |path| resolver.settings(path),
                &Control::default(),
            )
            .ok()?;
            results
                .into_iter()
                .next()
                .map(|result| to_checked(result, encoding))
        });
        let checked = job.await.ok().flatten();
        let to_publish = {
            let mut state = self.lock();
            let open = state.store.get(&uri).is_some();
            let workspace = &mut state.workspace;
            match checked {
                Some(Checked::File(_, file, _) | Checked::Failed(_, file, _)) => {
                    let unchanged = workspace
                        .files
                        .get(&uri)
                        .is_some_and(|old| old.result_id == file.result_id)
                        && workspace.published.contains(&uri);
                    let diagnostics = file.diagnostics.clone();
                    workspace.files.insert(uri.clone(), file);
                    workspace.generation += 1;
                    (!unchanged && !open).then_some(diagnostics)
                }
                Some(Checked::Unreadable(_)) | None => {
                    workspace.generation += 1;
                    workspace
                        .files
                        .remove(&uri)
                        .and_then(|_| (!open).then(Vec::new))
                }
            }
        };
        if let Some(diagnostics) = to_publish {
            self.tell_client(vec![(uri, diagnostics)], &run).await;
        }
    }

    async fn tell_client(&self, to_publish: Vec<(Url, Vec<Diagnostic>)>, run: &RunSettings) {
        if run.push {
            for (uri, diagnostics) in to_publish {
                {
                    let mut state = self.lock();
                    if diagnostics.is_empty() {
                        state.workspace.published.remove(&uri);
                    } else {
                        state.workspace.published.insert(uri.clone());
                    }
                }
                self.client
                    .publish_diagnostics(uri, diagnostics, None)
                    .await;
            }
        } else if !to_publish.is_empty() {
            self.changed.notify_waiters();
            if run.refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
        }
    }
}

/// The reports for files of a workspace check that are not open: full
/// when the client's result id differs, else unchanged; a file the
/// client knows from an earlier check that is no longer reported gets
/// an empty full report.
pub(super) fn reports(
    state: &State,
    previous: &HashMap<Url, String>,
) -> Vec<WorkspaceDocumentDiagnosticReport> {
    let mut items = Vec::new();
    for (uri, file) in &state.workspace.files {
        if state.store.get(uri).is_some() {
            continue;
        }
        if previous.get(uri) == Some(&file.result_id) {
            items.push(WorkspaceDocumentDiagnosticReport::Unchanged(
                WorkspaceUnchangedDocumentDiagnosticReport {
                    uri: uri.clone(),
                    version: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: file.result_id.clone(),
                    },
                },
            ));
        } else {
            items.push(WorkspaceDocumentDiagnosticReport::Full(
                WorkspaceFullDocumentDiagnosticReport {
                    uri: uri.clone(),
                    version: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(file.result_id.clone()),
                        items: file.diagnostics.clone(),
                    },
                },
            ));
        }
    }
    for (uri, result_id) in previous {
        let gone = is_workspace_result_id(result_id)
            && !state.workspace.files.contains_key(uri)
            && state.store.get(uri).is_none();
        if gone {
            items.push(WorkspaceDocumentDiagnosticReport::Full(
                WorkspaceFullDocumentDiagnosticReport {
                    uri: uri.clone(),
                    version: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport::default(),
                },
            ));
        }
    }
    items
}

/// A checked file, converted for the client on the worker thread.
enum Checked {
    File(Url, WorkspaceFile, usize),
    /// Its analysis panicked: one diagnostic says so.
    Failed(Url, WorkspaceFile, Failure),
    Unreadable(String),
}

fn to_checked(result: FileResult, encoding: Encoding) -> Checked {
    if let Some(error) = result.error {
        return Checked::Unreadable(error);
    }
    let absolute = std::path::absolute(&result.path).unwrap_or(result.path);
    let Ok(uri) = Url::from_file_path(&absolute) else {
        return Checked::Unreadable(format!("{} has no file URI", absolute.display()));
    };
    let document = Document::new(&result.text, 0);
    let diagnostics = to_lsp_diagnostics(
        &result.findings,
        result.failure.as_ref(),
        &document,
        &uri,
        encoding,
    );
    let renames = result
        .findings
        .iter()
        .filter_map(|finding| {
            let rename = NameData::of(finding)?;
            Some((rename, to_lsp_range(&document, &finding.range, encoding)))
        })
        .collect();
    let file = WorkspaceFile {
        result_id: result_id(&result.text, &diagnostics),
        diagnostics,
        renames,
        names: result.names,
        glossary: result.glossary,
    };
    match result.failure {
        Some(failure) => Checked::Failed(uri, file, failure),
        None => Checked::File(uri, file, result.findings.len()),
    }
}

/// A result id that changes when the text or its diagnostics do. Hashing
/// the diagnostics, not the settings, keeps it right when findings come to
/// depend on other files.
fn result_id(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    serde_json::to_string(diagnostics)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("w{:016x}", hasher.finish())
}

/// Whether a result id is one of [`result_id`]'s (not an open document's).
pub(super) fn is_workspace_result_id(result_id: &str) -> bool {
    result_id.starts_with('w')
}

fn token_key(token: &ProgressToken) -> String {
    serde_json::to_string(token).unwrap_or_default()
}

/// How much of `total` is `done`, in whole percent.
fn percentage(done: usize, total: usize) -> u32 {
    (done * 100)
        .checked_div(total)
        .map_or(100, |percent| u32::try_from(percent).unwrap_or(100))
}
