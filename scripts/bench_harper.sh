#!/usr/bin/env bash
# Side by side: the client-side keystroke benchmark of copydesk and
# harper-ls on the same 100 KB Markdown document, both sent the whole text
# on each keystroke (harper-ls asks for full-document sync).
#
#   scripts/bench_harper.sh [--keystrokes N] [--sizes 100k]
#
# harper-ls is not a dependency of copydesk. If it is not on PATH, this
# installs it with cargo (about 5 minutes at -O0; at the default -O3 one of
# its tree-sitter grammars takes over 40 minutes to compile on 2 cores, and
# those grammars only parse code comments, not Markdown).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v harper-ls >/dev/null; then
  CFLAGS=-O0 cargo install harper-ls --locked
fi
cargo build --release --locked --bin copydesk --example bench
exec target/release/examples/bench --binary target/release/copydesk \
  --compare-with "harper-ls --stdio" --sizes 100k --keystrokes 50 "$@"
