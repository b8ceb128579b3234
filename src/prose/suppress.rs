//! Suppression comments (SPEC §1.3).
//!
//! `copydesk-disable-next-line [ids]` switches rules off on the next line
//! that has text; `copydesk-disable [ids]` switches them off until
//! `copydesk-enable [ids]` or the end of the file. No id means all rules.
//! Markdown writes them in HTML comments, LaTeX after `%`, plain text on a
//! line of their own.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{escape, Regex};

use super::DocKind;

/// What opens an HTML comment, in which suppression comments are written.
pub(super) const COMMENT_OPEN: &str = "<!--";

/// What closes an HTML comment.
pub(super) const COMMENT_CLOSE: &str = "-->";

/// Rules switched off over a byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub range: Range<usize>,
    /// The rule ids switched off; `None` means every rule.
    pub rule_ids: Option<Vec<String>>,
}

impl Suppression {
    pub fn covers(&self, rule_id: &str, byte_offset: usize) -> bool {
        self.range.contains(&byte_offset)
            && self
                .rule_ids
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|id| id == rule_id))
    }
}

/// What a suppression comment says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
}

/// One suppression comment, before it is resolved into ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The rule ids named; `None` means every rule.
    pub rule_ids: Option<Vec<String>>,
    /// The comment itself.
    pub comment: Range<usize>,
    /// For `disable-next-line`: the next line with text, when the text
    /// given to [`find`] has one.
    pub next_line: Option<Range<usize>>,
}

impl Directive {
    /// Moves the directive's ranges by `offset` bytes.
    pub fn shifted(&self, offset: usize) -> Directive {
        let shift = |r: &Range<usize>| r.start + offset..r.end + offset;
        Directive {
            kind: self.kind,
            rule_ids: self.rule_ids.clone(),
            comment: shift(&self.comment),
            next_line: self.next_line.as_ref().map(shift),
        }
    }
}

static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    let (open, close) = (escape(COMMENT_OPEN), escape(COMMENT_CLOSE));
    Regex::new(&format!(
        r"{open}[ \t]*copydesk-(disable-next-line|disable|enable)\b([^>]*?){close}"
    ))
    .expect("valid regex")
});
static LATEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[^\\])%[ \t]*copydesk-(disable-next-line|disable|enable)\b([^\r\n]*)")
        .expect("valid regex")
});
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*copydesk-(disable-next-line|disable|enable)\b([^\r\n]*?)[ \t]*\r?$")
        .expect("valid regex")
});

/// Finds the suppression comments in `text`.
pub(crate) fn find(text: &str, kind: DocKind) -> Vec<Directive> {
    let regex = match kind {
        DocKind::Markdown => &*MARKDOWN,
        DocKind::Latex => &*LATEX,
        DocKind::Plain => &*PLAIN,
    };
    regex
        .captures_iter(text)
        .map(|caps| {
            let kind = match &caps[1] {
                "disable-next-line" => DirectiveKind::DisableNextLine,
                "disable" => DirectiveKind::Disable,
                _ => DirectiveKind::Enable,
            };
            let rule_ids: Vec<String> = caps[2]
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .collect();
            let comment = caps.get(0).expect("group 0 exists").range();
            let next_line = (kind == DirectiveKind::DisableNextLine)
                .then(|| next_line_with_text(text, comment.end))
                .flatten();
            Directive {
                kind,
                rule_ids: (!rule_ids.is_empty()).then_some(rule_ids),
                comment,
                next_line,
            }
        })
        .collect()
}

/// Turns directives, in document order, into suppressed ranges; `len` is
/// the length of the document, where open `disable`s end.
pub fn resolve(directives: &[Directive], len: usize) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    // Open `disable` directives: where they started and what they cover.
    let mut open: Vec<(usize, Option<Vec<String>>)> = Vec::new();
    for directive in directives {
        match directive.kind {
            DirectiveKind::DisableNextLine => {
                if let Some(line) = &directive.next_line {
                    suppressions.push(Suppression {
                        range: line.clone(),
                        rule_ids: directive.rule_ids.clone(),
                    });
                }
            }
            DirectiveKind::Disable => {
                open.push((directive.comment.end, directive.rule_ids.clone()))
            }
            DirectiveKind::Enable => {
                let end = directive.comment.start;
                let closes = |ids: &Option<Vec<String>>| match (&directive.rule_ids, ids) {
                    (None, _) => true,
                    (Some(enabled), Some(disabled)) => {
                        disabled.iter().all(|id| enabled.contains(id))
                    }
                    (Some(_), None) => false,
                };
                let (closed, still_open): (Vec<_>, Vec<_>) =
                    open.into_iter().partition(|(_, ids)| closes(ids));
                open = still_open;
                suppressions.extend(closed.into_iter().map(|(start, rule_ids)| Suppression {
                    range: start..end,
                    rule_ids,
                }));
            }
        }
    }
    suppressions.extend(open.into_iter().map(|(start, rule_ids)| Suppression {
        range: start..len,
        rule_ids,
    }));
    suppressions
}

/// The byte range of the first line after `byte_offset`'s line that has
/// anything but white space on it, if the text has one.
fn next_line_with_text(text: &str, byte_offset: usize) -> Option<Range<usize>> {
    let after = byte_offset + text[byte_offset..].find(['\n', '\r'])?;
    let mut line_start = after;
    for line in text[after..].split_inclusive(['\n', '\r']) {
        let line_end = line_start + line.len();
        if !line.trim().is_empty() {
            return Some(line_start..line_end);
        }
        line_start = line_end;
    }
    None
}
