//! Incremental analysis of one document.
//!
//! A document is cut into chunks of a few paragraphs at blank lines that
//! no construct spans (code fences, front matter, HTML comments, verbatim
//! environments); a paragraph opens a chunk when a hash of its first line
//! says so (see `starts_group`). Each
//! chunk is analysed on its own and its result kept; an edit marks the
//! chunks it touches (and their neighbours) dirty, and [`Engine::refresh`]
//! re-cuts and re-analyses only those. Name counts live in a document-wide
//! [`NameState`] that is updated from the chunks that changed. A from-scratch
//! analysis is the same machinery run on every chunk, so the two always
//! agree (tested by replaying random edits).
//!
//! Pure: text comes in through a closure, findings go out; no I/O, no LSP.

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::hash::HashedMap;
use super::names::{ChunkId, ChunkNames, NameState, Place, RejectedVariants};
use super::rule::Scope;
use super::{Context, Finding, Settings, RULES};
use crate::contain;
use crate::prose::{self, Directive, DirectiveKind, DocKind};

/// What one chunk contributes, with ranges relative to the chunk.
#[derive(Debug)]
struct ChunkResult {
    hash: u64,
    /// Findings of the chunk-scope rules, severities set, not yet filtered
    /// by suppressions.
    findings: Vec<Finding>,
    names: Arc<ChunkNames>,
    directives: Vec<Directive>,
    /// The first line with text, where a `disable-next-line` at the end of
    /// the previous chunk points.
    first_line: Option<Range<usize>>,
    /// Where the first line with text ends, as the chunk splitter cuts
    /// lines (at `\n` only), and where the trailing white space starts
    /// (the length when there is none): only an edit in the first line or
    /// in the trailing blank lines can move the chunk's boundaries with
    /// its neighbours.
    head: usize,
    tail: usize,
}

#[derive(Debug)]
struct Chunk {
    id: ChunkId,
    len: usize,
    /// `None` while the chunk is dirty.
    result: Option<Arc<ChunkResult>>,
}

/// The analysis of one document, kept up to date edit by edit.
pub struct Engine {
    kind: DocKind,
    settings: Arc<Settings>,
    rejected: Arc<RejectedVariants>,
    chunks: Vec<Chunk>,
    /// The document's own name state; `None` when names are judged across
    /// several documents by [`cross_file_findings`].
    names: Option<NameState>,
    /// Names of other documents counted with this one's (a checked
    /// workspace), which edits to this document leave alone.
    background: Arc<Background>,
    next_id: ChunkId,
    /// Results of chunks removed since the last refresh, by content hash,
    /// for chunks that come back unchanged.
    reusable: HashedMap<Arc<ChunkResult>>,
}

impl Engine {
    /// An engine for an empty document.
    pub fn new(kind: DocKind, settings: Arc<Settings>) -> Engine {
        Engine::build(kind, settings, true)
    }

    fn build(kind: DocKind, settings: Arc<Settings>, own_names: bool) -> Engine {
        let rejected = Arc::new(RejectedVariants::new(&settings.entities));
        Engine {
            kind,
            names: own_names.then(|| NameState::new(&settings, Arc::clone(&rejected))),
            settings,
            rejected,
            chunks: Vec::new(),
            background: Arc::default(),
            next_id: 0,
            reusable: HashedMap::default(),
        }
    }

    /// An engine that has analysed `text`.
    pub fn with_text(kind: DocKind, settings: Arc<Settings>, text: &str) -> Engine {
        let mut engine = Engine::new(kind, settings);
        engine.edit(0..0, text.len());
        engine.refresh(&|range| &text[range]);
        if let Some(names) = &mut engine.names {
            names.shrink_to_fit();
        }
        engine
    }

    /// An engine that has analysed `text` but leaves the judgement of names
    /// to [`cross_file_findings`], which counts them over many documents.
    pub fn with_text_for_cross_file(kind: DocKind, settings: Arc<Settings>, text: &str) -> Engine {
        let mut engine = Engine::build(kind, settings, false);
        engine.edit(0..0, text.len());
        engine.refresh(&|range| &text[range]);
        engine
    }

