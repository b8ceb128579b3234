//! `copydesk init [PATH]`: writes a commented starter `copydesk.toml`, with
//! the multi-word names the folder's prose uses most as a first glossary.
//!
//! It never overwrites a configuration file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::analysis::RULES;
use crate::batch::{self, ConfigScope};
use crate::config;
use crate::prose::{self, BlockKind, DocKind};

/// How many names the starter glossary lists.
const TOP_NAMES: usize = 20;
/// How often a name must be used to be listed.
const MIN_USES: usize = 2;

pub(crate) fn run(folder: &Path) -> i32 {
    if !folder.is_dir() {
        report!("copydesk: {} is not a folder", folder.display());
        return 2;
    }
    let path = folder.join(config::FILE_NAME);
    if path.exists() {
        report!(
            "copydesk: {} already exists; it was left as it is",
            path.display()
        );
        return 2;
    }
    let files = match batch::discover(&[folder.to_path_buf()], ConfigScope::Root) {
        Ok(discovery) => discovery.files,
        Err(message) => {
            report!("copydesk: {message}");
            return 2;
        }
    };
    let names = common_names(&files, TOP_NAMES);
    let text = starter(&names);
    // `create_new` so that a file made meanwhile is not overwritten either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
    match written {
        Ok(()) => {
            report!(
                "copydesk: wrote {} ({} names from {} files)",
                path.display(),
                names.len(),
                files.len()
            );
            0
        }
        Err(error) => {
            report!("copydesk: cannot write {}: {error}", path.display());
            2
        }
    }
}

/// The text of a starter configuration listing `names` (with their use
/// counts) as canonical spellings.
pub(crate) fn starter(names: &[(String, usize)]) -> String {
    let mut text = String::from(
        "# copydesk configuration: see README.md, \"Configuration\".\n\
         # Uncomment a line to change a setting; the defaults are shown.\n\
         \n\
         [rules]\n\
         # Each rule's severity: \"off\", \"hint\", \"information\", \"warning\" or \"error\".\n",
    );
    for rule in RULES {
        text.push_str(&format!(
            "# \"{}\" = \"{}\"    # {}\n",
            rule.id(),
            rule.default_severity(),
            rule.summary()
        ));
    }
    text.push_str(
        "\n[entities]\n\
         # Canonical spellings. These are the names this folder uses most (with their\n\
         # number of uses): keep the ones that are right and spelt right.\n",
    );
    if names.is_empty() {
        text.push_str("names = []\n");
    } else {
        text.push_str("names = [\n");
        for (name, uses) in names {
            text.push_str(&format!("  {},    # {uses}\n", toml_string(name)));
        }
        text.push_str("]\n");
    }
    text.push_str(
        "# Names that are never the same entity, however alike they look:\n\
         # distinct = [[\"Niger\", \"Nigeria\"], [\"Johnson\", \"Johnston\"]]\n\
         # Names that are never flagged:\n\
         # ignore = [\"Zhou\"]\n\
         # A canonical name with the spellings the house style rejects:\n\
         # [[entities.name]]\n\
         # canonical = \"Volodymyr Zelensky\"\n\
         # variants = [\"Zelenskiy\", \"Zelenskyy\"]\n\
         \n\
         [claims]\n\
         # Words added to the built-in lists (lowercase):\n\
         # boosters = [\"indisputably\"]\n\
         # attribution = [\"tweeted\"]\n\
         \n\
         [files]\n\
         # Files that batch checks skip, as .gitignore patterns relative to this folder:\n\
         # exclude = [\"drafts/\", \"CHANGELOG.md\"]\n",
    );
    text
}

fn toml_string(value: &str) -> String {
    toml_edit::Value::from(value).to_string().trim().to_string()
}

/// The `limit` most used multi-word capitalised names in the prose of
/// `files` (used at least [`MIN_USES`] times, at least once in mid
/// sentence), most used first, then alphabetically.
pub(crate) fn common_names(files: &[PathBuf], limit: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, Count> = HashMap::new();
    for path in files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        scan(&text, DocKind::from_path(path), &mut counts);
    }
    let mut names: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, count)| count.uses >= MIN_USES && count.mid_sentence > 0)
        .map(|(name, count)| (name, count.uses))
        .collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    names.truncate(limit);
    names
}

#[derive(Default)]
struct Count {
    uses: usize,
    /// Uses that do not start a sentence, where capitals mean a name.
    mid_sentence: usize,
}

/// Words that may stand inside a name, between capitalised words.
const PARTICLES: &[&str] = &[
    "of", "de", "del", "della", "der", "den", "van", "von", "da", "di", "du", "la", "le", "bin",
    "ibn", "al",
];

/// Capitalised words that start a run but are not part of the name.
const LEADING: &[&str] = &[
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "To",
    "With",
    "And",
    "But",
    "Or",
    "So",
    "If",
    "When",
    "While",
    "As",
    "After",
    "Before",
    "Since",
    "Although",
    "Though",
    "Because",
    "Yet",
    "Then",
    "Thus",
    "However",
    "Here",
    "There",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "President",
    "Minister",
    "Senator",
    "Governor",
    "General",
    "Judge",
    "Chairman",
    "Chief",
    "Dear",
    "Yes",
    "No",
    "Oh",
];

