//! The command line: `copydesk check`, `init`, `rules`, `explain`, and
//! `lsp` (the default with no arguments).
//!
//! Diagnostics go to stdout only from here, never from the server, whose
//! stdout carries the protocol. Everything written to stdout goes through
//! [`output::write_stdout`], and everything written to stderr through
//! [`report!`], so that a closed pipe or a full disk is an error this
//! module handles, never a panic (issue #12): `print!` and `eprint!`, which
//! panic when they cannot write, are denied here.
#![deny(clippy::print_stdout, clippy::print_stderr)]

/// Writes one line to stderr like `eprintln!`, but never panics: when
/// stderr itself cannot be written there is nowhere left to say so.
macro_rules! report {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stderr_line(&format!($($arg)*))
    };
}

mod check;
mod init;
mod output;
mod report;
mod sarif;

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{rules, Severity, RULES};

#[derive(Parser)]
#[command(
    name = "copydesk",
    version,
    about = "A language server and checker for prose review"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Accepted for editors that pass it; the server always speaks on stdio.
    #[arg(long, hide = true, global = true)]
    stdio: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Speak the Language Server Protocol on stdin/stdout (the default).
    Lsp,
    /// Check prose files and folders (default: the current folder).
    Check(CheckArgs),
    /// List the rules with their default severities.
    Rules,
    /// Write a starter copydesk.toml, with the names the folder's prose
    /// uses most as a first glossary.
    Init {
        /// The folder to write it in and to scan for names.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Print a rule's documentation.
    Explain {
        /// A rule id, such as claim.booster.
        rule: String,
    },
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Files and folders to check; folders are walked honouring .gitignore.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// `path:line:col: severity rule message`
    Text,
    /// The stable JSON of SPEC §3.2.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code scanning tools.
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Hint,
    Information,
    Warning,
    Error,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Information => Some(Severity::Information),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Never => None,
        }
    }
}

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    output::exit_status(run())
}

/// Runs the command line: the exit status, or the error that stopped the
/// output.
fn run() -> std::io::Result<i32> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return clap_error(&error),
    };
    match cli.command {
        None | Some(Command::Lsp) => Ok(crate::lsp::run()),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Init { path }) => Ok(init::run(&path)),
        Some(Command::Rules) => {
            let mut text = String::new();
            for rule in RULES {
                let _ = writeln!(
                    text,
                    "{:<26} {:<12} {}",
                    rule.id(),
                    rule.default_severity(),
                    rule.summary()
                );
            }
            output::write_stdout(&text)?;
            Ok(0)
        }
        Some(Command::Explain { rule: rule_id }) => match rules::find(&rule_id) {
            Some(rule) => {
                output::write_stdout(rule.explanation())?;
                Ok(0)
            }
            None => {
                let known: Vec<&str> = RULES.iter().map(|r| r.id().as_str()).collect();
                report!(
                    "copydesk: unknown rule \"{rule_id}\"; expected one of {}",
                    known.join(", ")
                );
                Ok(2)
            }
        },
    }
}

/// Prints a usage error on stderr (status 2), or `--help` and `--version`
/// on stdout (status 0), through the one stdout writer so that a full disk
/// is reported there too.
fn clap_error(error: &clap::Error) -> std::io::Result<i32> {
    if error.use_stderr() {
        // Nowhere left to report a failure to write on stderr.
        let _ = error.print();
        return Ok(2);
    }
    let styled = error.render();
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let text = if colour {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    output::write_stdout(&text)?;
    Ok(0)
}
