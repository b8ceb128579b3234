//! Incremental analysis of one document.
//!
//! A document is cut into chunks of a few paragraphs where
//! `prose::split_chunks` says it may be: at blank lines that no construct
//! spans (code fences, front matter, HTML comments, verbatim
//! environments). Each chunk is analysed on its own and its result kept;
//! an edit marks the chunks it touches (and their neighbours) dirty, and
//! [`Engine::refresh`] re-cuts and re-analyses only those. Name counts
//! live in a document-wide [`NameState`] that is updated from the chunks
//! that changed. A from-scratch analysis is the same machinery run on
//! every chunk, so the two always agree (tested by replaying random edits).
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
use crate::prose::{self, ChunkEdges, Directive, DirectiveKind, DocKind};

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
    /// Where an edit can move the chunk's boundaries with its neighbours.
    edges: ChunkEdges,
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
        let at_head = first.is_none_or(|(idx, offset)| {
            result(idx).is_none_or(|r| old.start - offset <= r.edges.head)
        });
        let at_tail = last.is_none_or(|(idx, offset)| {
            result(idx).is_none_or(|r| old.end - offset > r.edges.tail)
        });
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
                let (pieces, open) = prose::split_chunks(region.as_ref(), self.kind, offset == 0);
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
        run_rules(Scope::Document, &cx, &self.settings, &mut findings);
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
    run_rules(Scope::Chunk, &cx, settings, &mut findings);
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
        edges: ChunkEdges::of(text),
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

/// Runs the rules of one scope that the settings switch on, each under its
/// configured severity and named as the stage a panic would be reported in.
fn run_rules(scope: Scope, cx: &Context<'_>, settings: &Settings, findings: &mut Vec<Finding>) {
    for rule in RULES.iter().filter(|rule| rule.scope() == scope) {
        let Some(severity) = settings.severity(*rule) else {
            continue;
        };
        let start = findings.len();
        let _stage = contain::stage(rule.id().as_str());
        rule.check(cx, findings);
        for finding in &mut findings[start..] {
            finding.severity = severity;
        }
    }
}

#[cfg(test)]
mod tests;
