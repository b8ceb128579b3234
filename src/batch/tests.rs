use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use super::*;

/// A fresh folder under the temp dir, removed on drop (also used by the
/// command line's unit tests).
pub(crate) struct Folder(pub(crate) PathBuf);

impl Folder {
    pub(crate) fn new(name: &str) -> Folder {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "copydesk-batch-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("the temp folder can be made");
        Folder(path)
    }

    pub(crate) fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders can be made");
        std::fs::write(&path, bytes).expect("the file can be written");
        path
    }

    fn relative(&self, files: &[PathBuf]) -> Vec<String> {
        files
            .iter()
            .map(|f| {
                f.strip_prefix(&self.0)
                    .expect("under the folder")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn found(folder: &Folder, scope: ConfigScope) -> Vec<String> {
    let discovery = discover(std::slice::from_ref(&folder.0), scope).expect("the folder exists");
    folder.relative(&discovery.files)
}

#[test]
fn discover_honours_gitignore_hidden_and_exclude() {
    let folder = Folder::new("discover");
    folder.write("a.md", "A.");
    folder.write("b.txt", "B.");
    folder.write("code.rs", "fn main() {}");
    folder.write(".hidden/c.md", "C.");
    folder.write(".notes.md", "N.");
    folder.write("build/d.md", "D.");
    folder.write("drafts/e.md", "E.");
    folder.write("sub/f.tex", "F.");
    folder.write("sub/g.draft.md", "G.");
    folder.write(".gitignore", "build/\n");
    folder.write(
        "copydesk.toml",
        "[files]\nexclude = [\"drafts/\", \"*.draft.md\"]\n",
    );
    assert_eq!(
        found(&folder, ConfigScope::Root),
        ["a.md", "b.txt", "sub/f.tex"]
    );
}

#[test]
fn a_nested_config_excludes_relative_to_its_folder() {
    let folder = Folder::new("nested");
    folder.write("top.md", "T.");
    folder.write("book/copydesk.toml", "[files]\nexclude = [\"/old.md\"]\n");
    folder.write("book/old.md", "O.");
    folder.write("book/new.md", "N.");
    folder.write("book/part/old.md", "P.");
    assert_eq!(
        found(&folder, ConfigScope::Root),
        ["book/new.md", "book/part/old.md", "top.md"]
    );
}

#[test]
fn a_bad_exclude_glob_is_left_out_and_the_rest_apply() {
    let folder = Folder::new("badglob");
    folder.write("a.md", "A.");
    folder.write("skip.md", "S.");
    let config = "[files]\nexclude = [\"a{\", \"skip.md\"]\n";
    folder.write("copydesk.toml", config);
    let discovery = discover(std::slice::from_ref(&folder.0), ConfigScope::Root).expect("exists");
    assert_eq!(folder.relative(&discovery.files), ["a.md"]);
    // Said once, at its place, by the configuration's own errors (which
    // both front ends report where the settings are loaded), not again
    // by the walk.
    assert!(discovery.warnings.is_empty(), "{:?}", discovery.warnings);
    let errors = crate::config::parse(config).errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("a{"), "{errors:?}");
    assert_eq!(&config[errors[0].byte_range.clone()], "\"a{\"");
}

#[test]
fn a_missing_root_is_an_error_and_a_named_file_is_always_checked() {
    let folder = Folder::new("named");
    let named = folder.write("notes.adoc", "Clearly.");
    assert!(discover(&[folder.0.join("missing")], ConfigScope::Repository).is_err());
    let discovery =
        discover(&[named.clone(), named.clone()], ConfigScope::Repository).expect("exists");
    assert_eq!(discovery.files, [named]);
}

#[test]
fn is_discoverable_agrees_with_discover() {
    let folder = Folder::new("discoverable");
    let kept = folder.write("sub/a.md", "A.");
    let ignored = folder.write("build/b.md", "B.");
    let excluded = folder.write("drafts/c.md", "C.");
    let hidden = folder.write(".git/d.md", "D.");
    let code = folder.write("e.rs", "");
    folder.write(".gitignore", "build/\n");
    folder.write("copydesk.toml", "[files]\nexclude = [\"drafts\"]\n");
    let root = folder.0.as_path();
    assert!(is_discoverable(root, &kept, ConfigScope::Root));
    for path in [&ignored, &excluded, &hidden, &code] {
        assert!(!is_discoverable(root, path, ConfigScope::Root), "{path:?}");
    }
    assert!(!is_discoverable(
        &root.join("sub"),
        &ignored,
        ConfigScope::Root
    ));
}

fn defaults(_: &Path) -> Arc<Settings> {
    Arc::new(Settings::default())
}

#[test]
fn check_files_keeps_order_reads_bad_utf8_and_reports_unreadable_files() {
    let folder = Folder::new("check");
    let files = vec![
        folder.write("b.md", "Clearly, the reform has failed.\n"),
        folder.write("a.txt", b"Clearly, the \xff reform has failed.\n"),
        folder.0.join("missing.md"),
    ];
    let results = check_files(&files, defaults, &Control::default()).expect("not cancelled");
    let paths: Vec<&PathBuf> = results.iter().map(|r| &r.path).collect();
    assert_eq!(paths, files.iter().collect::<Vec<_>>());
    assert!(results[0]
        .findings
        .iter()
        .any(|f| f.rule.as_str() == "claim.booster"));
    assert!(results[1].text.contains('\u{fffd}'));
    assert!(results[1]
        .findings
        .iter()
        .any(|f| f.rule.as_str() == "claim.booster"));
    assert!(results[2].error.is_some());
    assert!(results[2].findings.is_empty());
}

#[test]
fn check_files_reports_progress_and_stops_when_cancelled() {
    let folder = Folder::new("cancel");
    let files: Vec<PathBuf> = (0..20)
        .map(|idx| folder.write(&format!("{idx:02}.md"), "Clearly, it failed.\n"))
        .collect();
    let seen = AtomicUsize::new(0);
    let progress = |done: usize| {
        seen.fetch_max(done, Ordering::SeqCst);
    };
    let control = Control {
        cancel: None,
        progress: Some(&progress),
    };
    check_files(&files, defaults, &control).expect("not cancelled");
    assert_eq!(seen.load(Ordering::SeqCst), files.len());

    let cancel = AtomicBool::new(false);
    let analysed = AtomicUsize::new(0);
    let settings = |_: &Path| {
        // Cancel as soon as the first file is being analysed.
        analysed.fetch_add(1, Ordering::SeqCst);
        cancel.store(true, Ordering::SeqCst);
        Arc::new(Settings::default())
    };
    let control = Control {
        cancel: Some(&cancel),
        progress: None,
    };
    assert_eq!(
        check_files(&files, settings, &control).unwrap_err(),
        Cancelled
    );
    assert!(analysed.load(Ordering::SeqCst) < files.len());
}

// Issue #12: a panic while analysing one file lost every file's findings
// (`copydesk check` exited 101, the workspace check said "cancelled").
#[test]
fn a_panic_in_one_file_is_kept_to_that_file() {
    let folder = Folder::new("contain");
    let story = "Okonjo-Iweala spoke. Okonjo-Iweala left. Okonjo-Iweala won. \
                 Then Okonjo-Iwaela lost.\n";
    let files = vec![
        folder.write("a.md", story),
        folder.write("b.md", "Broken."),
        folder.write("c.md", story),
    ];
    let settings_for = |path: &Path| {
        let _stage = crate::contain::stage("claim.booster");
        assert!(!path.ends_with("b.md"), "a bug met in b.md");
        Arc::new(Settings::default())
    };
    let results = check_files(&files, settings_for, &Control::default()).expect("not cancelled");
    let failure = results[1].failure.as_ref().expect("b.md failed");
    assert_eq!(failure.stage, "claim.booster");
    assert!(failure.message.contains("a bug met in b.md"), "{failure}");
    for idx in [0, 2] {
        assert!(results[idx].failure.is_none());
        let rules: Vec<&str> = results[idx]
            .findings
            .iter()
            .map(|f| f.rule.as_str())
            .collect();
        assert_eq!(rules, ["entity.variant"], "{}", results[idx].path.display());
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

// Issue #12: a missing root stopped the whole discovery, and a FIFO named
// as a root was passed over silently.
#[cfg(unix)]
#[test]
fn discover_each_lists_every_root_it_cannot_check_and_walks_the_others() {
    let folder = Folder::new("roots");
    let story = folder.write("story.md", "S.");
    folder.write("sub/a.md", "A.");
    mkfifo(&folder.0.join("sub/pipe.md"));
    let fifo = folder.0.join("y.md");
    mkfifo(&fifo);
    let roots = [
        folder.0.join("missing.md"),
        story.clone(),
        fifo,
        folder.0.join("sub"),
    ];
    let discovery = discover_each(&roots, ConfigScope::Repository);
    assert_eq!(folder.relative(&discovery.files), ["story.md", "sub/a.md"]);
    assert_eq!(discovery.errors.len(), 2, "{:?}", discovery.errors);
    assert!(discovery.errors[0].contains("missing.md"));
    assert!(discovery.errors[1].ends_with("y.md: not a regular file"));
    assert!(discovery.warnings.is_empty(), "{:?}", discovery.warnings);
    // `discover` still stops at the first.
    assert!(discover(&roots, ConfigScope::Repository).is_err());
}

// Issue #12: a file that is a FIFO by the time it is read must not block.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_by_check_files_without_blocking() {
    let folder = Folder::new("fifo-read");
    let fifo = folder.0.join("late.md");
    mkfifo(&fifo);
    let story = folder.write("story.md", "Clearly, the reform has failed.\n");
    let results =
        check_files(&[fifo, story], defaults, &Control::default()).expect("not cancelled");
    let error = results[0].error.as_deref().expect("the FIFO is refused");
    assert!(error.ends_with("not a regular file"), "{error}");
    assert!(!results[1].findings.is_empty());
    let error = read_regular_file(Path::new("/dev/zero")).expect_err("a device is refused");
    assert!(
        matches!(error, crate::config::file::ReadError::NotRegular),
        "{error}"
    );
}
