import type { AgentId } from '../../core/agent/backend';
import type { AgentEvent } from '../../core/agent/events';
import { classifyAttempt, nextStep, type AttemptVerdict } from '../../core/agent/policy';
import type { Redactor } from '../../core/env/redact';
import { runAttempt, type AttemptContext, type AttemptOutcome } from './runHeadlessAttempt';
import type { HeadlessResultFile, HeadlessRunFilesPort } from './runHeadlessTypes';

/**
 * One agent event as a line of events.jsonl, shared by every headless run (plans, fleet workers, command run-agent
 * steps): redacted as JSON text (every string field at once, and the redactor's spellings include the JSON-escaped
 * one), usage tagged with its agent and model so the fleet's status can price it ([prices], core/fleet/usage.ts).
 * Returns the redacted event, the only one a caller may show.
 */
export function agentEventRecorder(files: HeadlessRunFilesPort, eventsPath: string, redact: Redactor, tag: { readonly agent: AgentId; readonly model?: string }): (raw: AgentEvent, attempt: number) => Promise<AgentEvent> {
  return async (raw, attempt) => {
    const event = JSON.parse(redact(JSON.stringify(raw))) as AgentEvent;
    const usageTag = event.kind === 'usage' ? { agent: tag.agent, ...(tag.model ? { model: tag.model } : {}) } : {};
    await files.appendText(eventsPath, `${JSON.stringify({ attempt, at: new Date().toISOString(), ...event, ...usageTag })}\n`);
    return event;
  };
}

export interface AttemptLoopHooks {
  started?(attempt: number): void;
  /** After the attempt's container ended, before its verdict. */
  ran?(attempt: number, outcome: AttemptOutcome): void;
  /** The attempt's verdict, or `cancelled` (the run ends) with the outcome's reasons. */
  ended?(attempt: number, verdict: AttemptVerdict | 'cancelled', cancelledReasons: readonly string[]): void;
}

export interface AttemptLoopResult {
  /** Redacted: reasons and the result quote the agent, and what is kept, printed and returned carries no key. */
  readonly outcome: HeadlessResultFile;
  readonly last: AttemptOutcome | undefined;
  readonly attempts: number;
}

/**
 * Issue 6's attempt loop: run, classify, then succeed, fail or retry with the reason in the prompt, until
 * `maxAttempts`; a cancellation (not a timeout) ends it at once.
 */
export async function runAttemptLoop(ctx: AttemptContext, run: { readonly agent: AgentId; readonly maxAttempts: number; readonly prompt: string }, hooks: AttemptLoopHooks = {}): Promise<AttemptLoopResult> {
  const { agent, maxAttempts, prompt } = run;
  let outcome: HeadlessResultFile | undefined;
  let last: AttemptOutcome | undefined;
  let attempt = 0;
  let currentPrompt = prompt;
  while (!outcome) {
    attempt += 1;
    hooks.started?.(attempt);
    last = await runAttempt(ctx, attempt, currentPrompt);
    hooks.ran?.(attempt, last);
    if (last.cancelled && !last.observation.timedOut) {
      outcome = { ok: false, agent, attempts: attempt, kind: 'cancelled', reasons: ['the run was cancelled; the container was stopped'] };
      hooks.ended?.(attempt, 'cancelled', outcome.reasons);
      break;
    }
    const verdict = classifyAttempt(last.observation);
    hooks.ended?.(attempt, verdict, []);
    const step = nextStep(verdict, attempt, maxAttempts, prompt);
    if (step.action === 'succeed') outcome = { ok: true, agent, attempts: attempt, result: step.result, warnings: verdict.outcome === 'success' ? verdict.warnings : [] };
    else if (step.action === 'fail') outcome = { ok: false, agent, attempts: attempt, kind: verdict.outcome === 'success' ? 'process' : verdict.kind, reasons: [step.reason] };
    else currentPrompt = step.prompt;
  }
  return { outcome: JSON.parse(ctx.redact(JSON.stringify(outcome))) as HeadlessResultFile, last, attempts: attempt };
}