    pub fn settings(&self) -> &Arc<Settings> {
        &self.settings
    }

    /// The length of the document, in bytes.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(|c| c.len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records that the bytes in `old` were replaced by `new_len` bytes.
    /// The touched chunks become one dirty chunk, analysed by the next
    /// [`Engine::refresh`], with their neighbours when the edit may join
    /// them: an edit in the first line (which decides whether a chunk
    /// starts there) or in the trailing blank lines.
    pub fn edit(&mut self, old: Range<usize>, new_len: usize) {
        if self.chunks.is_empty() {
            let id = self.fresh_id();
            self.chunks.push(Chunk {
                id,
                len: new_len,
                result: None,
            });
            return;
        }
        let mut offset = 0;
        let (mut first, mut last) = (None, None);
        for (idx, chunk) in self.chunks.iter().enumerate() {
            let end = offset + chunk.len;
            if first.is_none() && old.start <= end {
                first = Some((idx, offset));
            }
            if old.end <= end {
                last = Some((idx, offset));
                break;
            }
            offset = end;
        }
        let last_idx = self.chunks.len() - 1;
        // Neighbours too when the edit is at a chunk's edge, where it can
        // join or split chunks; a chunk not analysed yet has no known edge,
        // and an edit past the end (which a client should not send) keeps
        // them all.
        let result = |idx: usize| self.chunks[idx].result.as_ref();
        let at_head = first
            .is_none_or(|(idx, offset)| result(idx).is_none_or(|r| old.start - offset <= r.head));
        let at_tail =
            last.is_none_or(|(idx, offset)| result(idx).is_none_or(|r| old.end - offset > r.tail));
        let first = first.map_or(last_idx, |(idx, _)| idx);
        let last = last.map_or(last_idx, |(idx, _)| idx).max(first);
        let lo = if at_head {
            first.saturating_sub(1)
        } else {
            first
        };
        let hi = if at_tail {
            (last + 1).min(last_idx)
        } else {
            last
        };
        let removed: Vec<Chunk> = self.chunks.drain(lo..=hi).collect();
        let old_len: usize = removed.iter().map(|c| c.len).sum();
        for chunk in removed {
            self.retire(chunk);
        }
        let len = (old_len + new_len).saturating_sub(old.end.saturating_sub(old.start));
        let id = self.fresh_id();
        self.chunks.insert(
            lo,
            Chunk {
                id,
                len,
                result: None,
            },
        );
    }

    fn fresh_id(&mut self) -> ChunkId {
        self.next_id += 1;
        self.next_id
    }

    /// Takes a chunk's names out of the document's and keeps its result
    /// for reuse.
    fn retire(&mut self, chunk: Chunk) {
        if let Some(result) = chunk.result {
            if let Some(names) = &mut self.names {
                names.remove(chunk.id, &result.names);
            }
            self.reusable.insert(result.hash, result);
        }
    }

    /// Re-cuts and re-analyses the dirty chunks. `text` gives the current
    /// text of a byte range of the document.
    pub fn refresh<S: AsRef<str>>(&mut self, text: &dyn Fn(Range<usize>) -> S) {
        let mut idx = 0;
        let mut offset = 0;
        while idx < self.chunks.len() {
            if self.chunks[idx].result.is_some() {
                offset += self.chunks[idx].len;
                idx += 1;
                continue;
            }
            let (region, pieces) = loop {
                let region = text(offset..offset + self.chunks[idx].len);
                let (pieces, open) = split(region.as_ref(), self.kind, offset == 0);
                // A fence or comment left open runs into the next chunk.
                if open && idx + 1 < self.chunks.len() {
                    let next = self.chunks.remove(idx + 1);
                    self.chunks[idx].len += next.len;
                    self.retire(next);
                    continue;
                }
                break (region, pieces);
            };
            let mut new_chunks = Vec::with_capacity(pieces.len());
            for piece in pieces {
                let piece_text = &region.as_ref()[piece.clone()];
                let hash = hash_text(piece_text);
                let result = match self.reusable.remove(&hash) {
                    Some(result) => result,
                    None => Arc::new(analyze_chunk(
                        piece_text,
                        hash,
                        self.kind,
                        &self.settings,
                        &self.rejected,
                    )),
                };
                let id = self.fresh_id();
                if let Some(names) = &mut self.names {
                    names.add(id, &result.names);
                }
                new_chunks.push(Chunk {
                    id,
                    len: piece.len(),
                    result: Some(result),
                });
            }
            let added = new_chunks.len();
            offset += region.as_ref().len();
            self.chunks.splice(idx..=idx, new_chunks);
            idx += added;
        }
        self.reusable.clear();
        self.settle_names();
    }

