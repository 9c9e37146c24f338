#!/usr/bin/env bash
# Installs code-server (a real VS Code, node extension host) using only the npm registry and Debian's packages.
# Why each step: ../shared/recipes/real-vscode.md — postinstall scripts would download ripgrep and node headers.
# Cached by version outside the clone, in ${LWC_CODE_SERVER_CACHE:-$XDG_CACHE_HOME/lw-coder or ~/.cache/lw-coder}, and
# linked as .vscode-test/code-server-<version> (git-ignored): a fresh clone on the same machine installs nothing.
# usage: scripts/install-code-server.sh [DIR]    (DIR: install exactly there, no cache, no link)
#        prints the code-server binary path on its last line
set -euo pipefail
VERSION=4.100.3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LINK="$ROOT/.vscode-test/code-server-$VERSION"
installed() { [ -f "$1/.installed" ] && [ -x "$1/node_modules/.bin/code-server" ]; }
if [ $# -ge 1 ]; then
  DIR=$1
else
  if installed "$LINK"; then echo "$LINK/node_modules/.bin/code-server"; exit 0; fi
  DIR="${LWC_CODE_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lw-coder}/code-server-$VERSION"
fi
BIN="$DIR/node_modules/.bin/code-server"
link() {
  [ $# -ge 1 ] && return 0
  mkdir -p "$ROOT/.vscode-test"
  # a half-installed real directory from an interrupted run would block the link
  [ -L "$LINK" ] || rm -rf "$LINK"
  ln -sfn "$DIR" "$LINK"
}
if installed "$DIR"; then link "$@"; echo "$BIN"; exit 0; fi
echo "installing code-server $VERSION into $DIR (about 2-5 minutes, once)" >&2
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
link "$@"
echo "$BIN"
