//! Batch checks of many files, shared by `copydesk check` and the server's
//! `copydesk.checkWorkspace` (issue #6): finding the prose files under some
//! folders, reading them, and analysing them in parallel.
//!
//! Both front ends call [`check_files`], so they report the same findings
//! by construction. This module does file I/O and uses threads (rayon), but
//! names no LSP types and prints nothing: callers decide how to report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ignore::overrides::{Override, OverrideBuilder};
use rayon::prelude::*;

use crate::analysis::engine::{cross_file_findings, Engine};
use crate::analysis::names::ChunkNames;
use crate::analysis::{Finding, Settings};
use crate::config;
use crate::contain::{self, lock, Failure};
use crate::prose::DocKind;

/// File extensions checked when walking a folder.
pub const PROSE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "tex", "rst"];

/// Whether `path` has one of the [`PROSE_EXTENSIONS`] (any letter case).
pub fn is_prose_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PROSE_EXTENSIONS.iter().any(|p| e.eq_ignore_ascii_case(p)))
}

/// Where the `copydesk.toml` that applies to a file is looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigScope {
    /// Up to the top of the git repository (the command line).
    Repository,
    /// Up to the folder that was walked, inclusive (a workspace folder).
    Root,
}

/// The prose files found under some roots.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Problems met on the way (an unreadable folder; a bad exclude glob is
    /// a configuration error, reported where the settings are loaded);
    /// each is one line, and the walk went on.
    pub warnings: Vec<String>,
    /// Roots that could not be checked (missing, unreadable, or neither a
    /// regular file nor a folder), one line each naming the path; the
    /// other roots were still walked.
    pub errors: Vec<String>,
}

/// Finds the prose files under `roots`, stopping at the first root that
/// cannot be checked.
///
/// # Errors
///
/// A root that does not exist, cannot be read, or is neither a regular
/// file nor a folder, as a one-line message.
pub fn discover(roots: &[PathBuf], scope: ConfigScope) -> Result<Discovery, String> {
    let mut discovery = discover_each(roots, scope);
    if discovery.errors.is_empty() {
        Ok(discovery)
    } else {
        Err(discovery.errors.swap_remove(0))
    }
}

/// Finds the prose files under `roots`; a root that cannot be checked is
/// listed in [`Discovery::errors`] and the others are still walked
/// (issue #12: one missing path hid every other one's findings).
///
/// A folder is walked honouring `.gitignore` (also outside a git
/// repository), `.ignore`, and the `[files] exclude` globs of the
/// `copydesk.toml` that applies to each file (gitignore syntax, relative to
/// that file's folder); hidden files and folders are skipped, and so are
/// FIFOs, sockets and devices, which are not read. A file named directly
/// is checked whatever its extension, and is never excluded; a FIFO,
/// socket or device named directly is an error, never opened, since
/// reading it could block for ever.
pub fn discover_each(roots: &[PathBuf], scope: ConfigScope) -> Discovery {
    let mut discovery = Discovery::default();
    for root in roots {
        let metadata = match std::fs::metadata(root) {
            Ok(metadata) => metadata,
            Err(error) => {
                discovery
                    .errors
                    .push(format!("cannot read {}: {error}", root.display()));
                continue;
            }
        };
        if metadata.is_file() {
            discovery.files.push(root.clone());
            continue;
        }
        if !metadata.is_dir() {
            discovery
                .errors
                .push(format!("{}: not a regular file", root.display()));
            continue;
        }
        let boundary = match scope {
            ConfigScope::Repository => None,
            ConfigScope::Root => Some(absolute(root)),
        };
        let excludes = Arc::new(Excludes::new(boundary));
        let filter = Arc::clone(&excludes);
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                entry.depth() == 0 || !filter.excluded(entry.path(), is_dir)
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file()) && is_prose_file(entry.path())
                    {
                        discovery.files.push(entry.into_path());
                    }
                }
                Err(error) => discovery.warnings.push(error.to_string()),
            }
        }
    }
    discovery.files.sort();
    discovery.files.dedup();
    discovery
}

