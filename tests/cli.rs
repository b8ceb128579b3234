//! The command line as a user meets it (issue #12): output to a closed
//! pipe or a full disk, special files and missing paths on the command
//! line, configuration problems at their place, odd file names. Each test
//! runs the built binary on real files in a fresh folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh, empty folder under the system temp dir, removed on drop.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "copydesk-cli-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("the temp folder can be made");
        Folder(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders can be made");
        std::fs::write(&path, bytes).expect("the file can be written");
        path
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Text with a finding of each family.
const STORY: &str = "Okonjo-Iweala spoke. Okonjo-Iweala left. Okonjo-Iweala won. \
                     Then Okonjo-Iwaela lost.\n\nClearly, the reform has failed.\n";

fn copydesk(args: &[&str], cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    command
        .args(args)
        .current_dir(cwd)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null());
    command
}

fn run(args: &[&str], cwd: &Path) -> Output {
    copydesk(args, cwd)
        .output()
        .expect("the copydesk binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder with enough findings that the output is many lines long.
fn folder_with_findings(name: &str) -> Folder {
    let folder = Folder::new(name);
    for idx in 0..40 {
        folder.write(&format!("part/{idx:02}-story.md"), STORY);
    }
    folder
}

/// The commands that write to stdout, with what each writes.
const WRITERS: &[&[&str]] = &[
    &["rules"],
    &["explain", "claim.booster"],
    &["--help"],
    &["--version"],
    &["check", "part"],
    &["check", "--format", "json", "part"],
    &["check", "--format", "sarif", "part"],
    &["check", "--format", "github", "part"],
];

// Issue #12: `copydesk rules | head -1` panicked ("failed printing to
// stdout") with status 101. A closed pipe now ends the program quietly
// with status 0, as other Unix tools do.
#[cfg(unix)]
#[test]
fn writing_to_a_closed_pipe_ends_quietly_with_status_0() {
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;
    let folder = folder_with_findings("pipe");
    for args in WRITERS {
        // The reading end is closed before copydesk starts, so its first
        // write fails with a broken pipe, every time.
        let (writer, reader) = UnixStream::pair().expect("a socket pair");
        drop(reader);
        let output = copydesk(args, folder.path())
            .stdout(Stdio::from(OwnedFd::from(writer)))
            .stderr(Stdio::piped())
            .output()
            .expect("the copydesk binary runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert_eq!(text(&output.stderr), "", "{args:?}");
    }
}

// Issue #12: `copydesk rules > /dev/full` panicked with status 101, and
// `copydesk check DIR > /dev/full` exited 1 saying nothing.
#[cfg(target_os = "linux")]
#[test]
fn writing_to_a_full_disk_is_an_error_with_status_2() {
    let folder = folder_with_findings("full");
    for args in WRITERS {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens");
        let output = copydesk(args, folder.path())
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .expect("the copydesk binary runs");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr.trim_end(),
            "copydesk: cannot write output: No space left on device (os error 28)",
            "{args:?}"
        );
    }
}

#[test]
fn output_to_a_pipe_that_is_read_is_whole() {
    let folder = folder_with_findings("whole");
    let output = run(&["check", "--format", "json", "part"], folder.path());
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the output is JSON");
    assert_eq!(json["summary"]["files"], 40);
    let rules = run(&["rules"], folder.path());
    assert_eq!(rules.status.code(), Some(0));
    assert!(text(&rules.stdout).ends_with('\n'));
    assert!(text(&rules.stdout).contains("claim.booster"));
}
