import { z } from 'zod';
import type { FleetStatus } from '../core/fleet/statusModel';

/**
 * The fleet dashboard's protocol (issue 13 item 4), built like the feedback panel's (src/protocol/feedback.ts): one
 * transport, discriminated unions both ways, a ready handshake, and a validator the host runs on every inbound message.
 * The model is the fleet's one status model (src/app/fleet/status.ts, the same object `lwc status --json` prints),
 * never a second implementation. The webview imports the types only, so zod never lands in its bundle.
 */

export interface DashboardModel {
  readonly status: FleetStatus;
  /** Actions that start, stop or run git are offered only in a trusted workspace; the page says why when not. */
  readonly trusted: boolean;
  /** Increases with every model the host posts: the page ignores one older than what it shows. */
  readonly seq: number;
}

/** Host → webview: the whole model after every store change (the page renders it into its existing DOM). */
export type DashboardHostMessage = { readonly type: 'model'; readonly model: DashboardModel };

/** Webview → host. */
export type DashboardWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'startWorkers' }
  | { readonly type: 'stopWorkers' }
  /** The feedback summary of the task's newest run. */
  | { readonly type: 'openFeedback'; readonly planId: string }
  /** The task worktree's diff against its plan's git_sha. */
  | { readonly type: 'openDiff'; readonly planId: string }
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blocked: string };

/** The plan_id pattern of the run folders (core/runs/layout.ts isSafePlanDirName): the host joins it to paths. */
const PlanId = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{3,100}$/, 'must be a plan_id (letters, digits, ".", "_", "-"; 3-100 characters)')
  .refine((p) => !/^[.-]/.test(p) && !p.includes('..'), 'must not start with "." or "-" nor contain ".."');

export const DashboardWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('startWorkers') }).strict(),
  z.object({ type: z.literal('stopWorkers') }).strict(),
  z.object({ type: z.literal('openFeedback'), planId: PlanId }).strict(),
  z.object({ type: z.literal('openDiff'), planId: PlanId }).strict(),
  z.object({ type: z.literal('cspViolation'), directive: z.string().max(200), blocked: z.string().max(2000) }).strict(),
]);

export type DashboardInboundCheck = { readonly ok: true; readonly message: DashboardWebviewMessage } | { readonly ok: false; readonly error: string };

/** Validates one message from the page; the error names the field and is safe to log (the value is not echoed). */
export function parseDashboardMessage(value: unknown): DashboardInboundCheck {
  const parsed = DashboardWebviewMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length ? issue.path.join('.') : '(message)';
  return { ok: false, error: `${where}: ${issue?.message ?? 'invalid'}` };
}
