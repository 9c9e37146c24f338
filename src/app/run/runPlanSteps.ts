import type { LwConfig } from '../../core/config/types';
import { agentImages, type ImageAgent } from '../../core/container/images';
import { setFrontMatterValue } from '../../core/plan/edit';
import { parsePlan } from '../../core/plan/parse';
import type { ValidatedPlan } from '../../core/plan/types';
import { ensureBaseImage, ensureRepoImage } from './images';
import { RunPlanError, type RunPlanDeps, type RunPlanEvent } from './runPlanTypes';

/** Steps runPlan and authorPlan share. */

/** The plan's first errors with their lines, or nothing when it is valid. */
export function requireValidPlan(validated: ValidatedPlan, relativePath: string): { planId: string; gitSha: string; status: string } {
  const { planId, gitSha, status } = validated.fields;
  if (validated.valid && planId && gitSha && status) return { planId, gitSha, status };
  const errors = validated.diagnostics.filter((d) => d.severity === 'error').slice(0, 5);
  throw new RunPlanError(
    'plan-invalid',
    `${relativePath} is not a valid plan:\n${errors.map((d) => `  line ${d.range.start.line + 1}: ${d.message}`).join('\n')}\nFix it (\`lwc plan validate ${relativePath}\` lists every problem) and run again.`,
  );
}

/**
 * Sets front-matter values in the plan file, changing only those bytes; writes nothing when they already hold them.
 * Returns the status the file had before.
 */
export async function writePlanFields(deps: Pick<RunPlanDeps, 'planFiles'>, path: string, values: { status: string; gitSha?: string }): Promise<string | null> {
  const before = await deps.planFiles.readText(path);
  const previous = parsePlan(before).entries?.find((e) => e.key === 'status');
  let after = setFrontMatterValue(before, 'status', values.status);
  if (values.gitSha !== undefined) after = setFrontMatterValue(after, 'git_sha', values.gitSha);
  if (after !== before) await deps.planFiles.writeTextAtomic(path, after);
  const value = previous?.value;
  return typeof value === 'string' ? value.toLowerCase() : null;
}

/** Reads the plan's current status (it may have been changed by hand while the agent ran). */
export async function currentPlanStatus(deps: Pick<RunPlanDeps, 'planFiles'>, path: string): Promise<string | null> {
  const value = parsePlan(await deps.planFiles.readText(path)).entries?.find((e) => e.key === 'status')?.value;
  return typeof value === 'string' ? value.toLowerCase() : null;
}

/**
 * The agent's base image when missing or stale, then its repository image (a cache no-op when unchanged); progress as
 * events. `agent` defaults to droid, whose tags are lw_coder's (`lw_coder_droid:latest`, `lw_coder_droid:<repo_hash>`).
 * `code` brings the build args and the env file, which the repository image's build context never holds.
 */
export async function ensureRunImages(
  deps: Pick<RunPlanDeps, 'engine' | 'imageFiles' | 'host'>,
  repoRoot: string,
  code: Pick<LwConfig['code'], 'dockerBuildArgs' | 'envFile'>,
  emit: (event: RunPlanEvent) => void,
  signal: AbortSignal | undefined,
  agent: ImageAgent = 'droid',
): Promise<{ image: string; baseImage: string }> {
  const imageDeps = { engine: deps.engine, files: deps.imageFiles };
  const tags = agentImages(agent, repoRoot, deps.host.baseDockerfileDir);
  const base = await ensureBaseImage(imageDeps, {
    dockerfileDir: tags.dockerfileDir,
    tag: tags.base,
    ...(deps.host.baseImageFrom ? { baseImageArg: deps.host.baseImageFrom } : {}),
    ...(deps.host.extraCaFile ? { extraCaFile: deps.host.extraCaFile } : {}),
    onProgress: (line) => emit({ type: 'image', image: 'base', line }),
    ...(signal ? { signal } : {}),
  });
  const repo = await ensureRepoImage(imageDeps, {
    repoRoot,
    dockerBuildArgs: code.dockerBuildArgs,
    envFile: code.envFile,
    baseImage: base.tag,
    tag: tags.repo,
    onProgress: (line) => emit({ type: 'image', image: 'repo', line }),
    ...(signal ? { signal } : {}),
  });
  return { image: repo.tag, baseImage: base.tag };
}
