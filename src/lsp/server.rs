//! The `LanguageServer` implementation: dispatch, document bookkeeping and
//! publishing. Analysis runs on blocking worker threads.
//!
//! tower-lsp runs many handlers at once, so every handler that edits
//! a document takes the store's std `Mutex`, applies the edit and takes a
//! snapshot before its first `.await`; results for a version that has
//! since been superseded are dropped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::notification::Notification;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService};

use super::actions::{self, FixAllData, Refusal};
use super::convert::{file_path, from_lsp_position, to_lsp_config_diagnostics};
use super::state::{client_features, Analysis, State};
use super::transport::{self, DollarRequest, InvalidMessage};
use super::workspace::{self, CancelOnDrop, Checker};
use crate::config::edit::GlossaryEdit;
use crate::config::{self, Config, ConfigCache};
use crate::contain;
use crate::prose::DocKind;
use crate::session::{Resolver, UpdateSettings, WorkspaceNames};
use crate::text::{self, Document, Encoding};

/// How many messages tower-lsp handles at once.
const CONCURRENT_MESSAGES: usize = 1024;

#[derive(Clone)]
pub struct Server {
    client: Client,
    state: Arc<Mutex<State>>,
    configs: Arc<ConfigCache>,
    shutdown_requested: Arc<AtomicBool>,
    /// Woken when any analysis lands, for `workspace/diagnostic`.
    changed: Arc<tokio::sync::Notify>,
    /// Held while deciding to push a document's diagnostics and sending
    /// them, so that an older analysis is never pushed after a newer one.
    publishing: Arc<tokio::sync::Mutex<()>>,
}

/// Serves until `exit`; returns the process exit status.
pub async fn serve() -> i32 {
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shutdown_requested);
    let (service, socket) = LspService::build(move |client| Server {
        client,
        state: Arc::default(),
        configs: Arc::default(),
        shutdown_requested: flag,
        changed: Arc::default(),
        publishing: Arc::default(),
    })
    .custom_method(transport::INVALID_MESSAGE, Server::invalid_message)
    .custom_method(transport::DOLLAR_REQUEST, Server::dollar_request)
    // tower-lsp 0.20 has no handler for this notification of its own.
    .custom_method(
        "window/workDoneProgress/cancel",
        Server::work_done_progress_cancel,
    )
    .finish();
    // tower-lsp answers at most `concurrency_level` messages at once (4 by
    // default) and reads no further while they are all busy, so a few
    // requests waiting for one slow document's analysis stopped every
    // other request (issue #12). Waiting requests cost no thread (see
    // `analyze`), so allow many.
    tower_lsp::Server::new(transport::stdin(), tokio::io::stdout(), socket)
        .concurrency_level(CONCURRENT_MESSAGES)
        .serve(service)
        .await;
    if shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

