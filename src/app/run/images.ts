import { join } from 'node:path';
import {
  BASE_IMAGE_TAG, CODE_DOCKERFILE_PATH, LABEL_CONTENT_HASH, baseImageContentHash, repoImageTag,
} from '../../core/container/images';
import { repoImageInputs } from './repoImageInputs';
import type { ContainerEngine, ImageBuildResult, ImageInputFiles } from '../../core/ports/containerEngine';

export interface ImageDeps {
  readonly engine: ContainerEngine;
  readonly files: ImageInputFiles;
}

export interface EnsuredImage {
  readonly tag: string;
  readonly imageId: string;
  /** False when the image was already current: no build was asked of the engine. */
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
 * Builds `lw_coder_droid:<repo_hash>` from `.lw_coder/code.Dockerfile` when something that goes into it changed, and
 * otherwise does not call the builder at all (issue 11 item 1: an unchanged 40 MB repository cost 6.4 s a run).
 * "Changed" is the content hash of repoImageInputs.ts — the Dockerfile, build args and labels, the ids of the images it
 * builds on, and, when the Dockerfile can read the build context, the files it can see — kept as the image's
 * `lw_coder.dockerfile.sha256` label, as the base image does. A Dockerfile that cannot read the context is sent with
 * nothing but itself. `--no-cache`, ADD of a URL and the like build every time, as before.
 *
 * The context is the repository filtered by `.lw_coder/.dockerignore`, which also replaces any `.dockerignore` at the
 * repository root (that one belongs to the project's own builds), like `docker build --ignorefile` would. Whatever that
 * file says, the context never holds `.git`, `.env`, the env file or LW Coder's state (core/container/contextRules.ts):
 * the Dockerfile is the repository's code.
 */
export async function ensureRepoImage(deps: ImageDeps, options: EnsureRepoImageOptions): Promise<EnsuredImage> {
  const tag = options.tag ?? repoImageTag(options.repoRoot);
  const signal = options.signal;
  const inputs = await repoImageInputs(deps, options);
  const [existing, contentHash] = await Promise.all([
    deps.engine.imageInspect(tag, signal ? { signal } : undefined),
    inputs.uncheckable === undefined ? inputs.contentHash() : undefined,
  ]);
  if (existing !== undefined && contentHash !== undefined && existing.labels[LABEL_CONTENT_HASH] === contentHash) {
    options.onProgress?.(`${tag} is up to date.`);
    return { tag, imageId: existing.id, built: false, contentHash };
  }
  const why = existing === undefined ? 'not present yet' : inputs.uncheckable !== undefined ? `built every run: ${inputs.uncheckable}` : 'its Dockerfile or build inputs changed';
  const sent = inputs.readsContext ? `sending the repository: ${inputs.contextReason} reads it` : 'sending only the Dockerfile, which reads nothing from the repository';
  options.onProgress?.(`Building ${tag} from ${CODE_DOCKERFILE_PATH} (${why}; ${sent})…`);
  const build = await deps.engine.buildImage({
    context: inputs.context,
    dockerfile: CODE_DOCKERFILE_PATH,
    tag,
    buildArgs: inputs.buildArgs,
    labels: { ...inputs.labels, ...(contentHash !== undefined ? { [LABEL_CONTENT_HASH]: contentHash } : {}) },
    noCache: inputs.noCache,
  }, (line) => options.onProgress?.(line), signal ? { signal } : undefined);
  return { tag, imageId: build.imageId, built: true, ...(contentHash !== undefined ? { contentHash } : {}), build };
}

/** The extra CA bundle users configure for image builds: LWC_EXTRA_CA_CERTS, else NODE_EXTRA_CA_CERTS, else none. */
export function defaultExtraCaFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = env['LWC_EXTRA_CA_CERTS'] ?? env['NODE_EXTRA_CA_CERTS'];
  return value === undefined || value === '' ? undefined : value;
}
