//! What the server holds between messages: the client's features and
//! settings, the open documents with the latest analysis of each, and what
//! workspace checks found. Handlers take it under one std `Mutex`, briefly.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use tower_lsp::lsp_types::{ClientCapabilities, Diagnostic, Range, Url};

use super::convert::{to_lsp_diagnostics, NameData};
use crate::analysis::names::ChunkNames;
use crate::analysis::Finding;
use crate::config::{ConfigError, EditorSettings};
use crate::contain::Failure;
use crate::prose::DocKind;
use crate::session::Session;
use crate::text::{Document, Encoding};

/// What the client said it can do, read once at `initialize`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientFeatures {
    /// The client pulls diagnostics; pushing as well would show them twice.
    pub pull_diagnostics: bool,
    pub workspace_diagnostic_refresh: bool,
    pub versioned_edits: bool,
    pub resolve_edits: bool,
    pub configuration: bool,
    pub watch_files: bool,
    /// The client shows `$/progress` for tokens the server creates.
    pub work_done_progress: bool,
}

#[derive(Default)]
pub struct State {
    pub store: Store,
    pub encoding: Encoding,
    pub features: ClientFeatures,
    pub editor: EditorSettings,
    /// The settings from `initializationOptions`, under any later ones.
    pub initial_editor: EditorSettings,
    pub roots: Vec<PathBuf>,
    /// Files checked by `copydesk.checkWorkspace`.
    pub workspace: Workspace,
    /// Bumped whenever settings change, so cached analyses are redone.
    pub settings_generation: u64,
    /// The errors last published for each configuration file.
    pub config_errors: HashMap<PathBuf, Vec<ConfigError>>,
}

pub fn client_features(capabilities: &ClientCapabilities) -> ClientFeatures {
    let text_document = capabilities.text_document.as_ref();
    let workspace = capabilities.workspace.as_ref();
    ClientFeatures {
        pull_diagnostics: text_document.and_then(|t| t.diagnostic.as_ref()).is_some(),
        workspace_diagnostic_refresh: workspace
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        versioned_edits: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        resolve_edits: text_document
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        watch_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        work_done_progress: capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
    }
}

/// The diagnostics of one checked file that may not be open.
pub struct WorkspaceFile {
    pub diagnostics: Vec<Diagnostic>,
    /// The name findings that have a replacement, with their ranges, for
    /// "replace every use in the workspace".
    pub renames: Vec<(NameData, Range)>,
    /// The file's names by chunk, counted with open documents' own.
    pub names: Vec<(usize, Arc<ChunkNames>)>,
    /// The glossary they were read with (see [`batch::glossary_key`]).
    pub glossary: String,
    /// Changes exactly when the report does (see `workspace::result_id`).
    pub result_id: String,
}

/// What the server remembers of workspace checks.
#[derive(Default)]
pub struct Workspace {
    /// Whether a workspace check has finished: from then on, files that
    /// change on disk are re-checked.
    pub checked: bool,
    pub files: HashMap<Url, WorkspaceFile>,
    /// Bumped whenever `files` changes, so that open documents count their
    /// names against the new workspace.
    pub generation: u64,
    /// Files whose workspace diagnostics were pushed to the client.
    pub published: HashSet<Url>,
    /// The cancel flag of the check that is running.
    pub running: Option<Arc<AtomicBool>>,
    /// Cancel flags by progress token, for `window/workDoneProgress/cancel`.
    pub tokens: HashMap<String, Arc<AtomicBool>>,
    pub next_token: u64,
}

impl Workspace {
    /// Notes that the client no longer shows this file's workspace
    /// diagnostics (its document closed, which cleared them).
    pub fn forget_published(&mut self, uri: &Url) {
        self.published.remove(uri);
    }
}

/// The findings for one version of a document, with the text they were
/// computed on, so ranges and edits can always be converted faithfully.
pub struct Analysis {
    pub snapshot: Document,
    pub findings: Vec<Finding>,
    /// Changes whenever the settings change, so pull clients refresh.
    pub settings_generation: u64,
    /// The workspace check whose names were counted with the document's.
    pub workspace_generation: u64,
    /// Set when the analysis panicked; `findings` is then empty.
    pub failure: Option<Failure>,
}

impl Analysis {
    /// Its findings as diagnostics, or the one that says it failed.
    pub fn diagnostics(&self, uri: &Url, encoding: Encoding) -> Vec<Diagnostic> {
        to_lsp_diagnostics(
            &self.findings,
            self.failure.as_ref(),
            &self.snapshot,
            uri,
            encoding,
        )
    }

    pub fn result_id(&self) -> String {
        format!(
            "{}:{}:{}",
            self.snapshot.version(),
            self.settings_generation,
            self.workspace_generation
        )
    }
}

pub struct OpenDocument {
    pub document: Document,
    pub kind: DocKind,
    pub analysis: Option<Arc<Analysis>>,
    /// Byte edits applied to `document` that the engine has not seen yet.
    pub pending: Vec<(std::ops::Range<usize>, usize)>,
    /// The incremental analysis, updated on a worker thread. The lock is
    /// async so that requests waiting for this document's analysis wait
    /// without holding a thread.
    pub engine: Arc<tokio::sync::Mutex<Session>>,
}

#[derive(Default)]
pub struct Store {
    documents: HashMap<Url, OpenDocument>,
}

impl Store {
    pub fn open(&mut self, uri: Url, document: Document, kind: DocKind) {
        let open = OpenDocument {
            document,
            kind,
            analysis: None,
            pending: Vec::new(),
            engine: Arc::default(),
        };
        self.documents.insert(uri, open);
    }

    pub fn close(&mut self, uri: &Url) -> bool {
        self.documents.remove(uri).is_some()
    }

    pub fn get(&self, uri: &Url) -> Option<&OpenDocument> {
        self.documents.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut OpenDocument> {
        self.documents.get_mut(uri)
    }

    pub fn uris(&self) -> Vec<Url> {
        self.documents.keys().cloned().collect()
    }

    /// The version currently held for `uri`.
    pub fn version(&self, uri: &Url) -> Option<i32> {
        self.documents.get(uri).map(|d| d.document.version())
    }

    /// Stores an analysis unless the document has moved on (or closed)
    /// since it was computed; returns whether it was stored.
    pub fn store_analysis(&mut self, uri: &Url, analysis: Arc<Analysis>) -> bool {
        match self.documents.get_mut(uri) {
            Some(open) if open.document.version() == analysis.snapshot.version() => {
                open.analysis = Some(analysis);
                true
            }
            _ => false,
        }
    }
}

impl State {
    /// The names of the checked workspace's files (other than `uri`) that
    /// share its glossary, in a fixed order.
    pub fn workspace_names(&self, uri: &Url, glossary: &str) -> Vec<Vec<(usize, Arc<ChunkNames>)>> {
        let mut files: Vec<(&Url, &WorkspaceFile)> = self
            .workspace
            .files
            .iter()
            .filter(|(file_uri, file)| *file_uri != uri && file.glossary == glossary)
            .collect();
        files.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        files
            .into_iter()
            .map(|(_, file)| file.names.clone())
            .collect()
    }
}