    /// Re-judges the names an edit or a new background touched.
    fn settle_names(&mut self) {
        let _stage = contain::stage("names");
        let mut places = self.places(0, 0);
        places.extend(
            self.background
                .places
                .iter()
                .map(|(id, place, _)| (*id, *place)),
        );
        if let Some(names) = &mut self.names {
            names.settle(places);
        }
    }

    /// Counts this document's names together with `background`'s (the
    /// other files of a checked workspace), from now on.
    pub fn set_background(&mut self, background: Arc<Background>) {
        if let Some(names) = &mut self.names {
            for (id, _, chunk_names) in &self.background.places {
                names.remove(*id, chunk_names);
            }
            for (id, _, chunk_names) in &background.places {
                names.add(*id, chunk_names);
            }
        }
        self.background = background;
        self.settle_names();
    }

    /// This document's chunk names with their offsets, for another
    /// document's [`Background`].
    pub fn chunk_names(&self) -> Vec<(usize, Arc<ChunkNames>)> {
        let mut offset = 0;
        let mut found = Vec::with_capacity(self.chunks.len());
        for chunk in &self.chunks {
            if let Some(result) = &chunk.result {
                found.push((offset, Arc::clone(&result.names)));
            }
            offset += chunk.len;
        }
        found
    }

    /// Where each chunk stands, as chunk `id | id_base` of `document`.
    fn places(&self, document: u32, id_base: ChunkId) -> HashedMap<Place> {
        let mut places = HashedMap::with_capacity_and_hasher(self.chunks.len(), Default::default());
        let mut offset = 0;
        for chunk in &self.chunks {
            places.insert(chunk.id | id_base, Place { document, offset });
            offset += chunk.len;
        }
        places
    }

    /// Every finding of the document, sorted by position, suppressions
    /// applied.
    pub fn findings(&self) -> Vec<Finding> {
        let verdicts = self
            .names
            .as_ref()
            .map(|names| names.verdicts(0))
            .unwrap_or_default();
        self.findings_with(&verdicts)
    }

    /// The findings, with names judged by `verdicts`.
    fn findings_with(&self, verdicts: &[super::names::Verdict]) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut directives = Vec::new();
        let mut offset = 0;
        for (idx, chunk) in self.chunks.iter().enumerate() {
            let Some(result) = &chunk.result else {
                offset += chunk.len;
                continue;
            };
            findings.extend(result.findings.iter().map(|f| shifted(f, offset)));
            for directive in &result.directives {
                let mut directive = directive.shifted(offset);
                if directive.kind == DirectiveKind::DisableNextLine && directive.next_line.is_none()
                {
                    // The next line with text starts the next chunk.
                    let next_offset = offset + chunk.len;
                    directive.next_line = self.chunks.get(idx + 1).and_then(|next| {
                        let line = next.result.as_ref()?.first_line.clone()?;
                        Some(line.start + next_offset..line.end + next_offset)
                    });
                }
                directives.push(directive);
            }
            offset += chunk.len;
        }
        let cx = Context::for_document(&self.settings, verdicts);
        for rule in RULES.iter().filter(|rule| rule.scope() == Scope::Document) {
            let Some(severity) = self.settings.severity(*rule) else {
                continue;
            };
            let start = findings.len();
            let _stage = contain::stage(rule.id().as_str());
            rule.check(&cx, &mut findings);
            for finding in &mut findings[start..] {
                finding.severity = severity;
            }
        }
        let suppressions = prose::resolve_suppressions(&directives, offset);
        findings.retain(|f| {
            !suppressions
                .iter()
                .any(|s| s.covers(f.rule.as_str(), f.range.start))
        });
        findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
        findings
    }
}

