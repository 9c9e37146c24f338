import { createHash } from 'node:crypto';

/** The base image every run builds on (seed 001), built from docker/droid/Dockerfile. */
export const BASE_IMAGE_TAG = 'lw_coder_droid:latest';
export const IMAGE_REPOSITORY = 'lw_coder_droid';
/** The default FROM of docker/droid/Dockerfile; tests and air-gapped users pass another BASE_IMAGE. */
export const DEFAULT_BASE_FROM = 'node:20-bookworm-slim';
/** Build arg of the scaffolded code.Dockerfile naming the base image, so a custom base tag can be layered on. */
export const REPO_BASE_IMAGE_ARG = 'LW_CODER_BASE_IMAGE';

export const LABEL_CONTENT_HASH = 'lw_coder.dockerfile.sha256';
export const LABEL_DROID_VERSION = 'lw_coder.droid.version';
export const LABEL_IMAGE_REPO = 'lw_coder.repo';
export const LABEL_CODEX_VERSION = 'lw_coder.codex.version';
export const LABEL_CLAUDE_VERSION = 'lw_coder.claude.version';

export const CODE_DOCKERFILE_PATH = '.lw_coder/code.Dockerfile';
export const CODE_DOCKERIGNORE_PATH = '.lw_coder/.dockerignore';

/**
 * repo_hash, the tag of a repository's image `lw_coder_droid:<repo_hash>`: the first 12 hex digits of the SHA-256 of
 * the repository root's absolute path (the main worktree, not a plan worktree, so every plan of a repository shares
 * one image).
 *
 * Why the path and not, say, the root commit: two clones of one project share a root commit but may carry different
 * `.lw_coder/code.Dockerfile`s, and would overwrite each other's tag and rebuild on every alternate run; a repository
 * without commits has no root commit at all. The path is stable across runs; moving the repository simply builds a new
 * tag (the old image carries the `lw_coder.repo` label, so it can be found and pruned).
 */
export function repoHashOf(repoRoot: string): string {
  const normalized = repoRoot.replace(/[\\/]+$/, '') || repoRoot;
  return createHash('sha256').update(normalized, 'utf8').digest('hex').slice(0, 12);
}

export const repoImageTag = (repoRoot: string): string => `${IMAGE_REPOSITORY}:${repoHashOf(repoRoot)}`;

/** The agents that have an image of their own, each built from `docker/<agent>/Dockerfile`. */
export type ImageAgent = 'droid' | 'codex' | 'claude';

/** The images of one agent for one repository, and where its base Dockerfile lives. */
export interface AgentImages {
  /** `lw_coder_<agent>:latest`, built on demand from `docker/<agent>/`. */
  readonly base: string;
  /** `lw_coder_<agent>:<repo_hash>`, the repository layer (.lw_coder/code.Dockerfile) on that base. */
  readonly repo: string;
  /** The base Dockerfile's directory (the build context). */
  readonly dockerfileDir: string;
}

/**
 * The images a run of `agent` uses. Interactive Run plan keeps lw_coder's `lw_coder_droid:latest` and
 * `lw_coder_droid:<repo_hash>` (droid's tags are exactly those); headless runs use their agent's own pair, so a
 * repository can hold a codex and a droid layer side by side, each on the right base.
 *
 * `droidDockerfileDir` is the configured docker/droid directory (the extension's `asAbsolutePath('docker/droid')`, the
 * CLI's copy next to its bundle, a user's override): the other agents' directories are its siblings, so one setting
 * keeps locating every agent's Dockerfile.
 */
export function agentImages(agent: ImageAgent, repoRoot: string, droidDockerfileDir: string): AgentImages {
  const repository = `lw_coder_${agent}`;
  return {
    base: `${repository}:latest`,
    repo: `${repository}:${repoHashOf(repoRoot)}`,
    dockerfileDir: agent === 'droid' ? droidDockerfileDir : siblingDir(droidDockerfileDir, agent),
  };
}

