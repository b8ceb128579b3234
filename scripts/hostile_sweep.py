#!/usr/bin/env python3
"""A sweep of hostile inputs (issue #12): about fifty 2 MB documents built
to stress one scanner or rule each (deep nesting, unclosed constructs,
runs of markers, odd characters, pathological names and claims), checked
by `copydesk check --format json` and opened in the server (first
diagnostics, one keystroke, one code action), each with a time limit.

    scripts/hostile_sweep.py [--binary target/release/copydesk] [--limit 10]

Prints one line per input; exits 1 when a run crashes, times out or
takes longer than the limit (seconds). Python 3 standard library only.
"""
import argparse, json, os, queue, random, subprocess, sys, tempfile, threading, time

N = 2_000_000


def rep(piece, n=N):
    return piece * max(1, n // len(piece))


def generate(out):
    random.seed(3)

    def w(name, text):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)

    w("nested_list.md", "".join("  " * i + "- Clearly item\n" for i in range(1000)))
    w("nested_list_deep.md", "".join(" " * 2 * i + "- x\n" for i in range(2000)))
    w("unclosed_comment.md", "<!--\n" + rep("Clearly the reform failed.\n"))
    w("table_wide.md", "|" + rep("Clearly a|", N // 4) + "\n|" + rep("-|", N // 4) + "\n")
    w("table_long.md", "|a|b|\n|-|-|\n" + rep("|Clearly x|Smith y|\n"))
    w("combining.md", "Cle" + "\u0301" * 500000 + "arly the reform failed.\n")
    w("rtl_emoji.md", rep("Clearly \u202e\u05e9\u05dc\u05d5\u05dd \U0001F468\u200d\U0001F469\u200d\U0001F467 failed. "))
    w("footnote_refs.md", rep("Clearly[^1] "))
    w("footnote_defs.md", "".join(f"[^{i}]: Clearly note {i}.\n" for i in range(100000)))
    w("link_defs.md", "".join(f"[l{i}]: http://x/{i}\n" for i in range(100000)) + rep("[l1] Clearly. ", 200000))
    w("backticks.md", "".join("`" * random.randint(1, 30) + "a" for _ in range(200000)))
    w("emph_alternating.md", rep("*a **b _c __d "))
    w("emph_unmatched.md", rep("**Clearly* "))
    w("links_unclosed.md", rep("[Clearly ](x "))
    w("html_inline.md", rep("<span>Clearly</span> <b "))
    w("headings.md", rep("# Clearly Smith\n"))
    w("setext.md", rep("Clearly Smith\n===\n"))
    w("blockquote_lazy.md", rep("> Clearly\nlazy Smith\n"))
    w("fences_unclosed.md", rep("```\nx\n"))
    w("front_matter.md", "---\n" + rep("a: Clearly\n"))
    w("suppress.md", rep("<!-- copydesk-disable-next-line -->\nClearly it failed.\n"))
    w("latex_braces.tex", "{" * 200000 + "Clearly" + "}" * 200000 + "\n")
    w("latex_begin_unclosed.tex", rep("\\begin{itemize}\\item Clearly "))
    w("latex_math.tex", rep("$a$ Clearly $$ "))
    w("latex_comment.tex", rep("Clearly % comment \\% x\n"))
    w("latex_cmds.tex", rep("\\emph{\\textbf{Clearly}} "))
    w("latex_verbatim_unclosed.tex", "\\begin{verbatim}\n" + rep("Clearly\n"))
    w("dots.txt", rep("."))
    w("ellipsis.txt", rep("... "))
    w("abbrev.txt", rep("Mr. Dr. St. "))
    w("digits.txt", rep("1,000,000 "))
    w("percent.txt", rep("Clearly 45% of 3 in 5 "))
    w("quotes.txt", rep('"Clearly '))
    w("hyphens.txt", "A" + rep("-a", N))
    w("apostrophes.txt", rep("O'Brien's ’ "))
    w("smith.txt", rep("Smith "))
    w("names_once.txt", " ".join("Kowal" + "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(200000)) + ".\n")
    w("names_two_word.txt", rep("Gordon Brown and Gordon Brrown met. "))
    w("caps.txt", rep("THE REFORM CLEARLY FAILED "))
    w("no_spaces.txt", rep("Clearly,the,reform,failed;"))
    w("newlines.txt", "\n" * N)
    w("crs.txt", "\r" * N)
    w("crlf.md", rep("Clearly it failed.\r\n\r\n"))
    w("nul.txt", rep("Clearly\0failed "))
    w("weasel.txt", rep("Some say many experts believe "))
    w("superlative.txt", rep("the best and most important "))
    w("causal.txt", rep("because of which led to "))
    w("urls.md", rep("http://a.b/c/Clearly/Smith "))
    w("paths.md", rep("/usr/lib/Clearly/x "))


class Server:
    """The language server on stdio, read by a thread of its own."""

    def __init__(self, binary):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            line = out.readline()
            if not line:
                self.messages.put(None)
                return
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
                out.readline()
                self.messages.put(json.loads(out.read(length)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def wait(self, wanted, seconds):
        end = time.time() + seconds
        while time.time() < end:
            try:
                message = self.messages.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                break
            if message is None:
                return None
            if "id" in message and "method" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if wanted(message):
                return message
        return None

    def peak_kb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as status:
                return next(l.split()[1] for l in status if l.startswith("VmHWM"))
        except (OSError, StopIteration):
            return "?"


def over_lsp(binary, path, limit):
    """First diagnostics, one keystroke, one code action: seconds each
    (None when it did not come within the limit), and the peak RSS."""
    server = Server(binary)
    try:
        server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"capabilities": {}, "processId": None, "rootUri": None}})
        server.wait(lambda m: m.get("id") == 1, 10)
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        with open(path, encoding="utf-8") as f:
            text = f.read()
        ext = os.path.splitext(path)[1]
        language = {".md": "markdown", ".tex": "latex"}.get(ext, "plaintext")
        uri = "file:///hostile/document" + ext
        published = lambda version: lambda m: (
            m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version)
        times = []
        started = time.time()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}})
        times.append(time.time() - started if server.wait(published(1), limit) else None)
        started = time.time()
        at = {"line": 0, "character": 0}
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": "Clearly "}]}})
        times.append(time.time() - started if server.wait(published(2), limit) else None)
        started = time.time()
        server.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}})
        answer = server.wait(lambda m: m.get("id") == 2, limit)
        times.append(time.time() - started if answer and "result" in answer else None)
        return times, server.peak_kb()
    finally:
        server.proc.kill()


