//! Code actions and the edits they make: a finding's fixes as quick fixes,
//! "fix all" of a rule or of the document (resolved lazily when the client
//! can), "replace every use in the workspace" for a name, and the glossary
//! commands.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp::lsp_types::*;

use super::convert::{
    file_path, from_lsp_range, to_lsp_diagnostic, to_lsp_range, to_lsp_text_edits,
    to_lsp_workspace_edit, NameData,
};
use super::state::{Analysis, State};
use crate::analysis::{self, Finding, Fix};
use crate::config;
use crate::config::edit::GlossaryEdit;
use crate::config::file::WriteError;

/// The kind of the document's fix-all source action ("fix all on save").
pub(super) const FIX_ALL_KIND: &str = "source.fixAll.copydesk";

/// What a lazily resolved code action carries in `data`.
#[derive(Serialize, Deserialize)]
pub(super) struct FixAllData {
    pub uri: Url,
    /// `None` fixes every rule (`source.fixAll.copydesk`).
    pub rule: Option<String>,
}

impl FixAllData {
    /// The data of an action to resolve, when it is one of ours.
    pub fn of(action: &CodeAction) -> Option<FixAllData> {
        serde_json::from_value(action.data.clone()?).ok()
    }
}

/// The code actions for `range` of an analysed document, of the kinds in
/// `only` (every kind when `None`): each touching finding's fixes, its
/// workspace-wide replacement and glossary actions, then a fix-all per
/// rule with more than one fixable finding; the document's fix-all source
/// action only when asked for by kind, as in "fix all on save", so the
/// light bulb stays uncluttered.
pub(super) fn code_actions(
    uri: &Url,
    analysis: &Analysis,
    range: Range,
    only: &Option<Vec<CodeActionKind>>,
    state: &State,
) -> Vec<CodeActionOrCommand> {
    let requested = from_lsp_range(&analysis.snapshot, range, state.encoding);
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        let mut rules_here = Vec::new();
        for finding in &analysis.findings {
            let touches =
                finding.range.start <= requested.end && requested.start <= finding.range.end;
            if !touches {
                continue;
            }
            let fixes = quick_fixes(uri, analysis, finding, state);
            actions.extend(fixes.into_iter().map(Into::into));
            actions.extend(workspace_fix(uri, analysis, finding, state).map(Into::into));
            actions.extend(glossary_actions(uri, finding).into_iter().map(Into::into));
            if !rules_here.contains(&finding.rule) {
                rules_here.push(finding.rule);
            }
        }
        for rule in rules_here {
            let fixable = analysis
                .findings
                .iter()
                .filter(|f| f.rule == rule && !f.fixes.is_empty())
                .count();
            if fixable > 1 {
                actions.push(fix_all(uri, analysis, Some(rule.as_str()), state).into());
            }
        }
    }
    if only.is_some()
        && wanted(only, FIX_ALL_KIND)
        && analysis.findings.iter().any(|f| !f.fixes.is_empty())
    {
        actions.push(fix_all(uri, analysis, None, state).into());
    }
    actions
}

/// The code actions for one finding: each fix as a quick fix, the
/// first one preferred.
fn quick_fixes(
    uri: &Url,
    analysis: &Analysis,
    finding: &Finding,
    state: &State,
) -> Vec<CodeAction> {
    let diagnostic = to_lsp_diagnostic(finding, &analysis.snapshot, uri, state.encoding);
    finding
        .fixes
        .iter()
        .enumerate()
        .map(|(idx, fix)| CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(workspace_edit(uri, analysis, &fix.edits, state)),
            is_preferred: Some(idx == 0),
            ..CodeAction::default()
        })
        .collect()
}

