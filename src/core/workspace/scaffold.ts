import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../container/scaffold';

/**
 * What "Initialize LW Coder" and `lwc init` write. Every setting in config.toml is commented out: the defaults apply until the user
 * chooses otherwise, and an uncommented line is always a deliberate choice (seed 001's `[code]` contract).
 */
export const CONFIG_TOML = `# LW Coder settings for this repository.
# Unknown keys are errors (with the line that holds them), so a typo never goes unnoticed.

[code]
# File with the variables the agent container needs (API keys), relative to the repository root.
# When set, the file must exist.
# env_file = ".env"

# Host variables forwarded into the container. Omitted: every OPENROUTER_* variable.
# "*" forwards everything (with a warning: it exposes your whole environment).
# forward_env = ["OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "OPENROUTER_MODEL"]

# Extra arguments for \`docker build\` of the repository image (from .lw_coder/code.Dockerfile).
# docker_build_args = ["--build-arg", "PYTHON_VERSION=3.12"]

# Extra arguments for \`docker run\`. Options that weaken isolation (--privileged, host namespaces,
# mounts outside the repository) are refused unless you confirm them.
# docker_run_args = ["--memory", "8g"]
`;

/** Run artifacts stay out of git; plans (tasks/) and config are tracked. */
export const GITIGNORE = `# LW Coder: per-run and machine-local state. Plans (tasks/) and config.toml are tracked.
worktrees/
runs/
cache/
state/
sessions/
`;

/**
 * Files relative to `.lw_coder/`, in creation order; `tasks/` is created as a folder. seed 001: every repository supplies
 * config.toml and code.Dockerfile (the repository layer over lw_coder_droid:latest), filtered by .dockerignore.
 */
export const SCAFFOLD_FILES: readonly { readonly path: string; readonly content: string }[] = [
  { path: 'config.toml', content: CONFIG_TOML },
  { path: '.gitignore', content: GITIGNORE },
  { path: 'code.Dockerfile', content: CODE_DOCKERFILE_TEMPLATE },
  { path: '.dockerignore', content: DOCKERIGNORE_TEMPLATE },
];
