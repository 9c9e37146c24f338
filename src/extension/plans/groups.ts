import type { PlanFileReport } from '../../app/plans';
import { PLAN_STATUSES, type PlanDiagnostic, type PlanStatus } from '../../core/plan/types';

/** Where a plan sits in the Plans view: its lifecycle status, or 'invalid' when the status cannot be read. */
export type PlanGroupKey = PlanStatus | 'invalid';

export interface PlanEntry {
  /** Absolute path of the plan file. */
  readonly path: string;
  readonly relativePath: string;
  readonly planId: string | null;
  /** The body's first `# heading`, when it has one: a friendlier label than the id. */
  readonly title?: string;
  readonly status: PlanStatus | null;
  /** The plan's git_sha as written (null when unreadable): the base its worktree's ahead count is measured from. */
  readonly gitSha: string | null;
  readonly valid: boolean;
  /** The first error (else the first diagnostic): what the tooltip shows. */
  readonly firstProblem?: PlanDiagnostic;
  readonly problemCount: number;
}

export interface PlanGroup {
  readonly key: PlanGroupKey;
  /** `<Status> (<count>)`, as the view shows it. */
  readonly label: string;
  readonly plans: readonly PlanEntry[];
}

const GROUP_ORDER: readonly PlanGroupKey[] = [...PLAN_STATUSES, 'invalid'];

export function groupTitle(key: PlanGroupKey): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

export function toPlanEntry(report: PlanFileReport): PlanEntry {
  const { validated } = report;
  const errors = validated.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0] ?? validated.diagnostics[0];
  const title = /^#\s+(.+?)\s*#*\s*$/m.exec(validated.parsed.body)?.[1];
  return {
    ...(title ? { title } : {}),
    path: report.path,
    relativePath: report.relativePath,
    planId: validated.fields.planId,
    status: validated.fields.status,
    gitSha: validated.fields.gitSha,
    valid: validated.valid,
    ...(first ? { firstProblem: first } : {}),
    problemCount: errors.length,
  };
}

/**
 * Groups plans in lifecycle order (draft → abandoned, then invalid), hiding empty groups; inside a group plans sort by
 * plan_id, then path, so the view does not reshuffle when files are touched.
 */
export function groupPlans(entries: readonly PlanEntry[]): PlanGroup[] {
  const byKey = new Map<PlanGroupKey, PlanEntry[]>();
  for (const entry of entries) {
    const key: PlanGroupKey = entry.status ?? 'invalid';
    const list = byKey.get(key) ?? [];
    list.push(entry);
    byKey.set(key, list);
  }
  const sortKey = (e: PlanEntry): string => e.planId ?? e.relativePath;
  return GROUP_ORDER.filter((key) => byKey.has(key)).map((key) => {
    const plans = byKey.get(key)!.sort((a, b) => sortKey(a).localeCompare(sortKey(b)) || a.path.localeCompare(b.path));
    return { key, label: `${groupTitle(key)} (${plans.length})`, plans };
  });
}
