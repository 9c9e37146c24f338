import { ScheduledModel } from '../scheduledModel';
import type { Logger } from '../../core/ports/logger';
import type { SalvageRecord } from '../../core/worktree/salvage';
import type { WorktreeStatus } from '../../core/worktree/status';

/** Worktree files change in bursts (an agent saving, a checkout): one status round per burst. */
export const WORKTREE_REFRESH_DEBOUNCE_MS = 500;

/** The plans of one repository whose worktrees to report. */
export interface WorktreeTarget {
  readonly repoRoot: string;
  readonly plans: readonly { readonly path: string; readonly planId: string; readonly base?: string }[];
}

export interface WorktreeModelDeps {
  /** git status can run programs a repository's config names (core.fsmonitor): nothing is asked while untrusted. */
  trusted(): boolean;
  targets(): Promise<readonly WorktreeTarget[]>;
  statuses(target: WorktreeTarget, signal: AbortSignal): Promise<WorktreeStatus[]>;
  salvage(repoRoot: string, signal: AbortSignal): Promise<SalvageRecord[]>;
  readonly logger: Logger;
}

export interface SalvageEntry {
  readonly repoRoot: string;
  readonly record: SalvageRecord;
}

export interface WorktreeState {
  /** By plan file path; plans without a worktree are absent. */
  readonly byPlanPath: ReadonlyMap<string, WorktreeStatus & { readonly repoRoot: string }>;
  readonly salvage: readonly SalvageEntry[];
}

const EMPTY: WorktreeState = { byPlanPath: new Map(), salvage: [] };

/**
 * Worktree state under the Plans view's plans and the salvage refs of the Recover node. Like PlansModel it works only
 * while the view is visible (or a caller asks), debounced; unlike it, it never runs in an untrusted workspace.
 */
export class WorktreeModel extends ScheduledModel<WorktreeState> {
  constructor(private readonly deps: WorktreeModelDeps) {
    super(EMPTY, { debounceMs: WORKTREE_REFRESH_DEBOUNCE_MS, onShow: 'debounced' });
  }

  protected async readOnce(): Promise<void> {
    if (!this.deps.trusted()) {
      this.current = EMPTY;
      this.forgetFired();
      this.fire();
      return;
    }
    const controller = this.beginRead();
    const started = performance.now();
    try {
      const targets = await this.deps.targets();
      const byPlanPath = new Map<string, WorktreeStatus & { repoRoot: string }>();
      const salvage: SalvageEntry[] = [];
      await Promise.all(
        targets.map(async (target) => {
          const [statuses, records] = await Promise.all([
            target.plans.length > 0 ? this.deps.statuses(target, controller.signal) : Promise.resolve([]),
            this.deps.salvage(target.repoRoot, controller.signal),
          ]);
          const pathOf = new Map(target.plans.map((p) => [p.planId, p.path]));
          for (const s of statuses) {
            const path = pathOf.get(s.planId);
            if (path && s.state !== 'missing') byPlanPath.set(path, { ...s, repoRoot: target.repoRoot });
          }
          salvage.push(...records.map((record) => ({ repoRoot: target.repoRoot, record })));
        }),
      );
      this.current = { byPlanPath, salvage };
      this.deps.logger.debug(`${byPlanPath.size} worktrees, ${salvage.length} salvage refs in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.deps.logger.warn(`could not read worktree state: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.endRead(controller);
    }
    // As the Plans model: an unchanged state does not redraw the tree (a redraw under a click loses the click).
    this.fireIfChanged(JSON.stringify([[...this.current.byPlanPath], this.current.salvage]));
  }
}

/** `2 staged · 1 modified · 3 untracked · ↑1`: the row's description; empty when clean and level with the base. */
export function worktreeBadges(s: WorktreeStatus): string {
  if (s.state === 'broken') return 'broken';
  const parts: string[] = [];
  if (s.staged) parts.push(`${s.staged} staged`);
  if (s.unstaged) parts.push(`${s.unstaged} modified`);
  if (s.untracked) parts.push(`${s.untracked} untracked`);
  if (s.conflicted) parts.push(`${s.conflicted} conflicted`);
  if (s.ahead) parts.push(`↑${s.ahead} ahead`);
  if (s.patched) parts.push('in use by a container');
  return parts.length > 0 ? parts.join(' · ') : 'clean';
}
