import type { RunRecord } from '../runs/record';

export interface RunFile {
  /** Relative to the run directory, forward slashes (e.g. `prompts/main.md`). */
  readonly path: string;
  readonly content: string;
}

export interface CreatedRun {
  readonly runDir: string;
  /** The timestamp directory name. */
  readonly name: string;
  /** Absolute paths of the files written, run.json last. */
  readonly files: readonly string[];
}

export interface RunSummary {
  readonly planId: string;
  readonly name: string;
  readonly runDir: string;
  readonly createdAt: string;
  /** Undefined when run.json is missing or unreadable (the directory is still listed). */
  readonly record?: RunRecord;
  /** Run-relative paths of the files in the directory, sorted. */
  readonly files: readonly string[];
}

export interface PruneResult {
  /** Absolute paths removed. */
  readonly removed: readonly string[];
  /** Entries left alone for safety (symlinks, a runs folder that is itself a symlink), with the reason. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/** The process that wrote a headless attempt's secret files (core/runs/agentSecrets.ts). */
export interface SecretOwner {
  readonly pid: number;
  readonly hostname: string;
}

export interface LeftoverSecretsResult {
  /** Absolute paths of secret files removed. */
  readonly removed: readonly string[];
  /** Secret files left in place because their attempt may still run. */
  readonly kept: readonly string[];
  /** Markers that could not be parsed: kept, for a human to look at. */
  readonly unreadable: readonly string[];
}

/**
 * `.lw_coder/runs/` of one repository. Implemented in src/adapters/fs/runStore.ts.
 */
export interface RunStorePort {
  /** Absolute path of `.lw_coder/runs`. */
  readonly root: string;
  /**
   * Writes a new run atomically: files go into a temp directory inside `runs/<plan_id>/`, which is renamed to a
   * fresh timestamp name, so readers never see half a run and a failure leaves nothing behind.
   */
  createRun(planId: string, files: readonly RunFile[], record: RunRecord, now: Date): Promise<CreatedRun>;
  /** Runs, newest first; all plans or one. */
  listRuns(planId?: string): Promise<RunSummary[]>;
  /** Deletes runs older than `maxAgeMs` (by their timestamp name) under `.lw_coder/runs` only, never following symlinks. */
  pruneRuns(maxAgeMs: number, now: Date, keep?: readonly string[]): Promise<PruneResult>;
  /**
   * Removes the secret files headless attempts left behind when their process died (droid's settings with the key),
   * found through their markers; files of attempts whose owner `ownerAlive` says may still run are kept. Never follows
   * symbolic links.
   */
  removeLeftoverSecrets(ownerAlive: (owner: SecretOwner) => boolean): Promise<LeftoverSecretsResult>;
}