fn hash_text(text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A finding moved by `offset` bytes.
fn shifted(finding: &Finding, offset: usize) -> Finding {
    let shift = |r: &Range<usize>| r.start + offset..r.end + offset;
    let mut finding = finding.clone();
    finding.range = shift(&finding.range);
    for fix in &mut finding.fixes {
        fix.edits = fix
            .edits
            .iter()
            .map(|edit| super::TextEdit {
                range: shift(&edit.range),
                replacement: edit.replacement.clone(),
            })
            .collect();
    }
    for related in &mut finding.related {
        related.range = shift(&related.range);
    }
    finding
}

/// Analyses one chunk on its own: prose, chunk-scope rules, names,
/// suppression comments.
fn analyze_chunk(
    text: &str,
    hash: u64,
    kind: DocKind,
    settings: &Settings,
    rejected: &RejectedVariants,
) -> ChunkResult {
    let prose = {
        let _stage = contain::stage("prose");
        contain::test_hooks(text);
        prose::extract(text, kind)
    };
    let cx = Context::new(text, &prose, settings);
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|rule| rule.scope() == Scope::Chunk) {
        let Some(severity) = settings.severity(*rule) else {
            continue;
        };
        let start = findings.len();
        let _stage = contain::stage(rule.id().as_str());
        rule.check(&cx, &mut findings);
        for finding in &mut findings[start..] {
            finding.severity = severity;
        }
    }
    let names_wanted = RULES
        .iter()
        .any(|rule| rule.scope() == Scope::Document && settings.severity(*rule).is_some());
    let _stage = contain::stage("names");
    let names = Arc::new(if names_wanted {
        ChunkNames::collect(&prose, rejected)
    } else {
        ChunkNames::default()
    });
    ChunkResult {
        hash,
        findings,
        names,
        directives: prose.directives.clone(),
        first_line: first_line(text),
        head: text
            .split_inclusive('\n')
            .scan(0, |end, line| {
                *end += line.len();
                Some((*end, line))
            })
            .find(|(_, line)| !line.trim().is_empty())
            .map_or(text.len(), |(end, _)| end),
        tail: text.trim_end().len(),
    }
}

/// The range of the first line of `text` that has more than white space.
fn first_line(text: &str) -> Option<Range<usize>> {
    let mut start = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let end = start + line.len();
        if !line.trim().is_empty() {
            return Some(start..end);
        }
        start = end;
    }
    None
}

/// What a chunk boundary may not fall inside.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Open {
    None,
    /// A Markdown code fence: its character and length.
    Fence(char, usize),
    FrontMatter(&'static str),
    HtmlComment,
    /// An HTML block that runs past blank lines (`<pre>`, `<script>`).
    HtmlBlock(&'static str),
    /// A LaTeX environment whose content is not prose.
    Environment(String),
    DisplayMath,
}

/// Cuts `text` into chunks at blank lines that no construct spans; returns
/// the chunks' byte ranges and whether a construct is still open at the
/// end. `at_start` says whether `text` starts the document (front matter).
fn split(text: &str, kind: DocKind, at_start: bool) -> (Vec<Range<usize>>, bool) {
    split_with(text, kind, at_start, starts_group)
}

/// [`split`], with `group` saying which paragraphs may open a chunk.
fn split_with(
    text: &str,
    kind: DocKind,
    at_start: bool,
    group: fn(&str) -> bool,
) -> (Vec<Range<usize>>, bool) {
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let mut open = Open::None;
    let mut previous_blank = false;
    let mut seen_text = false;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        if !blank
            && previous_blank
            && seen_text
            && open == Open::None
            && may_start_chunk(content, kind)
            && group(content)
        {
            pieces.push(piece_start..line_start);
            piece_start = line_start;
        }
        open = next_state(open, content, kind, at_start && line_start == 0);
        seen_text |= !blank;
        previous_blank = blank;
        line_start += line.len();
    }
    pieces.push(piece_start..text.len());
    (pieces, open != Open::None)
}