/// Whether `path` is a prose file that [`discover`] would find under
/// `root`: not ignored, not hidden, not excluded. Used to decide whether a
/// file that changed on disk belongs to a checked workspace.
pub fn is_discoverable(root: &Path, path: &Path, scope: ConfigScope) -> bool {
    if !is_prose_file(path) || !path.starts_with(root) {
        return false;
    }
    // The path and its folders up to the root, root first: each must be
    // found by a one-level walk of its parent, which applies the ignore
    // files of every folder above it.
    let mut chain: Vec<&Path> = path
        .ancestors()
        .take_while(|dir| dir.starts_with(root))
        .collect();
    chain.reverse();
    let excludes = Excludes::new(match scope {
        ConfigScope::Repository => None,
        ConfigScope::Root => Some(root.to_path_buf()),
    });
    for pair in chain.windows(2) {
        let (dir, child) = (pair[0], pair[1]);
        let is_dir = child != path;
        if excludes.excluded(child, is_dir) {
            return false;
        }
        let found = ignore::WalkBuilder::new(dir)
            .require_git(false)
            .max_depth(Some(1))
            .build()
            .filter_map(Result::ok)
            .any(|entry| entry.depth() == 1 && entry.path() == child);
        if !found {
            return false;
        }
    }
    true
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The `[files] exclude` globs of the configuration files met during a
/// walk, compiled once per configuration file.
struct Excludes {
    boundary: Option<PathBuf>,
    /// By folder: the exclude globs that apply to its entries.
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Override>>>>,
    by_config: Mutex<HashMap<PathBuf, Option<Arc<Override>>>>,
}

impl Excludes {
    fn new(boundary: Option<PathBuf>) -> Self {
        Excludes {
            boundary,
            by_dir: Mutex::default(),
            by_config: Mutex::default(),
        }
    }

    /// Whether an entry (a file, or a folder when `is_dir`) matches an
    /// exclude glob of the configuration that applies to it.
    fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        let path = absolute(path);
        let Some(dir) = path.parent() else {
            return false;
        };
        let globs = self.for_dir(dir);
        globs.is_some_and(|globs| globs.matched(&path, is_dir).is_ignore())
    }

    fn for_dir(&self, dir: &Path) -> Option<Arc<Override>> {
        if let Some(found) = lock(&self.by_dir).get(dir) {
            return found.clone();
        }
        // `find_file` looks in the parent of the path it is given.
        let config_path = config::find_file(&dir.join(config::FILE_NAME), self.boundary.as_deref());
        let globs = config_path.and_then(|config_path| self.for_config(&config_path));
        lock(&self.by_dir).insert(dir.to_path_buf(), globs.clone());
        globs
    }

    fn for_config(&self, config_path: &Path) -> Option<Arc<Override>> {
        if let Some(found) = lock(&self.by_config).get(config_path) {
            return found.clone();
        }
        // Only a regular file of bounded size; its problems are reported
        // where its settings are loaded.
        let text = config::file::read_text(config_path).unwrap_or_default();
        let patterns = config::parse(&text).exclude;
        let globs = (!patterns.is_empty())
            .then(|| {
                let folder = config_path.parent().unwrap_or(Path::new("/"));
                let mut builder = OverrideBuilder::new(folder);
                for pattern in &patterns {
                    // An override glob whitelists; `!` turns it into an
                    // ignore, which is what an exclude is. A bad glob is
                    // left out here: the configuration's own errors say
                    // where it is, wherever its settings are loaded.
                    let _ = builder.add(&format!("!{pattern}"));
                }
                builder.build().ok().map(Arc::new)
            })
            .flatten();
        lock(&self.by_config).insert(config_path.to_path_buf(), globs.clone());
        globs
    }
}

/// The outcome of checking one file.
#[derive(Clone, Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub kind: DocKind,
    /// The file's text; invalid UTF-8 is replaced by U+FFFD, so byte
    /// ranges are into this text, not always into the file.
    pub text: String,
    /// Sorted by position (start, then end).
    pub findings: Vec<Finding>,
    /// The file's names by chunk (offset, names), for counting names
    /// across files in an editor.
    pub names: Vec<(usize, Arc<ChunkNames>)>,
    /// Which glossary the names were read with; files share name counts
    /// only when they share a glossary.
    pub glossary: String,
    /// Why the file could not be read; then `text` and `findings` are empty.
    pub error: Option<String>,
    /// The analysis of this file panicked; then `findings` is empty. The
    /// other files' findings are whole.
    pub failure: Option<Failure>,
}

/// The batch was cancelled before it finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// How a caller follows and stops a batch.
#[derive(Default)]
pub struct Control<'a> {
    /// Checked before each file; once set, no more files are started.
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each file with the number of files done so far (from
    /// worker threads, in no particular order).
    pub progress: Option<&'a (dyn Fn(usize) + Sync)>,
}

