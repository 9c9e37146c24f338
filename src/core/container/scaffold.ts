/**
 * What "Initialize LW Coder" writes for the repository image (seed 001): `.lw_coder/code.Dockerfile` layered on the
 * base image, and `.lw_coder/.dockerignore` trimming its build context. Kept as strings so they ship inside the
 * bundles (the extension package carries no loose template files).
 */
export const CODE_DOCKERFILE_TEMPLATE = `# Repository layer for LW Coder agent runs, built as lw_coder_droid:<repo_hash> when this file, its build args
# ([code] docker_build_args in .lw_coder/config.toml) or the base image change. Only a COPY or ADD makes the
# repository (filtered by .lw_coder/.dockerignore) its build context; then a change to a file it can see rebuilds too.
ARG LW_CODER_BASE_IMAGE=lw_coder_droid:latest
FROM \${LW_CODER_BASE_IMAGE}

# Install what your project needs to build and test, as root, then hand back to droiduser. For example:
# USER root
# RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv && rm -rf /var/lib/apt/lists/*
# USER droiduser

# The worktree is mounted at /workspace at run time: copy nothing from the repository that the agent will edit.
`;

export const DOCKERIGNORE_TEMPLATE = `# Build context filter for .lw_coder/code.Dockerfile (Docker .dockerignore syntax: patterns are relative to the
# repository root, **/ matches at any depth, ! re-includes).
.git
.lw_coder/worktrees
.lw_coder/runs
.lw_coder/cache
.lw_coder/state
**/node_modules
# Secrets never belong in an image.
.env
.env.*
**/*.pem
`;
