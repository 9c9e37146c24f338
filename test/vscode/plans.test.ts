import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lwCoderApi, planUri, waitFor, writeText } from './support/workspace';

describe('Plans view', () => {
  it('groups the fixture plans by status in lifecycle order, with counts in the labels', async () => {
    const api = await lwCoderApi();
    await api.plans.refreshed();
    const groups = api.plans.snapshot().groups;
    assert.deepEqual(
      groups.map((g) => [g.label, g.status, g.plans.map((p) => p.planId)]),
      [
        ['Draft (1)', 'draft', ['fix-crash']],
        ['Ready (2)', 'ready', ['add-login', 'broken-plan']],
        ['Coding (1)', 'coding', ['refactor-db']],
        ['Done (1)', 'done', ['ship-docs']],
      ],
    );
  });

  it('marks broken-plan invalid with its first problem naming the unknown key, and every other plan valid', async () => {
    const api = await lwCoderApi();
    await api.plans.refreshed();
    const plans = api.plans.snapshot().groups.flatMap((g) => g.plans);
    const broken = plans.find((p) => p.planId === 'broken-plan');
    assert.ok(broken);
    assert.equal(broken.valid, false);
    assert.match(broken.firstProblem ?? '', /priority/);
    assert.equal(broken.path, planUri('broken-plan.md').fsPath);
    const others = plans.filter((p) => p.planId !== 'broken-plan');
    assert.deepEqual(others.filter((p) => !p.valid).map((p) => `${p.planId}: ${p.firstProblem}`), []);
  });

  it('picks up a new plan file through the file watcher while the view is visible, and drops it when deleted', async () => {
    const api = await lwCoderApi();
    await vscode.commands.executeCommand('lwCoder.plans.focus');
    const uri = planUri('watched-plan.md');
    const planIds = () => api.plans.snapshot().groups.flatMap((g) => g.plans.map((p) => p.planId));
    try {
      await writeText(uri, '---\nplan_id: watched-plan\ngit_sha: 0000000000000000000000000000000000000000\nstatus: draft\n---\n\n# Watched\n\nBody.\n');
      // No refreshed() here: the watcher alone must bring it in.
      await waitFor('watched-plan in the Plans view', () => planIds().includes('watched-plan'));
      const draft = api.plans.snapshot().groups.find((g) => g.status === 'draft');
      assert.equal(draft?.label, 'Draft (2)');
    } finally {
      await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
    }
    await waitFor('watched-plan gone from the Plans view', () => !planIds().includes('watched-plan'));
    assert.equal(api.plans.snapshot().groups.find((g) => g.status === 'draft')?.label, 'Draft (1)');
  });
});