/// Whether a paragraph's first line opens a new chunk: about one in eight
/// does, chosen by the line's own text, so that a chunk holds several
/// paragraphs (fewer, larger chunks cost less to keep: every chunk keeps
/// its names, and a chunk of eight paragraphs is still re-analysed in well
/// under a millisecond) and an edit moves no boundary but its own: whether
/// a boundary stands depends only on the line after it.
fn starts_group(line: &str) -> bool {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in line.bytes().take(64) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % CHUNK_PARAGRAPHS == 0
}

/// How many paragraphs a chunk holds on average.
const CHUNK_PARAGRAPHS: u32 = 8;

/// Whether a line after a blank line can start a chunk: in Markdown not an
/// indented line or a list item, which may continue the block above.
fn may_start_chunk(line: &str, kind: DocKind) -> bool {
    if kind != DocKind::Markdown {
        return true;
    }
    if line.starts_with("    ") || line.starts_with('\t') {
        return false;
    }
    let trimmed = line.trim_start();
    let bullet = ["- ", "* ", "+ "].iter().any(|b| trimmed.starts_with(b));
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let numbered =
        digits > 0 && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") "));
    !(bullet || numbered || line.starts_with(' '))
}

fn next_state(open: Open, line: &str, kind: DocKind, first_line: bool) -> Open {
    let trimmed = line.trim();
    match (kind, open) {
        (DocKind::Markdown, Open::None) => {
            if first_line && (trimmed == "---" || trimmed == "+++") {
                return Open::FrontMatter(if trimmed == "---" { "---" } else { "+++" });
            }
            if let Some(fence) = fence(trimmed) {
                return Open::Fence(fence.0, fence.1);
            }
            if let Some(idx) = line.rfind("<!--") {
                if !line[idx..].contains("-->") {
                    return Open::HtmlComment;
                }
            }
            if let Some(after) = trimmed.strip_prefix('<') {
                for tag in ["pre", "script", "style", "textarea"] {
                    if after.starts_with(tag) && !trimmed.contains(&format!("</{tag}>")) {
                        return Open::HtmlBlock(tag);
                    }
                }
            }
            Open::None
        }
        (DocKind::Markdown, Open::Fence(ch, len)) => match fence(trimmed) {
            Some((c, l))
                if c == ch && l >= len && trimmed.trim_start_matches(ch).trim().is_empty() =>
            {
                Open::None
            }
            _ => Open::Fence(ch, len),
        },
        (DocKind::Markdown, Open::FrontMatter(delimiter)) => {
            if trimmed == delimiter || (delimiter == "---" && trimmed == "...") {
                Open::None
            } else {
                Open::FrontMatter(delimiter)
            }
        }
        (DocKind::Markdown, Open::HtmlComment) => {
            if line.contains("-->") {
                next_state(
                    Open::None,
                    &line[line.rfind("-->").map_or(0, |i| i + 3)..],
                    kind,
                    false,
                )
            } else {
                Open::HtmlComment
            }
        }
        (DocKind::Markdown, Open::HtmlBlock(tag)) => {
            if line.contains(&format!("</{tag}>")) {
                Open::None
            } else {
                Open::HtmlBlock(tag)
            }
        }
        (DocKind::Latex, open) => latex_state(open, line),
        (_, open) => open,
    }
}

