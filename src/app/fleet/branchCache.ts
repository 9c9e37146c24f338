import type { QueueTask } from '../../core/queue/types';
import type { WorktreeStatus } from '../../core/worktree/status';
import { taskChangeKey } from './taskActivity';

/** How old a task branch's git facts may be when its task has not changed: a worker's edits show within this. */
export const BRANCH_STATUS_MAX_AGE_MS = 5000;

/**
 * The task worktrees' git facts (ahead, uncommitted, and the plan's git_sha they count from) between status builds of
 * a caller that rebuilds on every store change (the dashboard). A store change touches one or two tasks: their
 * worktrees are read again at once (the key of a task changes with every transition), the others when their facts are
 * older than `maxAgeMs` — 32 `git status` runs per queue write were most of an update's time.
 */
export class BranchStatusCache {
  private readonly entries = new Map<string, { readonly key: string; readonly at: number; readonly status: WorktreeStatus; readonly base?: string }>();

  constructor(readonly maxAgeMs = BRANCH_STATUS_MAX_AGE_MS) {}

  get(task: QueueTask, nowMs: number): { readonly status: WorktreeStatus; readonly base?: string } | undefined {
    const entry = this.entries.get(task.planId);
    return entry && entry.key === taskChangeKey(task) && nowMs - entry.at < this.maxAgeMs ? entry : undefined;
  }

  set(task: QueueTask, status: WorktreeStatus, base: string | undefined, nowMs: number): void {
    this.entries.set(task.planId, { key: taskChangeKey(task), at: nowMs, status, ...(base !== undefined ? { base } : {}) });
  }

  retain(planIds: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!planIds.has(id)) this.entries.delete(id);
  }
}
