//! `copydesk check`: find the prose files, analyse them in parallel (the
//! batch layer the server's `copydesk.checkWorkspace` uses too), print, and
//! decide the exit status.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::output::{self, FileReport};
use super::{CheckArgs, FailOn, Format};
use crate::analysis::Settings;
use crate::batch::{self, ConfigScope, Control};
use crate::config;
use crate::contain::lock;
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

    let outcome = outcome(results, args.format, args.fail_on);
    for problem in &outcome.problems {
        report!("copydesk: {problem}");
    }
    output::write_stdout(&outcome.stdout)?;
    Ok(if discovery.errors.is_empty() {
        outcome.status
    } else {
        2
    })
}

/// What a check says once its files are analysed.
struct Outcome {
    /// The findings of every file that could be checked, in the format
    /// asked for.
    stdout: String,
    /// One line per file that could not be read or whose analysis failed.
    problems: Vec<String>,
    /// 2 when some file could not be checked, else 1 when a finding is at
    /// or above `--fail-on`, else 0.
    status: i32,
}

/// Sorts the results into findings to print and files to report; one
/// file's failure never hides the others' findings, in any format (SPEC
/// §3.2).
fn outcome(results: Vec<batch::FileResult>, format: Format, fail_on: FailOn) -> Outcome {
    let mut problems = Vec::new();
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        if let Some(error) = result.error {
            problems.push(error);
            continue;
        }
        if let Some(failure) = result.failure {
            problems.push(format!(
                "{}: not checked, {failure} (please report it at {})",
                result.path.display(),
                crate::contain::REPORT_URL
            ));
            continue;
        }
        reports.push(FileReport {
            path: result.path,
            line_index: LineIndex::new(&result.text),
            text: result.text,
            findings: result.findings,
        });
    }
    let threshold = fail_on.threshold();
    let failed = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| threshold.is_some_and(|t| f.severity >= t));
    let status = if !problems.is_empty() {
        2
    } else if failed {
        1
    } else {
        0
    };
    Outcome {
        stdout: output::render(format, &reports),
        problems,
        status,
    }
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
        let known = lock(&self.by_folder).get(&folder).cloned();
        if let Some(settings) = known {
            return settings;
        }
        let settings = self.find(&absolute);
        lock(&self.by_folder).insert(folder, Arc::clone(&settings));
        settings
    }

    fn find(&self, absolute: &Path) -> Arc<Settings> {
        let Some(config_path) = config::find_file(absolute, None) else {
            return Arc::clone(&self.defaults);
        };
        let mut by_config = lock(&self.by_config);
        if let Some(settings) = by_config.get(&config_path) {
            return Arc::clone(settings);
        }
        // Read once, here, so that the positions are those of the text
        // that was parsed.
        let bytes = match config::file::read_bytes(&config_path) {
            Ok(bytes) => bytes,
            Err(error) => {
                report!(
                    "copydesk: cannot read {}: {error} (using the defaults)",
                    config_path.display()
                );
                Vec::new()
            }
        };
        // The parser sees U+FFFD for bytes that are not UTF-8, so it says
        // nothing of them: the decoder does, at their place (issue #12:
        // every problem of such a file was reported at 1:1).
        let (text, config) = config::parse_bytes(&bytes);
        let index = LineIndex::new(&text);
        for error in &config.errors {
            let position = index.position(error.byte_range.start, crate::text::Encoding::Chars);
            // One line per problem: the TOML parser's messages may span
            // several.
            let message: Vec<&str> = error.message.lines().map(str::trim).collect();
            report!(
                "{}:{}:{}: error config {} (using defaults for this part)",
                config_path.display(),
                position.line + 1,
                position.col + 1,
                message.join("; ")
            );
        }
        let settings = Arc::new(config.settings.clone());
        by_config.insert(config_path, Arc::clone(&settings));
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::tests::Folder;

    // Issue #12: one file whose analysis panics (here, b.md), one that
    // cannot be read (missing.md): in every output format the other two
    // files' findings are all there, the JSON stays valid, the failures
    // are named on stderr and the status is 2.
    #[test]
    fn one_failing_file_hides_no_finding_in_any_format() {
        let folder = Folder::new("contain");
        let story = "Okonjo-Iweala spoke. Okonjo-Iweala left. Okonjo-Iweala won. \
                     Then Okonjo-Iwaela lost.\n\nClearly, the reform has failed.\n";
        let mut files = Vec::new();
        for name in ["a.md", "b.md", "c.md"] {
            files.push(folder.write(name, story));
        }
        files.push(folder.0.join("missing.md"));
        let settings_for = |path: &Path| {
            let _stage = crate::contain::stage("claim.booster");
            assert!(!path.ends_with("b.md"), "a bug met in b.md");
            Arc::new(Settings::default())
        };
        let results = batch::check_files(&files, settings_for, &batch::Control::default())
            .expect("not cancelled");
        for format in [Format::Text, Format::Json, Format::Sarif, Format::Github] {
            let outcome = outcome(results.clone(), format, FailOn::Never);
            assert_eq!(outcome.status, 2);
            assert_eq!(outcome.problems.len(), 2, "{:?}", outcome.problems);
            assert!(
                outcome.problems[0].contains("b.md: not checked, internal error in claim.booster")
            );
            assert!(outcome.problems[1].contains("missing.md"));
            let stdout = &outcome.stdout;
            let count = |needle: &str| stdout.matches(needle).count();
            // Two findings in each of a.md and c.md.
            match format {
                Format::Text | Format::Github => {
                    assert_eq!(stdout.lines().count(), 4, "{stdout}");
                    assert_eq!(count("a.md"), 2, "{stdout}");
                    assert_eq!(count("c.md"), 2, "{stdout}");
                    assert_eq!(count("b.md"), 0, "{stdout}");
                }
                Format::Json => {
                    let json: serde_json::Value = serde_json::from_str(stdout).expect("valid JSON");
                    assert_eq!(json["summary"]["files"], 2, "{stdout}");
                    assert_eq!(json["summary"]["findings"], 4, "{stdout}");
                }
                Format::Sarif => {
                    let json: serde_json::Value = serde_json::from_str(stdout).expect("valid JSON");
                    let results = json["runs"][0]["results"].as_array().expect("results");
                    assert_eq!(results.len(), 4, "{stdout}");
                }
            }
        }
    }
}
