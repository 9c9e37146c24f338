import { join } from 'node:path';
import { alwaysInContext, repoContextExclusions } from '../../core/container/contextRules';
import { dockerfileInputs } from '../../core/container/dockerfileInputs';
import { parseDockerignore } from '../../core/container/dockerignore';
import {
  BASE_IMAGE_TAG, CODE_DOCKERFILE_PATH, CODE_DOCKERIGNORE_PATH, LABEL_IMAGE_REPO, REPO_BASE_IMAGE_ARG,
  parseDockerBuildArgs, repoImageContentHash,
} from '../../core/container/images';
import type { BuildContextSpec, ContainerEngine, ImageInputFiles } from '../../core/ports/containerEngine';

/** Everything that goes into the repository image, and how to tell whether it changed. */
export interface RepoImageInputs {
  /** What the builder gets: the filtered repository, or only the Dockerfile when it cannot read the context. */
  readonly context: BuildContextSpec;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly noCache: boolean;
  readonly readsContext: boolean;
  /** Why the context counts (`COPY on line 4`), for the progress line; empty when it does not. */
  readonly contextReason: string;
  /** Why this build cannot be skipped whatever the hash says (--no-cache, ADD of a URL, …); undefined when it can. */
  readonly uncheckable?: string;
  /** The content hash for the image's label (core repoImageContentHash); reads the context's files only when it counts. */
  contentHash(): Promise<string>;
}

export interface RepoImageInputOptions {
  readonly repoRoot: string;
  readonly dockerBuildArgs?: readonly string[];
  readonly envFile?: string;
  readonly baseImage?: string;
  readonly signal?: AbortSignal;
}

/**
 * Reads code.Dockerfile, its ignore file and `[code] docker_build_args`, finds out (core/container/dockerfileInputs.ts)
 * whether the Dockerfile can read the build context and which images it builds on, and asks the engine for those
 * images' ids and ONBUILD triggers (a base's `ONBUILD COPY` reads our context too). The security exclusions apply to
 * both contexts alike, and to the digest, which walks exactly what would be packed.
 */
export async function repoImageInputs(deps: { readonly engine: ContainerEngine; readonly files: ImageInputFiles }, options: RepoImageInputOptions): Promise<RepoImageInputs> {
  const { repoRoot, signal } = options;
  const dockerfile = await deps.files.readFile(join(repoRoot, CODE_DOCKERFILE_PATH));
  if (dockerfile === undefined) {
    throw new Error(`${CODE_DOCKERFILE_PATH} is missing in ${repoRoot}. Run "LW Coder: Initialize LW Coder" (or \`lwc init\`) to scaffold it, then add your project's tools to it.`);
  }
  const parsed = parseDockerBuildArgs(options.dockerBuildArgs ?? []);
  if (parsed.value === undefined) throw new Error(`.lw_coder/config.toml [code] docker_build_args: ${parsed.errors.join('; ')}`);
  const buildArgs = { [REPO_BASE_IMAGE_ARG]: options.baseImage ?? BASE_IMAGE_TAG, ...parsed.value.buildArgs };
  const labels = { ...parsed.value.labels, [LABEL_IMAGE_REPO]: repoRoot };
  const ignoreBytes = await deps.files.readFile(join(repoRoot, CODE_DOCKERIGNORE_PATH));
  const ignoreText = ignoreBytes === undefined ? '' : Buffer.from(ignoreBytes).toString('utf8');

  const found = dockerfileInputs(Buffer.from(dockerfile).toString('utf8'), buildArgs);
  const images = await Promise.all(found.images.map((ref) => deps.engine.imageInspect(ref, signal ? { signal } : undefined)));
  const withTriggers = found.images.find((_, k) => (images[k]?.onBuild?.length ?? 0) > 0);
  const readsContext = found.readsContext || withTriggers !== undefined;
  const contextReason = found.contextReason ?? (withTriggers !== undefined ? `the ONBUILD triggers of ${withTriggers}` : '');

  const exclusions = repoContextExclusions(options.envFile === undefined ? [] : [options.envFile]);
  const context: BuildContextSpec = readsContext
    ? { root: repoRoot, ignoreLines: parseDockerignore(ignoreText), extraFiles: [{ path: '.dockerignore', content: ignoreText }], exclusions }
    : { root: repoRoot, only: [CODE_DOCKERFILE_PATH], exclusions };
  const imageIds = Object.fromEntries(found.images.map((ref, k) => [ref, images[k]?.id ?? null]));
  const uncheckable = parsed.value.noCache ? '--no-cache in [code] docker_build_args' : found.uncheckable;
  return {
    context,
    buildArgs,
    labels,
    noCache: parsed.value.noCache,
    readsContext,
    contextReason,
    ...(uncheckable !== undefined ? { uncheckable } : {}),
    contentHash: async () => repoImageContentHash({
      dockerfile,
      buildArgs,
      labels,
      imageIds,
      contextDigest: readsContext ? await deps.files.digestContext(context, alwaysInContext(CODE_DOCKERFILE_PATH), signal ? { signal } : undefined) : 'none',
    }),
  };
}