impl Server {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the server down with it.
        contain::lock(&self.state)
    }

    async fn log(&self, typ: MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
    }

    /// Answers a frame that was not a JSON-RPC message (see `transport`)
    /// with the JSON-RPC error, and logs it.
    async fn invalid_message(&self, params: InvalidMessage) -> Result<()> {
        self.log(
            MessageType::ERROR,
            format!("ignored an invalid message: {}", params.reason),
        )
        .await;
        Err(tower_lsp::jsonrpc::Error {
            code: params.code.into(),
            message: params.reason.into(),
            data: None,
        })
    }

    /// Answers a request whose method starts with `$/` (see `transport`):
    /// the server implements none.
    async fn dollar_request(&self, params: DollarRequest) -> Result<()> {
        Err(tower_lsp::jsonrpc::Error {
            code: tower_lsp::jsonrpc::ErrorCode::MethodNotFound,
            message: format!("method not found: {}", params.method).into(),
            data: None,
        })
    }

    fn checker(&self) -> Checker {
        Checker {
            client: self.client.clone(),
            state: Arc::clone(&self.state),
            configs: Arc::clone(&self.configs),
            changed: Arc::clone(&self.changed),
        }
    }

    /// `window/workDoneProgress/cancel`: stops the workspace check that
    /// reports on that token.
    async fn work_done_progress_cancel(&self, params: WorkDoneProgressCancelParams) {
        self.checker().cancel_token(&params.token);
    }

    /// `copydesk.checkWorkspace`. The check runs as a task of its own, so
    /// that a `$/cancelRequest` (which drops this future) still lets it end
    /// its progress; dropping this future cancels the check.
    async fn check_workspace(&self, token: Option<ProgressToken>) -> Value {
        let checker = self.checker();
        let cancel = checker.start();
        let _guard = CancelOnDrop(Arc::clone(&cancel));
        let task = tokio::spawn(checker.check_workspace(token, cancel, false));
        match task.await {
            Ok(answer) => {
                // Open documents now count their names with the workspace's.
                self.republish_open_documents().await;
                answer
            }
            Err(error) => {
                self.log(
                    MessageType::ERROR,
                    format!("the workspace check failed: {error}"),
                )
                .await;
                Value::Null
            }
        }
    }

    /// Every open document analysed again and published (pushed), or the
    /// client asked to pull again.
    async fn republish_open_documents(&self) {
        let (uris, pull, refresh) = {
            let state = self.lock();
            let features = state.features;
            (
                state.store.uris(),
                features.pull_diagnostics,
                features.workspace_diagnostic_refresh,
            )
        };
        if pull {
            if refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            self.changed.notify_waiters();
            return;
        }
        for uri in uris {
            let version = self.lock().store.version(&uri);
            if let Some(version) = version {
                self.analyze_and_publish(uri, version).await;
            }
        }
    }

    /// Analyses a snapshot (after the debounce) and publishes the result,
    /// unless a newer version has landed meanwhile.
    async fn analyze_and_publish(&self, uri: Url, version: i32) {
        let debounce_ms = self.lock().editor.debounce_ms;
        if debounce_ms > 0 {
            tokio::time::sleep(Duration::from_millis(debounce_ms)).await;
        }
        if self.lock().store.version(&uri) != Some(version) {
            return; // Superseded: a newer version will publish.
        }
        let Some(analysis) = self.analyze(&uri).await else {
            return;
        };
        // The engine may have caught up with a newer version than the one
        // this task was started for; publish what it analysed.
        let version = analysis.snapshot.version();
        let (stored, push, encoding) = {
            let mut state = self.lock();
            let stored = state.store.store_analysis(&uri, Arc::clone(&analysis));
            (stored, !state.features.pull_diagnostics, state.encoding)
        };
        if !stored {
            return;
        }
        self.changed.notify_waiters();
        if push {
            let diagnostics = analysis.diagnostics(&uri, encoding);
            // A newer analysis may have landed and been published while
            // these were made (many findings take a while): publishing
            // these after it would show stale squiggles until the next
            // edit. Checking and sending under one lock keeps the order.
            let _publishing = self.publishing.lock().await;
            let current = self.lock().store.get(&uri).is_some_and(|open| {
                open.analysis
                    .as_ref()
                    .is_some_and(|stored| Arc::ptr_eq(stored, &analysis))
            });
            if current {
                self.client
                    .publish_diagnostics(uri, diagnostics, Some(version))
                    .await;
            }
        }
    }

    /// [`Server::analyze_and_publish`] as a task of its own, so that the
    /// notification that asked for it (`didOpen`, `didChange`) does not keep
    /// one of tower-lsp's message slots for as long as the analysis takes.
    fn spawn_analyze_and_publish(&self, uri: Url, version: i32) {
        let server = self.clone();
        tokio::spawn(async move { server.analyze_and_publish(uri, version).await });
    }

    /// Runs the analysis of a snapshot on a blocking worker, with the
    /// settings that apply to the document, and reports configuration
    /// problems on the configuration file. A panic in the analysis is
    /// contained: the document's engine is dropped (the next analysis
    /// starts afresh), the failure is logged, and the analysis carries it
    /// instead of findings.
    async fn analyze(&self, uri: &Url) -> Option<Arc<Analysis>> {
        let engine = Arc::clone(&self.lock().store.get(uri)?.engine);
        // One analysis of a document at a time. Requests wait here without
        // holding a thread, and take the analysis they waited for when it
        // is still current instead of running another.
        let mut session = engine.lock_owned().await;
        if let Some(fresh) = self.fresh_analysis(uri) {
            return Some(fresh);
        }
        let (kind, resolver, generation) = {
            let state = self.lock();
            let open = state.store.get(uri)?;
            let resolver = Resolver::new(
                state.roots.clone(),
                state.editor.clone(),
                Arc::clone(&self.configs),
            );
            (open.kind, resolver, state.settings_generation)
        };
        let path = file_path(uri);
        let state = Arc::clone(&self.state);
        let uri_owned = uri.clone();
        let result = tokio::task::spawn_blocking(move || {
            let resolved = resolver.resolve(path.as_deref());
            // The engine lock (held by `session`) orders workers: each takes
            // every edit made so far, in order, with the text they lead to.
            let (edits, latest, workspace) = {
                let mut state = contain::lock(&state);
                let open = state.store.get_mut(&uri_owned)?;
                let taken = (std::mem::take(&mut open.pending), open.document.clone());
                (taken.0, taken.1, state.workspace.generation)
            };
            let settings = UpdateSettings {
                kind,
                resolved: &resolved,
                generation,
            };
            // Names are counted with the other files of a checked workspace.
            let names =
                |glossary: &str| contain::lock(&state).workspace_names(&uri_owned, glossary);
            let workspace_names = WorkspaceNames {
                generation: workspace,
                names: &names,
            };
            let (findings, failure) =
                match session.update(edits, &latest, &settings, &workspace_names) {
                    Ok(findings) => (findings, None),
                    Err(failure) => (Vec::new(), Some(failure)),
                };
            let analysis = Analysis {
                snapshot: latest,
                findings,
                settings_generation: generation,
                workspace_generation: workspace,
                failure,
            };
            Some((Arc::new(analysis), resolved.config))
        })
        .await;
        let (analysis, loaded) = match result {
            Ok(Some(result)) => result,
            Ok(None) => return None, // Closed meanwhile.
            Err(error) => {
                self.log(
                    MessageType::ERROR,
                    format!("analysis of {uri} failed: {error}"),
                )
                .await;
                return None;
            }
        };
        if let Some(failure) = &analysis.failure {
            self.log(
                MessageType::ERROR,
                format!(
                    "analysis of {uri} failed: {failure}; please report it at {}",
                    contain::REPORT_URL
                ),
            )
            .await;
        }
        if let Some((config_path, config)) = loaded {
            self.publish_config_errors(&config_path, &config).await;
        }
        Some(analysis)
    }

    /// Shows a configuration file's problems as diagnostics on that file,
    /// when they differ from what was last shown.
    async fn publish_config_errors(&self, path: &Path, config: &Config) {
        let errors = config.errors.as_slice();
        let encoding = {
            let mut state = self.lock();
            let previous = state
                .config_errors
                .get(path)
                .map(Vec::as_slice)
                .unwrap_or_default();
            if previous == errors {
                return;
            }
            state
                .config_errors
                .insert(path.to_path_buf(), errors.to_vec());
            state.encoding
        };
        let Ok(uri) = Url::from_file_path(path) else {
            return;
        };
        let diagnostics = to_lsp_config_diagnostics(config, encoding);
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }

    /// The analysis of the document's current version under the current
    /// settings, computed now if it is missing or stale.
    async fn current_analysis(&self, uri: &Url) -> Option<Arc<Analysis>> {
        if let Some(fresh) = self.fresh_analysis(uri) {
            return Some(fresh);
        }
        let analysis = self.analyze(uri).await?;
        self.lock().store.store_analysis(uri, Arc::clone(&analysis));
        Some(analysis)
    }

    /// The stored analysis when it is of the document's current text (no
    /// edit since, not even one with a stale version) under the current
    /// settings and workspace.
    fn fresh_analysis(&self, uri: &Url) -> Option<Arc<Analysis>> {
        let state = self.lock();
        let open = state.store.get(uri)?;
        let cached = open.analysis.as_ref()?;
        let fresh = cached.snapshot.version() == open.document.version()
            && open.pending.is_empty()
            && cached.settings_generation == state.settings_generation
            && cached.workspace_generation == state.workspace.generation;
        fresh.then(|| Arc::clone(cached))
    }

    /// Settings changed: re-check every open document, and the workspace
    /// when it has been checked.
    async fn settings_changed(&self) {
        if self.lock().workspace.checked {
            let checker = self.checker();
            let cancel = checker.start();
            tokio::spawn(checker.check_workspace(None, cancel, true));
        }
        self.lock().settings_generation += 1;
        self.republish_open_documents().await;
    }

    async fn fetch_editor_settings(&self) {
        if !self.lock().features.configuration {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Value::Null);
                self.set_editor_settings(&value).await;
            }
            Err(error) => {
                self.log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {error}"),
                )
                .await
            }
        }
    }

    async fn set_editor_settings(&self, value: &Value) {
        let base = self.lock().initial_editor.clone();
        let (settings, problems) = config::editor_settings_over(&base, value);
        self.lock().editor = settings;
        for problem in problems {
            self.log(MessageType::WARNING, problem).await;
        }
    }

    /// Writes a glossary change to the `copydesk.toml` that applies to the
    /// document (creating one at its workspace folder's root if there is
    /// none), then re-checks open documents. Never writes outside the
    /// workspace.
    async fn edit_glossary(&self, arguments: &[Value], edit: GlossaryEdit) {
        let (roots, glossary_path) = {
            let state = self.lock();
            (state.roots.clone(), state.editor.glossary_path.clone())
        };
        let config_path = match actions::glossary_file(arguments, &roots, glossary_path.as_deref())
        {
            Ok(config_path) => config_path,
            Err(Refusal::NotOnDisk) => {
                self.show_error("copydesk: the glossary can only be changed for a file on disk")
                    .await;
                return;
            }
            Err(Refusal::Outside(message)) => {
                self.refuse(message).await;
                return;
            }
        };
        // The confinement check and the write are file-system work: off the
        // async workers.
        let target = config_path.clone();
        let written = tokio::task::spawn_blocking(move || {
            config::file::write_glossary(&target, &roots, &edit)
        })
        .await;
        match written {
            Ok(Ok(resolved)) => {
                self.configs.invalidate(&config_path);
                self.configs.invalidate(&resolved);
                self.log(MessageType::INFO, format!("updated {}", resolved.display()))
                    .await;
                self.settings_changed().await;
            }
            Ok(Err(error)) => self.refuse(format!("copydesk: {error}")).await,
            Err(error) => {
                self.refuse(format!("copydesk: the glossary was not changed: {error}"))
                    .await
            }
        }
    }

    /// Says why a glossary change was refused: in a message the user sees,
    /// and in the log.
    async fn refuse(&self, message: impl std::fmt::Display) {
        let message = message.to_string();
        self.log(MessageType::ERROR, &message).await;
        self.show_error(message).await;
    }

    async fn show_error(&self, message: impl std::fmt::Display) {
        self.client.show_message(MessageType::ERROR, message).await;
    }
}

