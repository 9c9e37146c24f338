import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver/node';
import { makeRepo, type TestRepo } from '../support/git';
import { codesOf, planText, startTestServer, type TestServer } from './harness';

const MISSING_SHA = 'deadbeef'.repeat(5);

describe('plan server: git_sha against a real repository', () => {
  let repo: TestRepo;
  let head: string;
  let server: TestServer;
  const plan = (name: string): string => join(repo.root, '.lw_coder', 'tasks', `${name}.md`);

  beforeEach(async () => {
    repo = makeRepo();
    head = repo.commit({ 'src/app.js': 'console.log(1);\n' }, 'Add the login form');
    server = await startTestServer();
  });
  afterEach(() => {
    server.dispose();
    repo.dispose();
  });

  it('reports an unresolved git_sha once git has answered, and nothing for a sha that names a commit', async () => {
    const uri = server.open(plan('login'), planText({ planId: 'login', gitSha: MISSING_SHA, status: 'ready' }));
    const diags = await server.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(diags), ['git-sha-unresolved']);
    assert.deepEqual(diags[0]!.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 49 } });

    server.change(uri, [{ range: diags[0]!.range, text: head }]);
    assert.deepEqual(await server.diagnostics(uri, (d) => d.length === 0), []);
  });

  it('skips the commit check for plans outside any git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lwc-nogit-'));
    try {
      const uri = server.open(join(dir, '.lw_coder', 'tasks', 'loose.md'), planText({ planId: 'loose', gitSha: MISSING_SHA, status: 'ready' }));
      // A second plan in the repository proves the server went on working and finished the first one's refinement.
      const other = server.open(plan('probe'), planText({ planId: 'probe', gitSha: MISSING_SHA, status: 'ready' }));
      await server.diagnostics(other, (d) => d.some((x) => x.code === 'git-sha-unresolved'));
      // The hover waits for the same repository lookup the diagnostics do.
      const hover = ((await server.hover(uri, { line: 2, character: 12 }))?.contents as MarkupContent).value;
      assert.match(hover, /not inside a git repository/);
      assert.deepEqual(await server.diagnostics(uri), []);
      assert.ok(!server.published.some((p) => p.uri === uri && p.diagnostics.length > 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hovers git_sha with the commit subject, author and date', async () => {
    const uri = server.open(plan('hover'), planText({ planId: 'hover', gitSha: head, status: 'ready' }));
    const hover = await server.hover(uri, { line: 2, character: 20 });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /\*\*Add the login form\*\*/);
    assert.match(value, /LW Test · \d{4}-\d\d-\d\dT/);
    assert.ok(value.includes(head));
    assert.deepEqual(hover?.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 49 } });
  });

  it('says so when the hovered git_sha does not resolve', async () => {
    const uri = server.open(plan('gone'), planText({ planId: 'gone', gitSha: MISSING_SHA, status: 'ready' }));
    const value = ((await server.hover(uri, { line: 2, character: 12 }))?.contents as MarkupContent).value;
    assert.match(value, /Unresolved: no commit with this sha/);
  });

  it('hovers a key with its documentation and an unknown key with the closest known one', async () => {
    const uri = server.open(plan('keys'), planText({ planId: 'keys', gitSha: head, status: 'ready', extra: ['stauts: x'] }));
    const onStatus = ((await server.hover(uri, { line: 3, character: 2 }))?.contents as MarkupContent).value;
    assert.match(onStatus, /\*\*status\*\* — Where the plan is in its lifecycle/);
    assert.match(onStatus, /draft \| ready \| coding/);
    const onTypo = ((await server.hover(uri, { line: 4, character: 2 }))?.contents as MarkupContent).value;
    assert.match(onTypo, /did you mean `status`/);
    assert.equal(await server.hover(uri, { line: 7, character: 2 }), null, 'the body has no hover');
  });

  it('completes git_sha with the actual HEAD sha, labelled with its subject', async () => {
    const uri = server.open(plan('complete'), '---\nplan_id: complete\ngit_sha: \nstatus: draft\n---\n\nBody.\n');
    const items = await server.completion(uri, { line: 2, character: 9 });
    assert.equal(items.length, 1);
    const item = items[0]!;
    assert.equal(item.label, 'HEAD');
    assert.equal(item.labelDetails?.description, 'Add the login form');
    assert.deepEqual(item.textEdit, { range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, newText: head });
  });
});
