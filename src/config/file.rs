//! Reading and writing configuration files with care (issue #12).
//!
//! Only regular files are read, at most [`MAX_BYTES`] of them, and a FIFO or
//! a device is never opened. Glossary writes are confined to the workspace
//! folders on canonical paths (symlinks resolved) checked at the moment of
//! writing, and are atomic: a temporary file in the same folder is renamed
//! over the target, keeping its line endings, byte-order mark and
//! permissions. No LSP types here.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::edit::{self, EditError, GlossaryEdit};
use super::ConfigError;

/// The largest configuration file read: 4 MiB, far beyond any real
/// glossary, and small enough that `/dev/zero` or a huge file cannot
/// exhaust memory.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Why a configuration file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A folder, FIFO, socket or device (possibly through a symlink).
    NotRegular,
    /// Larger than [`MAX_BYTES`]; the size in bytes.
    TooBig(u64),
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular => f.write_str("not a regular file"),
            ReadError::TooBig(bytes) => write!(
                f,
                "{bytes} bytes is more than the {} MiB a configuration file may have",
                MAX_BYTES / (1024 * 1024)
            ),
            ReadError::Io(error) => write!(f, "{error}"),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(error: io::Error) -> Self {
        ReadError::Io(error)
    }
}

fn check_regular(metadata: &Metadata, limit: u64) -> Result<(), ReadError> {
    if !metadata.is_file() {
        return Err(ReadError::NotRegular);
    }
    if metadata.len() > limit {
        return Err(ReadError::TooBig(metadata.len()));
    }
    Ok(())
}

/// Opens a file for reading without blocking on a FIFO that slipped in
/// after its metadata was checked.
fn open_for_reading(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of the regular file at `path` (symlinks followed), at most
/// `limit` of them.
///
/// A FIFO, socket, device or folder is refused before it is opened:
/// reading a FIFO blocks until a writer comes, and a device such as
/// `/dev/zero` never ends. What was opened is checked again, so a file
/// that turns into a FIFO in between is refused too; where `O_NONBLOCK`
/// is at hand, opening such a FIFO cannot block either (on a regular file
/// the flag does nothing).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    check_regular(&std::fs::metadata(path)?, limit)?;
    let file = open_for_reading(path)?;
    let metadata = file.metadata()?;
    check_regular(&metadata, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes of the configuration file at `path`: [`read_regular`] with
/// at most [`MAX_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_regular(path, MAX_BYTES)
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A configuration file's bytes as text: without its byte-order mark,
/// invalid UTF-8 replaced by U+FFFD (so byte ranges in the text stay on
/// the right line and column), and one error per invalid sequence, at its
/// place in the text.
pub fn decode(bytes: &[u8]) -> (String, Vec<ConfigError>) {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut text = String::with_capacity(bytes.len());
    let mut errors = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        let start = text.len();
        text.push(char::REPLACEMENT_CHARACTER);
        // A file full of bad bytes needs only a few pointers.
        if errors.len() < 10 {
            let shown: Vec<String> = invalid.iter().map(|b| format!("0x{b:02X}")).collect();
            errors.push(ConfigError {
                byte_range: start..text.len(),
                message: format!(
                    "invalid UTF-8 (byte {}); copydesk.toml must be UTF-8",
                    shown.join(" ")
                ),
            });
        }
    }
    (text, errors)
}

/// The text of the configuration file at `path`, as [`decode`] gives it.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    read_bytes(path).map(|bytes| decode(&bytes).0)
}

