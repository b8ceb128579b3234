//! copydesk's benchmark (SPEC §4): typing latency, first check, batch
//! throughput and memory, measured inside the process and over LSP from a
//! client process.
//!
//! Run it with `scripts/bench.sh` (or `cargo run --release --example bench
//! -- --corpus DIR`). The documents are built by concatenating the prose
//! files of the corpus folder (`.txt` and `.md`) until each size is reached.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

use copydesk::analysis::engine::Engine;
use copydesk::analysis::Settings;
use copydesk::prose::DocKind;
use copydesk::text::{Document, Edit, Encoding, LineCol};
use serde_json::{json, Value};

struct Args {
    corpus: PathBuf,
    binary: PathBuf,
    keystrokes: usize,
    sizes: Vec<usize>,
    /// Another language server to compare with, as a command line; both
    /// are then sent the whole text on each keystroke, as an editor does
    /// for a server that asks for full-document sync.
    compare_with: Option<Vec<String>>,
    /// Time the hostile inputs of issue #12 against ordinary prose
    /// instead of the typing benchmark.
    hostile: bool,
    /// Only the hostile inputs whose name contains this.
    only: Option<String>,
}

fn parse_args() -> Args {
    let mut args = Args {
        corpus: default_corpus(),
        binary: PathBuf::from("target/release/copydesk"),
        keystrokes: 400,
        sizes: vec![100_000, 1_000_000, 10_000_000],
        compare_with: None,
        hostile: false,
        only: None,
    };
    let mut iter = std::env::args().skip(1);
    while let Some(arg) = iter.next() {
        if arg == "--hostile" {
            args.hostile = true;
            continue;
        }
        let value = iter.next().unwrap_or_default();
        match arg.as_str() {
            "--corpus" => args.corpus = PathBuf::from(value),
            "--binary" => args.binary = PathBuf::from(value),
            "--only" => args.only = Some(value),
            "--keystrokes" => args.keystrokes = value.parse().expect("--keystrokes takes a number"),
            "--compare-with" => {
                args.compare_with = Some(value.split_whitespace().map(str::to_string).collect())
            }
            "--sizes" => {
                args.sizes = value
                    .split(',')
                    .map(|s| parse_size(s).expect("sizes like 100k,1m,10m"))
                    .collect()
            }
            other => panic!(
                "unknown argument {other}; expected --corpus, --binary, --keystrokes, --sizes, --hostile, --only"
            ),
        }
    }
    args
}

fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim().to_lowercase();
    let (number, unit) = match text.strip_suffix('k') {
        Some(n) => (n, 1_000),
        None => match text.strip_suffix('m') {
            Some(n) => (n, 1_000_000),
            None => (text.as_str(), 1),
        },
    };
    number.parse::<usize>().ok().map(|n| n * unit)
}

/// The evaluation kit's news and encyclopedic prose when it is beside the
/// repository, else this repository's own documentation.
fn default_corpus() -> PathBuf {
    let kit = PathBuf::from("../shared/eval/gum");
    if kit.is_dir() {
        kit
    } else {
        PathBuf::from("docs")
    }
}

fn corpus_texts(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = walk(dir);
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(
        !texts.is_empty(),
        "no .txt or .md files under {}",
        dir.display()
    );
    texts
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// A Markdown document of about `size` bytes made of the corpus texts.
fn document(texts: &[String], size: usize) -> String {
    let mut doc = String::with_capacity(size + 10_000);
    while doc.len() < size {
        for text in texts {
            doc.push_str(text.trim());
            doc.push_str("\n\n");
            if doc.len() >= size {
                break;
            }
        }
    }
    doc
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx]
}

/// Where to type: the middle of the document, at the end of a line.
fn typing_position(doc: &Document, text: &str) -> LineCol {
    let middle = text.len() / 2;
    let line_end = middle + text[middle..].find('\n').unwrap_or(0);
    doc.position(line_end, Encoding::Utf16)
}

const TYPED: &str = "The minister clearly said Okonjo-Iwaela would stay in Geneva. ";

