//! What the front ends share between them and [`analysis`](crate::analysis):
//! which settings apply to a file, and the incremental analysis of one
//! open document from one edit to the next. Synchronous and free of LSP:
//! the server's handlers call it on blocking threads, `copydesk check` and
//! the workspace check through [`crate::batch`], and tests directly.
//!
//! - [`Resolver`]: a file's settings, the one place that decides them:
//!   the nearest `copydesk.toml` (or the editor's `glossaryPath`), looked
//!   for up to the file's workspace folder (or its git repository), under
//!   the editor's rule severities.
//! - [`Session`]: one document's engine and what it was built from;
//!   [`Session::update`] is the only edit path: it replays the edits the
//!   engine has not seen, rebuilds it when the settings changed, counts the
//!   names of a checked workspace with the document's, and contains a
//!   panic.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::analysis::engine::{Background, Engine};
use crate::analysis::names::ChunkNames;
use crate::analysis::{Finding, Settings};
use crate::config::{self, Config, ConfigCache, EditorSettings};
use crate::contain::{self, Failure};
use crate::prose::DocKind;
use crate::text::Document;

/// The settings that apply to one file, with the configuration file they
/// came from.
#[derive(Clone)]
pub struct Resolved {
    /// The configuration file, as parsed; `None` when there is none.
    pub config: Option<(PathBuf, Arc<Config>)>,
    /// Its settings under the editor's.
    pub settings: Arc<Settings>,
    /// The editor settings laid over them.
    editor: EditorSettings,
}

/// Decides the settings of files: one resolver serves one check, or one
/// analysis, and remembers what it found (the configuration file of each
/// folder, the settings of each configuration file).
pub struct Resolver {
    /// Workspace folders: the search for `copydesk.toml` stops at the one
    /// holding the file; without one, at the top of its git repository.
    roots: Vec<PathBuf>,
    editor: EditorSettings,
    configs: Arc<ConfigCache>,
    /// Called once for each configuration file the resolver reads.
    on_config: Option<ConfigHook>,
    by_folder: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    by_config: Mutex<HashMap<Option<PathBuf>, Resolved>>,
}

/// What a front end does with a configuration file when it is first read
/// (the command line prints its problems).
type ConfigHook = Box<dyn Fn(&Path, &Config) + Send + Sync>;

impl Resolver {
    /// A resolver for files under `roots`, with the editor's settings over
    /// each file's own; `configs` keeps parsed files between resolvers.
    pub fn new(roots: Vec<PathBuf>, editor: EditorSettings, configs: Arc<ConfigCache>) -> Self {
        Resolver {
            roots,
            editor,
            configs,
            on_config: None,
            by_folder: Mutex::default(),
            by_config: Mutex::default(),
        }
    }

    /// Calls `hook` once for each configuration file this resolver reads.
    #[must_use]
    pub fn on_config(mut self, hook: impl Fn(&Path, &Config) + Send + Sync + 'static) -> Self {
        self.on_config = Some(Box::new(hook));
        self
    }

    /// The settings of one file.
    pub fn settings(&self, path: &Path) -> Arc<Settings> {
        Arc::clone(&self.resolve(Some(path)).settings)
    }

    /// The settings of one file and where they came from; `None` is a
    /// document with no file (the editor's settings over the defaults).
    pub fn resolve(&self, path: Option<&Path>) -> Resolved {
        let config_path = path.and_then(|path| self.config_path(path));
        // Held while a configuration file is read, so that files checked in
        // parallel read it, and report its problems, once.
        let mut by_config = contain::lock(&self.by_config);
        if let Some(resolved) = by_config.get(&config_path) {
            return resolved.clone();
        }
        let config = config_path.as_ref().map(|config_path| {
            let config = self.configs.load(config_path);
            if let Some(hook) = &self.on_config {
                hook(config_path, &config);
            }
            (config_path.clone(), config)
        });
        let mut settings = config
            .as_ref()
            .map(|(_, config)| config.settings.clone())
            .unwrap_or_default();
        apply_editor_settings(&mut settings, &self.editor);
        let resolved = Resolved {
            config,
            settings: Arc::new(settings),
            editor: self.editor.clone(),
        };
        by_config.insert(config_path, resolved.clone());
        resolved
    }

