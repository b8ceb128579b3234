//! `copydesk check`: find the prose files, analyse each, print, and decide
//! the exit status.

use std::path::{Path, PathBuf};

use super::output::{self, FileReport};
use super::CheckArgs;
use crate::analysis::{self, Settings};
use crate::config::{self, ConfigCache};
use crate::prose::DocKind;
use crate::text::LineIndex;

/// File extensions checked when walking a folder.
pub const PROSE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "tex", "rst"];

pub(crate) fn run(args: &CheckArgs) -> i32 {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in &roots {
        match collect(root) {
            Ok(found) => files.extend(found),
            Err(message) => {
                eprintln!("copydesk: {message}");
                return 2;
            }
        }
    }
    files.sort();
    files.dedup();

    let configs = ConfigCache::default();
    let mut reports = Vec::with_capacity(files.len());
    let mut io_error = false;
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("copydesk: cannot read {}: {error}", path.display());
                io_error = true;
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let settings = settings_for(path, &configs);
        let findings = analysis::analyze(&text, DocKind::from_path(path), &settings);
        reports.push(FileReport {
            path: path.clone(),
            line_index: LineIndex::new(&text),
            text: text.into_owned(),
            findings,
        });
    }

    output::print(args.format, &reports);
    let threshold = args.fail_on.threshold();
    let failed = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| threshold.is_some_and(|t| f.severity >= t));
    if io_error {
        2
    } else if failed {
        1
    } else {
        0
    }
}

/// The settings for one file, from the nearest `copydesk.toml`; problems in
/// that file are reported on stderr once and checking goes on.
fn settings_for(path: &Path, configs: &ConfigCache) -> Settings {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let Some(config_path) = config::find_file(&absolute, None) else {
        return Settings::default();
    };
    let first_load = !configs.is_loaded(&config_path);
    let config = configs.load(&config_path);
    if first_load {
        let text = std::fs::read_to_string(&config_path).unwrap_or_default();
        let index = LineIndex::new(&text);
        for error in &config.errors {
            let position = index.position(error.byte_range.start, crate::text::Encoding::Chars);
            eprintln!(
                "{}:{}:{}: error config {} (using defaults for this part)",
                config_path.display(),
                position.line + 1,
                position.col + 1,
                error.message
            );
        }
    }
    config.settings.clone()
}

/// The prose files under `root`, honouring `.gitignore`; a file named
/// directly is checked whatever its extension.
fn collect(root: &Path) -> Result<Vec<PathBuf>, String> {
    let metadata = std::fs::metadata(root)
        .map_err(|error| format!("cannot read {}: {error}", root.display()))?;
    if metadata.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                eprintln!("copydesk: {error}");
                continue;
            }
        };
        if entry.file_type().is_some_and(|t| t.is_file()) && is_prose_file(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

pub fn is_prose_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PROSE_EXTENSIONS.iter().any(|p| e.eq_ignore_ascii_case(p)))
}
