//! The command line: `copydesk check`, `init`, `rules`, `explain`, and
//! `lsp` (the default with no arguments).
//!
//! Diagnostics go to stdout only from here, never from the server, whose
//! stdout carries the protocol.
#![allow(clippy::print_stdout)]

mod check;
mod init;
mod output;
mod sarif;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{rule, Severity, RULES};

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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        None | Some(Command::Lsp) => crate::lsp::run(),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Init { path }) => init::run(&path),
        Some(Command::Rules) => {
            for rule in RULES {
                println!(
                    "{:<26} {:<12} {}",
                    rule.id(),
                    rule.default_severity(),
                    rule.summary()
                );
            }
            0
        }
        Some(Command::Explain { rule: rule_id }) => match rule::find(&rule_id) {
            Some(rule) => {
                print!("{}", rule.explanation());
                0
            }
            None => {
                let known: Vec<&str> = RULES.iter().map(|r| r.id().as_str()).collect();
                eprintln!(
                    "copydesk: unknown rule \"{rule_id}\"; expected one of {}",
                    known.join(", ")
                );
                2
            }
        },
    }
}