/// A fix-all action; its edit is computed now, or at resolve time when
/// the client can resolve edits lazily.
fn fix_all(uri: &Url, analysis: &Analysis, rule: Option<&str>, state: &State) -> CodeAction {
    let (title, kind) = match rule {
        Some(rule) => (
            format!("Fix all {rule} in this document"),
            CodeActionKind::QUICKFIX,
        ),
        None => (
            "Fix all copydesk findings in this document".to_string(),
            CodeActionKind::new(FIX_ALL_KIND),
        ),
    };
    let data = FixAllData {
        uri: uri.clone(),
        rule: rule.map(str::to_string),
    };
    let edit = (!state.features.resolve_edits).then(|| fix_all_edit(uri, analysis, rule, state));
    CodeAction {
        title,
        kind: Some(kind),
        edit,
        data: serde_json::to_value(data).ok(),
        ..CodeAction::default()
    }
}

/// "Replace every use of this variant in the workspace": one edit over
/// every file where a workspace check (or an open document) found the same
/// spelling with the same replacement. Open documents' edits carry their
/// version; other files' edits are those of the last workspace check.
fn workspace_fix(
    uri: &Url,
    analysis: &Analysis,
    finding: &Finding,
    state: &State,
) -> Option<CodeAction> {
    let wanted = NameData::of(finding)?;
    let mut changes: Vec<TextDocumentEdit> = Vec::new();
    let mut edit_for = |target: &Url, version: Option<i32>, ranges: Vec<Range>| {
        if !ranges.is_empty() {
            let edits = ranges
                .into_iter()
                .map(|range| {
                    OneOf::Left(TextEdit {
                        range,
                        new_text: wanted.replacement.clone(),
                    })
                })
                .collect();
            let text_document = OptionalVersionedTextDocumentIdentifier {
                uri: target.clone(),
                version,
            };
            changes.push(TextDocumentEdit {
                text_document,
                edits,
            });
        }
    };
    for open_uri in state.store.uris() {
        let Some(open) = state
            .store
            .get(&open_uri)
            .and_then(|open| open.analysis.clone())
        else {
            continue;
        };
        let ranges = open
            .findings
            .iter()
            .filter(|f| NameData::of(f).as_ref() == Some(&wanted))
            .map(|f| to_lsp_range(&open.snapshot, &f.range, state.encoding))
            .collect();
        edit_for(&open_uri, Some(open.snapshot.version()), ranges);
    }
    for (file_uri, file) in &state.workspace.files {
        if state.store.get(file_uri).is_some() {
            continue; // Open: its live findings were used above.
        }
        let ranges = file
            .renames
            .iter()
            .filter(|(rename, _)| *rename == wanted)
            .map(|(_, range)| *range)
            .collect();
        edit_for(file_uri, None, ranges);
    }
    if changes.len() < 2 || !state.features.versioned_edits {
        return None; // One file: the document's own fixes cover it.
    }
    changes.sort_by(|a, b| {
        a.text_document
            .uri
            .as_str()
            .cmp(b.text_document.uri.as_str())
    });
    Some(CodeAction {
        title: format!(
            "Replace every \"{}\" with \"{}\" in the workspace ({} files)",
            wanted.variant,
            wanted.replacement,
            changes.len()
        ),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp_diagnostic(
            finding,
            &analysis.snapshot,
            uri,
            state.encoding,
        )]),
        edit: Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(changes)),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    })
}

/// The glossary actions for a name finding: add the canonical spelling,
/// mark the two spellings as distinct, ignore the flagged one.
fn glossary_actions(uri: &Url, finding: &Finding) -> Vec<CodeAction> {
    let command = |title: String, command: &str, names: &[&String]| CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        command: Some(Command {
            title,
            command: command.to_string(),
            arguments: Some(
                std::iter::once(Value::from(uri.as_str()))
                    .chain(names.iter().map(|name| Value::from(name.as_str())))
                    .collect(),
            ),
        }),
        ..CodeAction::default()
    };
    let mut actions = Vec::new();
    match finding.names.as_slice() {
        [variant, canonical] => {
            actions.push(command(
                format!("Add \"{canonical}\" to the glossary"),
                super::COMMAND_ADD_TO_GLOSSARY,
                &[canonical],
            ));
            actions.push(command(
                format!("Mark \"{variant}\" and \"{canonical}\" as distinct names"),
                super::COMMAND_MARK_DISTINCT,
                &[variant, canonical],
            ));
            actions.push(command(
                format!("Ignore \"{variant}\""),
                super::COMMAND_IGNORE_NAME,
                &[variant],
            ));
        }
        [variant] => {
            actions.push(command(
                format!("Ignore \"{variant}\""),
                super::COMMAND_IGNORE_NAME,
                &[variant],
            ));
        }
        _ => {}
    }
    actions
}