/// A code fence's character and length, if the line opens or closes one.
fn fence(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

fn latex_state(mut open: Open, line: &str) -> Open {
    // Comments do not open or close anything.
    let code = match line.find('%') {
        Some(idx) if !line[..idx].ends_with('\\') => &line[..idx],
        _ => line,
    };
    let mut rest = code;
    // Looking for the next `\begin{` or `$$` again after every step would
    // be quadratic on a line of many of the other (issue #12).
    let mut next_begin = NextFind::new("\\begin{");
    let mut next_math = NextFind::new("$$");
    loop {
        match &open {
            Open::Environment(env) => {
                let end = format!("\\end{{{env}}}");
                match rest.find(&end) {
                    Some(idx) => {
                        rest = &rest[idx + end.len()..];
                        open = Open::None;
                    }
                    None => return open,
                }
            }
            Open::DisplayMath => match next_math.find(rest) {
                Some(idx) => {
                    rest = &rest[idx + 2..];
                    open = Open::None;
                }
                None => return open,
            },
            _ => match (next_begin.find(rest), next_math.find(rest)) {
                (Some(b), m) if m.is_none_or(|m| b < m) => {
                    let after = &rest[b + "\\begin{".len()..];
                    let Some(close) = after.find('}') else {
                        return Open::None;
                    };
                    let env = &after[..close];
                    rest = &after[close + 1..];
                    if crate::prose::NO_TEXT_ENVIRONMENTS.contains(&env) {
                        open = Open::Environment(env.to_string());
                    }
                }
                (_, Some(m)) => {
                    rest = &rest[m + 2..];
                    open = Open::DisplayMath;
                }
                _ => return Open::None,
            },
        }
    }
}

/// The next place of a string in a text read from the front: found once,
/// and remembered as a distance from the end, which stays true as the
/// text is consumed, until the place has been passed.
struct NextFind {
    needle: &'static str,
    /// `None` before the first search; `Some(None)` when there is none.
    to_go: Option<Option<usize>>,
}

impl NextFind {
    fn new(needle: &'static str) -> NextFind {
        NextFind {
            needle,
            to_go: None,
        }
    }

    /// Where the needle is next in `rest`, a suffix of the text searched
    /// before.
    fn find(&mut self, rest: &str) -> Option<usize> {
        match self.to_go {
            Some(Some(to_go)) if to_go <= rest.len() => Some(rest.len() - to_go),
            Some(None) => None,
            _ => {
                let found = rest.find(self.needle);
                self.to_go = Some(found.map(|idx| rest.len() - idx));
                found
            }
        }
    }
}

/// The names of other documents, counted with an open document's own.
#[derive(Default)]
pub struct Background {
    /// Chunk id (unique, document in the high bits), place, names.
    places: Vec<(ChunkId, Place, Arc<ChunkNames>)>,
}

impl Background {
    /// A background of documents given by their chunk names; they are
    /// documents 1, 2, ... (0 is the open document itself).
    pub fn new(documents: &[Vec<(usize, Arc<ChunkNames>)>]) -> Background {
        let mut places = Vec::new();
        for (idx, chunks) in documents.iter().enumerate() {
            let document = idx as u32 + 1;
            for (chunk_idx, (offset, names)) in chunks.iter().enumerate() {
                let id = (u64::from(document) << 40) | chunk_idx as ChunkId;
                places.push((
                    id,
                    Place {
                        document,
                        offset: *offset,
                    },
                    Arc::clone(names),
                ));
            }
        }
        Background { places }
    }
}

/// The findings of several documents checked together, in the order
/// given: names are counted across all of them, so that a spelling used
/// once in one file is judged against forty uses in others. The engines
/// must share their entity settings (one glossary); the first one's are
/// used.
pub fn cross_file_findings(engines: &[&Engine]) -> Vec<Vec<Finding>> {
    let Some(first) = engines.first() else {
        return Vec::new();
    };
    let _stage = contain::stage("names");
    let mut names = NameState::new(&first.settings, Arc::clone(&first.rejected));
    let mut places = HashedMap::default();
    for (document, engine) in engines.iter().enumerate() {
        // Chunk ids are unique within an engine; the document's index in
        // the high bits makes them unique across engines.
        let id_base = (document as ChunkId) << 40;
        for chunk in &engine.chunks {
            if let Some(result) = &chunk.result {
                names.add(chunk.id | id_base, &result.names);
            }
        }
        places.extend(engine.places(document as u32, id_base));
    }
    names.settle(places);
    engines
        .iter()
        .zip(names.verdicts_by_document(engines.len()))
        .map(|(engine, verdicts)| engine.findings_with(&verdicts))
        .collect()
}

/// Analyses a whole text at once, with the same machinery.
pub fn analyze(text: &str, kind: DocKind, settings: &Settings) -> Vec<Finding> {
    Engine::with_text(kind, Arc::new(settings.clone()), text).findings()
}

#[cfg(test)]
mod tests;
