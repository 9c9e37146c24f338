import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileChangeType } from 'vscode-languageserver/node';
import type { PlanGitPort } from '../../src/core/ports/git';
import { ZERO_SHA } from '../../src/core/plan/types';
import { createNodePlanServerDeps } from '../../src/server/nodeDeps';
import { makeRepo } from '../support/git';
import { codesOf, fileUri, planText, startTestServer, tasksFolderSuite } from './harness';

/** Issue 10 item 11: the Problems panel lists every plan's problems from the start, opened or not. */
describe('plan server: plans nobody opened', () => {
  const suite = tasksFolderSuite('lwc-server-closed-');
  const write = suite.write;
  const start = suite.start;

  it('publishes the problems of every plan in the tasks folders named at initialize, without any being opened', async () => {
    const broken = write('broken.md', planText({ planId: 'broken', gitSha: ZERO_SHA, status: 'draft', extra: ['priority: high'] }));
    const valid = write('valid.md', planText({ planId: 'valid', gitSha: ZERO_SHA, status: 'draft' }));
    const s = await start();
    assert.deepEqual(codesOf(await s.diagnostics(fileUri(broken), (d) => d.length > 0)), ['unknown-key']);
    assert.deepEqual(await s.diagnostics(fileUri(valid)), []);
  });

  it('ignores tasks folders that are not absolute .lw_coder/tasks paths', async () => {
    write('broken.md', planText({ planId: 'broken', gitSha: ZERO_SHA, status: 'draft', extra: ['priority: high'] }));
    const server = suite.adopt(await startTestServer(undefined, { workspaceTrusted: true, tasksFolders: [suite.dir(), '.lw_coder/tasks'] }));
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(server.published, []);
  });

  it("lets an open document's text speak for its file, and the file again once it is closed", async () => {
    const text = planText({ planId: 'broken', gitSha: ZERO_SHA, status: 'draft', extra: ['priority: high'] });
    const broken = write('broken.md', text);
    const s = await start();
    await s.diagnostics(fileUri(broken), (d) => d.length > 0);
    const uri = s.open(broken, planText({ planId: 'broken', gitSha: ZERO_SHA, status: 'draft' }));
    assert.deepEqual(await s.diagnostics(uri, (d) => d.length === 0), []);
    s.close(uri);
    // Unsaved edits are gone with the document: the file on disk still has the unknown key.
    assert.deepEqual(codesOf(await s.diagnostics(uri, (d) => d.length > 0)), ['unknown-key']);
  });

  it('re-judges a closed plan changed on disk, and clears a deleted one', async () => {
    const plan = write('plan.md', planText({ planId: 'plan', gitSha: ZERO_SHA, status: 'draft' }));
    const s = await start();
    assert.deepEqual(await s.diagnostics(fileUri(plan)), []);
    write('plan.md', planText({ planId: 'plan', gitSha: ZERO_SHA, status: 'redy' }));
    s.filesChanged([{ uri: fileUri(plan), type: FileChangeType.Changed }]);
    assert.deepEqual(codesOf(await s.diagnostics(fileUri(plan), (d) => d.length > 0)), ['status-invalid']);
    unlinkSync(plan);
    s.filesChanged([{ uri: fileUri(plan), type: FileChangeType.Deleted }]);
    assert.deepEqual(await s.diagnostics(fileUri(plan), (d) => d.length === 0), []);
  });

  it('reports a plan_id shared by two closed plans on both, and drops it from both when one is renamed on disk', async () => {
    const a = write('same.md', planText({ planId: 'same', gitSha: ZERO_SHA, status: 'draft' }));
    const b = write('other.md', planText({ planId: 'same', gitSha: ZERO_SHA, status: 'draft' }));
    const s = await start();
    const hasDup = (d: { code?: string | number }[]): boolean => d.some((x) => x.code === 'plan-id-duplicate');
    await s.diagnostics(fileUri(a), hasDup);
    await s.diagnostics(fileUri(b), hasDup);
    write('other.md', planText({ planId: 'other', gitSha: ZERO_SHA, status: 'draft' }));
    s.filesChanged([{ uri: fileUri(b), type: FileChangeType.Changed }]);
    assert.deepEqual(await s.diagnostics(fileUri(a), (d) => !hasDup(d)), []);
    assert.deepEqual(await s.diagnostics(fileUri(b), (d) => !hasDup(d)), []);
  });

  it('gives a plan that links to /dev/zero one problem, without reading it, and still judges the others', async () => {
    symlinkSync('/dev/zero', join(suite.tasks(), 'zero.md'));
    const broken = write('broken.md', planText({ planId: 'broken', gitSha: ZERO_SHA, status: 'draft', extra: ['priority: high'] }));
    const s = await start();
    const zero = await s.diagnostics(fileUri(join(suite.tasks(), 'zero.md')), (d) => d.length > 0);
    assert.deepEqual(codesOf(zero), ['plan-file-not-regular']);
    assert.deepEqual(zero[0]!.range.start, { line: 0, character: 0 });
    assert.deepEqual(codesOf(await s.diagnostics(fileUri(broken), (d) => d.length > 0)), ['unknown-key']);
  });

  it('checks the git_sha of every plan in a folder with one git call, not one per commit (issue 11)', async () => {
    const repo = makeRepo('lwc-server-closed-git-');
    try {
      const repoTasks = join(repo.root, '.lw_coder', 'tasks');
      mkdirSync(repoTasks, { recursive: true });
      const plans: { path: string; missing: boolean }[] = [];
      for (let i = 0; i < 12; i++) {
        // Plans written at different commits, as a real folder's are; every third names a commit that does not exist.
        const sha = i % 3 === 2 ? `${i}`.padStart(2, '0').repeat(20) : repo.commit({ [`src/f${i}.txt`]: `${i}\n` }, `commit ${i}`);
        const path = join(repoTasks, `plan-${i}.md`);
        writeFileSync(path, planText({ planId: `plan-${i}`, gitSha: sha, status: 'draft' }));
        plans.push({ path, missing: i % 3 === 2 });
      }
      const asked: string[][] = [];
      const node = createNodePlanServerDeps();
      const counted = new WeakMap<PlanGitPort, PlanGitPort>();
      const deps = {
        ...node,
        async gitFor(path: string) {
          const port = await node.gitFor(path);
          if (!port) return undefined;
          let wrapped = counted.get(port);
          if (!wrapped) counted.set(port, (wrapped = { ...port, commitsExist: (shas, signal) => (asked.push([...shas]), port.commitsExist(shas, signal)) }));
          return wrapped;
        },
      };
      const server = suite.adopt(await startTestServer(deps, { workspaceTrusted: true, tasksFolders: [repoTasks] }));
      for (const p of plans) {
        const codes = codesOf(await server.diagnostics(fileUri(p.path), () => true));
        assert.deepEqual(codes, p.missing ? ['git-sha-unresolved'] : [], p.path);
      }
      assert.equal(asked.length, 1, JSON.stringify(asked));
      assert.equal(asked[0]!.length, 12);
    } finally {
      repo.dispose();
    }
  });
});
