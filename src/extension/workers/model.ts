import * as vscode from 'vscode';
import type { FleetStatus } from '../../core/fleet/statusModel';
import type { Logger } from '../../core/ports/logger';
import { RefreshScheduler } from '../refreshScheduler';
import { statusBarText, workerTreeRows, type WorkerRow } from './rows';

/** The queue's journal gets a line per change and its lock comes and goes around it: one read per burst. */
export const WORKERS_REFRESH_DEBOUNCE_MS = 300;

export interface WorkersFolder {
  readonly name: string;
  /** Absolute path: the repository whose `.lw_coder/state/` holds the queue and the fleet's files. */
  readonly path: string;
}

export interface WorkersModelDeps {
  folders(): readonly WorkersFolder[];
  /** The fleet's one status model, files only (fleetStatus with `sync: false`): no git, no engine. Undefined: no fleet state there. */
  status(folder: WorkersFolder, signal: AbortSignal): Promise<FleetStatus | undefined>;
  readonly logger: Logger;
}

export interface WorkersState {
  readonly statuses: readonly { readonly folderName: string; readonly status: FleetStatus }[];
  readonly rows: readonly WorkerRow[];
  /** The status bar's text, undefined while no fleet runs. */
  readonly statusBar?: string;
  readonly error?: string;
  readonly loaded: boolean;
}

/**
 * The Workers view's data (the same split as PlansModel): reads the status model while someone looks — the view, or
 * the status bar while a fleet runs — debounced on the store's file events, and announces a change only when the
 * rows or the status bar text changed (a heartbeat or a lease renewal rewrites files but changes no row: redrawing
 * then would pull rows from under the user's pointer).
 */
export class WorkersModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorkersState>();
  readonly onDidChange = this.changed.event;
  private current: WorkersState = { statuses: [], rows: [], loaded: false };
  private lastFired: string | undefined;
  private controller: AbortController | undefined;
  private disposed = false;
  private visible = false;
  private fleetTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly scheduler = new RefreshScheduler(() => this.readOnce(), { debounceMs: WORKERS_REFRESH_DEBOUNCE_MS, onShow: 'now' });

  constructor(private readonly deps: WorkersModelDeps) {}

  get state(): WorkersState {
    return this.current;
  }

  /** The view became visible or hidden; a running fleet keeps the model reading for the status bar. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.scheduler.setActive(this.wanted());
  }

  private wanted(): boolean {
    return this.visible || this.current.statusBar !== undefined;
  }

  markStale(): void {
    this.scheduler.markStale();
  }

  /**
   * The fleet's own files changed (supervisor.json): a fleet may have started from a terminal, which the status bar
   * shows even while the view is hidden, so this reads (debounced) where a queue change would only mark stale.
   */
  fleetStateChanged(): void {
    if (this.wanted() || this.disposed) {
      this.markStale();
      return;
    }
    this.fleetTimer ??= setTimeout(() => {
      this.fleetTimer = undefined;
      void this.refresh();
    }, WORKERS_REFRESH_DEBOUNCE_MS);
  }

  /** Resolves after a read that started after this call; concurrent callers share one follow-up read. */
  refresh(): Promise<void> {
    return this.disposed ? Promise.resolve() : this.scheduler.refresh();
  }

  private async readOnce(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    try {
      const read = await Promise.all(this.deps.folders().map(async (f) => ({ folderName: f.name, status: await this.deps.status(f, controller.signal) })));
      const statuses = read.filter((r): r is { folderName: string; status: FleetStatus } => r.status !== undefined);
      const rows = workerTreeRows(statuses);
      const bar = statusBarText(statuses.map((s) => s.status));
      this.current = { statuses, rows, ...(bar !== undefined ? { statusBar: bar } : {}), loaded: true };
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn(`could not read the fleet's state: ${message}`);
      this.current = { ...this.current, error: message, loaded: true };
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
    this.scheduler.setActive(this.wanted());
    const key = JSON.stringify([this.current.rows, this.current.statusBar, this.current.error]);
    if (!this.disposed && key !== this.lastFired) {
      this.lastFired = key;
      this.changed.fire(this.current);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.fleetTimer) clearTimeout(this.fleetTimer);
    this.scheduler.dispose();
    this.controller?.abort();
    this.changed.dispose();
  }
}
