//! `copydesk.toml` and editor settings, turned into analysis [`Settings`].
//!
//! An invalid file never stops checking: every problem becomes a
//! [`ConfigError`] with its byte range, and the broken part keeps its
//! default (SPEC §2). Editor settings (`initializationOptions`,
//! `workspace/configuration`) apply on top of the file.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use toml_edit::{ImDocument, Item, TableLike, Value};

use crate::analysis::{rules, Settings, Severity};
use crate::contain::lock;

pub mod edit;
pub mod file;

/// The file name looked for in each folder.
pub const FILE_NAME: &str = "copydesk.toml";

/// One problem in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where in the file; an empty range at 0 when the place is unknown.
    pub byte_range: Range<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A parsed configuration: the settings, and the problems found on the way.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub settings: Settings,
    /// Glob patterns of files that batch checks skip.
    pub exclude: Vec<String>,
    pub errors: Vec<ConfigError>,
    /// The text the file's bytes were decoded to and parsed from (see
    /// [`parse_bytes`]), where the errors' byte ranges point; `None` when
    /// the file could not be read (its one error then says why).
    pub source: Option<String>,
}

/// Parses the text of a `copydesk.toml`.
pub fn parse(text: &str) -> Config {
    let mut config = Config::default();
    let document = match ImDocument::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let message = error.message().trim().to_string();
            config.errors.push(ConfigError {
                byte_range: error.span().unwrap_or(0..0),
                message,
            });
            return config;
        }
    };
    let mut parser = Parser {
        errors: &mut config.errors,
    };
    for (key, item) in document.as_table().iter() {
        match key {
            "rules" => {
                if let Some(table) = parser.table(item, "rules") {
                    parse_rules(&mut parser, table, &mut config.settings);
                }
            }
            "entities" => {
                if let Some(table) = parser.table(item, "entities") {
                    parse_entities(&mut parser, table, &mut config.settings);
                }
            }
            "claims" => {
                if let Some(table) = parser.table(item, "claims") {
                    for (key, item) in table.iter() {
                        let list = match key {
                            "boosters" => &mut config.settings.claims.boosters,
                            "attribution" => &mut config.settings.claims.attribution,
                            _ => {
                                parser.unknown_key(
                                    table,
                                    key,
                                    "claims",
                                    &["boosters", "attribution"],
                                );
                                continue;
                            }
                        };
                        *list = parser
                            .strings(item, key)
                            .into_iter()
                            .map(|s| s.to_lowercase())
                            .collect();
                    }
                }
            }
            "files" => {
                if let Some(table) = parser.table(item, "files") {
                    for (key, item) in table.iter() {
                        match key {
                            "exclude" => config.exclude = parser.globs(item, "exclude"),
                            _ => parser.unknown_key(table, key, "files", &["exclude"]),
                        }
                    }
                }
            }
            _ => parser.unknown_key(
                document.as_table(),
                key,
                "the top level",
                &["rules", "entities", "claims", "files"],
            ),
        }
    }
    config
}

fn parse_rules(parser: &mut Parser<'_>, table: &dyn TableLike, settings: &mut Settings) {
    for (key, item) in table.iter() {
        let span = key_span(table, key).or_else(|| item.span());
        if rules::find(key).is_none() {
            let known: Vec<&str> = rules::RULES.iter().map(|r| r.id().as_str()).collect();
            parser.error(
                span,
                format!(
                    "unknown rule \"{key}\"; expected one of {}",
                    known.join(", ")
                ),
            );
            continue;
        }
        match item.as_str() {
            Some("off") => {
                settings.severities.insert(key.to_string(), None);
            }
            Some(name) if Severity::parse(name).is_some() => {
                settings.severities.insert(key.to_string(), Severity::parse(name));
            }
            _ => parser.error(
                item.span().or(span),
                format!("rule \"{key}\" must be \"off\", \"hint\", \"information\", \"warning\" or \"error\""),
            ),
        }
    }
}

fn parse_entities(parser: &mut Parser<'_>, table: &dyn TableLike, settings: &mut Settings) {
    let entities = &mut settings.entities;
    for (key, item) in table.iter() {
        match key {
            "names" => entities.names = parser.strings(item, "names"),
            "ignore" => entities.ignore = parser.strings(item, "ignore"),
            "distinct" => {
                let Some(array) = parser.array(item, "distinct") else {
                    continue;
                };
                for value in array.iter() {
                    let group: Vec<String> = value
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    if group.len() < 2 || value.as_array().is_some_and(|a| a.len() != group.len()) {
                        parser.error(
                            value.span(),
                            "each \"distinct\" entry must be a list of two or more names".into(),
                        );
                    } else {
                        entities.distinct.push(group);
                    }
                }
            }
            "name" => {
                let Some(tables) = item.as_array_of_tables() else {
                    parser.error(
                        item.span(),
                        "\"entities.name\" must be written as [[entities.name]] tables".into(),
                    );
                    continue;
                };
                for name in tables.iter() {
                    let canonical = name.get("canonical").and_then(Item::as_str);
                    let Some(canonical) = canonical else {
                        parser.error(
                            name.span(),
                            "[[entities.name]] needs canonical = \"...\"".into(),
                        );
                        continue;
                    };
                    let variants = name
                        .get("variants")
                        .map(|v| parser.strings(v, "variants"))
                        .unwrap_or_default();
                    for (key, _) in name.iter() {
                        if key != "canonical" && key != "variants" {
                            parser.unknown_key(
                                name,
                                key,
                                "[[entities.name]]",
                                &["canonical", "variants"],
                            );
                        }
                    }
                    entities.glossary.push(crate::analysis::GlossaryName {
                        canonical: canonical.to_string(),
                        variants,
                    });
                }
            }
            _ => parser.unknown_key(
                table,
                key,
                "entities",
                &["names", "distinct", "ignore", "name"],
            ),
        }
    }
}

