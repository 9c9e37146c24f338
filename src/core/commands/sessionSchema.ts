import { z } from 'zod';
import type { SessionRecord } from './types';

/**
 * `.lw_coder/sessions/<id>/session.json` as a zod schema, to read what the executor wrote (types.ts `SessionRecord`).
 * Not strict: a newer writer may add fields, and a reader that refused them would hide sessions. A record that does not
 * match is shown as a problem, never trusted as data.
 */
const Text = z.string().max(1_000_000);
const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const StepExecutionSchema = z.object({
  name: Text,
  phase: z.enum(['pre', 'main', 'post', 'cleanup']),
  index: z.number().int().min(0),
  status: z.enum(['running', 'completed', 'failed', 'skipped', 'cancelled']),
  attempts: z.number().int().min(0),
  startedAt: Text,
  endedAt: Text.optional(),
  exitCode: z.number().int().optional(),
  outputTail: Text.optional(),
  error: Text.optional(),
  logFile: Text.optional(),
});

export const SessionRecordSchema = z.object({
  version: z.literal(1),
  id: Text,
  command: Text,
  arguments: z.record(z.string(), Scalar),
  projectPath: Text,
  worktreePath: Text.optional(),
  branch: Text.optional(),
  lifecycle: z.enum(['standard', 'session', 'worktree']),
  terminal: Text.optional(),
  sharedData: z.record(z.string(), z.string()),
  stepHistory: z.array(StepExecutionSchema).max(10_000),
  artifactDir: Text,
  status: z.enum(['active', 'completed', 'failed', 'cancelled']),
  createdAt: Text,
  endedAt: Text.optional(),
  error: Text.optional(),
});

/** Session ids are folder names the executor chose: nothing that could climb out of `.lw_coder/sessions`. */
export const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export type SessionParse = { readonly ok: true; readonly record: SessionRecord } | { readonly ok: false; readonly message: string };

/** Parses session.json text; never throws. */
export function parseSessionRecord(text: string): SessionParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const checked = SessionRecordSchema.safeParse(raw);
  if (!checked.success) {
    const first = checked.error.issues[0]!;
    return { ok: false, message: `${first.path.join('.') || 'the record'}: ${first.message}` };
  }
  return { ok: true, record: checked.data as SessionRecord };
}
