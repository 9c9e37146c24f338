import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { PlanGitPort } from '../core/ports/git';
import type { PlanFilesPort } from '../core/ports/planFiles';
import { parsePlan } from '../core/plan/parse';
import { findDuplicatePlanIds, planIdOf, validatePlan } from '../core/plan/validate';
import type { ParsedPlan, ValidatedPlan } from '../core/plan/types';

/** Where plans live, relative to the repository root (lw_coder layout). */
export const TASKS_DIR_PARTS = ['.lw_coder', 'tasks'] as const;
export const tasksDirOf = (repoRoot: string): string => join(repoRoot, ...TASKS_DIR_PARTS);

export interface PlanFileReport {
  /** Absolute path. */
  readonly path: string;
  /** Relative to the repository root when known, else to the plan's folder. */
  readonly relativePath: string;
  readonly validated: ValidatedPlan;
}

export interface PlanScanDeps {
  readonly files: PlanFilesPort;
  /** Absent outside a git repository: git_sha resolution is then skipped, never guessed. */
  readonly git?: PlanGitPort;
  readonly repoRoot?: string;
}

/** Thrown when a `<plan>` argument names no plan; the message says where we looked and what to do. */
export class PlanNotFoundError extends Error {
  override readonly name = 'PlanNotFoundError';
}

const READ_CONCURRENCY = 64;

async function readAll(paths: readonly string[], files: PlanFilesPort, signal?: AbortSignal): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const p = paths[next++]!;
      texts.set(p, await files.readText(p, signal));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
  return texts;
}

/**
 * Validates the given plan files. Uniqueness of plan_id is judged against every plan in each file's folder, and all
 * git_sha values are resolved in one git call.
 */
export async function validatePlanFiles(paths: readonly string[], deps: PlanScanDeps, signal?: AbortSignal): Promise<PlanFileReport[]> {
  const wanted = [...new Set(paths.map((p) => resolve(p)))];
  const folders = [...new Set(wanted.map((p) => dirname(p)))];
  const siblings = (await Promise.all(folders.map((d) => deps.files.listPlanFiles(d, signal)))).flat();
  const all = [...new Set([...siblings, ...wanted])];
  const texts = await readAll(all, deps.files, signal);

  const parsed = new Map<string, ParsedPlan>();
  for (const [p, text] of texts) parsed.set(p, parsePlan(text));
  const duplicates = new Map<string, readonly string[]>();
  for (const folder of folders) {
    const inFolder = all.filter((p) => dirname(p) === folder).map((p) => ({ path: p, planId: planIdOf(parsed.get(p)!) }));
    for (const [p, others] of findDuplicatePlanIds(inFolder)) duplicates.set(p, others);
  }

  const shas = wanted.map((p) => shaOf(parsed.get(p)!)).filter((s): s is string => s !== undefined);
  const known = deps.git && shas.length > 0 ? await deps.git.commitsExist(shas, signal) : undefined;

  return wanted.map((p) => {
    const rel = deps.repoRoot ? relative(deps.repoRoot, p) : basename(p);
    const validated = validatePlan(parsed.get(p)!, {
      fileName: basename(p),
      duplicatePaths: (duplicates.get(p) ?? []).map((d) => (deps.repoRoot ? relative(deps.repoRoot, d) : basename(d))),
      commitExists: known ? (sha) => known.get(sha) : undefined,
    });
    return { path: p, relativePath: rel, validated };
  });
}

function shaOf(parsed: ParsedPlan): string | undefined {
  const entry = parsed.entries?.find((e) => e.key === 'git_sha');
  if (!entry) return undefined;
  const text = typeof entry.sourceText === 'string' ? entry.sourceText : entry.value;
  return typeof text === 'string' ? text : undefined;
}

/** Every plan in the repository's tasks folder, validated, sorted by path. */
export async function scanTasksFolder(repoRoot: string, deps: PlanScanDeps, signal?: AbortSignal): Promise<PlanFileReport[]> {
  const paths = await deps.files.listPlanFiles(tasksDirOf(repoRoot), signal);
  return validatePlanFiles(paths, { ...deps, repoRoot }, signal);
}

/**
 * Resolves a `<plan>` argument: a path to a plan file (absolute, or relative to `cwd`), or a plan_id in the
 * repository's tasks folder (matched against the front matter, then against the file name).
 */
export async function resolvePlanArgument(arg: string, cwd: string, repoRoot: string | undefined, deps: PlanScanDeps, signal?: AbortSignal): Promise<PlanFileReport> {
  const looksLikePath = arg.includes('/') || arg.includes('\\') || arg.toLowerCase().endsWith('.md');
  if (looksLikePath) {
    const full = isAbsolute(arg) ? arg : resolve(cwd, arg);
    try {
      const [report] = await validatePlanFiles([full], { ...deps, repoRoot: deps.repoRoot ?? repoRoot }, signal);
      return report!;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new PlanNotFoundError(`No plan file at ${full}. Check the path, or pass a plan_id from .lw_coder/tasks/.`);
      throw error;
    }
  }
  if (!repoRoot) throw new PlanNotFoundError(`'${arg}' is not a path, and ${cwd} is not inside a git repository whose .lw_coder/tasks/ could hold plan '${arg}'. Run lwc from the repository, or pass the plan file's path.`);
  const reports = await scanTasksFolder(repoRoot, deps, signal);
  const byId = reports.filter((r) => r.validated.fields.planId === arg);
  if (byId.length === 1) return byId[0]!;
  if (byId.length > 1) throw new PlanNotFoundError(`plan_id '${arg}' is used by ${byId.length} plans (${byId.map((r) => r.relativePath).join(', ')}). Give each plan a unique plan_id, or pass the file's path.`);
  const byName = reports.find((r) => basename(r.path) === `${arg}.md`);
  if (byName) return byName;
  const ids = reports.map((r) => r.validated.fields.planId).filter((id): id is string => Boolean(id));
  const hint = ids.length ? ` Known plans: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}.` : ' The tasks folder has no plans yet: create one with `lwc plan new` or "LW Coder: New Plan".';
  throw new PlanNotFoundError(`No plan with plan_id '${arg}' in ${tasksDirOf(repoRoot)}.${hint}`);
}
