import { ScheduledModel } from '../scheduledModel';
import type { Logger } from '../../core/ports/logger';
import type { SessionEntry } from '../../app/commands/sessions';
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
  /** Command sessions of one folder (`.lw_coder/sessions`), newest first; a corrupt record is an entry with its problem. */
  sessions(folder: string): Promise<SessionEntry[]>;
  readonly logger: Logger;
}

export interface RunsState {
  readonly plans: readonly RunsByPlan[];
  /** Multi-step command sessions, all folders, newest first per folder. */
  readonly sessions: readonly { readonly folder: string; readonly entry: SessionEntry }[];
  readonly error?: string;
  readonly loaded: boolean;
}

/** The Runs view's data: listed only while the view is visible or a caller asks, debounced on file events. */
export class RunsModel extends ScheduledModel<RunsState> {
  constructor(private readonly deps: RunsModelDeps) {
    super({ plans: [], sessions: [], loaded: false }, { debounceMs: RUNS_REFRESH_DEBOUNCE_MS, onShow: 'debounced' });
  }

  protected async readOnce(): Promise<void> {
    try {
      const folders = this.deps.folders();
      const [perFolder, sessions] = await Promise.all([
        Promise.all(folders.map(async (folder) => (await this.deps.list(folder)).map((g) => ({ folder, planId: g.planId, runs: g.runs })))),
        Promise.all(folders.map(async (folder) => (await this.deps.sessions(folder)).map((entry) => ({ folder, entry })))),
      ]);
      this.current = { plans: perFolder.flat(), sessions: sessions.flat(), loaded: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn(`could not list runs: ${message}`);
      this.current = { ...this.current, error: message, loaded: true };
    }
    this.fire();
  }
}
