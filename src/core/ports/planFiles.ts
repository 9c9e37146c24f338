/** Reading plan files. Implemented over node:fs in src/adapters/plans/planFiles.ts. */
export interface PlanFilesPort {
  /** Absolute paths of the `*.md` files directly in `dir`, sorted; empty when `dir` does not exist. */
  listPlanFiles(dir: string, signal?: AbortSignal): Promise<string[]>;
  /** The file's text (UTF-8, BOM kept: the parser handles it). */
  readText(path: string, signal?: AbortSignal): Promise<string>;
  /** Replaces the file's content atomically (temp file + rename), so a crash never leaves half a plan. */
  writeTextAtomic(path: string, text: string): Promise<void>;
}
