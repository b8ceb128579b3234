use super::*;

fn prose_words(text: &str, kind: DocKind) -> String {
    extract(text, kind)
        .masked
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn masked_text_keeps_length_and_line_breaks() {
    let text = "# Title\r\n\r\nSome `code` and [a link](http://x.y) here 😀.\n";
    let prose = extract(text, DocKind::Markdown);
    assert_eq!(prose.masked.len(), text.len());
    assert_eq!(
        prose.masked.matches('\n').count(),
        text.matches('\n').count()
    );
    assert_eq!(
        prose.masked.matches('\r').count(),
        text.matches('\r').count()
    );
}

#[test]
fn markdown_skips_code_urls_html_and_front_matter() {
    let text = "---\ntitle: Front\n---\n\nProse `inline` and [link text](https://example.org/target).\n\n```\ncode block\n```\n\n<div>html block</div>\n\nAn <span>inline</span> tag <!-- comment --> and <https://auto.link>.\n\n    indented code\n\n[ref]: https://example.org/def\n\n![alt text](image.png)\n";
    assert_eq!(
        prose_words(text, DocKind::Markdown),
        "Prose and link text . An inline tag and ."
    );
}

#[test]
fn markdown_blocks_have_kinds() {
    let text = "# Heading\n\nA paragraph\nover two lines.\n\n> A quotation.\n\n| cell |\n|---|\n| body |\n\n- item one\n- item two\n";
    let prose = extract(text, DocKind::Markdown);
    let kinds: Vec<(BlockKind, &str)> = prose
        .blocks
        .iter()
        .map(|b| (b.kind, &text[b.range.clone()]))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (BlockKind::Heading, "Heading"),
            (BlockKind::Paragraph, "A paragraph\nover two lines."),
            (BlockKind::Quote, "A quotation."),
            (BlockKind::Fragment, "cell"),
            (BlockKind::Fragment, "body"),
            (BlockKind::Paragraph, "item one"),
            (BlockKind::Paragraph, "item two"),
        ]
    );
}

#[test]
fn markdown_links_and_footnotes_are_citations() {
    let text = "Turnout fell.[^1] See [the audit](https://example.org).\n\n[^1]: Figures.\n";
    let prose = extract(text, DocKind::Markdown);
    let cited: Vec<&str> = prose.citations.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(cited, vec!["[^1]", "[the audit](https://example.org)"]);
}

#[test]
fn bare_urls_are_blanked_and_cited() {
    let text = "See https://example.org/a?b=c for details, or www.example.com.";
    let prose = extract(text, DocKind::Plain);
    assert_eq!(
        prose.masked.split_whitespace().collect::<Vec<_>>(),
        vec!["See", "for", "details,", "or"]
    );
    assert_eq!(prose.citations.len(), 2);
}

#[test]
fn file_paths_are_blanked_but_not_slashes_in_prose() {
    let text = "Files go to /var/lib/dpkg/triggers. Edit ~/.config/copydesk/x or (src/analysis/engine.rs), and/or 1/2/2024 or ./run.sh now.";
    let prose = extract(text, DocKind::Plain);
    assert_eq!(
        prose.masked.split_whitespace().collect::<Vec<_>>(),
        vec![
            "Files", "go", "to", ".", "Edit", "or", "(", "),", "and/or", "1/2/2024", "or",
            "./run.sh", "now."
        ]
    );
}

#[test]
fn latex_skips_commands_math_comments_and_verbatim() {
    let text = "\\section{Intro}\nText with $x^2$ math, \\cite{key} and \\emph{emphasis}. % a comment\n\\begin{equation}\ny = mx\n\\end{equation}\nGrowth of 14\\% and \\(a+b\\) done.\n\\begin{verbatim}\nverbatim text\n\\end{verbatim}\n";
    assert_eq!(
        prose_words(text, DocKind::Latex),
        "Intro Text with math, and emphasis . Growth of 14 % and done."
    );
    let prose = extract(text, DocKind::Latex);
    assert_eq!(prose.blocks[0].kind, BlockKind::Heading);
    assert_eq!(&text[prose.blocks[0].range.clone()], "Intro");
    assert_eq!(prose.citations.len(), 1);
}

// Issue #13 item 6: a `$`, `\(`, `\[` or brace argument left open hid the
// rest of the document in one chunk but only the rest of its chunk when
// cut, so chunking changed the findings. As in TeX, a blank line ends it.
#[test]
fn latex_math_or_argument_left_open_ends_at_a_blank_line() {
    for open in ["$x + y", "\\(x", "\\[x", "\\href{x", "\\begin{verbatim"] {
        let text = format!("Before {open} hidden\n  \nClearly it failed.\n");
        assert_eq!(
            prose_words(&text, DocKind::Latex),
            "Before Clearly it failed.",
            "{open}"
        );
    }
    // Closed within its paragraph, across one line break, as before.
    let text = "A $x\n+ y$ b \\emph{c\nd} e.\n";
    assert_eq!(prose_words(text, DocKind::Latex), "A b c d e.");
    // Display math stays open across blank lines, as the chunk splitter
    // reads it.
    let text = "A $$x\n\ny$$ b.\n";
    assert_eq!(prose_words(text, DocKind::Latex), "A b.");
}

#[test]
fn plain_text_headings_are_short_lines_without_a_full_stop() {
    let text =
        "Chomsky says US is biggest\n\nThis is a sentence.\n\nAnother paragraph\nover two lines\n";
    let prose = extract(text, DocKind::Plain);
    let kinds: Vec<BlockKind> = prose.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::Paragraph
        ]
    );
}

#[test]
fn suppression_ranges() {
    let text = "a\n<!-- copydesk-disable claim.booster -->\nb\n<!-- copydesk-enable claim.booster -->\nc\n";
    let prose = extract(text, DocKind::Markdown);
    let b = text.find("b\n").unwrap();
    let c = text.find("c\n").unwrap();
    assert!(prose.is_suppressed("claim.booster", b));
    assert!(!prose.is_suppressed("claim.absolute", b));
    assert!(!prose.is_suppressed("claim.booster", c));
}

#[test]
fn malformed_input_never_panics() {
    for text in [
        "\\",
        "$",
        "\\begin{",
        "\\section{",
        "```",
        "<!--",
        "[^",
        "\\cite{a",
        "%",
        "\r",
        "\u{feff}x",
        "\\\\\\",
    ] {
        for kind in [DocKind::Markdown, DocKind::Latex, DocKind::Plain] {
            let prose = extract(text, kind);
            assert_eq!(prose.masked.len(), text.len());
        }
    }
}
