import { ScheduledModel } from '../scheduledModel';
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
export class PlansModel extends ScheduledModel<PlansState> {
  constructor(private readonly deps: PlansModelDeps) {
    super({ groups: [], planCount: 0, loaded: false }, { debounceMs: REFRESH_DEBOUNCE_MS, onShow: 'now' });
  }

  protected async readOnce(): Promise<void> {
    const controller = this.beginRead();
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
      this.endRead(controller);
    }
    // Only a real change redraws the tree: a redraw re-creates its rows, and a click landing on a replaced row runs
    // nothing ("Actual command not found"), so an idle refresh must not pull rows from under the user's pointer.
    this.fireIfChanged(JSON.stringify(this.current));
  }
}
