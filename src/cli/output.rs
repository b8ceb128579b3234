//! Printing findings: text, the JSON of SPEC §3.2, GitHub annotations,
//! SARIF. Files come sorted by path, and findings by position.

use std::path::PathBuf;

use serde::Serialize;

use super::Format;
use crate::analysis::Finding;
use crate::text::{Encoding, LineIndex};

/// The findings of one file, with what is needed to place them.
pub(crate) struct FileReport {
    pub path: PathBuf,
    pub text: String,
    pub line_index: LineIndex,
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// 1-based line and column (in chars) of a byte offset.
    pub(crate) fn line_col(&self, byte_offset: usize) -> JsonPosition {
        let position = self.line_index.position(byte_offset, Encoding::Chars);
        JsonPosition {
            line: position.line + 1,
            column: position.col + 1,
        }
    }

    fn display_path(&self) -> String {
        let path = self.path.strip_prefix("./").unwrap_or(&self.path);
        path.display().to_string()
    }
}

#[derive(Serialize)]
struct JsonOutput {
    version: u32,
    files: Vec<JsonFile>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFile {
    path: String,
    findings: Vec<JsonFinding>,
}

#[derive(Serialize)]
struct JsonFinding {
    rule: &'static str,
    severity: &'static str,
    message: String,
    text: String,
    range: JsonRange,
    byte_range: [usize; 2],
    fixes: Vec<JsonFix>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated>,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize, Clone, Copy)]
pub(crate) struct JsonPosition {
    pub line: usize,
    pub column: usize,
}

#[derive(Serialize)]
struct JsonFix {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    replacement: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonEdit {
    range: JsonRange,
    byte_range: [usize; 2],
    replacement: String,
}

#[derive(Serialize)]
struct JsonRelated {
    message: String,
    range: JsonRange,
    byte_range: [usize; 2],
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: usize,
}

pub(crate) fn print(format: Format, reports: &[FileReport]) {
    match format {
        Format::Text => print_text(reports),
        Format::Json => print_json(reports),
        Format::Github => print_github(reports),
        Format::Sarif => {
            let log = super::sarif::log(reports);
            let json = serde_json::to_string_pretty(&log).expect("JSON values serialise");
            write_stdout(&json);
        }
    }
}

fn print_text(reports: &[FileReport]) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for report in reports {
        for finding in &report.findings {
            let at = report.line_col(finding.range.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                report.display_path(),
                at.line,
                at.column,
                finding.severity,
                finding.rule,
                finding.message
            );
        }
    }
}

fn print_github(reports: &[FileReport]) {
    use std::fmt::Write as _;
    let mut out = String::new();
    for report in reports {
        for finding in &report.findings {
            let start = report.line_col(finding.range.start);
            let end = report.line_col(finding.range.end);
            let level = match finding.severity {
                crate::analysis::Severity::Error => "error",
                crate::analysis::Severity::Warning => "warning",
                _ => "notice",
            };
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&report.display_path()),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(finding.rule.as_str()),
                escape_data(&finding.message)
            );
        }
    }
    write_stdout(out.trim_end());
}

/// Writes `text` and a line break to stdout; a closed pipe (as with
/// `| head`) is not an error worth a panic.
fn write_stdout(text: &str) {
    use std::io::Write;
    if text.is_empty() {
        return;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
}

/// Workflow command escaping, as GitHub's toolkit does it.
fn escape_data(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(value: &str) -> String {
    escape_data(value).replace(':', "%3A").replace(',', "%2C")
}

fn print_json(reports: &[FileReport]) {
    let files: Vec<JsonFile> = reports
        .iter()
        .map(|report| JsonFile {
            path: report.display_path(),
            findings: report
                .findings
                .iter()
                .map(|finding| json_finding(report, finding))
                .collect(),
        })
        .collect();
    let findings = files.iter().map(|f| f.findings.len()).sum();
    let output = JsonOutput {
        version: 1,
        summary: JsonSummary {
            files: files.len(),
            findings,
        },
        files,
    };
    let json = serde_json::to_string_pretty(&output).expect("output types serialise");
    write_stdout(&json);
}

fn json_range(report: &FileReport, range: &std::ops::Range<usize>) -> JsonRange {
    JsonRange {
        start: report.line_col(range.start),
        end: report.line_col(range.end),
    }
}

fn json_finding(report: &FileReport, finding: &Finding) -> JsonFinding {
    let fixes = finding
        .fixes
        .iter()
        .map(|fix| {
            let replacement = fix.replacement_for(&finding.range).map(str::to_string);
            let edits = if replacement.is_some() {
                Vec::new()
            } else {
                fix.edits
                    .iter()
                    .map(|edit| JsonEdit {
                        range: json_range(report, &edit.range),
                        byte_range: [edit.range.start, edit.range.end],
                        replacement: edit.replacement.clone(),
                    })
                    .collect()
            };
            JsonFix {
                title: fix.title.clone(),
                replacement,
                edits,
            }
        })
        .collect();
    JsonFinding {
        rule: finding.rule.as_str(),
        severity: finding.severity.as_str(),
        message: finding.message.clone(),
        text: report.text[finding.range.clone()].to_string(),
        range: json_range(report, &finding.range),
        byte_range: [finding.range.start, finding.range.end],
        fixes,
        related: finding
            .related
            .iter()
            .map(|related| JsonRelated {
                message: related.message.clone(),
                range: json_range(report, &related.range),
                byte_range: [related.range.start, related.range.end],
            })
            .collect(),
    }
}
