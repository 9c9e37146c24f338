import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listSessions, readSession } from '../../../src/app/commands/sessions';
import type { SessionRecord } from '../../../src/core/commands/types';

function record(root: string, id: string, createdAt: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    version: 1,
    id,
    command: 'feature-branch',
    arguments: { feature: 'login', skip_tests: false },
    projectPath: root,
    lifecycle: 'worktree',
    sharedData: { commit: 'abc' },
    stepHistory: [{ name: 'create-worktree', phase: 'main', index: 0, status: 'completed', attempts: 1, startedAt: createdAt, endedAt: createdAt, exitCode: 0 }],
    artifactDir: join(root, '.lw_coder/sessions', id, 'artifacts'),
    status: 'completed',
    createdAt,
    ...overrides,
  };
}

describe('reading command sessions (.lw_coder/sessions/<id>/session.json)', () => {
  let root: string;
  let outside: string;
  const write = (id: string, text: string) => {
    mkdirSync(join(root, '.lw_coder/sessions', id), { recursive: true });
    writeFileSync(join(root, '.lw_coder/sessions', id, 'session.json'), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lwc-sessions-'));
    outside = mkdtempSync(join(tmpdir(), 'lwc-sessions-outside-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('lists valid sessions newest first and turns missing, corrupt, mismatched and linked-out records into problems', async () => {
    write('s-old', JSON.stringify(record(root, 's-old', '2026-01-01T00:00:00Z')));
    write('s-new', JSON.stringify(record(root, 's-new', '2026-02-01T00:00:00Z', { status: 'failed', error: 'step test failed' })));
    write('s-corrupt', '{"version": 1, "id": "s-cor');
    write('s-wrong-shape', JSON.stringify({ ...record(root, 's-wrong-shape', '2026-01-01T00:00:00Z'), status: 'exploded' }));
    write('s-other-id', JSON.stringify(record(root, 'someone-else', '2026-01-01T00:00:00Z')));
    mkdirSync(join(root, '.lw_coder/sessions/s-empty'));
    writeFileSync(join(outside, 'session.json'), JSON.stringify(record(root, 's-linked', '2026-03-01T00:00:00Z')));
    mkdirSync(join(root, '.lw_coder/sessions/s-linked'));
    symlinkSync(join(outside, 'session.json'), join(root, '.lw_coder/sessions/s-linked/session.json'));

    const entries = await listSessions(root);
    const valid = entries.filter((e) => 'record' in e).map((e) => e.id);
    assert.deepEqual(valid, ['s-new', 's-old']);
    const problems = Object.fromEntries(entries.filter((e): e is Extract<typeof e, { problem: string }> => 'problem' in e).map((e) => [e.id, e.problem]));
    assert.match(problems['s-corrupt']!, /not JSON/);
    assert.match(problems['s-wrong-shape']!, /status/);
    assert.match(problems['s-other-id']!, /names session 'someone-else'/);
    assert.match(problems['s-empty']!, /missing/);
    assert.match(problems['s-linked']!, /outside the repository/);
  });

  it('a repository without sessions has none; an id that could climb out is refused before any read', async () => {
    assert.deepEqual(await listSessions(root), []);
    const refused = await readSession(root, '../../etc');
    assert.ok('problem' in refused);
    assert.match(refused.problem, /not a session id/);
  });

  it('refuses a sessions folder that links out of the repository', async () => {
    mkdirSync(join(root, '.lw_coder'));
    symlinkSync(outside, join(root, '.lw_coder/sessions'));
    const entries = await listSessions(root);
    assert.equal(entries.length, 1);
    assert.ok('problem' in entries[0]! && /outside the repository/.test(entries[0].problem));
  });
});
