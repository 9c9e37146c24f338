import type { PruneResult, RunStorePort, RunSummary } from '../core/ports/runStore';
import { DEFAULT_RUN_RETENTION_MS } from '../core/runs/layout';

/** Runs of one plan or all, newest first (for `lwc runs list` and the Runs view). */
export function listRuns(store: RunStorePort, planId?: string): Promise<RunSummary[]> {
  return store.listRuns(planId);
}

/** Runs grouped by plan, plans sorted, runs newest first: the Runs view's tree. */
export function groupRunsByPlan(runs: readonly RunSummary[]): { planId: string; runs: RunSummary[] }[] {
  const byPlan = new Map<string, RunSummary[]>();
  for (const r of runs) byPlan.set(r.planId, [...(byPlan.get(r.planId) ?? []), r]);
  return [...byPlan.keys()].sort().map((planId) => ({ planId, runs: byPlan.get(planId)!.sort((a, b) => (a.name < b.name ? 1 : -1)) }));
}

/** Deletes run directories older than `maxAgeMs` (default 30 days), only under `.lw_coder/runs`, never via symlinks. */
export function pruneRuns(store: RunStorePort, options: { maxAgeMs?: number; now?: Date } = {}): Promise<PruneResult> {
  return store.pruneRuns(options.maxAgeMs ?? DEFAULT_RUN_RETENTION_MS, options.now ?? new Date());
}
