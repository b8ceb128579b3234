//! Open documents by URI, with the latest analysis of each.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp::lsp_types::Url;

use crate::analysis::engine::Engine;
use crate::analysis::Finding;
use crate::contain::Failure;
use crate::prose::DocKind;
use crate::text::Document;

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
    /// without holding a thread; `None` until the first analysis, and
    /// again after one panicked, so the next one starts afresh.
    pub engine: Arc<tokio::sync::Mutex<Option<EngineSlot>>>,
}

/// An engine with what it was built from, so that a change of settings
/// builds a new one.
pub struct EngineSlot {
    pub engine: Engine,
    pub key: SettingsKey,
    /// The document version the engine has analysed.
    pub version: i32,
    /// The workspace check whose names the engine counts with its own.
    pub workspace: u64,
}

/// What the settings of one analysis came from.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsKey {
    /// The configuration file's parsed form, by identity.
    pub config: Option<usize>,
    pub editor: crate::config::EditorSettings,
    pub generation: u64,
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

/// The file path of a `file:` URI, percent-decoded and then normalised:
/// `.` and `..` components are resolved lexically, so `..%2F` and `%2e%2e/`
/// spellings name the same file and the workspace check sees where the
/// path leads (issue #12).
pub fn file_path(uri: &Url) -> Option<PathBuf> {
    (uri.scheme() == "file")
        .then(|| uri.to_file_path().ok())
        .flatten()
        .map(|path| normalise(&path))
}

fn normalise(path: &std::path::Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            // `..` at the root stays at the root, as the OS has it.
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}
