import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { PlanGitPort } from '../core/ports/git';
import type { PlanFilesPort } from '../core/ports/planFiles';
import { unreadablePlan, type PlanFileProblem } from '../core/plan/fileProblem';
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

/** A plan file's text, or why it was not read (one diagnostic for that file; the others are still read). */
type PlanRead = { readonly text: string } | { readonly problem: PlanFileProblem };

const isUnder = (path: string, root: string): boolean => {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

/**
 * One file after another: the node adapter reads synchronously in time slices (many reads in flight would only add
 * promises), and another implementation (open editors' texts) answers from memory.
 */
async function readAll(paths: readonly string[], deps: PlanScanDeps, signal?: AbortSignal): Promise<Map<string, PlanRead>> {
  const reads = new Map<string, PlanRead>();
  for (const p of paths) {
    // The repository bounds the plans under it; a file named outside it (lwc plan validate /tmp/x.md) was chosen
    // by the user, and the adapter judges it by its own tasks folder, if any.
    const repoRoot = deps.repoRoot !== undefined && isUnder(p, deps.repoRoot) ? deps.repoRoot : undefined;
    const read = await deps.files.readPlanFile(p, { ...(repoRoot ? { repoRoot } : {}), ...(signal ? { signal } : {}) });
    if (read.kind === 'text') reads.set(p, { text: read.text });
    else if (read.kind !== 'missing') reads.set(p, { problem: read });
    // Missing: deleted since the folder was listed; validatePlanFiles decides what that means.
  }
  return reads;
}

/**
 * Validates the given plan files. Uniqueness of plan_id is judged against every plan in each file's folder, and all
 * git_sha values are resolved in one git call. A file that cannot be read as a plan (a FIFO, a directory, a link to a
 * device or out of the repository, over the size limit) is reported as an invalid plan with one diagnostic; the
 * others are judged as usual. A path that does not exist throws ENOENT, unless `skipMissing` (a listing that raced
 * a deletion).
 */
export async function validatePlanFiles(paths: readonly string[], deps: PlanScanDeps, signal?: AbortSignal, skipMissing = false): Promise<PlanFileReport[]> {
  const requested = [...new Set(paths.map((p) => resolve(p)))];
  const folders = [...new Set(requested.map((p) => dirname(p)))];
  const siblings = (await Promise.all(folders.map((d) => deps.files.listPlanFiles(d, signal)))).flat();
  const all = [...new Set([...siblings, ...requested])];
  const reads = await readAll(all, deps, signal);
  const absent = requested.find((p) => !reads.has(p));
  if (absent !== undefined && !skipMissing) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${absent}'`), { code: 'ENOENT', path: absent });
  const wanted = requested.filter((p) => reads.has(p));

  const parsed = new Map<string, ParsedPlan>();
  for (const [p, read] of reads) if ('text' in read) parsed.set(p, parsePlan(read.text));
  const duplicates = new Map<string, readonly string[]>();
  for (const folder of folders) {
    const inFolder = all.filter((p) => dirname(p) === folder && parsed.has(p)).map((p) => ({ path: p, planId: planIdOf(parsed.get(p)!) }));
    for (const [p, others] of findDuplicatePlanIds(inFolder)) duplicates.set(p, others);
  }

  const shas = wanted.flatMap((p) => (parsed.has(p) ? [shaOf(parsed.get(p)!)] : [])).filter((s): s is string => s !== undefined);
  const known = deps.git && shas.length > 0 ? await deps.git.commitsExist(shas, signal) : undefined;

  return wanted.map((p) => {
    const rel = deps.repoRoot ? relative(deps.repoRoot, p) : basename(p);
    const read = reads.get(p)!;
    if ('problem' in read) return { path: p, relativePath: rel, validated: unreadablePlan(basename(p), read.problem) };
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
  return validatePlanFiles(paths, { ...deps, repoRoot }, signal, true);
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
