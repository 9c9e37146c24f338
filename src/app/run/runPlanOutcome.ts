import { join } from 'node:path';
import { z } from 'zod';
import { RUN_RECORD_FILE } from '../../core/runs/layout';
import type { WorktreeFilesPort } from '../../core/ports/worktreeState';

/**
 * The container session's outcome, kept in run.json under `session` next to what prompt generation recorded. run.json
 * stays the one file describing a run; `RunRecordSchema` (core/runs/record.ts) does not know this key yet, so readers
 * that parse with it simply drop it — parse it with RunSessionOutcomeSchema.
 */
export const RunSessionOutcomeSchema = z.object({
  exitCode: z.number().int(),
  /** The session ended because it was cancelled (terminal closed, abort), not because the agent exited on its own. */
  cancelled: z.boolean(),
  /**
   * Whether the worktree changed while the run went on (HEAD moved or files differ from the start; worktreeChange.ts);
   * null when git could not tell. Optional so records written before the field existed still parse.
   */
  worktreeChanged: z.boolean().nullable().optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  containerName: z.string(),
  image: z.string(),
  /** The command run in the container (droid, or an override). */
  command: z.array(z.string()),
  /** The worktree's HEAD when the session started: what the agent began from. */
  worktreeHead: z.string().nullable(),
  /** The plan's status after the session (implemented, coding, or the status from before the run: runPlanStatus.ts). */
  planStatus: z.string(),
  timings: z.object({
    /** Validation, worktree, status, config and prompts. */
    prepareMs: z.number(),
    imagesMs: z.number(),
    sessionMs: z.number(),
    totalMs: z.number(),
  }),
});
export type RunSessionOutcome = z.infer<typeof RunSessionOutcomeSchema>;

/** Adds (or replaces) `session` in `<runDir>/run.json`, atomically; every other key is kept as written. */
export async function recordRunOutcome(files: WorktreeFilesPort, runDir: string, outcome: RunSessionOutcome): Promise<void> {
  const path = join(runDir, RUN_RECORD_FILE);
  const bytes = await files.read(path);
  if (bytes === undefined) throw new Error(`${path} is missing, so the run's outcome (exit code ${outcome.exitCode}) cannot be recorded. Was the run directory pruned or moved while the session ran?`);
  const record = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
  const next = { ...record, session: RunSessionOutcomeSchema.parse(outcome) };
  await files.writeAtomic(path, Buffer.from(`${JSON.stringify(next, null, 2)}\n`, 'utf8'));
}

/** The recorded outcome of a run, or undefined when the session never recorded one. */
export async function readRunOutcome(files: WorktreeFilesPort, runDir: string): Promise<RunSessionOutcome | undefined> {
  const bytes = await files.read(join(runDir, RUN_RECORD_FILE));
  if (bytes === undefined) return undefined;
  const parsed = RunSessionOutcomeSchema.safeParse((JSON.parse(Buffer.from(bytes).toString('utf8')) as { session?: unknown }).session);
  return parsed.success ? parsed.data : undefined;
}
