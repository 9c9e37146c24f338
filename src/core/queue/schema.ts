import { z } from 'zod';
import { findCycle, cycleText } from './graph';
import type { QueueState, QueueTask } from './types';

/**
 * What a stored queue must look like. The store validates everything it reads against this and against the queue's
 * invariants (below), so a hand-edited or damaged file is reported, never silently reset or half-used.
 */
const StateSchema = z.enum(['open', 'claimed', 'done', 'failed']);

const TransitionSchema = z.strictObject({
  at: z.number().int().nonnegative(),
  by: z.string().min(1),
  from: StateSchema.nullable(),
  to: StateSchema,
  reason: z.string().optional(),
});

export const QueueTaskSchema = z.strictObject({
  planId: z.string().min(1),
  priority: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  seq: z.number().int().positive(),
  addedAt: z.number().int().nonnegative(),
  dependsOn: z.array(z.string().min(1)),
  state: StateSchema,
  lease: z.strictObject({ worker: z.string().min(1), claimedAt: z.number().int().nonnegative(), expiresAt: z.number().nonnegative() }).optional(),
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  lastReason: z.string().optional(),
  history: z.array(TransitionSchema),
});

export const QueueStateSchema = z.strictObject({
  version: z.number().int().nonnegative(),
  nextSeq: z.number().int().positive(),
  tasks: z.array(QueueTaskSchema),
});

/** The first place the raw value breaks the schema or an invariant, or the state. */
export function checkQueueState(raw: unknown): { readonly state: QueueState } | { readonly problem: string } {
  const parsed = QueueStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}` };
  }
  const state = parsed.data as QueueState;
  const problem = invariantProblem(state);
  return problem ? { problem } : { state };
}

/** Invariants the rules keep and a schema cannot say: unique ids and seqs, known dependencies, no cycle, a lease exactly when claimed. */
export function invariantProblem(state: QueueState): string | undefined {
  const tasks = new Map<string, QueueTask>();
  const seqs = new Set<number>();
  for (const [i, t] of state.tasks.entries()) {
    if (tasks.has(t.planId)) return `tasks.${i}: plan_id '${t.planId}' appears twice`;
    if (seqs.has(t.seq) || t.seq >= state.nextSeq) return `tasks.${i}.seq: ${t.seq} is reused or not below nextSeq ${state.nextSeq}`;
    if ((t.state === 'claimed') !== (t.lease !== undefined)) return `tasks.${i}: a ${t.state} task ${t.lease ? 'has' : 'lacks'} a lease`;
    tasks.set(t.planId, t);
    seqs.add(t.seq);
  }
  for (const [i, t] of state.tasks.entries()) {
    const unknown = t.dependsOn.find((d) => !tasks.has(d));
    if (unknown !== undefined) return `tasks.${i}.dependsOn: '${unknown}' is not a task of the queue`;
  }
  const cycle = findCycle(tasks);
  return cycle ? `dependencies make a cycle: ${cycleText(cycle)}` : undefined;
}
