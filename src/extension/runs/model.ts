import * as vscode from 'vscode';
import type { Logger } from '../../core/ports/logger';
import type { RunSummary } from '../../core/ports/runStore';

/** A run writes several files at once (temp dir then rename): one listing per burst. */
export const RUNS_REFRESH_DEBOUNCE_MS = 300;

export interface RunsByPlan {
  /** The workspace folder whose `.lw_coder/runs` holds them. */
  readonly folder: string;
  readonly planId: string;
  /** Newest first. */
  readonly runs: readonly RunSummary[];
}

export interface RunsModelDeps {
  folders(): readonly string[];
  /** Runs of one folder grouped by plan (listRuns + groupRunsByPlan over the file run store). Reads files only. */
  list(folder: string): Promise<{ planId: string; runs: RunSummary[] }[]>;
  readonly logger: Logger;
}

export interface RunsState {
  readonly plans: readonly RunsByPlan[];
  readonly error?: string;
  readonly loaded: boolean;
}

/** The Runs view's data: listed only while the view is visible or a caller asks, debounced on file events. */
export class RunsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsState>();
  readonly onDidChange = this.changed.event;
  private current: RunsState = { plans: [], loaded: false };
  private active = false;
  private stale = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly deps: RunsModelDeps) {}

  get state(): RunsState {
    return this.current;
  }

  /** Becoming visible with stale data lists soon (debounced): never inside activate(), which must not load the chunk. */
  setActive(active: boolean): void {
    this.active = active;
    if (active && this.stale) this.markStale();
  }

  markStale(): void {
    this.stale = true;
    if (!this.active || this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, RUNS_REFRESH_DEBOUNCE_MS);
  }

  /** Resolves after a listing that started after this call. */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.running) {
      this.running = this.listOnce().finally(() => {
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

  private async listOnce(): Promise<void> {
    this.stale = false;
    try {
      const perFolder = await Promise.all(
        this.deps.folders().map(async (folder) => (await this.deps.list(folder)).map((g) => ({ folder, planId: g.planId, runs: g.runs }))),
      );
      this.current = { plans: perFolder.flat(), loaded: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn(`could not list runs: ${message}`);
      this.current = { ...this.current, error: message, loaded: true };
    }
    if (!this.disposed) this.changed.fire(this.current);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
