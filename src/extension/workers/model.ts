import type { FleetStatus } from '../../core/fleet/statusModel';
import type { Logger } from '../../core/ports/logger';
import { ScheduledModel } from '../scheduledModel';
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
export class WorkersModel extends ScheduledModel<WorkersState> {
  private visible = false;
  private fleetTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: WorkersModelDeps) {
    super({ statuses: [], rows: [], loaded: false }, { debounceMs: WORKERS_REFRESH_DEBOUNCE_MS, onShow: 'now' });
  }

  /** The view became visible or hidden; a running fleet keeps the model reading for the status bar. */
  override setActive(visible: boolean): void {
    this.visible = visible;
    this.scheduler.setActive(this.wanted());
  }

  private wanted(): boolean {
    return this.visible || this.current.statusBar !== undefined;
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

  protected async readOnce(): Promise<void> {
    const controller = this.beginRead();
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
      this.endRead(controller);
    }
    this.scheduler.setActive(this.wanted());
    this.fireIfChanged(JSON.stringify([this.current.rows, this.current.statusBar, this.current.error]));
  }

  override dispose(): void {
    if (this.fleetTimer) clearTimeout(this.fleetTimer);
    super.dispose();
  }
}
