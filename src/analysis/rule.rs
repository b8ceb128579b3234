//! The rule trait and what each rule declares about itself; the registry
//! of every rule is [`RULES`](super::rules::RULES).
//!
//! Each rule declares what it is once, in a [`RuleMeta`]: its id, summary,
//! what it flags and fixes, documentation page, default severity and
//! scope. Everything else that describes a rule (`copydesk rules`,
//! `copydesk explain`, SARIF, the editor's link to the docs,
//! `copydesk init`, the README's rule table and the VS Code settings)
//! reads it from here.
//!
//! Adding a rule is one rule file under `rules/` (with its `RuleMeta`),
//! one line in [`RULES`](super::rules::RULES), one docs page
//! `docs/rules/<id>.md` and one fixture under `tests/fixtures/<family>/`,
//! which the fixture test finds by itself. Then
//! `COPYDESK_UPDATE_RULES=1 cargo test --test registry` writes the
//! README's rule table and the per-rule settings in
//! `editors/vscode/package.json` from the registry; without the variable,
//! `tests/registry.rs` fails while either is out of step.

use std::fmt;

use super::{Context, Finding, Severity};

/// A rule's stable id, `family.kebab-name` (SPEC §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub &'static str);

impl RuleId {
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The address of the rule's documentation page, `docs/rules/<id>.md`
    /// in the repository; the editor links each diagnostic to it.
    pub fn docs_url(self) -> String {
        format!("{DOCS_URL}{}.md", self.0)
    }
}

/// Where the rule documentation pages live, ending in `/`.
const DOCS_URL: &str = "https://github.com/copydesk/copydesk/blob/main/docs/rules/";

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// What a rule needs to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Sentences and paragraphs: checked chunk by chunk, cached.
    Chunk,
    /// Counts across the document: checked from the document's name state.
    Document,
}

/// What a rule declares about itself, once.
#[derive(Debug)]
pub struct RuleMeta {
    /// The stable id, `family.kebab-name`.
    pub id: RuleId,
    /// One sentence for `copydesk rules`, SARIF and the editor's settings,
    /// which add the default severity to it. Plain text ending in a period.
    pub summary: &'static str,
    /// What the rule flags, with an example: the "flags" cell of the
    /// README's rule table, in Markdown on one line.
    pub flags: &'static str,
    /// What the rule's fixes offer: the "fixes" cell of the README's rule
    /// table, in Markdown on one line.
    pub fixes: &'static str,
    /// The long documentation printed by `copydesk explain`: the rule's page
    /// `docs/rules/<id>.md`, included with `include_str!`. It says what is
    /// flagged and why, gives an example, what is not flagged, and the fixes.
    pub explanation: &'static str,
    /// The severity when the settings do not name the rule.
    pub default_severity: Severity,
    /// What the rule looks at: one chunk of paragraphs at a time, or the
    /// whole document's names.
    pub scope: Scope,
}

/// A check. Rules are stateless unit structs; settings and lexicons reach
/// them through [`Context`].
///
/// A rule implements [`meta`](Rule::meta) and [`check`](Rule::check); the
/// other methods read its [`RuleMeta`] and are not meant to be overridden.
pub trait Rule: Sync {
    /// The rule's declaration.
    fn meta(&self) -> &RuleMeta;

    /// Appends this rule's findings. The severity set here is replaced by
    /// the configured one.
    fn check(&self, cx: &Context<'_>, acc: &mut Vec<Finding>);

    fn id(&self) -> RuleId {
        self.meta().id
    }

    fn summary(&self) -> &'static str {
        self.meta().summary
    }

    fn explanation(&self) -> &'static str {
        self.meta().explanation
    }

    fn default_severity(&self) -> Severity {
        self.meta().default_severity
    }

    fn scope(&self) -> Scope {
        self.meta().scope
    }
}