/// Why a glossary change was not written. Nothing was changed on disk.
#[derive(Debug)]
pub enum WriteError {
    /// No workspace folder is open (or none exists on disk).
    NoWorkspace,
    /// The target leads outside every workspace folder.
    Outside {
        path: PathBuf,
        resolved: PathBuf,
    },
    /// The target cannot be resolved: a symlink loop, a dangling symlink,
    /// a missing folder.
    Unresolved {
        path: PathBuf,
        reason: String,
    },
    /// The target is not a regular file, or is too big.
    Unreadable {
        path: PathBuf,
        error: ReadError,
    },
    /// The file is not UTF-8, so it is left alone.
    NotUtf8(PathBuf),
    Edit(EditError),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::NoWorkspace => f.write_str(
                "no workspace folder is open, so the glossary was not changed; \
                 open a folder (or set glossaryPath to a file inside one)",
            ),
            WriteError::Outside { path, resolved } => write!(
                f,
                "{} leads outside the workspace (to {}), so the glossary was not changed",
                path.display(),
                resolved.display()
            ),
            WriteError::Unresolved { path, reason } => write!(
                f,
                "cannot resolve {} ({reason}), so the glossary was not changed",
                path.display()
            ),
            WriteError::Unreadable { path, error } => write!(
                f,
                "cannot use {} as the glossary ({error}), so it was not changed",
                path.display()
            ),
            WriteError::NotUtf8(path) => write!(
                f,
                "{} is not valid UTF-8, so it was not changed",
                path.display()
            ),
            WriteError::Edit(error) => write!(f, "{error}"),
            WriteError::Io { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

/// Applies `change` to the configuration file `target`, creating it if it
/// does not exist, and returns the file written (`target` with symlinks
/// resolved). Refused unless the canonical target lies inside one of the
/// canonical `roots`; a symlink to a file inside is followed, so the link
/// stays a link.
pub fn write_glossary(
    target: &Path,
    roots: &[PathBuf],
    change: &GlossaryEdit,
) -> Result<PathBuf, WriteError> {
    let roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .collect();
    if roots.is_empty() {
        return Err(WriteError::NoWorkspace);
    }
    let resolved = resolve(target)?;
    confine(target, &resolved, &roots)?;
    let (bytes, permissions) = match std::fs::symlink_metadata(&resolved) {
        Ok(metadata) => {
            let unreadable = |error| WriteError::Unreadable {
                path: target.to_path_buf(),
                error,
            };
            if !metadata.is_file() {
                return Err(unreadable(ReadError::NotRegular));
            }
            (
                read_bytes(&resolved).map_err(unreadable)?,
                Some(metadata.permissions()),
            )
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => (Vec::new(), None),
        Err(error) => {
            return Err(WriteError::Io {
                path: target.to_path_buf(),
                error,
            })
        }
    };
    let form = Form::of(&bytes);
    let text = std::str::from_utf8(&bytes[form.bom_len()..])
        .map_err(|_| WriteError::NotUtf8(target.to_path_buf()))?;
    let text = if form.crlf {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    };
    let new_text = edit::apply(&text, change).map_err(WriteError::Edit)?;
    if new_text == text && permissions.is_some() {
        return Ok(resolved); // Already there: nothing to write.
    }
    let new_bytes = form.restore(&new_text);
    write_atomically(target, &resolved, &roots, &new_bytes, permissions)?;
    Ok(resolved)
}

/// The canonical path of `target`; for a file that does not exist yet, its
/// canonical folder joined with its name.
fn resolve(target: &Path) -> Result<PathBuf, WriteError> {
    let unresolved = |reason: String| WriteError::Unresolved {
        path: target.to_path_buf(),
        reason,
    };
    match std::fs::canonicalize(target) {
        Ok(resolved) => Ok(resolved),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(target).is_ok() {
                // A symlink to nothing: writing would create its target,
                // wherever that is.
                return Err(unresolved("a symbolic link to a missing file".into()));
            }
            let (Some(folder), Some(name)) = (target.parent(), target.file_name()) else {
                return Err(unresolved("not a file name".into()));
            };
            let folder = std::fs::canonicalize(folder)
                .map_err(|error| unresolved(format!("its folder: {error}")))?;
            Ok(folder.join(name))
        }
        Err(error) => Err(unresolved(error.to_string())),
    }
}

fn confine(target: &Path, resolved: &Path, roots: &[PathBuf]) -> Result<(), WriteError> {
    // A workspace folder itself is not a file to write.
    if roots
        .iter()
        .any(|root| resolved.starts_with(root) && resolved != root)
    {
        Ok(())
    } else {
        Err(WriteError::Outside {
            path: target.to_path_buf(),
            resolved: resolved.to_path_buf(),
        })
    }
}

/// Writes `bytes` to a new file beside `resolved` and renames it over
/// `resolved`. The folder is resolved and confined again just before, so
/// a folder swapped for a symlink since the first check is caught; the
/// rename replaces a directory entry and never follows a link.
fn write_atomically(
    target: &Path,
    resolved: &Path,
    roots: &[PathBuf],
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> Result<(), WriteError> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let io_error = |error| WriteError::Io {
        path: target.to_path_buf(),
        error,
    };
    let (Some(folder), Some(name)) = (resolved.parent(), resolved.file_name()) else {
        return Err(WriteError::Unresolved {
            path: target.to_path_buf(),
            reason: "not a file name".into(),
        });
    };
    let folder_now = std::fs::canonicalize(folder).map_err(io_error)?;
    if folder_now != folder {
        return Err(WriteError::Outside {
            path: target.to_path_buf(),
            resolved: folder_now.join(name),
        });
    }
    confine(target, resolved, roots)?;
    let temporary = folder.join(format!(
        ".{}.copydesk-{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        // `create_new` never follows a symlink planted at the name.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, resolved)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(io_error)
}

/// The form of a file's text that an edit keeps: a byte-order mark and
/// CRLF line endings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Form {
    bom: bool,
    crlf: bool,
}

impl Form {
    /// CRLF when the first line ending is CRLF.
    fn of(bytes: &[u8]) -> Form {
        let bom = bytes.starts_with(BOM);
        let crlf = bytes
            .iter()
            .position(|&b| b == b'\n')
            .is_some_and(|idx| idx > 0 && bytes[idx - 1] == b'\r');
        Form { bom, crlf }
    }

    fn bom_len(self) -> usize {
        if self.bom {
            BOM.len()
        } else {
            0
        }
    }

    /// `text` (with LF line endings) in this form.
    fn restore(self, text: &str) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(text.len() + 8);
        if self.bom {
            bytes.extend_from_slice(BOM);
        }
        if self.crlf {
            bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        } else {
            bytes.extend_from_slice(text.as_bytes());
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_invalid_utf8_where_it_is() {
        let (text, errors) = decode(b"\xEF\xBB\xBF[rules]\n# caf\xE9\n");
        assert_eq!(text, "[rules]\n# caf\u{FFFD}\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].byte_range, 13..16);
    }

    #[test]
    fn form_keeps_crlf_and_bom() {
        let form = Form::of(b"\xEF\xBB\xBFa = 1\r\nb = 2\r\n");
        assert_eq!(
            form,
            Form {
                bom: true,
                crlf: true
            }
        );
        assert_eq!(form.restore("a\nb\n"), b"\xEF\xBB\xBFa\r\nb\r\n");
        assert_eq!(
            Form::of(b"a\nb\r\n"),
            Form {
                bom: false,
                crlf: false
            }
        );
    }
}
