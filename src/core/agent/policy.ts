import type { z } from 'zod';
import type { AgentEvent } from './events';
import { CodingResultSchema, summarizeIssues, type CodingResult } from './result';
import { extractJsonResult, truncateText } from './text';

/**
 * How the runner judges one attempt of a headless run, and whether to try again. Pure, so every failure shape is a
 * unit test: success needs exit 0 AND a completion event AND a schema-valid result AND a changed worktree — agent
 * CLIs exit 0 after failed turns (codex), so neither the exit code nor the events are trusted alone.
 */
export interface AttemptObservation {
  /** null when the process was killed (timeout, cancel) before it exited. */
  readonly exitCode: number | null;
  readonly timedOut?: boolean;
  readonly events: readonly AgentEvent[];
  /** The agent's final message (codex's -o file, else the last agent message); undefined when there was none. */
  readonly finalText: string | undefined;
  /** Whether the worktree differs from the base after this attempt (cumulative over attempts). */
  readonly worktreeChanged: boolean;
}

export type FailureKind = 'timeout' | 'process' | 'agent-failed' | 'no-output' | 'invalid-json' | 'schema-mismatch' | 'no-changes' | 'auth';

export type AttemptVerdict =
  | { readonly outcome: 'success'; readonly result: CodingResult; readonly warnings: readonly string[] }
  | { readonly outcome: 'retryable' | 'final'; readonly kind: FailureKind; readonly reasons: readonly string[] };

/** Failures no retry can fix: the agent cannot reach or authenticate with its model. */
const AUTH_FAILURE = /missing environment variable|unauthori[sz]ed|\b401\b|\b403\b|invalid api key|incorrect api key|authentication|not logged in|please log in/i;

export function classifyAttempt(o: AttemptObservation, schema: z.ZodType<CodingResult> = CodingResultSchema): AttemptVerdict {
  const failures = o.events.flatMap((e) => (e.kind === 'failed' ? [e.message] : []));
  const errors = o.events.flatMap((e) => (e.kind === 'error' ? [e.message] : []));
  const completed = o.events.some((e) => e.kind === 'completed');
  if (o.timedOut) return { outcome: 'final', kind: 'timeout', reasons: ['the agent did not finish before the timeout and was stopped; raise the timeout or split the plan'] };
  const blame = [...failures, ...(completed ? [] : errors)];
  if (blame.some((m) => AUTH_FAILURE.test(m))) return { outcome: 'final', kind: 'auth', reasons: [...blame.map((m) => `agent: ${m}`), 'check the API key and model provider settings; retrying will not help'] };
  if (failures.length) return { outcome: 'retryable', kind: 'agent-failed', reasons: [`the agent reported a failed turn${o.exitCode === 0 ? ' (despite exit code 0)' : ''}`, ...failures.map((m) => `agent: ${m}`)] };
  if (o.exitCode !== 0) return { outcome: 'retryable', kind: 'process', reasons: [o.exitCode === null ? 'the agent process was killed before it exited' : `the agent process exited with code ${o.exitCode}`, ...errors.map((m) => `agent: ${m}`)] };
  if (!completed) return { outcome: 'retryable', kind: 'process', reasons: ['the agent exited 0 without reporting a completed turn', ...errors.map((m) => `agent: ${m}`)] };
  const json = extractJsonResult(o.finalText);
  if (!json.ok) return { outcome: 'retryable', kind: o.finalText?.trim() ? 'invalid-json' : 'no-output', reasons: [json.reason] };
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) return { outcome: 'retryable', kind: 'schema-mismatch', reasons: ['the final JSON does not match the result schema:', ...summarizeIssues(parsed.error)] };
  if (!o.worktreeChanged) return { outcome: 'retryable', kind: 'no-changes', reasons: ['the run changed nothing in the worktree; the plan must be implemented as file changes'] };
  return { outcome: 'success', result: parsed.data, warnings: errors.map((m) => `agent reported an error it recovered from: ${m}`) };
}

export type NextStep =
  | { readonly action: 'succeed'; readonly result: CodingResult }
  | { readonly action: 'retry'; readonly prompt: string }
  | { readonly action: 'fail'; readonly reason: string };

/** After attempt number `attempt` (1-based) of at most `maxAttempts`: stop with the result, retry, or give up. */
export function nextStep(verdict: AttemptVerdict, attempt: number, maxAttempts: number, originalPrompt: string): NextStep {
  if (verdict.outcome === 'success') return { action: 'succeed', result: verdict.result };
  const why = verdict.reasons.join('; ');
  if (verdict.outcome === 'final') return { action: 'fail', reason: `attempt ${attempt} failed (${verdict.kind}): ${why}` };
  if (attempt >= maxAttempts) return { action: 'fail', reason: `all ${maxAttempts} attempt(s) failed; the last (${verdict.kind}): ${why}` };
  return { action: 'retry', prompt: retryPrompt(originalPrompt, verdict, attempt) };
}

/** Bound on how much failure detail goes back into the prompt, so retries do not grow the prompt without limit. */
export const RETRY_DETAIL_LIMIT = 4000;

/** The original prompt followed by what went wrong, so the agent can correct course rather than repeat itself. */
export function retryPrompt(originalPrompt: string, verdict: Extract<AttemptVerdict, { outcome: 'retryable' | 'final' }>, attempt: number): string {
  const detail = truncateText(verdict.reasons.map((r) => `- ${r}`).join('\n'), RETRY_DETAIL_LIMIT, 'head');
  return [
    originalPrompt.trimEnd(),
    '',
    `## Previous attempt ${attempt} failed (${verdict.kind})`,
    detail,
    '',
    HOW_TO_FIX[verdict.kind],
  ].join('\n');
}

const HOW_TO_FIX: Record<FailureKind, string> = {
  timeout: 'Work in smaller steps and finish with the JSON result.',
  process: 'Continue from the current state of the worktree and finish with the JSON result.',
  'agent-failed': 'Continue from the current state of the worktree and finish with the JSON result.',
  'no-output': 'End your turn with a final message that is only the JSON object described by the output schema.',
  'invalid-json': 'Your final message must be only the JSON object described by the output schema: no prose, no code fence.',
  'schema-mismatch': 'Fix the fields listed above; every property in the schema is required (use null or [] when empty).',
  'no-changes': 'Implement the plan by editing files in the working directory, then finish with the JSON result.',
  auth: 'The model could not be reached; fix the credentials.',
};
