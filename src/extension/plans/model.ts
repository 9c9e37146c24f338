import * as vscode from 'vscode';
import type { PlanFileReport } from '../../app/plans';
import type { Logger } from '../../core/ports/logger';
import { groupPlans, toPlanEntry, type PlanEntry, type PlanGroup } from './groups';

/** Watcher events arrive in bursts (a git checkout touches every plan): one scan per burst. */
export const REFRESH_DEBOUNCE_MS = 250;

export interface PlansModelDeps {
  /** Absolute paths of the workspace folders whose `.lw_coder/tasks/` is scanned. */
  folders(): readonly string[];
  scan(folderPath: string, signal: AbortSignal): Promise<PlanFileReport[]>;
  readonly logger: Logger;
}

export interface PlansState {
  readonly groups: readonly PlanGroup[];
  readonly planCount: number;
  /** Set when the last scan failed; the view shows it as an error row with a way to the log. */
  readonly error?: string;
  /** False until the first scan finished. */
  readonly loaded: boolean;
}

/**
 * The Plans view's data, apart from the tree provider (PR-GitHub's PrsTreeModel): it scans, groups and announces
 * changes. Scans happen only while someone looks (the view is visible) or asks (`refresh()`); file events while
 * nobody looks just mark the data stale.
 */
export class PlansModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PlansState>();
  readonly onDidChange = this.changed.event;

  private current: PlansState = { groups: [], planCount: 0, loaded: false };
  private stale = true;
  private active = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private disposed = false;

  constructor(private readonly deps: PlansModelDeps) {}

  get state(): PlansState {
    return this.current;
  }

  /** The view became visible or hidden. Becoming visible with stale data scans at once. */
  setActive(active: boolean): void {
    this.active = active;
    if (active && this.stale) void this.refresh();
  }

  /** Something under `.lw_coder/` changed: rescan soon if someone looks, else when they next do. */
  markStale(): void {
    this.stale = true;
    if (!this.active || this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  /**
   * Resolves after a scan that started after this call (so a caller that just wrote a file sees it). Concurrent callers
   * share one follow-up scan instead of stacking them.
   */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.running) {
      this.running = this.scanOnce().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  private async scanOnce(): Promise<void> {
    this.stale = false;
    const controller = new AbortController();
    this.controller = controller;
    const started = performance.now();
    try {
      const reports = (await Promise.all(this.deps.folders().map((f) => this.deps.scan(f, controller.signal)))).flat();
      const entries: PlanEntry[] = reports.map(toPlanEntry);
      this.current = { groups: groupPlans(entries), planCount: entries.length, loaded: true };
      this.deps.logger.debug(`scanned ${entries.length} plans in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(error instanceof Error ? error : message);
      this.current = { ...this.current, error: message, loaded: true };
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
    if (!this.disposed) this.changed.fire(this.current);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort();
    this.changed.dispose();
  }
}
