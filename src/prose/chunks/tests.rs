//! The chunk splitter cuts only where no construct is open, and its
//! line-by-line LaTeX state stays linear.

use super::*;
use crate::text::tests::XorShift;

#[test]
fn chunks_split_at_blank_lines_outside_fences() {
    let text = "One.\n\nTwo.\n\n```\na\n\nb\n```\n\n- item\n\n- item\n\nThree.\n";
    // Every paragraph that may open a chunk does, here.
    let (pieces, open) = split_with(text, DocKind::Markdown, true, |_| true);
    let pieces: Vec<&str> = pieces.into_iter().map(|r| &text[r]).collect();
    assert_eq!(
        pieces,
        [
            "One.\n\n",
            "Two.\n\n",
            "```\na\n\nb\n```\n\n- item\n\n- item\n\n",
            "Three.\n"
        ]
    );
    assert!(!open);
    let (_, open) = split("```\nopen fence\n\nstill code\n", DocKind::Markdown, true);
    assert!(open);
}

#[test]
fn chunks_hold_a_few_paragraphs_chosen_by_their_first_lines() {
    let text: String = (0..400)
        .map(|i| format!("Paragraph {i} says something.\n\n"))
        .collect();
    let (pieces, _) = split(&text, DocKind::Markdown, true);
    // About one paragraph in CHUNK_PARAGRAPHS opens a chunk.
    let expected = 400 / CHUNK_PARAGRAPHS as usize;
    assert!(
        (expected / 2..expected * 2).contains(&pieces.len()),
        "{} chunks for 400 paragraphs",
        pieces.len()
    );
    for piece in &pieces[1..] {
        let first_line = text[piece.clone()].lines().next().expect("a line");
        assert!(starts_group(first_line), "{first_line:?} opened a chunk");
    }
}

/// What `latex_state` must compute, written the plain way: every search
/// starts afresh (quadratic on a long line, so only for short ones).
fn latex_state_by_rescanning(mut open: Open, line: &str) -> Open {
    let code = match line.find('%') {
        Some(idx) if !line[..idx].ends_with('\\') => &line[..idx],
        _ => line,
    };
    let mut rest = code;
    loop {
        let (found, next) = match &open {
            Open::Environment(env) => {
                let end = end_marker(env);
                (rest.find(&end).map(|idx| idx + end.len()), Open::None)
            }
            Open::DisplayMath => (rest.find("$$").map(|idx| idx + 2), Open::None),
            _ => match (rest.find("\\begin{"), rest.find("$$")) {
                (Some(b), m) if m.is_none_or(|m| b < m) => {
                    let after = &rest[b + "\\begin{".len()..];
                    let Some(close) = after.find('}') else {
                        return Open::None;
                    };
                    let env = &after[..close];
                    let next = match NO_TEXT_ENVIRONMENTS.contains(&env) {
                        true => Open::Environment(env.to_string()),
                        false => Open::None,
                    };
                    (Some(b + "\\begin{".len() + close + 1), next)
                }
                (_, Some(m)) => (Some(m + 2), Open::DisplayMath),
                _ => return Open::None,
            },
        };
        let Some(consumed) = found else {
            return open;
        };
        rest = &rest[consumed..];
        open = next;
    }
}

// Issue #12: the next `$$` and `\begin{` are remembered instead of being
// searched for again after each step; the state must not change.
#[test]
fn latex_state_remembering_the_next_display_math_matches_rescanning() {
    const PIECES: &[&str] = &[
        "\\begin{itemize}",
        "\\begin{verbatim}",
        "\\end{verbatim}",
        "\\begin{equation}",
        "\\end{equation}",
        "$$",
        "$",
        "\\item a ",
        "\\begin{",
        "}",
        "%",
        "\\%",
        " text ",
    ];
    let starts = [
        Open::None,
        Open::DisplayMath,
        Open::Environment("verbatim".to_string()),
        Open::Environment("equation".to_string()),
    ];
    let mut rng = XorShift(0x5eed_1a7e);
    for _ in 0..20_000 {
        let line: String = (0..rng.below(12))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect();
        let start = starts[rng.below(starts.len())].clone();
        assert_eq!(
            latex_state(start.clone(), &line),
            latex_state_by_rescanning(start.clone(), &line),
            "from {start:?} over {line:?}"
        );
    }
    // And a long line stays fast (it took seconds before).
    let long = "\\begin{itemize}\\item a\\end{itemize} ".repeat(100_000) + "$$";
    assert_eq!(latex_state(Open::None, &long), Open::DisplayMath);
    let long = "$a$ Clearly $$ ".repeat(100_001);
    assert_eq!(latex_state(Open::None, &long), Open::DisplayMath);
}