/// Keystrokes in process: the same steps the server takes for a change
/// (rope edit, engine update, findings, positions of every finding).
fn in_process(text: &str, keystrokes: usize) -> (f64, f64, f64) {
    let settings = Arc::new(Settings::default());
    let start = Instant::now();
    let mut engine = Engine::with_text(DocKind::Markdown, Arc::clone(&settings), text);
    let _ = engine.findings();
    let first_check = start.elapsed().as_secs_f64() * 1000.0;
    let mut doc = Document::new(text, 1);
    let mut at = typing_position(&doc, text);
    let mut samples = Vec::with_capacity(keystrokes);
    for (idx, ch) in TYPED.chars().cycle().take(keystrokes).enumerate() {
        let started = Instant::now();
        let edit = Edit {
            range: Some(at..at),
            text: ch.to_string(),
        };
        let applied = doc.apply(&[edit], idx as i32 + 2, Encoding::Utf16);
        for (range, len) in applied.byte_edits {
            engine.edit(range, len);
        }
        engine.refresh(&|range| doc.slice(range));
        let findings = engine.findings();
        for finding in &findings {
            std::hint::black_box(doc.position(finding.range.start, Encoding::Utf16));
            std::hint::black_box(doc.position(finding.range.end, Encoding::Utf16));
        }
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        at.col += ch.len_utf16();
    }
    (
        first_check,
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
    )
}

/// A minimal LSP client over the server's stdio.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
}

impl Client {
    fn spawn(binary: &Path) -> Client {
        Client::spawn_command(&[binary.display().to_string()])
    }

    fn spawn_command(command: &[String]) -> Client {
        let (program, args) = command.split_first().expect("a command");
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if let Ok(message) = serde_json::from_slice(&body) {
                    if sender.send(message).is_err() {
                        return;
                    }
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
        };
        client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("server stdin");
        self.stdin.flush().expect("server stdin");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// Waits for a message, answering the server's own requests.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers");
            if wanted(&message) {
                return message;
            }
            if message.get("id").is_some() && message.get("method").is_some() {
                let id = message["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
        }
    }

    fn wait_published(&mut self, uri: &str, version: i64) {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
    }

    /// Peak and current resident memory of the server, in MB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// Keystrokes over LSP: didChange sent, publishDiagnostics for that
/// version received, timed by the client.
fn over_lsp(binary: &Path, text: &str, keystrokes: usize) -> (f64, f64, f64) {
    let (first, p50, p99, _) = over_lsp_as(binary, text, keystrokes, "md");
    (first, p50, p99)
}

/// [`over_lsp`] for a document of any kind (by its extension), also
/// giving the server's peak resident memory in MB.
fn over_lsp_as(
    binary: &Path,
    text: &str,
    keystrokes: usize,
    extension: &str,
) -> (f64, f64, f64, f64) {
    let mut client = Client::spawn(binary);
    let uri = format!("file:///bench/document.{extension}");
    let uri = uri.as_str();
    let language = match extension {
        "md" => "markdown",
        "tex" => "latex",
        _ => "plaintext",
    };
    let started = Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
    );
    client.wait_published(uri, 1);
    let first_check = started.elapsed().as_secs_f64() * 1000.0;
    let doc = Document::new(text, 1);
    let mut at = typing_position(&doc, text);
    let mut samples = Vec::with_capacity(keystrokes);
    for (idx, ch) in TYPED.chars().cycle().take(keystrokes).enumerate() {
        let version = idx as i64 + 2;
        let position = json!({"line": at.line, "character": at.col});
        let started = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": ch.to_string()}],
            }),
        );
        client.wait_published(uri, version);
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        at.col += ch.len_utf16();
    }
    let (peak, _) = client.memory();
    client.stop();
    (
        first_check,
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
        peak,
    )
}