def check(binary, path, limit):
    """`copydesk check --format json`: seconds (None on a crash or time
    out) and the number of findings."""
    with tempfile.TemporaryFile() as out:
        started = time.time()
        try:
            run = subprocess.run([binary, "check", "--format", "json", "--fail-on", "never", path],
                                 stdout=out, stderr=subprocess.DEVNULL, timeout=limit)
        except subprocess.TimeoutExpired:
            return None, None
        seconds = time.time() - started
        if run.returncode != 0:
            return None, None
        out.seek(0)
        findings = sum(len(f["findings"]) for f in json.load(out)["files"])
    return seconds, findings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default="target/release/copydesk")
    parser.add_argument("--limit", type=float, default=10.0, help="seconds allowed per step")
    args = parser.parse_args()
    failed = []
    with tempfile.TemporaryDirectory(prefix="copydesk-hostile-") as folder:
        generate(folder)
        print(f"{'input':28s} {'bytes':>9s} {'check':>7s} {'findings':>8s} {'open':>7s} {'keystroke':>9s} {'action':>7s} {'server peak':>11s}")
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            seconds, findings = check(args.binary, path, args.limit * 3)
            times, peak = over_lsp(args.binary, path, args.limit * 3)
            shown = lambda t: "FAILED" if t is None else f"{t:.2f} s"
            print(f"{name:28s} {os.path.getsize(path):9d} {shown(seconds):>7s} {findings!s:>8s} "
                  f"{shown(times[0]):>7s} {shown(times[1]):>9s} {shown(times[2]):>7s} {peak:>8s} KB", flush=True)
            if any(t is None or t > args.limit for t in [seconds] + times):
                failed.append(name)
    if failed:
        print(f"\nover {args.limit:g} s or failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
