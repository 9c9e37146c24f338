import assert from 'node:assert/strict';
import { parseOutput, type AgentBackend } from '../../../src/core/agent/backend';
import { claudeBackend } from '../../../src/core/agent/backends/claude';
import { codexBackend } from '../../../src/core/agent/backends/codex';
import { droidBackend } from '../../../src/core/agent/backends/droid';
import { classifyAttempt, nextStep, retryPrompt, RETRY_DETAIL_LIMIT, type AttemptObservation, type AttemptVerdict } from '../../../src/core/agent/policy';
import { fixture, validResult } from './streams';

function observe(backend: AgentBackend, name: string, over: Partial<AttemptObservation> = {}, lastMessage?: string): AttemptObservation {
  const events = parseOutput(backend, fixture(name));
  return { exitCode: 0, events, finalText: backend.finalText(events, lastMessage), worktreeChanged: true, ...over };
}

function failure(v: AttemptVerdict): Extract<AttemptVerdict, { outcome: 'retryable' | 'final' }> {
  assert.notEqual(v.outcome, 'success', 'expected a failure');
  return v as Extract<AttemptVerdict, { outcome: 'retryable' | 'final' }>;
}

describe('classifyAttempt', () => {
  it('succeeds with exit 0, a completed turn, a schema-valid result and a changed worktree', () => {
    const v = classifyAttempt(observe(codexBackend, 'codex/success.jsonl'));
    assert.equal(v.outcome, 'success');
    assert.deepEqual((v as { result: unknown }).result, validResult());
  });

  it('succeeds for droid and claude streams too', () => {
    assert.equal(classifyAttempt(observe(droidBackend, 'droid/success.jsonl')).outcome, 'success');
    assert.equal(classifyAttempt(observe(claudeBackend, 'claude/success.jsonl')).outcome, 'success');
  });

  it('accepts fenced JSON in the final message', () => {
    assert.equal(classifyAttempt(observe(codexBackend, 'codex/fenced-json.jsonl')).outcome, 'success');
  });

  it('fails a turn.failed even when the process exited 0, and says so', () => {
    const v = failure(classifyAttempt(observe(codexBackend, 'codex/turn-failed.jsonl')));
    assert.equal(v.outcome, 'retryable');
    assert.equal(v.kind, 'agent-failed');
    assert.match(v.reasons[0]!, /despite exit code 0/);
    assert.ok(v.reasons.some((r) => r.includes('stream disconnected')));
  });

  it('fails invalid JSON in the final message as retryable invalid-json', () => {
    const v = failure(classifyAttempt(observe(codexBackend, 'codex/invalid-json.jsonl')));
    assert.deepEqual([v.outcome, v.kind], ['retryable', 'invalid-json']);
    assert.match(v.reasons[0]!, /I implemented the plan/);
  });

  it('fails a schema mismatch with the zod issues summarised by path', () => {
    const v = failure(classifyAttempt(observe(codexBackend, 'codex/schema-mismatch.jsonl')));
    assert.deepEqual([v.outcome, v.kind], ['retryable', 'schema-mismatch']);
    assert.ok(v.reasons.some((r) => r.startsWith('step_results.0.status:')), v.reasons.join('\n'));
    assert.ok(v.reasons.some((r) => r.startsWith('feedback:')), v.reasons.join('\n'));
  });

  it('fails empty output (no agent message, empty last-message file) as no-output', () => {
    const v = failure(classifyAttempt(observe(codexBackend, 'codex/empty-output.jsonl', {}, '')));
    assert.deepEqual([v.outcome, v.kind], ['retryable', 'no-output']);
  });

  it('fails a stream with only an error event and no completion, naming the error; a missing key is final', () => {
    const v = failure(classifyAttempt(observe(codexBackend, 'codex/error-only.jsonl')));
    assert.equal(v.outcome, 'final');
    assert.equal(v.kind, 'auth');
    assert.ok(v.reasons.some((r) => r.includes('Missing environment variable')));
  });

  it('fails exit 0 with no completion event and a non-auth error as retryable', () => {
    const events = [{ kind: 'started' as const }, { kind: 'error' as const, message: 'Reconnecting... 5/5' }];
    const v = failure(classifyAttempt({ exitCode: 0, events, finalText: undefined, worktreeChanged: true }));
    assert.deepEqual([v.outcome, v.kind], ['retryable', 'process']);
    assert.match(v.reasons.join('\n'), /without reporting a completed turn[\s\S]*Reconnecting/);
  });

  it('succeeds past recovered error events and reports them as warnings', () => {
    const v = classifyAttempt(observe(codexBackend, 'codex/error-recovered.jsonl'));
    assert.equal(v.outcome, 'success');
    assert.equal((v as { warnings: readonly string[] }).warnings.length, 2);
  });

  it('fails a non-zero exit even with a completed turn and a valid result', () => {
    const v = failure(classifyAttempt(observe(codexBackend, 'codex/success.jsonl', { exitCode: 1 })));
    assert.deepEqual([v.outcome, v.kind], ['retryable', 'process']);
    assert.match(v.reasons[0]!, /exited with code 1/);
  });

  it('fails a killed process and a timeout; the timeout is final', () => {
    assert.match(failure(classifyAttempt(observe(codexBackend, 'codex/success.jsonl', { exitCode: null }))).reasons[0]!, /killed/);
    const t = failure(classifyAttempt(observe(codexBackend, 'codex/success.jsonl', { exitCode: null, timedOut: true })));
    assert.deepEqual([t.outcome, t.kind], ['final', 'timeout']);
  });

  it('fails a valid result when nothing changed in the worktree', () => {
    const v = failure(classifyAttempt(observe(codexBackend, 'codex/success.jsonl', { worktreeChanged: false })));
    assert.deepEqual([v.outcome, v.kind], ['retryable', 'no-changes']);
  });

  it('fails droid error and claude error results', () => {
    assert.equal(failure(classifyAttempt(observe(droidBackend, 'droid/error.jsonl', { exitCode: 1 }))).kind, 'agent-failed');
    assert.equal(failure(classifyAttempt(observe(claudeBackend, 'claude/error-max-turns.jsonl', { exitCode: 1 }))).kind, 'agent-failed');
  });
});