/// The inputs of issue #12 that were quadratic, deeply recursive or
/// slow, each about as large as the issue gave it, by name and extension.
fn hostile_documents() -> Vec<(&'static str, &'static str, String)> {
    let repeat = |piece: &str, size: usize| piece.repeat(size.div_ceil(piece.len()));
    vec![
        (
            "one 5 MB word",
            "md",
            format!("A{}\n", "b".repeat(5_000_000)),
        ),
        (
            "one 5 MB sentence",
            "md",
            format!(
                "Clearly {}end.\n",
                repeat("the reform clearly failed and ", 5_000_000)
            ),
        ),
        (
            "one list of 200,000 claims (5.8 MB)",
            "md",
            "- Clearly the reform failed.\n".repeat(200_000),
        ),
        (
            "the same 200,000 claims as paragraphs",
            "md",
            "- Clearly the reform failed.\n\n".repeat(200_000),
        ),
        (
            "the same words as 5 MB of short sentences",
            "md",
            repeat("The reform clearly failed. ", 5_000_000),
        ),
        (
            "100,000 nested emphasis markers",
            "md",
            format!("{}word{}\n", "*".repeat(50_000), "*".repeat(50_000)),
        ),
        (
            "100,000 nested brackets",
            "md",
            format!("{}x{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "100,000 nested block quotes",
            "md",
            format!("{} Clearly it failed.\n", ">".repeat(100_000)),
        ),
        (
            "a 5 MB line of LaTeX environments",
            "tex",
            repeat("\\begin{itemize}\\item a\\end{itemize} ", 5_000_000),
        ),
        (
            "a 5 MB line of LaTeX inline and display math",
            "tex",
            repeat("$a$ Clearly $$ ", 5_000_000),
        ),
        (
            "one 5 MB sentence with no spaces",
            "md",
            repeat("Clearly,the,reform,failed;", 5_000_000),
        ),
        // Not linear in practice: each word meets up to 64 look-alikes per
        // key, so this is kept small (see the README).
        (
            "200 KB of random capitalised names",
            "md",
            random_names(200_000),
        ),
    ]
}

/// Capitalised six-letter words over ten letters: many spellings one
/// typo apart, the worst case for the look-alike index.
fn random_names(size: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut letter = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        char::from(b'a' + (state % 10) as u8)
    };
    let mut text = String::with_capacity(size + 8);
    while text.len() < size {
        text.push(letter().to_ascii_uppercase());
        (0..5).for_each(|_| text.push(letter()));
        text.push(' ');
    }
    text.push_str(".\n");
    text
}

/// `copydesk check` of one file: seconds, and the peak resident memory
/// of the child in MB.
fn check_file(binary: &Path, text: &str, extension: &str) -> (f64, f64) {
    let dir = std::env::temp_dir().join(format!("copydesk-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let path = dir.join(format!("document.{extension}"));
    std::fs::write(&path, text).expect("temp file");
    let started = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(dir.join("rss"))
        .arg(binary)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(&path)
        .stdout(Stdio::null())
        .status()
        .or_else(|_| {
            Command::new(binary)
                .args(["check", "--format", "json", "--fail-on", "never"])
                .arg(&path)
                .stdout(Stdio::null())
                .status()
        })
        .expect("copydesk check runs");
    let seconds = started.elapsed().as_secs_f64();
    assert!(status.success(), "copydesk check failed: {status}");
    let rss = std::fs::read_to_string(dir.join("rss"))
        .ok()
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0);
    let _ = std::fs::remove_dir_all(&dir);
    (seconds, rss)
}

/// Each hostile input beside ordinary prose of about the same size: the
/// command line's time and memory, and the server's first check,
/// keystrokes and memory.
fn hostile(args: &Args) {
    let texts = corpus_texts(&args.corpus);
    let keystrokes = args.keystrokes.min(20);
    println!(
        "binary: {}; {keystrokes} keystrokes each over LSP\n",
        args.binary.display()
    );
    println!("| input | size | `copydesk check` | its peak RSS | first check over LSP | keystroke p50 / p99 over LSP | server peak RSS |");
    println!("|---|---|---|---|---|---|---|");
    let mut documents = vec![(
        "ordinary prose (the corpus)",
        "md",
        document(&texts, 5_000_000),
    )];
    documents.extend(hostile_documents());
    for (name, extension, text) in documents {
        if args
            .only
            .as_ref()
            .is_some_and(|only| !name.contains(only.as_str()))
        {
            continue;
        }
        let (seconds, rss) = check_file(&args.binary, &text, extension);
        let (first, p50, p99, peak) = over_lsp_as(&args.binary, &text, keystrokes, extension);
        println!(
            "| {name} | {:.1} MB | {seconds:.2} s | {rss:.0} MB | {:.2} s | {p50:.0} / {p99:.0} ms | {peak:.0} MB |",
            text.len() as f64 / 1e6,
            first / 1000.0
        );
    }
}

/// Resident memory with `total` bytes of documents open, in 1 MB files.
fn memory_with_open_documents(binary: &Path, texts: &[String], total: usize) -> (f64, f64) {
    let mut client = Client::spawn(binary);
    let doc = document(texts, 1_000_000);
    let count = total.div_ceil(doc.len());
    for idx in 0..count {
        let uri = format!("file:///bench/open-{idx}.md");
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": doc}}),
        );
        client.wait_published(&uri, 1);
    }
    let memory = client.memory();
    client.stop();
    memory
}

