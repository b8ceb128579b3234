//! Edit-replay tests: every batch of edits is applied both to a `Document`
//! and to a plain `String` model, and the two texts must stay equal.

use super::*;

/// The plain model: line starts found by scanning for `\n`, `\r\n` and `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
                continue;
            }
            b'\r' | b'\n' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn model_byte_offset(text: &str, position: LineCol, encoding: Encoding) -> usize {
    let starts = line_starts(text);
    let Some(&line_start) = starts.get(position.line) else {
        return text.len();
    };
    let line_end = starts.get(position.line + 1).copied().unwrap_or(text.len());
    let line = text[line_start..line_end].trim_end_matches(['\r', '\n']);
    let mut col = 0;
    for (byte_idx, ch) in line.char_indices() {
        let width = match encoding {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Chars => 1,
        };
        if col + width > position.col {
            return line_start + byte_idx;
        }
        col += width;
    }
    line_start + line.len()
}

fn model_apply(text: &mut String, edit: &Edit, encoding: Encoding) {
    match &edit.range {
        None => *text = edit.text.clone(),
        Some(range) => {
            let start = model_byte_offset(text, range.start, encoding);
            let end = model_byte_offset(text, range.end, encoding);
            let (start, end) = (start.min(end), start.max(end));
            text.replace_range(start..end, &edit.text);
        }
    }
}

fn at(line: usize, col: usize) -> LineCol {
    LineCol { line, col }
}

fn edit(start: (usize, usize), end: (usize, usize), text: &str) -> Edit {
    Edit {
        range: Some(at(start.0, start.1)..at(end.0, end.1)),
        text: text.to_string(),
    }
}

fn replay(initial: &str, batches: &[Vec<Edit>], encoding: Encoding) -> String {
    let mut document = Document::new(initial, 1);
    let mut model = initial.to_string();
    for (idx, batch) in batches.iter().enumerate() {
        document.apply(batch, idx as i32 + 2, encoding);
        for edit in batch {
            model_apply(&mut model, edit, encoding);
        }
        assert_eq!(document.text(), model, "after batch {idx} in {encoding:?}");
    }
    model
}

#[test]
fn inserts_and_deletes_match_the_string_model() {
    let text = replay(
        "The plan failed.\nIt was clearly wrong.\n",
        &[
            vec![edit((0, 4), (0, 4), "new ")],
            vec![edit((1, 7), (1, 15), "")],
            vec![edit((1, 0), (1, 0), "Sadly, ")],
        ],
        Encoding::Utf16,
    );
    assert_eq!(text, "The new plan failed.\nSadly, It was wrong.\n");
}

#[test]
fn multi_change_batches_apply_in_order() {
    // The second edit's position refers to the text after the first edit.
    let text = replay(
        "abc\ndef\n",
        &[vec![edit((0, 0), (0, 0), "X\n"), edit((2, 1), (2, 2), "E")]],
        Encoding::Utf16,
    );
    assert_eq!(text, "X\nabc\ndEf\n");
}

#[test]
fn emoji_columns_count_utf16_units() {
    // "😀" is two UTF-16 code units, four UTF-8 bytes and one char.
    let text = replay(
        "a😀b\n",
        &[vec![edit((0, 3), (0, 4), "B")]],
        Encoding::Utf16,
    );
    assert_eq!(text, "a😀B\n");
    let text = replay("a😀b\n", &[vec![edit((0, 5), (0, 6), "B")]], Encoding::Utf8);
    assert_eq!(text, "a😀B\n");
    let text = replay(
        "a😀b\n",
        &[vec![edit((0, 2), (0, 3), "B")]],
        Encoding::Chars,
    );
    assert_eq!(text, "a😀B\n");
}

#[test]
fn cjk_and_crlf_lines() {
    let text = replay(
        "東京は大きい。\r\nSecond line\r\nthird\rfourth\n",
        &[
            vec![edit((0, 2), (0, 3), "で")],
            vec![edit((1, 0), (1, 6), "")],
            vec![edit((3, 0), (3, 6), "4th")],
            vec![edit((0, 7), (1, 0), " ")],
        ],
        Encoding::Utf16,
    );
    assert_eq!(text, "東京で大きい。  line\r\nthird\r4th\n");
}

