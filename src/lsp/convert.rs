//! Findings to diagnostics, fixes to code actions, and LSP positions to the
//! `text` module's positions.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use tower_lsp::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentChanges,
    Location, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position,
    TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

use crate::analysis::{Finding, Severity};
use crate::config::Config;
use crate::contain::{Failure, REPORT_URL};
use crate::text::{Document, Encoding, LineCol};

pub fn from_lsp_position(position: Position) -> LineCol {
    LineCol {
        line: position.line as usize,
        col: position.character as usize,
    }
}

pub fn to_lsp_position(position: LineCol) -> Position {
    Position {
        line: saturating_u32(position.line),
        character: saturating_u32(position.col),
    }
}

fn saturating_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

pub fn to_lsp_range(
    document: &Document,
    range: &Range<usize>,
    encoding: Encoding,
) -> tower_lsp::lsp_types::Range {
    tower_lsp::lsp_types::Range {
        start: to_lsp_position(document.position(range.start, encoding)),
        end: to_lsp_position(document.position(range.end, encoding)),
    }
}

/// The byte range of an LSP range, clamped into the document.
pub fn from_lsp_range(
    document: &Document,
    range: tower_lsp::lsp_types::Range,
    encoding: Encoding,
) -> Range<usize> {
    let start = document.byte_offset(from_lsp_position(range.start), encoding);
    let end = document.byte_offset(from_lsp_position(range.end), encoding);
    start.min(end)..start.max(end)
}

pub fn to_lsp_severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    }
}

pub fn to_lsp_diagnostic(
    finding: &Finding,
    document: &Document,
    uri: &Url,
    encoding: Encoding,
) -> Diagnostic {
    let related = finding
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: to_lsp_range(document, &related.range, encoding),
            },
            message: related.message.clone(),
        })
        .collect::<Vec<_>>();
    Diagnostic {
        range: to_lsp_range(document, &finding.range, encoding),
        severity: Some(to_lsp_severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.as_str().to_string())),
        code_description: Url::parse(&finding.rule.docs_url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("copydesk".to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: name_data(finding),
    }
}

/// What a name finding carries in `Diagnostic.data`: the flagged
/// spelling and, when there is one to offer, its replacement, so that a
/// workspace-wide fix can find the same variant in other files.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct NameData {
    pub variant: String,
    pub replacement: String,
}

impl NameData {
    /// The spelling a name finding flags and its preferred replacement;
    /// `None` for other findings, and for names with nothing to offer.
    pub fn of(finding: &Finding) -> Option<NameData> {
        let replacement = finding
            .fixes
            .first()
            .and_then(|fix| fix.replacement_for(&finding.range))?;
        let [variant, _] = finding.names.as_slice() else {
            return None;
        };
        Some(NameData {
            variant: variant.clone(),
            replacement: replacement.to_string(),
        })
    }
}

fn name_data(finding: &Finding) -> Option<serde_json::Value> {
    serde_json::to_value(NameData::of(finding)?).ok()
}

/// Edits against `document`, as LSP text edits.
pub fn to_lsp_text_edits(
    document: &Document,
    edits: &[crate::analysis::TextEdit],
    encoding: Encoding,
) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|edit| TextEdit {
            range: to_lsp_range(document, &edit.range, encoding),
            new_text: edit.replacement.clone(),
        })
        .collect()
}

/// A workspace edit for one document. With `versioned`, it names the
/// version the edits were computed for, so a client never applies them to
/// a different text.
pub fn to_lsp_workspace_edit(
    uri: &Url,
    version: i32,
    edits: Vec<TextEdit>,
    versioned: bool,
) -> WorkspaceEdit {
    if versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The one diagnostic shown on a document whose analysis panicked: at its
/// start, an error saying which stage failed and where to report it
/// (SPEC §5).
pub fn to_lsp_failure_diagnostic(failure: &Failure) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("copydesk".to_string()),
        message: failure_message(failure),
        ..Diagnostic::default()
    }
}

/// "copydesk failed on this document (stage ...: ...); please report it at
/// ...".
pub fn failure_message(failure: &Failure) -> String {
    format!(
        "copydesk failed on this document (stage {}: {}); please report it at {}",
        failure.stage, failure.message, REPORT_URL
    )
}

/// The file path of a `file:` URI, percent-decoded and then normalised:
/// `.` and `..` components are resolved lexically, so `..%2F` and `%2e%2e/`
/// spellings name the same file and the workspace check sees where the
/// path leads (issue #12).
pub fn file_path(uri: &Url) -> Option<PathBuf> {
    (uri.scheme() == "file")
        .then(|| uri.to_file_path().ok())
        .flatten()
        .map(|path| normalise(&path))
}

fn normalise(path: &std::path::Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            // `..` at the root stays at the root, as the OS has it.
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// The diagnostics of one analysis: its findings, or the one diagnostic
/// that says it failed.
pub fn to_lsp_diagnostics(
    findings: &[Finding],
    failure: Option<&Failure>,
    document: &Document,
    uri: &Url,
    encoding: Encoding,
) -> Vec<Diagnostic> {
    if let Some(failure) = failure {
        return vec![to_lsp_failure_diagnostic(failure)];
    }
    findings
        .iter()
        .map(|finding| to_lsp_diagnostic(finding, document, uri, encoding))
        .collect()
}

/// A configuration file's problems as error diagnostics on that file.
pub fn to_lsp_config_diagnostics(config: &Config, encoding: Encoding) -> Vec<Diagnostic> {
    // The text as it was parsed (decoded lossily, without a byte-order
    // mark), so that invalid UTF-8 does not move every problem to 0:0.
    let document = Document::new(config.source.as_deref().unwrap_or_default(), 0);
    config
        .errors
        .iter()
        .map(|error| Diagnostic {
            range: to_lsp_range(&document, &error.byte_range, encoding),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("copydesk".to_string()),
            message: format!("{error} (the defaults are used for this part)"),
            ..Diagnostic::default()
        })
        .collect()
}
