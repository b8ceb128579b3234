//! `copydesk check`: find the prose files, analyse them in parallel (the
//! batch layer the server's `copydesk.checkWorkspace` uses too), print, and
//! decide the exit status.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::output::{self, FileReport};
use super::{CheckArgs, FailOn, Format};
use crate::batch::{self, ConfigScope, Control};
use crate::config::{Config, EditorSettings};
use crate::session::Resolver;
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
    // No workspace folders: a file's `copydesk.toml` is looked for up to
    // the top of its git repository.
    let resolver = Resolver::new(Vec::new(), EditorSettings::default(), Arc::default())
        .on_config(report_config);
    let results = batch::check_files(&files, |path| resolver.settings(path), &control)
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

/// Prints the problems of a configuration file, once, when it is first
/// read; checking goes on with the defaults for the parts in error.
fn report_config(config_path: &Path, config: &Config) {
    // The parser sees U+FFFD for bytes that are not UTF-8, so it says
    // nothing of them: the decoder does, at their place (issue #12:
    // every problem of such a file was reported at 1:1).
    let Some(source) = &config.source else {
        for error in &config.errors {
            report!("copydesk: {error} (using the defaults)");
        }
        return;
    };
    let index = LineIndex::new(source);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
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
