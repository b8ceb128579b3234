//! `copydesk check`: find the prose files, analyse them in parallel (the
//! batch layer the server's `copydesk.checkWorkspace` uses too), print, and
//! decide the exit status.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::output::{self, FileReport};
use super::CheckArgs;
use crate::analysis::Settings;
use crate::batch::{self, ConfigScope, Control};
use crate::config;
use crate::text::LineIndex;

/// From how many files on a terminal a progress bar is drawn.
const PROGRESS_BAR_FILES: usize = 20;

/// Checks the files, prints their findings and returns the exit status.
///
/// # Errors
///
/// The error that stopped writing the findings to stdout.
pub(crate) fn run(args: &CheckArgs) -> std::io::Result<i32> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    // Every root that exists is checked, whichever others are missing.
    let discovery = batch::discover_each(&roots, ConfigScope::Repository);
    for error in &discovery.errors {
        report!("copydesk: {error}");
    }
    for warning in &discovery.warnings {
        report!("copydesk: {warning}");
    }
    let files = discovery.files;

    let bar = (std::io::stderr().is_terminal() && files.len() >= PROGRESS_BAR_FILES).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |_done: usize| {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let control = Control {
        cancel: None,
        progress: Some(&progress),
    };
    let settings = FileSettings::default();
    let results = batch::check_files(&files, |path| settings.get(path), &control)
        .expect("a batch without a cancel flag runs to the end");
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let mut io_error = !discovery.errors.is_empty();
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        if let Some(error) = result.error {
            report!("copydesk: {error}");
            io_error = true;
            continue;
        }
        if let Some(failure) = result.failure {
            report!(
                "copydesk: {}: not checked, {failure} (please report it at {})",
                result.path.display(),
                crate::contain::REPORT_URL
            );
            io_error = true;
            continue;
        }
        reports.push(FileReport {
            path: result.path,
            line_index: LineIndex::new(&result.text),
            text: result.text,
            findings: result.findings,
        });
    }

    output::write_stdout(&output::render(args.format, &reports))?;
    let threshold = args.fail_on.threshold();
    let failed = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| threshold.is_some_and(|t| f.severity >= t));
    Ok(if io_error {
        2
    } else if failed {
        1
    } else {
        0
    })
}

/// The settings of each configuration file, parsed once; its problems are
/// reported on stderr the first time, and checking goes on.
#[derive(Default)]
struct FileSettings {
    by_config: Mutex<HashMap<PathBuf, Arc<Settings>>>,
    /// The settings of each folder, found once: the files of a folder
    /// share them, and finding them walks up the tree.
    by_folder: Mutex<HashMap<PathBuf, Arc<Settings>>>,
    /// The settings of files with no configuration file.
    defaults: Arc<Settings>,
}

impl FileSettings {
    /// The settings for one file, from the nearest `copydesk.toml`.
    fn get(&self, path: &Path) -> Arc<Settings> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        let known = self
            .by_folder
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&folder)
            .cloned();
        if let Some(settings) = known {
            return settings;
        }
        let settings = self.find(&absolute);
        self.by_folder
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder, Arc::clone(&settings));
        settings
    }

    fn find(&self, absolute: &Path) -> Arc<Settings> {
        let Some(config_path) = config::find_file(absolute, None) else {
            return Arc::clone(&self.defaults);
        };
        let mut by_config = self.by_config.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(settings) = by_config.get(&config_path) {
            return Arc::clone(settings);
        }
        let config = config::ConfigCache::default().load(&config_path);
        let text = std::fs::read_to_string(&config_path).unwrap_or_default();
        let index = LineIndex::new(&text);
        for error in &config.errors {
            let position = index.position(error.byte_range.start, crate::text::Encoding::Chars);
            report!(
                "{}:{}:{}: error config {} (using defaults for this part)",
                config_path.display(),
                position.line + 1,
                position.col + 1,
                error.message
            );
        }
        let settings = Arc::new(config.settings.clone());
        by_config.insert(config_path, Arc::clone(&settings));
        settings
    }
}