impl Control<'_> {
    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed))
    }
}

/// Reads and analyses `files` in parallel, each with the settings
/// `settings_for` gives for its path; the results are in the order of
/// `files`.
///
/// This is the one place both front ends analyse a batch, so that the
/// command line and the server agree.
///
/// # Errors
///
/// [`Cancelled`] when `control.cancel` was set before every file was done.
pub fn check_files<S>(
    files: &[PathBuf],
    settings_for: S,
    control: &Control<'_>,
) -> Result<Vec<FileResult>, Cancelled>
where
    S: Fn(&Path) -> Arc<Settings> + Sync,
{
    let read: Vec<FileResult> = files
        .par_iter()
        .map(|path| {
            if control.cancelled() {
                return None;
            }
            Some(read_file(path))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or(Cancelled)?;
    // Each file is analysed on its own, in parallel, except for names...
    let done = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    let engines = read
        .par_iter()
        .map(|result| {
            if control.cancelled() {
                return None;
            }
            // A panic in one file's analysis is kept to that file.
            let engine = match &result.error {
                Some(_) => None,
                None => contain::catch(|| {
                    let settings = settings_for(&result.path);
                    Engine::with_text_for_cross_file(result.kind, settings, &result.text)
                })
                .map_err(|failure| lock(&failed).push((result.path.clone(), failure)))
                .ok(),
            };
            let count = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(progress) = control.progress {
                progress(count);
            }
            Some(engine)
        })
        .collect::<Option<Vec<_>>>()
        .ok_or(Cancelled)?;
    // ...which are counted across every file that shares a configuration:
    // "Okonjo-Iwaela" in one file is judged against "Okonjo-Iweala" in
    // forty others.
    // Files share a name count when they share a glossary.
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (idx, engine) in engines.iter().enumerate() {
        if let Some(engine) = engine {
            groups
                .entry(glossary_key(engine.settings()))
                .or_default()
                .push(idx);
        }
    }
    let mut results = read;
    let mut failures: HashMap<PathBuf, Failure> = lock(&failed).drain(..).collect();
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort();
    for members in groups {
        let group: Vec<&Engine> = members
            .iter()
            .filter_map(|idx| engines[*idx].as_ref())
            .collect();
        match contain::catch(|| cross_file_findings(&group)) {
            Ok(findings) => {
                for (idx, findings) in members.iter().zip(findings) {
                    results[*idx].findings = findings;
                }
            }
            // Judged together the group failed: each file is judged
            // alone, so that only the file that fails is lost.
            Err(_) => {
                for (idx, engine) in members.iter().zip(group) {
                    match contain::catch(|| cross_file_findings(&[engine])) {
                        Ok(mut findings) => results[*idx].findings = findings.remove(0),
                        Err(failure) => {
                            failures.insert(results[*idx].path.clone(), failure);
                        }
                    }
                }
            }
        }
    }
    for (result, engine) in results.iter_mut().zip(&engines) {
        if let Some(failure) = failures.remove(&result.path) {
            result.findings.clear();
            result.failure = Some(failure);
        } else if let Some(engine) = engine {
            result.names = engine.chunk_names();
            result.glossary = glossary_key(engine.settings());
        }
    }
    if control.cancelled() {
        return Err(Cancelled);
    }
    Ok(results)
}

/// What decides whether files share name counts: their glossary.
pub fn glossary_key(settings: &Settings) -> String {
    format!("{:?}", settings.entities)
}

/// Reads one file; invalid UTF-8 becomes U+FFFD, never an error.
fn read_file(path: &Path) -> FileResult {
    let (text, error) = match read_regular_file(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => (String::from_utf8_lossy(error.as_bytes()).into_owned(), None),
        },
        Err(error) => (
            String::new(),
            Some(format!("cannot read {}: {error}", path.display())),
        ),
    };
    FileResult {
        path: path.to_path_buf(),
        kind: DocKind::from_path(path),
        text,
        findings: Vec::new(),
        names: Vec::new(),
        glossary: String::new(),
        error,
        failure: None,
    }
}

/// The bytes of `path` when it is a regular file (or a symlink to one),
/// however large; see [`config::file::read_regular`].
///
/// # Errors
///
/// The I/O error, or "not a regular file".
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, config::file::ReadError> {
    config::file::read_regular(path, u64::MAX)
}

#[cfg(test)]
pub(crate) mod tests;
