//! Suppression comments (SPEC §1.3).
//!
//! `copydesk-disable-next-line [ids]` switches rules off on the next line
//! that has text; `copydesk-disable [ids]` switches them off until
//! `copydesk-enable [ids]` or the end of the file. No id means all rules.
//! Markdown writes them in HTML comments, LaTeX after `%`, plain text on a
//! line of their own.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::DocKind;

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

#[derive(Debug, PartialEq, Eq)]
enum Directive {
    DisableNextLine,
    Disable,
    Enable,
}

/// One directive found in a comment, with the byte range of that comment.
struct Found {
    directive: Directive,
    rule_ids: Option<Vec<String>>,
    comment: Range<usize>,
}

static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*copydesk-(disable-next-line|disable|enable)\b([^>]*?)-->")
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

/// Finds the suppressions in `text`, and the byte ranges of the directive
/// comments themselves (plain text needs to blank them).
pub(crate) fn find(text: &str, kind: DocKind) -> (Vec<Suppression>, Vec<Range<usize>>) {
    let regex = match kind {
        DocKind::Markdown => &*MARKDOWN,
        DocKind::Latex => &*LATEX,
        DocKind::Plain => &*PLAIN,
    };
    let found: Vec<Found> = regex
        .captures_iter(text)
        .map(|caps| {
            let directive = match &caps[1] {
                "disable-next-line" => Directive::DisableNextLine,
                "disable" => Directive::Disable,
                _ => Directive::Enable,
            };
            let rule_ids: Vec<String> = caps[2]
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .collect();
            let rule_ids = (!rule_ids.is_empty()).then_some(rule_ids);
            Found {
                directive,
                rule_ids,
                comment: caps.get(0).expect("group 0 exists").range(),
            }
        })
        .collect();
    let comments = found.iter().map(|f| f.comment.clone()).collect();
    (resolve(text, found), comments)
}

fn resolve(text: &str, found: Vec<Found>) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    // Open `disable` directives: where they started and what they cover.
    let mut open: Vec<(usize, Option<Vec<String>>)> = Vec::new();
    for directive in found {
        match directive.directive {
            Directive::DisableNextLine => {
                let line = next_line_with_text(text, directive.comment.end);
                suppressions.push(Suppression {
                    range: line,
                    rule_ids: directive.rule_ids,
                });
            }
            Directive::Disable => open.push((directive.comment.end, directive.rule_ids)),
            Directive::Enable => {
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
        range: start..text.len(),
        rule_ids,
    }));
    suppressions
}

/// The byte range of the first line after `byte_offset`'s line that has
/// anything but white space on it.
fn next_line_with_text(text: &str, byte_offset: usize) -> Range<usize> {
    let after = match text[byte_offset..].find(['\n', '\r']) {
        Some(idx) => byte_offset + idx,
        None => return text.len()..text.len(),
    };
    let mut line_start = after;
    for line in text[after..].split_inclusive(['\n', '\r']) {
        let line_end = line_start + line.len();
        if !line.trim().is_empty() {
            return line_start..line_end;
        }
        line_start = line_end;
    }
    text.len()..text.len()
}