    /// The configuration file of `path`, found once per folder: the files
    /// of a folder share it, and finding it walks up the tree.
    fn config_path(&self, path: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(known) = contain::lock(&self.by_folder).get(&folder) {
            return known.clone();
        }
        let root = self.roots.iter().find(|root| absolute.starts_with(root));
        let found = config::config_file(
            &absolute,
            root.map(PathBuf::as_path),
            self.editor.glossary_path.as_deref(),
        );
        contain::lock(&self.by_folder).insert(folder, found.clone());
        found
    }
}

/// Lays the editor's rule severities over a configuration's.
pub fn apply_editor_settings(settings: &mut Settings, editor: &EditorSettings) {
    for (rule_id, severity) in &editor.severities {
        settings.severities.insert(rule_id.clone(), *severity);
    }
}

/// The incremental analysis of one open document. Empty until the first
/// update, and again after one panicked, so the next starts afresh.
#[derive(Default)]
pub struct Session {
    slot: Option<EngineSlot>,
}

/// An engine with what it was built from, so that a change of settings
/// builds a new one.
struct EngineSlot {
    engine: Engine,
    key: SettingsKey,
    /// The workspace check whose names the engine counts with its own.
    workspace: u64,
}

/// What the settings of an engine came from.
#[derive(Clone, Debug, PartialEq)]
struct SettingsKey {
    /// The configuration file's parsed form, by identity: the cache gives
    /// a new one when the file changes.
    config: Option<usize>,
    editor: EditorSettings,
    /// Bumped by the front end whenever settings may have changed.
    generation: u64,
}

/// The settings one update runs under.
pub struct UpdateSettings<'a> {
    pub kind: DocKind,
    pub resolved: &'a Resolved,
    /// The front end's settings generation: an engine built under another
    /// is rebuilt.
    pub generation: u64,
}

/// One file's names by chunk: the offset of each chunk and its names.
pub type FileNames = Vec<(usize, Arc<ChunkNames>)>;

/// The names of a checked workspace's other files, counted with the
/// document's own.
pub struct WorkspaceNames<'a> {
    /// Which workspace check they come from; 0 before any.
    pub generation: u64,
    /// The names of the other files sharing a glossary (see
    /// [`crate::batch::glossary_key`]), in a fixed order; asked only when
    /// the generation changed or the engine is new.
    pub names: &'a dyn Fn(&str) -> Vec<FileNames>,
}

impl Session {
    /// Brings the analysis up to `latest`, the text after `edits` (byte
    /// range replaced, length of the new text), and returns its findings.
    ///
    /// # Errors
    ///
    /// A panic in the analysis, contained: the engine is dropped, so the
    /// next update builds it anew.
    pub fn update(
        &mut self,
        edits: Vec<(Range<usize>, usize)>,
        latest: &Document,
        settings: &UpdateSettings<'_>,
        workspace: &WorkspaceNames<'_>,
    ) -> Result<Vec<Finding>, Failure> {
        let outcome = contain::catch(|| {
            let slot = self.replay(edits, latest, settings);
            if slot.workspace != workspace.generation {
                let glossary = crate::batch::glossary_key(slot.engine.settings());
                let others = (workspace.names)(&glossary);
                slot.engine
                    .set_background(Arc::new(Background::new(&others)));
                slot.workspace = workspace.generation;
            }
            slot.engine.findings()
        });
        if outcome.is_err() {
            // The engine may be half updated.
            self.slot = None;
        }
        outcome
    }

    /// Replays the edits the engine has not seen, or builds it anew when
    /// there is none or the settings changed.
    fn replay(
        &mut self,
        edits: Vec<(Range<usize>, usize)>,
        latest: &Document,
        settings: &UpdateSettings<'_>,
    ) -> &mut EngineSlot {
        let resolved = settings.resolved;
        let key = SettingsKey {
            config: resolved
                .config
                .as_ref()
                .map(|(_, config)| Arc::as_ptr(config) as usize),
            editor: resolved.editor.clone(),
            generation: settings.generation,
        };
        let slot = match self.slot.take() {
            Some(mut slot) if slot.key == key => {
                for (range, len) in edits {
                    slot.engine.edit(range, len);
                }
                slot.engine.refresh(&|range| latest.slice(range));
                slot
            }
            _ => EngineSlot {
                engine: Engine::with_text(
                    settings.kind,
                    Arc::clone(&resolved.settings),
                    &latest.text(),
                ),
                key,
                workspace: 0,
            },
        };
        self.slot.insert(slot)
    }
}

#[cfg(test)]
mod tests;
