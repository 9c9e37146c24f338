import { z } from 'zod';

/** run.json: what a run directory holds and how its prompts were made. Never contains secrets. */
export const RunRecordSchema = z.object({
  version: z.literal(1),
  planId: z.string(),
  gitSha: z.string(),
  planPath: z.string(),
  createdAt: z.string(),
  source: z.enum(['model', 'templates']),
  /** Model id for source "model"; null for templates. */
  model: z.string().nullable(),
  cacheHit: z.boolean(),
  /** The prompt cache key (sha256), for source "model". */
  cacheKey: z.string().nullable(),
  /** HTTP requests made for this run (0 on a cache hit or with templates). */
  requests: z.number().int().min(0),
  /** Milliseconds: generating the prompts, and everything up to writing the run directory. */
  timings: z.object({ generateMs: z.number(), totalMs: z.number() }),
  /** Run-relative paths of the prompt files. */
  files: z.array(z.string()),
  feedbackSummaryOutline: z.array(z.string()),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;
