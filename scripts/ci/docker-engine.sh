#!/usr/bin/env bash
# Ensure a Docker engine answers on the default socket. Idempotent: when `docker version` already works, nothing is
# done (we never start a second engine on the same socket). Otherwise docker.io is installed from Debian when missing,
# dockerd is started in the background with its log in $LWC_DOCKERD_LOG, and we wait until it answers.
#
# Env: LWC_DOCKERD_LOG (default /tmp/lw-coder-dockerd.log), LWC_DOCKER_WAIT_SECONDS (default 60).
set -euo pipefail

log_file="${LWC_DOCKERD_LOG:-/tmp/lw-coder-dockerd.log}"
wait_seconds="${LWC_DOCKER_WAIT_SECONDS:-60}"

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers; then
  echo "docker-engine: engine already answers (server $(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-engine: dockerd missing; installing docker.io from Debian"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

echo "docker-engine: starting dockerd (log: $log_file)"
# setsid so the engine outlives this script's process group; its PID is recorded for whoever wants to stop it.
sudo_if_needed setsid dockerd >"$log_file" 2>&1 < /dev/null &
echo $! > "${log_file%.log}.pid"

deadline=$((SECONDS + wait_seconds))
until engine_answers; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "docker-engine: ERROR: dockerd did not answer within ${wait_seconds}s. Last lines of $log_file:" >&2
    tail -n 30 "$log_file" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "docker-engine: engine answers (server $(docker version --format '{{.Server.Version}}'))"