/// `copydesk check` over a folder of files; MB per second.
fn batch(binary: &Path, texts: &[String], total: usize) -> (f64, f64, f64) {
    let dir = std::env::temp_dir().join(format!("copydesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let mut written = 0;
    let mut idx = 0;
    while written < total {
        for text in texts {
            let path = dir.join(format!("doc-{idx:05}.md"));
            std::fs::write(&path, text).expect("temp file");
            written += text.len();
            idx += 1;
        }
    }
    // All cores, then one thread: the figure per core.
    let run = |threads: Option<&str>| {
        let mut command = Command::new(binary);
        command
            .args(["check", "--format", "json", "--fail-on", "never"])
            .arg(&dir)
            .stdout(Stdio::null());
        if let Some(threads) = threads {
            command.env("RAYON_NUM_THREADS", threads);
        }
        let started = Instant::now();
        let status = command.status().expect("copydesk check runs");
        assert!(status.success(), "copydesk check failed: {status}");
        written as f64 / 1e6 / started.elapsed().as_secs_f64()
    };
    let all_cores = run(None);
    let one_core = run(Some("1"));
    let _ = std::fs::remove_dir_all(&dir);
    (written as f64 / 1e6, all_cores, one_core)
}

fn label(size: usize) -> String {
    if size >= 1_000_000 {
        format!("{} MB", size / 1_000_000)
    } else {
        format!("{} KB", size / 1_000)
    }
}

/// Keystrokes over LSP with full-document sync, for any server: the whole
/// text is sent with each change, and the next publishDiagnostics for the
/// document (of that version, when the server says) ends the wait.
fn full_sync(command: &[String], text: &str, keystrokes: usize) -> (f64, f64, f64) {
    let mut client = Client::spawn_command(command);
    let uri = "file:///bench/compare.md";
    let started = Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    client.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
    let first_check = started.elapsed().as_secs_f64() * 1000.0;
    let mut current = text.to_string();
    let mut at = text.len() / 2 + text[text.len() / 2..].find('\n').unwrap_or(0);
    let mut samples = Vec::with_capacity(keystrokes);
    for (idx, ch) in TYPED.chars().cycle().take(keystrokes).enumerate() {
        let version = idx as i64 + 2;
        current.insert(at, ch);
        at += ch.len_utf8();
        let started = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": current}]}),
        );
        client.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && (m["params"]["version"].is_null() || m["params"]["version"] == version)
        });
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    client.stop();
    (
        first_check,
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
    )
}

fn main() {
    let args = parse_args();
    if args.hostile {
        hostile(&args);
        return;
    }
    if let Some(other) = &args.compare_with {
        let texts = corpus_texts(&args.corpus);
        let own = vec![args.binary.display().to_string()];
        println!("| server | document | first check | keystroke p50 / p99 (full-document sync, client side) |");
        println!("|---|---|---|---|");
        for &size in &args.sizes {
            let text = document(&texts, size);
            for command in [&own, other] {
                let (first, p50, p99) = full_sync(command, &text, args.keystrokes);
                println!(
                    "| {} | {} Markdown | {first:.1} ms | {p50:.2} / {p99:.2} ms |",
                    command[0],
                    label(size)
                );
            }
        }
        return;
    }
    let texts = corpus_texts(&args.corpus);
    let corpus_bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "corpus: {} ({} files, {} bytes)",
        args.corpus.display(),
        texts.len(),
        corpus_bytes
    );
    println!("binary: {}", args.binary.display());
    println!("keystrokes per size: {}\n", args.keystrokes);
    println!("| document | first check in process | keystroke p50 / p99 in process | first check over LSP | keystroke p50 / p99 over LSP |");
    println!("|---|---|---|---|---|");
    for &size in &args.sizes {
        let text = document(&texts, size);
        let (first, p50, p99) = in_process(&text, args.keystrokes);
        let (lsp_first, lsp_p50, lsp_p99) = over_lsp(&args.binary, &text, args.keystrokes);
        println!(
            "| {} Markdown | {first:.1} ms | {p50:.2} / {p99:.2} ms | {lsp_first:.1} ms | {lsp_p50:.2} / {lsp_p99:.2} ms |",
            label(size)
        );
    }
    let (megabytes, all_cores, one_core) = batch(&args.binary, &texts, 50_000_000);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "\nbatch: `copydesk check` over {megabytes:.1} MB in files: {all_cores:.1} MB/s on {cores} cores, {one_core:.1} MB/s on one core"
    );
    let (peak, now) = memory_with_open_documents(&args.binary, &texts, 20_000_000);
    println!("memory: 20 MB of open documents: peak RSS {peak:.1} MB, RSS {now:.1} MB");
}
