import { strict as assert } from 'node:assert';
import { eventLines } from '../../../src/app/commands/eventText';
import type { SessionRecord, StepExecution } from '../../../src/core/commands/types';

const step = (over: Partial<StepExecution> = {}): StepExecution => ({ name: 'test', phase: 'main', index: 2, status: 'running', attempts: 1, startedAt: '2026-01-01T00:00:00.000Z', ...over });
const session = (over: Partial<SessionRecord> = {}): SessionRecord => ({
  version: 1,
  id: 's1',
  command: 'feature-branch',
  arguments: {},
  projectPath: '/repo',
  lifecycle: 'worktree',
  sharedData: {},
  stepHistory: [],
  artifactDir: '/repo/.lw_coder/sessions/s1/artifacts',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('command events as terminal lines', () => {
  it('announces the session, each step with its phase and attempt, and the end with the artifacts', () => {
    assert.deepEqual(eventLines({ kind: 'session', session: session({ worktreePath: '/wt' }) }), ['Session s1: feature-branch (worktree) in /wt']);
    assert.deepEqual(eventLines({ kind: 'step-start', step: step({ phase: 'pre', index: 0, name: 'validate-prerequisites' }) }), ['▶ step 1 validate-prerequisites [pre]']);
    assert.deepEqual(eventLines({ kind: 'step-start', step: step({ attempts: 2 }) }), ['▶ step 3 test (attempt 2)']);
    assert.deepEqual(eventLines({ kind: 'session', session: session({ status: 'failed', error: 'step test failed' }) }), ['Session s1 ✘ failed: step test failed', 'Artifacts: /repo/.lw_coder/sessions/s1/artifacts']);
  });

  it('indents output lines and ends a step with its status, exit code and duration', () => {
    assert.deepEqual(eventLines({ kind: 'output', step: 'test', stream: 'stdout', text: 'one\r\ntwo\n' }), ['  one', '  two']);
    assert.deepEqual(eventLines({ kind: 'step-end', step: step({ status: 'failed', exitCode: 1, endedAt: '2026-01-01T00:00:01.500Z', error: 'exit 1' }) }), ['✘ step 3 test: failed, exit 1, 1.5 s — exit 1']);
    assert.deepEqual(eventLines({ kind: 'step-end', step: step({ status: 'skipped', endedAt: '2026-01-01T00:00:00.000Z' }) }), ['↷ step 3 test: skipped, 0 ms']);
  });
});
