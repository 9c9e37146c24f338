import assert from 'node:assert/strict';
import { claudeBackend } from '../../../src/core/agent/backends/claude';
import { codexBackend } from '../../../src/core/agent/backends/codex';
import { summarizeEvents } from '../../../src/core/agent/summary';
import { eventsOf } from './streams';

describe('summarizeEvents', () => {
  it('counts commands once, lists changed files and totals usage for a codex run', () => {
    const s = summarizeEvents(eventsOf(codexBackend, 'codex/success.jsonl'));
    assert.deepEqual(s, { sessionId: '0199a213-81c0-7800-8aa1-bbab2a035a53', commands: 1, failedCommands: 0, filesChanged: ['/work/repo/src/greet.ts', '/work/repo/README.md'], inputTokens: 24763, outputTokens: 122, cachedInputTokens: 24448, errors: [], finished: 'completed' });
  });

  it('marks a failed turn as failed and keeps every error message', () => {
    const s = summarizeEvents(eventsOf(codexBackend, 'codex/turn-failed.jsonl'));
    assert.equal(s.finished, 'failed');
    assert.equal(s.errors.length, 3);
  });

  it('carries the reported cost of a claude run', () => {
    const s = summarizeEvents(eventsOf(claudeBackend, 'claude/success.jsonl'));
    assert.equal(s.costUsd, 0.0421);
    assert.equal(s.commands, 1);
  });

  it('calls a stream with no terminal event unfinished', () => {
    assert.equal(summarizeEvents([{ kind: 'started' }]).finished, 'unfinished');
  });
});
