import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver/node';
import type { PlanGitPort } from '../../src/core/ports/git';
import type { PlanServerDeps } from '../../src/server/deps';
import { createNodePlanServerDeps } from '../../src/server/nodeDeps';
import { makeRepo, type TestRepo } from '../support/git';
import { codesOf, planText, startTestServer, type TestServer } from './harness';

const MISSING_SHA = 'deadbeef'.repeat(5);

/** The real node deps, counting every request for a git port: untrusted, not one may happen. */
function countingDeps(): { deps: PlanServerDeps; calls: () => number } {
  const real = createNodePlanServerDeps();
  let calls = 0;
  return {
    deps: {
      ...real,
      gitFor: (path): Promise<PlanGitPort | undefined> => {
        calls++;
        return real.gitFor(path);
      },
    },
    calls: () => calls,
  };
}

describe('plan server: workspace trust', () => {
  let repo: TestRepo;
  let head: string;
  let server: TestServer | undefined;
  const plan = (name: string): string => join(repo.root, '.lw_coder', 'tasks', `${name}.md`);

  beforeEach(() => {
    repo = makeRepo();
    head = repo.commit({ 'src/app.js': 'console.log(1);\n' }, 'Add the login form');
  });
  afterEach(() => {
    server?.dispose();
    server = undefined;
    repo.dispose();
  });

  it('runs no git when the workspace is untrusted: an unknown sha is not reported, hover and completion say why', async () => {
    const counting = countingDeps();
    server = await startTestServer(counting.deps, { workspaceTrusted: false });
    const uri = server.open(plan('login'), planText({ planId: 'login', gitSha: MISSING_SHA, status: 'ready' }));
    const hover = ((await server.hover(uri, { line: 2, character: 12 }))?.contents as MarkupContent).value;
    assert.match(hover, /not trusted/);
    // A duplicate plan_id proves the background refinement (the folder scan that runs alongside git) finished.
    const twin = server.open(plan('twin'), planText({ planId: 'login', gitSha: MISSING_SHA, status: 'ready' }));
    await server.diagnostics(twin, (d) => codesOf(d).some((c) => c.includes('duplicate')));
    assert.ok(!codesOf(await server.diagnostics(uri)).includes('git-sha-unresolved'));
    const completions = await server.completion(uri, { line: 2, character: 9 });
    assert.ok(!completions.some((c) => c.label === head || String(c.insertText ?? '').includes(head)), 'HEAD was offered without git?');
    assert.equal(counting.calls(), 0, 'the server asked for git in an untrusted workspace');
  });

  it('treats a client that does not say the workspace is trusted as untrusted', async () => {
    const counting = countingDeps();
    server = await startTestServer(counting.deps, {});
    const uri = server.open(plan('quiet'), planText({ planId: 'quiet', gitSha: MISSING_SHA, status: 'ready' }));
    const hover = ((await server.hover(uri, { line: 2, character: 12 }))?.contents as MarkupContent).value;
    assert.match(hover, /not trusted/);
    assert.equal(counting.calls(), 0);
  });

  it('reports the same unknown sha as unresolved once the workspace is trusted', async () => {
    const counting = countingDeps();
    server = await startTestServer(counting.deps, { workspaceTrusted: true });
    const uri = server.open(plan('login'), planText({ planId: 'login', gitSha: MISSING_SHA, status: 'ready' }));
    const diags = await server.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(diags), ['git-sha-unresolved']);
    assert.ok(counting.calls() > 0);
  });
});
