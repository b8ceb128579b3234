//! `--format sarif`: SARIF 2.1.0, the static analysis format that GitHub
//! code scanning and other tools read
//! (<https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>).
//!
//! Columns are 1-based and count Unicode scalar values, as in the text and
//! JSON formats, so the run says `"columnKind": "unicodeCodePoints"` (SARIF's
//! default is UTF-16 code units). A region's `endColumn` is the column just
//! past its last character, as SARIF specifies.

use std::path::Path;

use serde_json::{json, Value};

use super::report::FileReport;
use crate::analysis::{Finding, Severity, RULES};

/// The JSON schema URI that a SARIF 2.1.0 log names.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log for `reports`, one run.
pub(crate) fn log(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id().as_str(),
                "shortDescription": {"text": rule.summary()},
                "helpUri": rule.id().docs_url(),
                "defaultConfiguration": {"level": level(rule.default_severity())},
            })
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            let uri = uri(&report.path);
            report
                .findings
                .iter()
                .map(move |finding| result(report, &uri, finding))
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/copydesk/copydesk",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn result(report: &FileReport, uri: &str, finding: &Finding) -> Value {
    let rule_index = RULES.iter().position(|rule| rule.id() == finding.rule);
    let mut result = json!({
        "ruleId": finding.rule.as_str(),
        "level": level(finding.severity),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": region(report, &finding.range),
        }}],
    });
    if let Some(idx) = rule_index {
        result["ruleIndex"] = json!(idx);
    }
    let fixes: Vec<Value> = finding
        .fixes
        .iter()
        .filter(|fix| !fix.edits.is_empty())
        .map(|fix| {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|edit| {
                    json!({
                        "deletedRegion": region(report, &edit.range),
                        "insertedContent": {"text": edit.replacement},
                    })
                })
                .collect();
            json!({
                "description": {"text": fix.title},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": replacements,
                }],
            })
        })
        .collect();
    if !fixes.is_empty() {
        result["fixes"] = Value::Array(fixes);
    }
    result
}

fn region(report: &FileReport, range: &std::ops::Range<usize>) -> Value {
    let start = report.line_col(range.start);
    let end = report.line_col(range.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// SARIF has no hint or information level; both are notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A file's URI: relative to the current folder when it is under it (as
/// code scanning expects, relative to the checkout), else a `file:` URI.
fn uri(path: &Path) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    if path.is_relative() {
        return percent_encode(&path_bytes(path));
    }
    if let Some(relative) = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
    {
        return percent_encode(&path_bytes(&relative));
    }
    let slashed = path_bytes(path);
    let rooted = if slashed.starts_with(b"/") {
        slashed
    } else {
        [b"/".as_slice(), &slashed].concat()
    };
    format!("file://{}", percent_encode(&rooted))
}

/// The bytes of a path with `/` separators: on Unix its own bytes, so a
/// name that is not UTF-8 keeps its bytes in the URI (issue #12).
fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/").into_bytes()
    }
}

/// Percent-encodes every byte but unreserved characters and `/` (RFC 3986).
fn percent_encode(path: &[u8]) -> String {
    let mut encoded = String::with_capacity(path.len());
    for &byte in path {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        assert_eq!(uri(Path::new("./docs/a b.md")), "docs/a%20b.md");
        assert_eq!(uri(Path::new("café.md")), "caf%C3%A9.md");
        let cwd = std::env::current_dir().expect("a current folder");
        assert_eq!(uri(&cwd.join("x/y.md")), "x/y.md");
        assert_eq!(uri(Path::new("/elsewhere/z.md")), "file:///elsewhere/z.md");
    }
}
