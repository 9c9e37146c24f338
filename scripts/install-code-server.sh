#!/usr/bin/env bash
# Installs code-server (a real VS Code, node extension host) using only the npm registry and Debian's packages.
# Cached by version under .vscode-test/ (git-ignored): a second run is a no-op.
# Why each step: see ../shared/recipes/real-vscode.md — postinstall scripts would download ripgrep and node headers.
# usage: scripts/install-code-server.sh [DIR]    prints the code-server binary path on its last line
set -euo pipefail
VERSION=4.100.3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$ROOT/.vscode-test/code-server-$VERSION}
BIN="$DIR/node_modules/.bin/code-server"
if [ -f "$DIR/.installed" ] && [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi
export npm_config_nodedir=${npm_config_nodedir:-/usr}
[ -f "$npm_config_nodedir/include/node/node.h" ] || { echo "no node headers under $npm_config_nodedir/include/node (apt-get install nodejs headers or set npm_config_nodedir)" >&2; exit 1; }
command -v rg >/dev/null || { echo "ripgrep is missing: apt-get install -y ripgrep" >&2; exit 1; }
rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
LOG="$DIR/install.log"
echo '{"name":"lw-coder-code-server","private":true}' > package.json
{
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error code-server@$VERSION
  npm_config_build_from_source=true npm rebuild argon2
  cd node_modules/code-server/lib/vscode
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm_config_build_from_source=true npm rebuild --foreground-scripts
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error
} > "$LOG" 2>&1 || { tail -40 "$LOG" >&2; exit 1; }
touch "$DIR/.installed"
echo "$BIN"
