#!/usr/bin/env bash
# The benchmark of SPEC §4, in one command: typing latency (p50, p99) on
# 100 KB, 1 MB and 10 MB Markdown in process and over LSP, first check,
# batch throughput, and memory with 20 MB of documents open.
#
#   scripts/bench.sh [--corpus DIR] [--keystrokes N] [--sizes 100k,1m,10m]
#   scripts/bench.sh --hostile   # the hostile inputs of issue #12 beside prose
#
# The corpus defaults to ../shared/eval/gum (real news and encyclopedic
# prose) when it is there, else this repository's docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bin copydesk --example bench
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
exec target/release/examples/bench --binary target/release/copydesk "$@"