fn key_span(table: &dyn TableLike, key: &str) -> Option<Range<usize>> {
    table.get_key_value(key).and_then(|(key, _)| key.span())
}

struct Parser<'a> {
    errors: &'a mut Vec<ConfigError>,
}

impl Parser<'_> {
    fn error(&mut self, span: Option<Range<usize>>, message: String) {
        self.errors.push(ConfigError {
            byte_range: span.unwrap_or(0..0),
            message,
        });
    }

    fn unknown_key(&mut self, table: &dyn TableLike, key: &str, section: &str, expected: &[&str]) {
        let span = key_span(table, key);
        self.error(
            span,
            format!(
                "unknown key \"{key}\" in {section}; expected one of {}",
                expected.join(", ")
            ),
        );
    }

    fn table<'i>(&mut self, item: &'i Item, name: &str) -> Option<&'i dyn TableLike> {
        let table = item.as_table_like();
        if table.is_none() {
            self.error(item.span(), format!("\"{name}\" must be a table"));
        }
        table
    }

    fn array<'i>(&mut self, item: &'i Item, name: &str) -> Option<&'i toml_edit::Array> {
        let array = item.as_array();
        if array.is_none() {
            self.error(item.span(), format!("\"{name}\" must be a list"));
        }
        array
    }

    /// A list of glob patterns, as `[files] exclude` takes them (gitignore
    /// syntax); an invalid one is an error at its place, so the CLI and
    /// the server report the same problem.
    fn globs(&mut self, item: &Item, name: &str) -> Vec<String> {
        let Some(array) = self.array(item, name) else {
            return Vec::new();
        };
        let mut globs = Vec::new();
        for value in array.iter() {
            let Value::String(pattern) = value else {
                self.error(
                    value.span(),
                    format!("\"{name}\" must be a list of strings"),
                );
                continue;
            };
            let pattern = pattern.value();
            // Checked the way the batch walk compiles it: `!` makes an
            // override glob an exclusion.
            let mut builder = ignore::overrides::OverrideBuilder::new("/");
            if let Err(error) = builder.add(&format!("!{pattern}")) {
                self.error(
                    value.span(),
                    format!("exclude pattern \"{pattern}\" is not a valid glob: {error}"),
                );
            }
            // Kept: the batch walk skips it with a warning of its own.
            globs.push(pattern.clone());
        }
        globs
    }

    /// A list of strings; anything else in it is an error and left out.
    fn strings(&mut self, item: &Item, name: &str) -> Vec<String> {
        let Some(array) = self.array(item, name) else {
            return Vec::new();
        };
        let mut strings = Vec::new();
        for value in array.iter() {
            match value {
                Value::String(s) => strings.push(s.value().clone()),
                other => self.error(
                    other.span(),
                    format!("\"{name}\" must be a list of strings"),
                ),
            }
        }
        strings
    }
}

/// Settings an editor sends (`initializationOptions` or the `copydesk`
/// section of `workspace/configuration`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditorSettings {
    /// Delay before analysing after a change, in milliseconds.
    pub debounce_ms: u64,
    /// Rule severities by id; `None` switches a rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// The configuration file to use instead of the nearest
    /// `copydesk.toml`, relative to the workspace folder (`glossaryPath`).
    pub glossary_path: Option<String>,
}

/// Reads editor settings from JSON; problems are returned as messages and
/// the rest is used.
pub fn editor_settings(value: &serde_json::Value) -> (EditorSettings, Vec<String>) {
    editor_settings_over(&EditorSettings::default(), value)
}