fn is_config_file(uri: &Url) -> bool {
    uri.path().ends_with(&format!("/{}", config::FILE_NAME))
}

#[tower_lsp::async_trait]
impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        // The word lists, gazetteer and patterns load on a thread of their
        // own while the client sends its first document, instead of in
        // that document's first check; `initialize` does not wait.
        std::thread::spawn(crate::analysis::warm_up);
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
        let (encoding, encoding_kind) = if utf8 {
            (Encoding::Utf8, PositionEncodingKind::UTF8)
        } else {
            (Encoding::Utf16, PositionEncodingKind::UTF16)
        };
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|folder| file_path(&folder.uri))
            .collect();
        #[allow(deprecated)] // Older clients send only rootUri.
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(file_path));
        }
        let (editor, problems) = config::editor_settings(
            params
                .initialization_options
                .as_ref()
                .unwrap_or(&Value::Null),
        );
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.features = client_features(&params.capabilities);
            state.roots = roots;
            state.initial_editor = editor.clone();
            state.editor = editor;
        }
        for problem in problems {
            self.log(MessageType::WARNING, problem).await;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "copydesk".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(actions::FIX_ALL_KIND),
                        ]),
                        resolve_provider: Some(true),
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("copydesk".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: true,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: [
                        super::COMMAND_CHECK_WORKSPACE,
                        super::COMMAND_FIX_ALL,
                        super::COMMAND_ADD_TO_GLOSSARY,
                        super::COMMAND_MARK_DISTINCT,
                        super::COMMAND_IGNORE_NAME,
                    ]
                    .map(str::to_string)
                    .to_vec(),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watch = self.lock().features.watch_files;
        if watch {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![
                    FileSystemWatcher {
                        glob_pattern: GlobPattern::String(format!("**/{}", config::FILE_NAME)),
                        kind: None,
                    },
                    // Prose files, re-checked after a workspace check.
                    FileSystemWatcher {
                        glob_pattern: GlobPattern::String(format!(
                            "**/*.{{{}}}",
                            crate::batch::PROSE_EXTENSIONS.join(",")
                        )),
                        kind: None,
                    },
                ],
            };
            let registration = Registration {
                id: "copydesk-config-watcher".into(),
                method: notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(error) = self.client.register_capability(vec![registration]).await {
                self.log(
                    MessageType::WARNING,
                    format!("cannot watch {}: {error}", config::FILE_NAME),
                )
                .await;
            }
        }
        self.fetch_editor_settings().await;
        self.log(
            MessageType::INFO,
            format!("copydesk {} ready", env!("CARGO_PKG_VERSION")),
        )
        .await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let kind = DocKind::from_language_id(&item.language_id)
            .or_else(|| file_path(&item.uri).map(|path| DocKind::from_path(&path)))
            .unwrap_or(DocKind::Plain);
        let document = Document::new(&item.text, item.version);
        self.lock().store.open(item.uri.clone(), document, kind);
        self.spawn_analyze_and_publish(item.uri, item.version);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Apply and snapshot before the first await: edits stay in order.
        let outcome = {
            let mut state = self.lock();
            let encoding = state.encoding;
            match state.store.get_mut(&uri) {
                None => Err(format!("didChange for {uri}, which is not open; ignored")),
                Some(open) => {
                    let current = open.document.version();
                    let edits: Vec<text::Edit> = params
                        .content_changes
                        .into_iter()
                        .map(|change| text::Edit {
                            range: change
                                .range
                                .map(|r| from_lsp_position(r.start)..from_lsp_position(r.end)),
                            text: change.text,
                        })
                        .collect();
                    let applied = open.document.apply(&edits, version.max(current), encoding);
                    open.pending.extend(applied.byte_edits);
                    let mut warnings: Vec<String> =
                        applied.warnings.iter().map(ToString::to_string).collect();
                    if version <= current {
                        warnings.push(format!("version {version} is not newer than {current}"));
                    }
                    Ok((open.document.version(), warnings))
                }
            }
        };
        match outcome {
            Err(message) => self.log(MessageType::WARNING, message).await,
            Ok((version, warnings)) => {
                for warning in warnings {
                    self.log(MessageType::WARNING, format!("didChange {uri}: {warning}"))
                        .await;
                }
                self.spawn_analyze_and_publish(uri, version);
            }
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config_file(&params.text_document.uri) {
            if let Some(path) = file_path(&params.text_document.uri) {
                self.configs.invalidate(&path);
            }
            self.settings_changed().await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if !self.lock().store.close(&uri) {
            self.log(
                MessageType::WARNING,
                format!("didClose for {uri}, which is not open"),
            )
            .await;
        }
        self.lock().workspace.forget_published(&uri);
        self.client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
        self.changed.notify_waiters();
        // A file of a checked workspace shows its findings on disk again.
        self.checker().recheck_file(uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.lock().features.configuration {
            self.fetch_editor_settings().await;
        } else {
            let section = params
                .settings
                .get("copydesk")
                .cloned()
                .unwrap_or(params.settings);
            self.set_editor_settings(&section).await;
        }
        self.settings_changed().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut changed = false;
        let mut prose = Vec::new();
        for event in params.changes {
            if let Some(path) = file_path(&event.uri).filter(|_| is_config_file(&event.uri)) {
                self.configs.invalidate(&path);
                changed = true;
            } else if file_path(&event.uri).is_some_and(|path| crate::batch::is_prose_file(&path))
                && !prose.contains(&event.uri)
            {
                prose.push(event.uri);
            }
        }
        if changed {
            // This re-checks the whole workspace, prose files included.
            self.settings_changed().await;
            return;
        }
        let checker = self.checker();
        for uri in prose {
            checker.recheck_file(uri).await;
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.current_analysis(&uri).await else {
            self.log(
                MessageType::WARNING,
                format!("codeAction for {uri}, which is not open"),
            )
            .await;
            return Ok(None);
        };
        let state = self.lock();
        let actions =
            actions::code_actions(&uri, &analysis, params.range, &params.context.only, &state);
        Ok(Some(actions))
    }

    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let Some(data) = FixAllData::of(&action) else {
            return Ok(action);
        };
        match self.current_analysis(&data.uri).await {
            Some(analysis) => {
                let state = self.lock();
                action.edit = Some(actions::fix_all_edit(
                    &data.uri,
                    &analysis,
                    data.rule.as_deref(),
                    &state,
                ));
            }
            None => {
                self.log(
                    MessageType::WARNING,
                    format!("codeAction/resolve for {}, which is not open", data.uri),
                )
                .await
            }
        }
        Ok(action)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if let Some(edit) = actions::glossary_edit(&params) {
            self.edit_glossary(&params.arguments, edit).await;
            return Ok(None);
        }
        if params.command == super::COMMAND_CHECK_WORKSPACE {
            let token = params.work_done_progress_params.work_done_token;
            return Ok(Some(self.check_workspace(token).await));
        }
        if params.command != super::COMMAND_FIX_ALL {
            self.log(
                MessageType::WARNING,
                format!("unknown command {}", params.command),
            )
            .await;
            return Ok(None);
        }
        let uri = params
            .arguments
            .first()
            .and_then(|v| v.as_str())
            .and_then(|s| Url::parse(s).ok());
        let Some(uri) = uri else {
            self.log(
                MessageType::WARNING,
                format!("{} needs a document URI", params.command),
            )
            .await;
            return Ok(None);
        };
        let Some(analysis) = self.current_analysis(&uri).await else {
            self.log(
                MessageType::WARNING,
                format!("{} for {uri}, which is not open", params.command),
            )
            .await;
            return Ok(None);
        };
        let edit = actions::fix_all_edit(&uri, &analysis, None, &self.lock());
        if let Err(error) = self.client.apply_edit(edit).await {
            self.log(
                MessageType::WARNING,
                format!("workspace/applyEdit failed: {error}"),
            )
            .await;
        }
        Ok(None)
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.current_analysis(&uri).await else {
            let report = FullDocumentDiagnosticReport {
                result_id: None,
                items: Vec::new(),
            };
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: report,
                }),
            ));
        };
        let result_id = analysis.result_id();
        let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        } else {
            let encoding = self.lock().encoding;
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items: analysis.diagnostics(&uri, encoding),
                },
            })
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: HashMap<Url, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        // Long-poll: when nothing changed since the client's last report,
        // wait for a change (or a minute) instead of answering at once, so
        // that clients that re-request immediately do not spin.
        for attempt in 0..2 {
            let notified = self.changed.notified();
            let uris = self.lock().store.uris();
            let mut items = Vec::new();
            for uri in uris {
                let Some(analysis) = self.current_analysis(&uri).await else {
                    continue;
                };
                let result_id = analysis.result_id();
                if previous.get(&uri) == Some(&result_id) {
                    continue;
                }
                let encoding = self.lock().encoding;
                items.push(WorkspaceDocumentDiagnosticReport::Full(
                    WorkspaceFullDocumentDiagnosticReport {
                        version: Some(i64::from(analysis.snapshot.version())),
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: Some(result_id),
                            items: analysis.diagnostics(&uri, encoding),
                        },
                        uri,
                    },
                ));
            }
            let changed = !items.is_empty();
            items.extend(workspace::reports(&self.lock(), &previous));
            let changed = changed
                || items
                    .iter()
                    .any(|item| matches!(item, WorkspaceDocumentDiagnosticReport::Full(_)));
            if changed || previous.is_empty() || attempt == 1 {
                return Ok(WorkspaceDiagnosticReportResult::Report(
                    WorkspaceDiagnosticReport { items },
                ));
            }
            let _ = tokio::time::timeout(Duration::from_secs(60), notified).await;
        }
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items: Vec::new() },
        ))
    }
}
