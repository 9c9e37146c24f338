#!/usr/bin/env bash
# `npm run demo [-- PORT]`: LW Coder in a real VS Code in your browser, on a sample repository with plans.
#   - npm ci (when node_modules is missing), build and package the extension (dist/lw-coder.vsix)
#   - code-server 4.100.3 from npm (scripts/install-code-server.sh: once, ~2-5 min, cached in ~/.cache/lw-coder)
#   - a demo profile in .vscode-test/demo/ with the .vsix installed, and a sample git repository with plans in
#     .vscode-test/demo/repo (kept between runs; LWC_DEMO_RESET=1 recreates it)
#   - a Docker engine and a base image for Run plan (scripts/ci/docker-engine.sh, base-images.sh), when they can be had
#   - the machine settings Run plan needs (local base image, CA bundle) in the profile's Machine/settings.json, where a
#     remote window such as code-server reads machine-scoped settings (scripts/lib/machine-settings.mjs)
#   - code-server on http://127.0.0.1:PORT (default 8080, or $LWC_DEMO_PORT) in the foreground: Ctrl-C stops it; once it
#     answers, headless chromium opens the folder once and checks that LW Coder logs those settings
#     (scripts/check-machine-settings.mjs; LWC_DEMO_CHECK=0 skips it)
# Needs Debian packages build-essential python3 pkg-config libkrb5-dev ripgrep git (bash .ci/run installs them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PORT=${1:-${LWC_DEMO_PORT:-8080}}
DEMO="$ROOT/.vscode-test/demo"
REPO="$DEMO/repo"

step() { printf '\n\033[1m=== demo — %s ===\033[0m\n' "$1"; }

if (: >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT on 127.0.0.1 is in use: stop what listens there, or run: npm run demo -- <another port>" >&2
  exit 1
fi

if [ ! -d node_modules ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "build and package the extension"
npm run --silent package >/dev/null
echo "dist/lw-coder.vsix ($(($(stat -c %s dist/lw-coder.vsix) / 1024)) KiB)"

step "code-server"
BIN=$(bash scripts/install-code-server.sh | tail -1)
echo "$BIN"

step "demo profile and sample repository"
mkdir -p "$DEMO/user-data/User" "$DEMO/extensions" "$DEMO/config" "$DEMO/data"
[ -f "$DEMO/user-data/User/settings.json" ] || cat >"$DEMO/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "update.mode": "none"
}
JSON
# code-server's own config (a password file) goes into the demo folder, not into your ~/.config.
export XDG_CONFIG_HOME="$DEMO/config" XDG_DATA_HOME="$DEMO/data"
# Inherited from a VS Code terminal, these would make code-server's CLI talk to that editor instead.
for v in $(compgen -e | grep -E '^(VSCODE_|ELECTRON_RUN_AS_NODE$)' || true); do unset "$v"; done
PROFILE=(--user-data-dir "$DEMO/user-data" --extensions-dir "$DEMO/extensions")
"$BIN" "${PROFILE[@]}" --force --install-extension dist/lw-coder.vsix
if [ "${LWC_DEMO_RESET:-}" = 1 ]; then rm -rf "$REPO"; fi
if [ ! -d "$REPO/.git" ]; then
  rm -rf "$REPO"
  node scripts/prepare-fixture.mjs "$REPO" >/dev/null
  # The repository layer (code.Dockerfile, .dockerignore) that Run plan builds, as "Initialize LW Coder" makes it.
  # A multi-step command for the Commands view (Run Command… asks for its arguments; it runs on the host, no agent).
  (cd "$REPO" && node "$ROOT/dist/cli.js" init >/dev/null && mkdir -p .lw_coder/commands && \
    cp "$ROOT/scripts/demo/inspect.yaml" .lw_coder/commands/ && git add .lw_coder && \
    git -c user.name='LW Coder demo' -c user.email=demo@lw-coder.invalid commit -q -m 'LW Coder: repository image layer')
  echo "sample repository created: $REPO"
else
  echo "sample repository kept from the last run: $REPO (LWC_DEMO_RESET=1 recreates it)"
fi

step "Docker engine and base image (what Run plan needs)"
# Run plan builds lw_coder_droid:latest FROM node:20-bookworm-slim by default. Where Docker Hub is out of reach, the
# base made from Debian's rootfs by scripts/ci/base-images.sh stands in, and the demo profile's settings point at it.
# The host's CA bundle goes into the image builds too, for networks that inspect TLS.
RUN_READY=no
BASE_READY=no
if bash scripts/ci/docker-engine.sh; then
  RUN_READY=yes
  if bash scripts/ci/base-images.sh; then
    BASE_READY=yes
  else
    echo "!!! the local base image could not be built: Run plan will build on node:20-bookworm-slim from Docker Hub" >&2
  fi
else
  echo "!!! no Docker engine could be started: the Plans view, validation and prompts work; Run plan will say Docker is not running" >&2
fi

step "machine settings"
# Written on every start, whatever the last run left: machine-scoped settings go to Machine/settings.json (code-server
# is a remote window, which ignores them in User settings); a base image that is not there is not set at all.
SETTINGS_JSON=$(BASE_READY=$BASE_READY node --input-type=module -e "
  import { demoMachineSettings, writeMachineSettings } from '$ROOT/scripts/lib/machine-settings.mjs';
  const settings = demoMachineSettings(process.env, { baseImage: process.env.BASE_READY === 'yes' });
  const file = writeMachineSettings(process.argv[1], { 'lwCoder.docker.baseImageFrom': null, 'lwCoder.docker.extraCaCertificates': null, ...settings });
  console.error('written to ' + file + ': ' + JSON.stringify(settings));
  console.log(JSON.stringify(settings));
" "$DEMO/user-data")

step "code-server on 127.0.0.1:$PORT"
"$BIN" "${PROFILE[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$REPO" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  (: >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "code-server exited before it answered on port $PORT" >&2; exit 1; }
  sleep 0.25
done
URL="http://127.0.0.1:$PORT/?folder=$REPO"
if [ "${LWC_DEMO_CHECK:-1}" != 0 ]; then
  # Opens the folder once in headless chromium: LW Coder logs the machine settings it sees at activation.
  node scripts/check-machine-settings.mjs "$URL" "$DEMO/user-data" "$SETTINGS_JSON" || {
    [ $? -eq 2 ] || echo "!!! LW Coder does not see the demo's machine settings (above): Run plan would not use the local base image" >&2
  }
fi

cat <<EOF

  Open  $URL

  Click the LW Coder icon in the activity bar: the Plans view groups the sample plans by status; broken-plan.md shows
  a validation error with a quick fix; plan files have Validate / Run plan / Run headless CodeLens.
  Run plan (Docker ready: $RUN_READY) makes the prompts from the built-in templates (no account needed; set a key with
  "LW Coder: Set OpenRouter API Key" to generate them), builds the images on first use (about a minute) and opens droid
  in a container in a terminal. droid itself asks you to sign in unless FACTORY_API_KEY is set.
  The Workers view fills from "Add to Queue" on a ready plan (right-click in Plans); "Start Workers" runs them, each in
  its own container and worktree, with a terminal per worker; "Show Fleet Dashboard" (or the status bar) shows the
  board. The Commands view lists .lw_coder/commands/inspect.yaml: "Run Command…" asks for its arguments and runs it
  in a terminal; its session shows in the Runs view.
  Output > "LW Coder" shows the machine settings it sees ("[settings] machine settings: ...").
  Ctrl-C stops the server.

EOF
wait "$SERVER"