/// Reads editor settings from JSON on top of `base` (the
/// `initializationOptions`): what `value` does not mention keeps its value.
pub fn editor_settings_over(
    base: &EditorSettings,
    value: &serde_json::Value,
) -> (EditorSettings, Vec<String>) {
    let mut settings = base.clone();
    let mut problems = Vec::new();
    let Some(object) = value.as_object() else {
        if !value.is_null() {
            problems.push("copydesk settings must be an object".to_string());
        }
        return (settings, problems);
    };
    if let Some(debounce) = object.get("debounceMs") {
        match debounce.as_u64() {
            Some(ms) => settings.debounce_ms = ms.min(10_000),
            None => problems.push("debounceMs must be a whole number of milliseconds".to_string()),
        }
    }
    if let Some(path) = object.get("glossaryPath") {
        match path {
            serde_json::Value::String(path) if path.trim().is_empty() => {
                settings.glossary_path = None;
            }
            serde_json::Value::String(path) => {
                settings.glossary_path = Some(path.trim().to_string())
            }
            serde_json::Value::Null => settings.glossary_path = None,
            _ => problems.push("glossaryPath must be a path, as text".to_string()),
        }
    }
    if let Some(rules) = object.get("rules").and_then(|r| r.as_object()) {
        for (rule_id, value) in rules {
            let severity = value.as_str().and_then(|name| match name {
                "off" => Some(None),
                name => Severity::parse(name).map(Some),
            });
            match (rules::find(rule_id), severity) {
                (Some(_), Some(severity)) => {
                    settings.severities.insert(rule_id.clone(), severity);
                }
                (None, _) => {
                    problems.push(format!("unknown rule \"{rule_id}\" in editor settings"))
                }
                (_, None) => problems.push(format!(
                    "rule \"{rule_id}\" must be off, hint, information, warning or error"
                )),
            }
        }
    }
    (settings, problems)
}

/// The configuration file that applies to `file`: the editor's
/// `glossaryPath` when set (relative to `root`, the workspace folder, or to
/// the file's folder outside a workspace), if it exists; else the nearest
/// `copydesk.toml` (see [`find_file`]).
pub fn config_file(
    file: &Path,
    root: Option<&Path>,
    glossary_path: Option<&str>,
) -> Option<PathBuf> {
    match glossary_path {
        Some(glossary) => {
            Some(resolve_glossary(file, root, glossary)).filter(|path| path.is_file())
        }
        None => find_file(file, root),
    }
}

/// Where the glossary actions write for `file` in the workspace folder
/// `root`: the editor's `glossaryPath` when set, else the nearest
/// `copydesk.toml`, else a new one at `root`. `None` when `glossaryPath`
/// points outside `root`: the actions never write outside the workspace.
pub fn glossary_target(file: &Path, root: &Path, glossary_path: Option<&str>) -> Option<PathBuf> {
    match glossary_path {
        Some(glossary) => {
            let relative = Path::new(glossary);
            let inside = relative.is_relative()
                && relative.components().all(|c| {
                    matches!(
                        c,
                        std::path::Component::Normal(_) | std::path::Component::CurDir
                    )
                });
            inside.then(|| root.join(relative))
        }
        None => Some(find_file(file, Some(root)).unwrap_or_else(|| root.join(FILE_NAME))),
    }
}

fn resolve_glossary(file: &Path, root: Option<&Path>, glossary: &str) -> PathBuf {
    let base = root.or_else(|| file.parent()).unwrap_or(Path::new(""));
    base.join(glossary)
}

/// The `copydesk.toml` that applies to `file`: the nearest one walking up
/// from its folder, stopping at `root` (inclusive) when given, else at the
/// top of the git repository the file is in.
pub fn find_file(file: &Path, root: Option<&Path>) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(current) = dir {
        let candidate = current.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        let at_root = match root {
            Some(root) => current == root,
            None => current.join(".git").exists(),
        };
        if at_root {
            return None;
        }
        dir = current.parent();
    }
    None
}

/// A configuration file's bytes decoded as [`file::decode`] does and
/// parsed, with the bytes that are not UTF-8 among the errors, all in the
/// order of the text; the text is kept as [`Config::source`].
pub fn parse_bytes(bytes: &[u8]) -> Config {
    let (text, mut errors) = file::decode(bytes);
    let mut config = parse(&text);
    errors.append(&mut config.errors);
    errors.sort_by_key(|error| error.byte_range.start);
    config.errors = errors;
    config.source = Some(text);
    config
}

/// Parsed configuration files, re-read when their modification time
/// changes, so an edited `copydesk.toml` takes effect on the next check.
#[derive(Default)]
pub struct ConfigCache {
    entries: Mutex<HashMap<PathBuf, Loaded>>,
}

/// A parsed file and the modification time it had when read.
type Loaded = (Option<SystemTime>, Arc<Config>);

impl ConfigCache {
    /// The configuration at `path`; a file that cannot be read gives the
    /// defaults and an error.
    pub fn load(&self, path: &Path) -> Arc<Config> {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let mut entries = lock(&self.entries);
        if let Some((seen, config)) = entries.get(path) {
            if *seen == modified && modified.is_some() {
                return Arc::clone(config);
            }
        }
        let config = match file::read_bytes(path) {
            Ok(bytes) => parse_bytes(&bytes),
            Err(error) => Config {
                errors: vec![ConfigError {
                    byte_range: 0..0,
                    message: format!("cannot read {}: {error}", path.display()),
                }],
                ..Config::default()
            },
        };
        let config = Arc::new(config);
        entries.insert(path.to_path_buf(), (modified, Arc::clone(&config)));
        config
    }

    /// Whether `path` has been loaded before.
    pub fn is_loaded(&self, path: &Path) -> bool {
        lock(&self.entries).contains_key(path)
    }

    /// Forgets a file, so that the next load reads it again.
    pub fn invalidate(&self, path: &Path) {
        lock(&self.entries).remove(path);
    }
}

#[cfg(test)]
mod tests;