/** `<dir>/../<name>` with the separator `dir` uses (host paths may be Windows paths; core does no path I/O). */
function siblingDir(dir: string, name: string): string {
  const trimmed = dir.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return name;
  return `${trimmed.slice(0, cut + 1)}${name}`;
}

/**
 * The content hash that decides whether the base image must be rebuilt: its Dockerfile, every build input (args, the
 * extra CA bundle) and the base image's own content label when it has one (our local CI base does; node's does not,
 * so pulling it for the first time does not change the hash).
 */
export function baseImageContentHash(input: {
  readonly dockerfile: Uint8Array | string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly extraCa: Uint8Array | string;
  readonly fromImageContentLabel?: string;
}): string {
  const h = createHash('sha256');
  const part = (name: string, data: Uint8Array | string): void => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    h.update(`${name}:${bytes.length}:`).update(bytes).update('\n');
  };
  part('dockerfile', input.dockerfile);
  for (const key of Object.keys(input.buildArgs).sort()) part(`arg:${key}`, input.buildArgs[key] ?? '');
  part('extra-ca', input.extraCa);
  part('from-label', input.fromImageContentLabel ?? '');
  return h.digest('hex');
}

/**
 * The content hash that decides whether the repository image must be rebuilt (issue 11 item 1): the Dockerfile, its
 * build args and labels, the id of every image it takes from outside (the base included; `null` for one that is not
 * there yet), and the digest of the build context's files when the Dockerfile can read them (`none` when it cannot:
 * then no file of the repository changes the image). Stored as the image's `lw_coder.dockerfile.sha256` label.
 */
export function repoImageContentHash(input: {
  readonly dockerfile: Uint8Array | string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly imageIds: Readonly<Record<string, string | null>>;
  readonly contextDigest: string;
}): string {
  const h = createHash('sha256');
  const part = (name: string, data: Uint8Array | string): void => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    h.update(`${name}:${bytes.length}:`).update(bytes).update('\n');
  };
  part('scheme', 'lw_coder repository image 1');
  part('dockerfile', input.dockerfile);
  for (const key of Object.keys(input.buildArgs).sort()) part(`arg:${key}`, input.buildArgs[key] ?? '');
  for (const key of Object.keys(input.labels).sort()) part(`label:${key}`, input.labels[key] ?? '');
  for (const ref of Object.keys(input.imageIds).sort()) part(`image:${ref}`, input.imageIds[ref] ?? 'absent');
  part('context', input.contextDigest);
  return h.digest('hex');
}

export interface DockerBuildArgs {
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly noCache: boolean;
}

/**
 * `[code] docker_build_args` as written for `docker build` (`--build-arg K=V`, `--label K=V`, `--no-cache`). Builds go
 * through the engine API, so only options with an API equivalent can be honoured; anything else is an error that says
 * so rather than being silently dropped.
 */
export function parseDockerBuildArgs(args: readonly string[]): { readonly value?: DockerBuildArgs; readonly errors: readonly string[] } {
  const buildArgs: Record<string, string> = {};
  const labels: Record<string, string> = {};
  let noCache = false;
  const errors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const eq = raw.indexOf('=');
    const [flag, inline] = raw.startsWith('--') && eq > 0 ? [raw.slice(0, eq), raw.slice(eq + 1)] : [raw, undefined];
    if (flag === '--no-cache') { noCache = inline !== 'false'; continue; }
    if (flag === '--build-arg' || flag === '--label') {
      const value = inline ?? args[++i];
      const kv = value === undefined ? -1 : value.indexOf('=');
      if (value === undefined || kv <= 0) {
        errors.push(`docker_build_args[${i}]: ${flag} needs KEY=VALUE (got '${value ?? ''}')`);
        continue;
      }
      (flag === '--build-arg' ? buildArgs : labels)[value.slice(0, kv)] = value.slice(kv + 1);
      continue;
    }
    errors.push(`docker_build_args[${i}]: '${raw}' is not supported (LW Coder builds through the Docker API: use --build-arg KEY=VALUE, --label KEY=VALUE or --no-cache)`);
  }
  return errors.length > 0 ? { errors } : { value: { buildArgs, labels, noCache }, errors };
}