/// The glossary change a command asks for, from its arguments (a document
/// URI, then names).
pub(super) fn glossary_edit(params: &ExecuteCommandParams) -> Option<GlossaryEdit> {
    let name = |idx: usize| {
        params
            .arguments
            .get(idx)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    match params.command.as_str() {
        super::COMMAND_ADD_TO_GLOSSARY => Some(GlossaryEdit::AddName(name(1)?)),
        super::COMMAND_MARK_DISTINCT => Some(GlossaryEdit::MarkDistinct(name(1)?, name(2)?)),
        super::COMMAND_IGNORE_NAME => Some(GlossaryEdit::Ignore(name(1)?)),
        _ => None,
    }
}

fn workspace_edit(
    uri: &Url,
    analysis: &Analysis,
    edits: &[analysis::TextEdit],
    state: &State,
) -> WorkspaceEdit {
    let edits = to_lsp_text_edits(&analysis.snapshot, edits, state.encoding);
    to_lsp_workspace_edit(
        uri,
        analysis.snapshot.version(),
        edits,
        state.features.versioned_edits,
    )
}

/// The preferred fix of every finding (of one rule, or all), without edits
/// that overlap an earlier one.
pub(super) fn fix_all_edit(
    uri: &Url,
    analysis: &Analysis,
    rule: Option<&str>,
    state: &State,
) -> WorkspaceEdit {
    let mut edits: Vec<analysis::TextEdit> = analysis
        .findings
        .iter()
        .filter(|f| rule.is_none_or(|rule| f.rule.as_str() == rule))
        .filter_map(|f| f.fixes.first())
        .flat_map(|fix: &Fix| fix.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut kept: Vec<analysis::TextEdit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if kept
            .last()
            .is_none_or(|last| last.range.end <= edit.range.start && last.range != edit.range)
        {
            kept.push(edit);
        }
    }
    workspace_edit(uri, analysis, &kept, state)
}

/// Whether an action of `kind` was asked for by a request's `only` list.
fn wanted(only: &Option<Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|asked| {
            let asked = asked.as_str();
            kind == asked
                || kind
                    .strip_prefix(asked)
                    .is_some_and(|rest| rest.starts_with('.'))
        }),
    }
}

/// Why a glossary command was not carried out.
pub(super) enum Refusal {
    /// The document is not a file.
    NotOnDisk,
    /// The file it would write is outside the workspace; says so.
    Outside(String),
}

/// The `copydesk.toml` a glossary command writes (its first argument is
/// the document's URI): the one that applies to the document, or one to
/// create at its workspace folder's root; never outside the workspace.
pub(super) fn glossary_file(
    arguments: &[Value],
    roots: &[PathBuf],
    glossary_path: Option<&str>,
) -> Result<PathBuf, Refusal> {
    let uri = arguments
        .first()
        .and_then(Value::as_str)
        .and_then(|s| Url::parse(s).ok());
    let path = uri.as_ref().and_then(file_path).ok_or(Refusal::NotOnDisk)?;
    let root = match roots.iter().find(|root| path.starts_with(root)) {
        Some(root) => root,
        // Never a copydesk.toml beside a loose file (issue #12).
        None if roots.is_empty() => {
            return Err(Refusal::Outside(format!(
                "copydesk: {}",
                WriteError::NoWorkspace
            )))
        }
        None => {
            return Err(Refusal::Outside(
                "copydesk: this file is outside the workspace, so its glossary was not changed"
                    .to_string(),
            ))
        }
    };
    config::glossary_target(&path, root, glossary_path).ok_or_else(|| {
        Refusal::Outside(
            "copydesk: glossaryPath points outside the workspace, so the glossary was not changed"
                .to_string(),
        )
    })
}
