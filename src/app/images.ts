import { join } from 'node:path';
import {
  BASE_IMAGE_TAG, CODE_DOCKERFILE_PATH, CODE_DOCKERIGNORE_PATH, LABEL_CONTENT_HASH, LABEL_IMAGE_REPO,
  REPO_BASE_IMAGE_ARG, baseImageContentHash, parseDockerBuildArgs, repoImageTag,
} from '../core/container/images';
import { repoContextExclusions } from '../core/container/contextRules';
import { parseDockerignore } from '../core/container/dockerignore';
import type { ContainerEngine, ImageBuildResult, ImageInputFiles } from '../core/ports/containerEngine';

export interface ImageDeps {
  readonly engine: ContainerEngine;
  readonly files: ImageInputFiles;
}

export interface EnsuredImage {
  readonly tag: string;
  readonly imageId: string;
  /** False when the image was already current (base) or the build was answered entirely from the cache (repo). */
  readonly built: boolean;
  readonly contentHash?: string;
  readonly build?: ImageBuildResult;
}

export interface EnsureBaseImageOptions {
  /** The directory holding the base Dockerfile (docker/<agent> in the extension), also the build context. */
  readonly dockerfileDir: string;
  /** Default lw_coder_droid:latest; headless runs pass their agent's (lw_coder_codex:latest, …). */
  readonly tag?: string;
  /** The Dockerfile's BASE_IMAGE build arg; default the Dockerfile's own (node:20-bookworm-slim). */
  readonly baseImageArg?: string;
  /** A PEM bundle to trust inside the image (TLS-inspecting proxies); see defaultExtraCaFile. */
  readonly extraCaFile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** The context file the base Dockerfile copies; empty means no extra CA. */
const EXTRA_CA_CONTEXT_FILE = 'extra-ca.crt';

/**
 * Builds the base image when it is missing or was built from other inputs (its `lw_coder.dockerfile.sha256` label
 * differs from the hash of the Dockerfile, build args, extra CA and base image). Seed 001 "Base image built on demand".
 */
export async function ensureBaseImage(deps: ImageDeps, options: EnsureBaseImageOptions): Promise<EnsuredImage> {
  const tag = options.tag ?? BASE_IMAGE_TAG;
  const dockerfilePath = join(options.dockerfileDir, 'Dockerfile');
  const dockerfile = await deps.files.readFile(dockerfilePath);
  if (dockerfile === undefined) {
    throw new Error(`The base image's Dockerfile is missing at ${dockerfilePath}. Reinstall LW Coder, or point it at a docker/ directory holding droid/Dockerfile and one directory per agent (codex/, claude/).`);
  }
  let extraCa: Uint8Array = new Uint8Array();
  if (options.extraCaFile !== undefined) {
    const content = await deps.files.readFile(options.extraCaFile);
    if (content === undefined) throw new Error(`The extra CA certificates file ${options.extraCaFile} does not exist. Fix the path (LWC_EXTRA_CA_CERTS or NODE_EXTRA_CA_CERTS) or unset it.`);
    extraCa = content;
  }
  const buildArgs: Record<string, string> = { ...(options.buildArgs ?? {}) };
  if (options.baseImageArg !== undefined) buildArgs['BASE_IMAGE'] = options.baseImageArg;
  const from = options.baseImageArg === undefined ? undefined : await deps.engine.imageInspect(options.baseImageArg, { signal: options.signal });
  const contentHash = baseImageContentHash({ dockerfile, buildArgs, extraCa, fromImageContentLabel: from?.labels[LABEL_CONTENT_HASH] });

  const existing = await deps.engine.imageInspect(tag, { signal: options.signal });
  if (existing !== undefined && existing.labels[LABEL_CONTENT_HASH] === contentHash) {
    options.onProgress?.(`${tag} is up to date.`);
    return { tag, imageId: existing.id, built: false, contentHash };
  }
  options.onProgress?.(existing === undefined ? `Building ${tag} (not present yet)…` : `Rebuilding ${tag} (its Dockerfile or build inputs changed)…`);
  const build = await deps.engine.buildImage({
    context: { root: options.dockerfileDir, extraFiles: [{ path: EXTRA_CA_CONTEXT_FILE, content: extraCa }] },
    dockerfile: 'Dockerfile',
    tag,
    buildArgs,
    labels: { [LABEL_CONTENT_HASH]: contentHash },
  }, (line) => options.onProgress?.(line), { signal: options.signal });
  return { tag, imageId: build.imageId, built: true, contentHash, build };
}

export interface EnsureRepoImageOptions {
  /** The repository root (main worktree). */
  readonly repoRoot: string;
  /** `[code] docker_build_args`. */
  readonly dockerBuildArgs?: readonly string[];
  /** `[code] env_file`, relative to the root: never in the build context (nor `.env`, `.git`, LW Coder's state). */
  readonly envFile?: string;
  /** The base the repo layer builds on, passed as LW_CODER_BASE_IMAGE; default lw_coder_droid:latest. */
  readonly baseImage?: string;
  /** Default `lw_coder_droid:<repo_hash>`. */
  readonly tag?: string;
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Builds `lw_coder_droid:<repo_hash>` from `.lw_coder/code.Dockerfile` on every run; the build cache makes an unchanged
 * build a no-op (`built: false`). The context is the repository filtered by `.lw_coder/.dockerignore`, which also
 * replaces any `.dockerignore` at the repository root (that one belongs to the project's own builds), like
 * `docker build --ignorefile` would. Whatever that file says, the context never holds `.git`, `.env`, the env file or
 * LW Coder's state (core/container/contextRules.ts): the Dockerfile is the repository's code.
 */
export async function ensureRepoImage(deps: ImageDeps, options: EnsureRepoImageOptions): Promise<EnsuredImage> {
  const tag = options.tag ?? repoImageTag(options.repoRoot);
  const dockerfile = await deps.files.readFile(join(options.repoRoot, CODE_DOCKERFILE_PATH));
  if (dockerfile === undefined) {
    throw new Error(`${CODE_DOCKERFILE_PATH} is missing in ${options.repoRoot}. Run "LW Coder: Initialize LW Coder" (or \`lwc init\`) to scaffold it, then add your project's tools to it.`);
  }
  const parsed = parseDockerBuildArgs(options.dockerBuildArgs ?? []);
  if (parsed.value === undefined) throw new Error(`.lw_coder/config.toml [code] docker_build_args: ${parsed.errors.join('; ')}`);
  const ignoreBytes = await deps.files.readFile(join(options.repoRoot, CODE_DOCKERIGNORE_PATH));
  const ignoreText = ignoreBytes === undefined ? '' : Buffer.from(ignoreBytes).toString('utf8');
  options.onProgress?.(`Building ${tag} from ${CODE_DOCKERFILE_PATH} (cached layers make an unchanged build quick)…`);
  const build = await deps.engine.buildImage({
    context: {
      root: options.repoRoot,
      ignoreLines: parseDockerignore(ignoreText),
      extraFiles: [{ path: '.dockerignore', content: ignoreText }],
      exclusions: repoContextExclusions(options.envFile === undefined ? [] : [options.envFile]),
    },
    dockerfile: CODE_DOCKERFILE_PATH,
    tag,
    buildArgs: { [REPO_BASE_IMAGE_ARG]: options.baseImage ?? BASE_IMAGE_TAG, ...parsed.value.buildArgs },
    labels: { ...parsed.value.labels, [LABEL_IMAGE_REPO]: options.repoRoot },
    noCache: parsed.value.noCache,
  }, (line) => options.onProgress?.(line), { signal: options.signal });
  return { tag, imageId: build.imageId, built: build.executedSteps > 0, build };
}

/** The extra CA bundle users configure for image builds: LWC_EXTRA_CA_CERTS, else NODE_EXTRA_CA_CERTS, else none. */
export function defaultExtraCaFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = env['LWC_EXTRA_CA_CERTS'] ?? env['NODE_EXTRA_CA_CERTS'];
  return value === undefined || value === '' ? undefined : value;
}
