import type { BoundedRead } from './boundedRead';

export interface ReadPlanFileOptions {
  /**
   * The repository the plan belongs to: a plan whose real path (links resolved) is outside it is not read. Defaults
   * to the repository whose `.lw_coder/tasks/` holds the file; a file elsewhere with no root given is not judged.
   */
  readonly repoRoot?: string;
  readonly signal?: AbortSignal;
}

/** Reading plan files. Implemented over node:fs in src/adapters/plans/planFiles.ts. */
export interface PlanFilesPort {
  /** Absolute paths of the `*.md` entries directly in `dir` (whatever they are), sorted; empty when `dir` does not exist. */
  listPlanFiles(dir: string, signal?: AbortSignal): Promise<string[]>;
  /**
   * Reads a plan as a listing needs it: a file that must not be read (not a regular file, over MAX_PLAN_BYTES, a link
   * out of the repository, unreadable) is a value, never an exception, and at most MAX_PLAN_BYTES + 1 bytes are read.
   */
  readPlanFile(path: string, options?: ReadPlanFileOptions): Promise<BoundedRead>;
  /**
   * The file's text (UTF-8, BOM kept: the parser handles it), through the same checks as readPlanFile: a refused file
   * throws PlanFileRefusedError, a missing one an ENOENT error.
   */
  readText(path: string, signal?: AbortSignal): Promise<string>;
  /** Replaces the file's content atomically (temp file + rename), so a crash never leaves half a plan. */
  writeTextAtomic(path: string, text: string): Promise<void>;
}
