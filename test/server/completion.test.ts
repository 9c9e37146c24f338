import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver/node';
import { ZERO_SHA } from '../../src/core/plan/types';
import { startTestServer, type TestServer } from './harness';

describe('plan server: completion', () => {
  let dir: string;
  let server: TestServer;
  const open = (text: string): string => server.open(join(dir, '.lw_coder', 'tasks', 'plan.md'), text);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lwc-complete-'));
    server = await startTestServer();
  });
  afterEach(() => {
    server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers the keys not yet in the front matter, required first, inserting "key: " with the key docs', async () => {
    const uri = open(`---\nplan_id: plan\ngit_sha: ${ZERO_SHA}\n\n---\n\nBody.\n`);
    const items = await server.completion(uri, { line: 3, character: 0 });
    assert.deepEqual(
      items.map((i) => i.label),
      ['status', 'evaluation_notes', 'linear_issue_id', 'created_by', 'created_at', 'notes'],
    );
    const status = items[0]!;
    assert.equal(status.detail, 'required');
    assert.deepEqual(status.textEdit, { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'status: ' });
    assert.match((status.documentation as MarkupContent).value, /Where the plan is in its lifecycle/);
  });

  it('replaces the partly typed key, and inserts only the key when the line already has a value', async () => {
    const uri = open(`---\nplan_id: plan\nsta\ncrea: someone\n---\n\nBody.\n`);
    const typing = await server.completion(uri, { line: 2, character: 3 });
    const status = typing.find((i) => i.label === 'status');
    assert.deepEqual(status?.textEdit, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }, newText: 'status: ' });

    const renaming = await server.completion(uri, { line: 3, character: 2 });
    const createdBy = renaming.find((i) => i.label === 'created_by');
    assert.deepEqual(createdBy?.textEdit, { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, newText: 'created_by' });
  });

  it('offers the six statuses in lifecycle order after "status:"', async () => {
    const uri = open(`---\nplan_id: plan\nstatus: re\n---\n\nBody.\n`);
    const items = await server.completion(uri, { line: 2, character: 10 });
    assert.deepEqual(items.map((i) => i.label), ['draft', 'ready', 'coding', 'implemented', 'done', 'abandoned']);
    assert.deepEqual(items[1]!.textEdit, { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 10 } }, newText: 'ready' });
  });

  it('adds the space YAML needs when completing a status right after the colon', async () => {
    const uri = open(`---\nplan_id: plan\nstatus:\n---\n\nBody.\n`);
    const items = await server.completion(uri, { line: 2, character: 7 });
    assert.equal(items.find((i) => i.label === 'draft')?.textEdit?.newText, ' draft');
  });

  it('offers nothing in the body, on list items, or for git_sha outside a git repository', async () => {
    const uri = open(`---\nplan_id: plan\ngit_sha: \nevaluation_notes:\n  - \n---\n\nsta\n`);
    assert.deepEqual(await server.completion(uri, { line: 7, character: 3 }), []);
    assert.deepEqual(await server.completion(uri, { line: 4, character: 4 }), []);
    assert.deepEqual(await server.completion(uri, { line: 2, character: 9 }), []);
  });
});
