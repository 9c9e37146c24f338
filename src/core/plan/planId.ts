import { PLAN_ID_PATTERN } from './types';

/**
 * plan_id rules beyond the pattern. A plan_id becomes a directory (`.lw_coder/worktrees/<plan_id>`, `runs/<plan_id>`)
 * and a git branch, so it must be valid as both on every platform a teammate might clone to.
 */

export interface PlanIdProblem {
  readonly code: 'plan-id-pattern' | 'plan-id-unsafe';
  readonly message: string;
}

// Windows refuses these as file or directory names, with or without an extension.
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$/i;

export function planIdProblem(id: string): PlanIdProblem | undefined {
  if (!PLAN_ID_PATTERN.test(id)) {
    const bad = [...id].find((c) => !/[a-zA-Z0-9._-]/.test(c));
    const why =
      id.length < 3
        ? `is ${id.length} character${id.length === 1 ? '' : 's'} long; use at least 3`
        : id.length > 100
          ? `is ${id.length} characters long; use at most 100`
          : `contains ${JSON.stringify(bad)}`;
    return {
      code: 'plan-id-pattern',
      message: `plan_id '${id}' ${why}. A plan_id is 3–100 characters from a-z, A-Z, 0-9, '.', '_' and '-' (for example '${suggestId(id)}').`,
    };
  }
  const unsafe = unsafeReason(id);
  if (unsafe === undefined) return undefined;
  return {
    code: 'plan-id-unsafe',
    message: `plan_id '${id}' ${unsafe}, so it cannot serve as its worktree directory and git branch name. Use, for example, '${suggestId(id)}'.`,
  };
}

/** git check-ref-format (branch form) and file-system rules that the pattern alone lets through. */
function unsafeReason(id: string): string | undefined {
  if (id === '.' || id === '..') return 'is a special directory name';
  if (id.startsWith('.')) return "starts with '.' (a hidden directory, and git refuses ref names starting with '.')";
  if (id.startsWith('-')) return "starts with '-' (git and other commands would read it as an option)";
  if (id.includes('..')) return "contains '..' (git refuses it in ref names)";
  if (id.endsWith('.lock')) return "ends with '.lock' (git reserves it for its lock files)";
  if (id.endsWith('.')) return "ends with '.' (git refuses it, and Windows drops it from directory names)";
  if (id === 'HEAD') return "is 'HEAD' (git refuses it as a branch name)";
  if (WINDOWS_RESERVED.test(id)) return 'is a reserved device name on Windows';
  return undefined;
}

/** A safe id derived from the bad one, for the message: keep what is allowed, trim leading/trailing dots and dashes. */
export function suggestId(id: string): string {
  let s = id
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\.lock$/, '-lock')
    .replace(/^[.-]+|[.-]+$/g, '');
  if (s === '' || WINDOWS_RESERVED.test(s) || s === 'HEAD') s = `plan-${s}`.replace(/-$/, '');
  while (s.length < 3) s += '-1';
  return s.slice(0, 100).replace(/[.-]+$/, '');
}

/** The form in which plan_ids collide: two plans whose keys are equal are duplicates (see findDuplicatePlanIds). */
export function planIdKey(planId: string): string {
  return planId.toLowerCase();
}

/**
 * For each path, the other paths whose plan_id collides with its own: equal, or equal ignoring case. Case-only
 * collisions get the same treatment (an error, via `plan-id-duplicate`) because they are not merely cosmetic: on macOS
 * and Windows the worktree directories `worktrees/Foo` and `worktrees/foo` are one directory, and so are the loose ref
 * files of branches `Foo` and `foo` — two such plans would run in each other's worktree. A teammate on those systems
 * breaks even if the author's Linux machine does not, so we refuse it everywhere. Paths without a plan_id are ignored.
 */
export function findDuplicatePlanIds(
  plans: readonly { path: string; planId: string | null }[],
): ReadonlyMap<string, readonly string[]> {
  const byFoldedId = new Map<string, string[]>();
  for (const plan of plans) {
    if (plan.planId === null) continue;
    const folded = planIdKey(plan.planId);
    const group = byFoldedId.get(folded);
    if (group) group.push(plan.path);
    else byFoldedId.set(folded, [plan.path]);
  }
  const result = new Map<string, readonly string[]>();
  for (const group of byFoldedId.values()) {
    if (group.length < 2) continue;
    for (const path of group) result.set(path, group.filter((other) => other !== path));
  }
  return result;
}
