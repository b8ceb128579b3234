//! Edits to `copydesk.toml` made on the user's behalf (glossary actions),
//! keeping their comments and layout.

use std::fmt;

use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// Why a configuration file could not be edited.
#[derive(Debug, PartialEq, Eq)]
pub enum EditError {
    /// The file is not valid TOML; it is left as it is.
    Invalid(String),
    /// A key the edit needs holds something else ("entities" is not a table).
    Shape(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Invalid(message) => write!(
                f,
                "copydesk.toml is not valid TOML, so it was not changed: {message}"
            ),
            EditError::Shape(message) => write!(f, "copydesk.toml was not changed: {message}"),
        }
    }
}

/// A change to the glossary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GlossaryEdit {
    /// Add a canonical spelling to `[entities] names`.
    AddName(String),
    /// Add a group to `[entities] distinct`.
    MarkDistinct(String, String),
    /// Add a name to `[entities] ignore`.
    Ignore(String),
}

/// Applies `edit` to the text of a `copydesk.toml` (empty for a new file)
/// and returns the new text. Adding what is already there changes nothing.
pub fn apply(text: &str, edit: &GlossaryEdit) -> Result<String, EditError> {
    let mut document: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Invalid(e.message().trim().to_string()))?;
    let entities = document
        .entry("entities")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| EditError::Shape("\"entities\" is not a table".to_string()))?;
    let (key, value) = match edit {
        GlossaryEdit::AddName(name) => ("names", Value::from(name.as_str())),
        GlossaryEdit::Ignore(name) => ("ignore", Value::from(name.as_str())),
        GlossaryEdit::MarkDistinct(a, b) => {
            let mut pair = Array::new();
            pair.push(a.as_str());
            pair.push(b.as_str());
            ("distinct", Value::Array(pair))
        }
    };
    let list = entities
        .entry(key)
        .or_insert(Item::Value(Value::Array(Array::new())))
        .as_array_mut()
        .ok_or_else(|| EditError::Shape(format!("\"entities.{key}\" is not a list")))?;
    let present = list.iter().any(|existing| same_entry(existing, &value));
    if !present {
        list.push_formatted(value.decorated(if list.is_empty() { "" } else { " " }, ""));
    }
    Ok(document.to_string())
}

fn same_entry(existing: &Value, new: &Value) -> bool {
    match (existing, new) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Array(a), Value::Array(b)) => {
            let strings = |array: &Array| {
                let mut strings: Vec<String> = array
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                strings.sort();
                strings
            };
            strings(a) == strings(b)
        }
        _ => false,
    }
}