#[test]
fn positions_past_the_line_end_are_clamped_not_a_panic() {
    let mut document = Document::new("short\nline\n", 1);
    let warnings = document
        .apply(&[edit((0, 99), (0, 99), "!")], 2, Encoding::Utf16)
        .warnings;
    assert_eq!(document.text(), "short!\nline\n");
    assert_eq!(warnings, vec![EditWarning::Clamped { line: 0, col: 99 }; 2]);
    let warnings = document
        .apply(&[edit((40, 0), (41, 3), "?")], 3, Encoding::Utf16)
        .warnings;
    assert_eq!(document.text(), "short!\nline\n?");
    assert_eq!(warnings.len(), 2);
}

#[test]
fn mid_surrogate_positions_round_down() {
    let mut document = Document::new("a😀b", 1);
    let warnings = document
        .apply(&[edit((0, 2), (0, 2), "x")], 2, Encoding::Utf16)
        .warnings;
    assert_eq!(document.text(), "ax😀b");
    // Both ends of the empty range were moved.
    assert_eq!(warnings.len(), 2);
}

#[test]
fn reversed_ranges_are_swapped() {
    let mut document = Document::new("hello world", 1);
    let warnings = document
        .apply(&[edit((0, 11), (0, 5), "")], 2, Encoding::Utf16)
        .warnings;
    assert_eq!(document.text(), "hello");
    assert_eq!(warnings, vec![EditWarning::Reversed]);
}

#[test]
fn full_text_replacement() {
    let mut document = Document::new("old", 1);
    document.apply(
        &[Edit {
            range: None,
            text: "new text".into(),
        }],
        2,
        Encoding::Utf16,
    );
    assert_eq!(document.text(), "new text");
    assert_eq!(document.version(), 2);
}

#[test]
fn byte_offsets_and_positions_round_trip() {
    let text = "ab\r\n😀c\rdé\n";
    let document = Document::new(text, 1);
    for (byte_offset, _) in text.char_indices() {
        if text[..byte_offset].ends_with('\r') && text[byte_offset..].starts_with('\n') {
            continue; // Inside a CRLF line break: no position points there.
        }
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            let position = document.position(byte_offset, encoding);
            assert_eq!(
                document.byte_offset(position, encoding),
                byte_offset,
                "{byte_offset} {encoding:?}"
            );
            assert_eq!(model_byte_offset(text, position, encoding), byte_offset);
        }
    }
}

/// A small deterministic generator so the random replays need no crate.
pub(crate) struct XorShift(pub(crate) u64);

impl XorShift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn random_edit_sequences_match_the_string_model() {
    const PIECES: &[&str] = &[
        "",
        "a",
        "word ",
        "\n",
        "\r\n",
        "\r",
        "😀",
        "東京",
        "é",
        "Okonjo-Iweala ",
        "clearly ",
    ];
    for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut document = Document::new("", 0);
        let mut model = String::new();
        let mut bytes = String::new();
        for version in 1..400 {
            let lines = line_starts(&model).len();
            let batch: Vec<Edit> = (0..1 + rng.below(3))
                .map(|_| {
                    let mut position = || at(rng.below(lines + 1), rng.below(12));
                    let (start, end) = (position(), position());
                    let (start, end) = (start.min(end), start.max(end));
                    let text = PIECES[rng.below(PIECES.len())].to_string();
                    Edit {
                        range: Some(start..end),
                        text,
                    }
                })
                .collect();
            let applied = document.apply(&batch, version, encoding);
            // The byte edits, replayed on a byte-level copy, give the same text.
            for ((range, len), edit) in applied.byte_edits.iter().zip(&batch) {
                assert_eq!(*len, edit.text.len());
                bytes.replace_range(range.clone(), &edit.text);
            }
            for edit in &batch {
                model_apply(&mut model, edit, encoding);
            }
            assert_eq!(
                bytes, model,
                "byte edits at version {version} in {encoding:?}"
            );
            assert_eq!(document.text(), model, "version {version} in {encoding:?}");
        }
    }
}

#[test]
fn byte_edits_report_what_each_edit_replaced() {
    let mut document = Document::new("a😀b\nsecond\n", 1);
    let applied = document.apply(
        &[edit((0, 3), (0, 4), "BB"), edit((1, 0), (1, 6), "")],
        2,
        Encoding::Utf16,
    );
    // "b" is bytes 5..6; then "second" is bytes 8..14 of the text after
    // the first edit.
    assert_eq!(applied.byte_edits, vec![(5..6, 2), (8..14, 0)]);
    assert_eq!(document.text(), "a😀BB\n\n");
    assert_eq!(document.slice(1..5), "😀");
    assert_eq!(
        document.slice(2..99),
        "😀BB\n\n",
        "inside a character: back to its start; past the end: clamped"
    );
}
