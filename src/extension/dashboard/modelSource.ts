import { watchFleetStore, type StoreWatch } from '../../adapters/fleet/storeWatch';
import { fleetStatus } from '../../app/fleet/status';
import { BranchStatusCache } from '../../app/fleet/branchCache';
import { TaskActivityCache } from '../../app/fleet/taskActivity';
import type { FleetDeps } from '../../app/fleet/types';
import type { DashboardHostMessage } from '../../protocol/dashboard';

/** A queue write is a burst (lock, journal append, unlock) and a worker's claim two writes: one build per burst. */
export const DASHBOARD_DEBOUNCE_MS = 75;

export interface DashboardSourceOptions {
  readonly repoRoot: string;
  readonly deps: Pick<FleetDeps, 'run' | 'queue' | 'state' | 'activity'>;
  /** Read per build: git runs only in a trusted workspace. */
  trusted(): boolean;
  /** Each new model, already built; `json` is what postMessage will carry (measured by bench/dashboard.ts). */
  onModel(message: DashboardHostMessage): void | Promise<void>;
  onError(message: string): void;
  readonly debounceMs?: number;
}

/**
 * The dashboard's host side without the webview (no vscode import, so bench/dashboard.ts runs it in plain node): watches
 * the store, builds the fleet's one status model (src/app/fleet/status.ts, the model of `lwc status --json`) and hands
 * it on. Builds never overlap: a change during a build makes one more build after it, so a burst of writes costs at
 * most two, and the last model always reflects the last write.
 */
export class DashboardModelSource {
  private readonly cache = new TaskActivityCache();
  private readonly branches = new BranchStatusCache();
  private seq = 0;
  private building: Promise<void> | undefined;
  private again = false;
  private watch: StoreWatch | undefined;
  private disposed = false;

  constructor(private readonly options: DashboardSourceOptions) {}

  /** Starts watching; the first model is built when the page is ready (refresh). */
  start(): void {
    this.watch ??= watchFleetStore(this.options.repoRoot, () => void this.refresh(), {
      debounceMs: this.options.debounceMs ?? DASHBOARD_DEBOUNCE_MS,
      onError: (m) => this.options.onError(m),
    });
  }

  /** Builds and hands on a model; resolves when the model that reflects every change before the call is handed on. */
  refresh(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      try {
        do {
          this.again = false;
          const message = await this.build();
          if (this.disposed) return;
          await this.options.onModel(message);
        } while (this.again && !this.disposed);
      } catch (error) {
        this.options.onError(`building the fleet status failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }

  async build(): Promise<DashboardHostMessage> {
    const trusted = this.options.trusted();
    const status = await fleetStatus(this.options.deps, this.options.repoRoot, { activityCache: this.cache, branchCache: this.branches, localOnly: !trusted });
    return { type: 'model', model: { status, trusted, seq: ++this.seq } };
  }

  dispose(): void {
    this.disposed = true;
    this.watch?.close();
    this.watch = undefined;
  }
}
