import { strict as assert } from 'node:assert';
import { resultLines, runHeading, toTerminalText, workerEventLine } from '../../../src/extension/fleet/workerLines';

const line = (event: Record<string, unknown>): string => JSON.stringify({ attempt: 2, at: '2025-03-01T12:03:07.120Z', ...event });

describe('worker terminal lines from events.jsonl (issue 13 item 3)', () => {
  it('renders commands, file changes, messages and usage as the headless log does, with the time and attempt', () => {
    assert.deepEqual(workerEventLine(line({ kind: 'command', command: 'npm test', status: 'started' }), 'codex'), { text: '12:03:07 [codex #2] $ npm test', tone: 'plain' });
    assert.deepEqual(workerEventLine(line({ kind: 'command', command: 'npm test', status: 'failed', exitCode: 1 }), 'codex'), { text: '12:03:07 [codex #2] $ npm test → failed (exit 1)', tone: 'warn' });
    assert.deepEqual(workerEventLine(line({ kind: 'file-change', path: 'src/a.ts', change: 'update' }), 'codex'), { text: '12:03:07 [codex #2] update src/a.ts', tone: 'plain' });
    assert.deepEqual(workerEventLine(line({ kind: 'message', role: 'agent', text: 'Done.\nAll tests pass.' }), 'codex'), { text: '12:03:07 [codex #2] Done. All tests pass.', tone: 'plain' });
    assert.deepEqual(workerEventLine(line({ kind: 'message', role: 'reasoning', text: 'Look at a.ts' }), 'codex'), { text: '12:03:07 [codex #2] thinking: Look at a.ts', tone: 'dim' });
    assert.deepEqual(workerEventLine(line({ kind: 'usage', inputTokens: 1200, outputTokens: 300, costUsd: 0.0123 }), 'droid'), { text: '12:03:07 [droid #2] tokens: 1200 in, 300 out, $0.0123', tone: 'plain' });
    assert.deepEqual(workerEventLine(line({ kind: 'failed', message: 'rate limited' }), 'claude'), { text: '12:03:07 [claude #2] turn failed: rate limited', tone: 'warn' });
  });

  it('skips torn lines, non-JSON and kinds that are not agent events', () => {
    assert.equal(workerEventLine('{"kind":"comm', 'codex'), undefined);
    assert.equal(workerEventLine('plain text', 'codex'), undefined);
    assert.equal(workerEventLine(line({ kind: 'telemetry' }), 'codex'), undefined);
    assert.equal(workerEventLine(JSON.stringify({ attempt: 1 }), 'codex'), undefined);
  });

  it('ends a run with its result: the summary on success, the kind and reasons on failure', () => {
    assert.deepEqual(resultLines({ ok: true, agent: 'codex', attempts: 1, result: { implementation_summary: 'Added a.ts', commit_message: 'Add a\n\nbody' }, warnings: [] }), [
      { text: '✓ succeeded after 1 attempt: Added a.ts', tone: 'good' },
      { text: '  commit message: Add a', tone: 'plain' },
    ]);
    assert.deepEqual(resultLines({ ok: false, agent: 'codex', attempts: 2, kind: 'invalid-json', reasons: ['no JSON', 'twice'] }), [{ text: '✗ failed (invalid-json) after 2 attempts: no JSON; twice', tone: 'bad' }]);
    assert.deepEqual(resultLines({ ok: false, attempts: 1, kind: 'cancelled', reasons: ['lwc down'] }), [{ text: '✗ cancelled after 1 attempt: lwc down', tone: 'warn' }]);
    assert.match(resultLines({ nonsense: true })[0]!.text, /not a result this version reads/);
  });

  it('heads a run with the worker, the plan and the run id; terminal text has CR LF, colours and no stray line breaks', () => {
    assert.deepEqual(runHeading('w2', 'plan-a', '/r/.lw_coder/runs/plan-a/20250301_120000'), { text: '── w2: plan-a (run 20250301_120000) ──', tone: 'title' });
    assert.equal(toTerminalText({ text: 'a\nb\r\nc', tone: 'plain' }), 'a b c\r\n');
    assert.equal(toTerminalText({ text: 'x', tone: 'bad' }), '\x1b[31mx\x1b[0m\r\n');
  });
});
