//! The command line as a user meets it (issue #12): output to a closed
//! pipe or a full disk, special files and missing paths on the command
//! line, configuration problems at their place, odd file names. Each test
//! runs the built binary on real files in a fresh folder.

mod lsp_support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use lsp_support::{mkfifo, TempDir};

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
fn folder_with_findings(name: &str) -> TempDir {
    let folder = TempDir::new(name);
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

/// Runs copydesk and kills it if it has not ended within `seconds`: a
/// test of something that used to hang must not hang the suite.
fn run_within(args: &[&str], cwd: &Path, seconds: u64) -> Output {
    let mut child = copydesk(args, cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the copydesk binary runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while child
        .try_wait()
        .expect("the child can be waited for")
        .is_none()
    {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("copydesk {args:?} still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("the output can be read")
}

#[cfg(unix)]
// Issue #12: a FIFO named on the command line was passed over silently
// with status 0. It is now reported, never opened (so nothing blocks), the
// other files are checked, and the status is 2.
#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_an_error_and_never_blocks() {
    let folder = TempDir::new("fifo");
    folder.write("story.md", STORY);
    mkfifo(&folder.path().join("y.md"));
    let output = run_within(&["check", "y.md", "story.md"], folder.path(), 60);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("y.md: not a regular file"),
        "stderr: {stderr}"
    );
    let stdout = text(&output.stdout);
    assert!(stdout.contains("story.md:1:"), "stdout: {stdout}");
    assert!(stdout.contains("entity.variant"), "stdout: {stdout}");
    // A device is no more a prose file than a FIFO is.
    let output = run_within(&["check", "/dev/zero", "story.md"], folder.path(), 60);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("/dev/zero: not a regular file"));
    assert!(text(&output.stdout).contains("story.md:1:"));
}

// Issue #12: FIFOs met while walking a folder are passed over, not read,
// and are no error.
#[cfg(unix)]
#[test]
fn a_fifo_in_a_walked_folder_is_passed_over() {
    let folder = TempDir::new("fifo-walk");
    folder.write("docs/story.md", STORY);
    mkfifo(&folder.path().join("docs/pipe.md"));
    let output = run_within(&["check", "docs"], folder.path(), 60);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr, "");
    assert!(text(&output.stdout).contains("story.md:1:"));
    assert!(!text(&output.stdout).contains("pipe.md"));
}

// Issue #12: `copydesk check MISSING.md story.md` exited 2 without
// checking story.md.
#[test]
fn a_missing_path_is_reported_and_the_others_are_checked() {
    let folder = TempDir::new("missing");
    folder.write("story.md", STORY);
    folder.write("more/other.md", STORY);
    let output = run(
        &["check", "MISSING.md", "story.md", "gone/", "more"],
        folder.path(),
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("MISSING.md: No such file"), "{stderr}");
    assert!(stderr.contains("gone/: No such file"), "{stderr}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("story.md:1:"), "{stdout}");
    assert!(stdout.contains("more/other.md:1:"), "{stdout}");
    // JSON too: every file that exists, and valid JSON.
    let output = run(
        &["check", "--format", "json", "MISSING.md", "story.md"],
        folder.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the output is JSON");
    assert_eq!(json["files"][0]["path"], "story.md");
}

// Issue #12: every problem of a copydesk.toml with bytes that are not
// UTF-8 was reported at 1:1. The bad bytes and the other problems are now
// reported at their own line and column.
#[test]
fn config_problems_are_reported_at_their_place_in_a_non_utf8_file() {
    let folder = TempDir::new("config-utf8");
    std::fs::create_dir(folder.path().join(".git")).expect("a repository boundary");
    folder.write(
        "copydesk.toml",
        b"# Caf\xe9 style\n[rules]\n\"claim.boster\" = \"off\"\n# note \xff\n",
    );
    folder.write("story.md", STORY);
    let output = run(&["check", "story.md"], folder.path());
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("copydesk.toml:1:6: error config invalid UTF-8 (byte 0xE9)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("copydesk.toml:3:1: error config unknown rule \"claim.boster\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("copydesk.toml:4:8: error config invalid UTF-8 (byte 0xFF)"),
        "{stderr}"
    );
    assert!(!stderr.contains(":1:1:"), "{stderr}");

    // A syntax error after a bad byte, at its place, on one line.
    folder.write("copydesk.toml", b"# Caf\xe9\n[rules]\nx = \xff\n");
    let output = run(&["check", "story.md"], folder.path());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("copydesk.toml:3:5: error config invalid string; expected"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
}

// Issue #12: file names with a line break, an escape sequence or a bidi
// override were printed raw (forging lines, colouring the terminal), and
// a name that is not UTF-8 lost its bytes in SARIF.
#[cfg(target_os = "linux")]
#[test]
fn odd_file_names_are_escaped_and_keep_the_output_valid() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let folder = TempDir::new("names");
    let docs = folder.path().join("docs");
    std::fs::create_dir(&docs).expect("a folder");
    for name in [
        b"a\nb.md".as_slice(),
        b"\x1b[31mred.md",
        "\u{202e}dm.txt".as_bytes(),
        b"caf\xe9.md",
    ] {
        std::fs::write(docs.join(OsStr::from_bytes(name)), "Clearly, it failed.\n")
            .expect("the file can be written");
    }
    for format in ["text", "github"] {
        let output = run(&["check", "--format", format, "docs"], folder.path());
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let stdout = text(&output.stdout);
        assert_eq!(stdout.lines().count(), 4, "{stdout}");
        assert!(!stdout.contains('\x1b'), "{stdout}");
        assert!(!stdout.contains('\u{202e}'), "{stdout}");
        for shown in [
            "a\\nb.md",
            "\\u{1b}[31mred.md",
            "\\u{202e}dm.txt",
            "caf\\xE9.md",
        ] {
            assert!(stdout.contains(shown), "{format}: {shown} in {stdout}");
        }
    }
    let output = run(&["check", "--format", "json", "docs"], folder.path());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let paths: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| file["path"].as_str().expect("a path"))
        .collect();
    assert!(paths.contains(&"docs/a\nb.md"), "{paths:?}");
    assert!(paths.contains(&"docs/caf\u{fffd}.md"), "{paths:?}");
    let output = run(&["check", "--format", "sarif", "docs"], folder.path());
    let sarif = text(&output.stdout);
    let _: serde_json::Value = serde_json::from_str(&sarif).expect("valid JSON");
    assert!(sarif.contains("\"docs/caf%E9.md\""), "{sarif}");
    assert!(sarif.contains("\"docs/a%0Ab.md\""), "{sarif}");
    // A message on stderr naming such a file is escaped too.
    let output = run(&["check", "docs/\x1b[31mgone.md"], folder.path());
    assert!(!text(&output.stderr).contains('\x1b'));
}
