#!/usr/bin/env bash
# Builds the copydesk VS Code extension into editors/vscode/copydesk.vsix.
# Needs node (18+) and npm; installs the locked dependencies with `npm ci`,
# type-checks, bundles with esbuild and packages with @vscode/vsce, all
# without network access beyond npm ci.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run typecheck
npm run bundle
npx --no-install vsce package --no-dependencies --skip-license --out copydesk.vsix
ls -l copydesk.vsix