/// Counts the names in the paragraphs of one document.
fn scan(text: &str, kind: DocKind, counts: &mut HashMap<String, Count>) {
    let prose = prose::extract(text, kind);
    for block in &prose.blocks {
        if matches!(block.kind, BlockKind::Heading) {
            continue;
        }
        scan_block(prose.block_text(block), counts);
    }
}

/// One word of a block: its text and where it starts and ends.
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn words(block: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    for (idx, ch) in block
        .char_indices()
        .chain(std::iter::once((block.len(), ' ')))
    {
        let inner = ch.is_alphabetic() || (start.is_some() && matches!(ch, '-' | '\'' | '’'));
        match (start, inner) {
            (None, true) => start = Some(idx),
            (Some(from), false) => {
                let word = block[from..idx].trim_end_matches(['-', '\'', '’']);
                words.push(Word {
                    text: word,
                    start: from,
                    end: from + word.len(),
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// Whether the text before a word ends a sentence (or is nothing).
fn starts_sentence(before: &str) -> bool {
    let before = before.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '_')
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '—', '–'])
}

fn scan_block(block: &str, counts: &mut HashMap<String, Count>) {
    let words = words(block);
    let mut idx = 0;
    while idx < words.len() {
        if !is_capitalised(words[idx].text) {
            idx += 1;
            continue;
        }
        // A run: capitalised words one space apart, particles allowed
        // between them; a possessive ends it.
        let mut run = vec![idx];
        let mut next = idx + 1;
        while next < words.len() && !possessive(words[*run.last().expect("a run")].text) {
            let gap = &block[words[next - 1].end..words[next].start];
            if gap != " " {
                break;
            }
            if is_capitalised(words[next].text) {
                run.push(next);
            } else if !PARTICLES.contains(&words[next].text) {
                break;
            }
            next += 1;
        }
        let mut first = 0;
        while first < run.len() && LEADING.contains(&words[run[first]].text) {
            first += 1;
        }
        let name_words = &run[first..];
        if name_words.len() >= 2 {
            let start = words[name_words[0]].start;
            let last = &words[*name_words.last().expect("two words")];
            let name = strip_possessive(&block[start..last.end]);
            let initial = first == 0 && starts_sentence(&block[..start]);
            let count = counts.entry(name.to_string()).or_default();
            count.uses += 1;
            if !initial {
                count.mid_sentence += 1;
            }
        }
        idx = run.last().expect("a run") + 1;
    }
}

fn possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

fn strip_possessive(name: &str) -> &str {
    name.strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(text: &str) -> Vec<(String, usize)> {
        let mut counts = HashMap::new();
        scan(text, DocKind::Plain, &mut counts);
        let mut names: Vec<(String, usize)> = counts
            .into_iter()
            .filter(|(_, count)| count.uses >= MIN_USES && count.mid_sentence > 0)
            .map(|(name, count)| (name, count.uses))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn finds_multi_word_names_used_in_mid_sentence() {
        let text =
            "Ngozi Okonjo-Iweala spoke. Later, the envoy met Ngozi Okonjo-Iweala's aides.\n\n\
                    The Bank of England agreed with the Bank of England staff.\n\n\
                    Yesterday Morning came. Yesterday Morning went.\n\n\
                    President Joe Biden and Joe Biden.\n";
        assert_eq!(
            names_in(text),
            [
                ("Bank of England".to_string(), 2),
                ("Joe Biden".to_string(), 2),
                ("Ngozi Okonjo-Iweala".to_string(), 2),
            ]
        );
    }

    #[test]
    fn the_starter_parses_without_errors() {
        let names = vec![
            ("Ngozi Okonjo-Iweala".to_string(), 7),
            ("O\"Brien \\ Sons".to_string(), 2),
        ];
        let config = config::parse(&starter(&names));
        assert!(config.errors.is_empty(), "{:?}", config.errors);
        assert_eq!(
            config.settings.entities.names,
            ["Ngozi Okonjo-Iweala", "O\"Brien \\ Sons"]
        );
        assert!(config.exclude.is_empty());
        assert!(config.settings.severities.is_empty());
        let empty = config::parse(&starter(&[]));
        assert!(empty.errors.is_empty(), "{:?}", empty.errors);
    }

    #[test]
    fn every_rule_is_listed_and_each_commented_line_parses_when_uncommented() {
        let text = starter(&[]);
        for rule in RULES {
            assert!(
                text.contains(&format!("# \"{}\" = ", rule.id())),
                "{}",
                rule.id()
            );
        }
        // Uncommenting the example settings gives a valid file too.
        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") || rest.starts_with("[[") => rest,
                _ => line,
            })
            .map(|line| format!("{line}\n"))
            .collect();
        let config = config::parse(&uncommented);
        assert!(
            config.errors.is_empty(),
            "{:?}\n{uncommented}",
            config.errors
        );
        assert_eq!(config.exclude, ["drafts/", "CHANGELOG.md"]);
        assert_eq!(config.settings.entities.glossary.len(), 1);
    }
}