describe('nextStep and retryPrompt', () => {
  const invalid = classifyAttempt(observe(codexBackend, 'codex/invalid-json.jsonl'));

  it('returns the result on success', () => {
    const step = nextStep(classifyAttempt(observe(codexBackend, 'codex/success.jsonl')), 1, 3, 'P');
    assert.equal(step.action, 'succeed');
  });

  it('retries a retryable failure with a prompt that says what was wrong and how to fix it', () => {
    const step = nextStep(invalid, 1, 3, 'Implement the plan.');
    assert.equal(step.action, 'retry');
    const prompt = (step as { prompt: string }).prompt;
    assert.ok(prompt.startsWith('Implement the plan.'));
    assert.match(prompt, /Previous attempt 1 failed \(invalid-json\)/);
    assert.match(prompt, /not a JSON object/);
    assert.match(prompt, /only the JSON object/);
  });

  it('gives up after the last allowed attempt with the last reason', () => {
    const step = nextStep(invalid, 3, 3, 'P');
    assert.equal(step.action, 'fail');
    assert.match((step as { reason: string }).reason, /all 3 attempt\(s\) failed; the last \(invalid-json\): the final message/);
  });

  it('does not retry a final failure', () => {
    const step = nextStep(classifyAttempt(observe(codexBackend, 'codex/error-only.jsonl')), 1, 3, 'P');
    assert.equal(step.action, 'fail');
    assert.match((step as { reason: string }).reason, /attempt 1 failed \(auth\)/);
  });

  it('bounds the failure detail in the retry prompt with a truncation marker', () => {
    const verdict = { outcome: 'retryable', kind: 'schema-mismatch', reasons: Array.from({ length: 500 }, (_, i) => `field_${i}: Invalid input: expected string`) } as const;
    const prompt = retryPrompt('P', verdict, 2);
    assert.match(prompt, /…\[truncated \d+ chars\]…/);
    assert.ok(prompt.length < RETRY_DETAIL_LIMIT + 500, `prompt is ${prompt.length} chars`);
  });
});
