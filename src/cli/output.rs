//! Printing findings: text, the JSON of SPEC §3.2, GitHub annotations,
//! SARIF. Files come sorted by path, and findings by position.

use std::io;

use serde::Serialize;

pub(crate) use super::report::{FileReport, JsonPosition};
use super::Format;
use crate::analysis::Finding;

impl FileReport {
    /// The path as shown to a person (text, GitHub annotations), with
    /// control characters, bidi controls and bytes that are not UTF-8
    /// escaped.
    fn display_path(&self) -> String {
        shown_path(self.path.strip_prefix("./").unwrap_or(&self.path))
    }

    /// The path in JSON: JSON escapes control characters itself; bytes
    /// that are not UTF-8 become U+FFFD.
    fn json_path(&self) -> String {
        let path = self.path.strip_prefix("./").unwrap_or(&self.path);
        path.to_string_lossy().into_owned()
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

/// The findings of `reports` in `format`, ready for stdout (each line,
/// the last one too, ends with a line break; empty when there is nothing
/// to say in the text and GitHub formats).
pub(crate) fn render(format: Format, reports: &[FileReport]) -> String {
    match format {
        Format::Text => render_text(reports),
        Format::Json => render_json(reports),
        Format::Github => render_github(reports),
        Format::Sarif => {
            let log = super::sarif::log(reports);
            let mut json = serde_json::to_string_pretty(&log).expect("JSON values serialise");
            json.push('\n');
            json
        }
    }
}

fn render_text(reports: &[FileReport]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for report in reports {
        let path = report.display_path();
        for finding in &report.findings {
            let at = report.line_col(finding.range.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                path, at.line, at.column, finding.severity, finding.rule, finding.message
            );
        }
    }
    out
}

fn render_github(reports: &[FileReport]) -> String {
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
    out
}

/// Writes `text` to stdout as it is, and flushes. This is the one way the
/// command line writes to stdout.
///
/// # Errors
///
/// The error that stopped the write, for [`exit_status`] to judge: a
/// closed pipe (as with `| head`), a full disk.
pub(crate) fn write_stdout(text: &str) -> io::Result<()> {
    use std::io::Write;
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// A path for a terminal: a file name holding a line break, an escape
/// sequence or a bidi override must not forge output lines, colour the
/// terminal or reorder what is shown (issue #12). Those characters are
/// written as Rust escapes (`\n`, `\u{1b}`, `\u{202e}`), and bytes that
/// are not UTF-8 as `\xE9`.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut shown = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            shown.push_str(&escape_text(chunk.valid()));
            for byte in chunk.invalid() {
                shown.push_str(&format!("\\x{byte:02X}"));
            }
        }
        shown
    }
    #[cfg(not(unix))]
    {
        escape_text(&path.to_string_lossy())
    }
}

/// Whether `ch` changes the order in which text is shown (Unicode bidi
/// controls: marks, embeddings, overrides, isolates).
fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with control characters and bidi controls escaped.
pub(crate) fn escape_text(text: &str) -> String {
    if !text
        .chars()
        .any(|ch| ch.is_control() || is_bidi_control(ch))
    {
        return text.to_string();
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if ch.is_control() {
            escaped.extend(ch.escape_debug());
        } else if is_bidi_control(ch) {
            escaped.extend(ch.escape_unicode());
        } else {
            escaped.push(ch);
        }
    }
    escaped
}

/// Writes `line` and a line break to stderr, ignoring a failure: there is
/// nowhere left to report it. Use it through `report!`.
pub(crate) fn write_stderr_line(line: &str) {
    use std::io::Write;
    // A message may quote a file name: no raw control characters.
    let line = escape_text(line);
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(line.as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// The exit status of a command that ended with `outcome`: its own status,
/// or, when it could not write its output, 0 for a closed pipe (the reader
/// wanted no more, as with `| head -1`; Unix tools end quietly then) and 2
/// with a message on stderr for any other error (issue #12).
pub(crate) fn exit_status(outcome: io::Result<i32>) -> i32 {
    match outcome {
        Ok(status) => status,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(error) => {
            write_stderr_line(&format!("copydesk: cannot write output: {error}"));
            2
        }
    }
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

fn render_json(reports: &[FileReport]) -> String {
    let files: Vec<JsonFile> = reports
        .iter()
        .map(|report| JsonFile {
            path: report.json_path(),
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
    let mut json = serde_json::to_string_pretty(&output).expect("output types serialise");
    json.push('\n');
    json
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
