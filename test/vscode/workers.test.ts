import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createFleetStateFiles } from '../../src/adapters/fleet/fleetStateFiles';
import { createPlanGitPort } from '../../src/adapters/git/planGit';
import { createPlanFilesPort } from '../../src/adapters/plans/planFiles';
import { createQueueStore } from '../../src/adapters/state/queueStore';
import { addTasks, claimNext, failTask, listTasks, type QueueDeps } from '../../src/app/fleet/queue';
import type { WorkerSnapshotRow } from '../../src/extension/api';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import { exists, lwCoderApi, planUri, readText, waitFor, workspaceRoot, writeText } from './support/workspace';

const EXTRA = ['wq-alpha', 'wq-beta', 'wq-gamma', 'wq-delta'] as const;
const RUN_ID = '20260105T091800.000Z';

interface Manifest {
  contributes: { commands: { command: string; enablement?: string }[]; viewsWelcome: { view: string; contents: string; when?: string }[] };
}

/** The rows as `label — description`, children indented: what the user reads in the view. */
const drawn = (rows: readonly WorkerSnapshotRow[]): string[] => rows.flatMap((r) => [`${r.label} — ${r.description}`, ...drawn(r.children ?? []).map((l) => `  ${l}`)]);

describe('Workers view (issue 13)', () => {
  const root = (): string => workspaceRoot().fsPath;
  const queue = (): QueueDeps => ({ store: createQueueStore(root()), now: () => Date.now() });
  const task = async (planId: string) => (await listTasks(queue())).tasks.find((t) => t.planId === planId);
  const runDir = (): string => join(root(), '.lw_coder', 'runs', 'wq-beta', RUN_ID);

  before(async () => {
    const api = await lwCoderApi();
    // Ready plans of our own, at the fixture's git_sha (add-login's), queued through the app layer as `lwc task add` does.
    const template = await readText(planUri('add-login.md'));
    for (const id of EXTRA) await writeText(planUri(`${id}.md`), template.replace('plan_id: add-login', `plan_id: ${id}`));
    await api.plans.refreshed();
  });

  after(async () => {
    for (const id of EXTRA) await vscode.workspace.fs.delete(planUri(`${id}.md`)).then(undefined, () => undefined);
    for (const dir of ['queue', 'fleet']) rmSync(join(root(), '.lw_coder', 'state', dir), { recursive: true, force: true });
    rmSync(join(root(), '.lw_coder', 'runs', 'wq-beta'), { recursive: true, force: true });
    const api = await lwCoderApi();
    await api.plans.refreshed();
    await api.workers.refreshed();
  });

  it('has no rows while no queue exists, so the welcome content explains how to fill the queue (with a command link)', async () => {
    const api = await lwCoderApi();
    await api.workers.refreshed();
    assert.deepEqual(api.workers.snapshot().rows, []);
    assert.equal(api.workers.snapshot().statusBar, undefined);
    const welcome = (vscode.extensions.getExtension('lw-coder.lw-coder')!.packageJSON as Manifest).contributes.viewsWelcome.filter((w) => w.view === 'lwCoder.workers');
    assert.ok(welcome.some((w) => /queue is empty/.test(w.contents) && w.contents.includes(`(command:${COMMAND_IDS.fleetAddToQueue})`)), JSON.stringify(welcome));
    assert.equal(await exists(vscode.Uri.file(join(root(), '.lw_coder', 'state', 'queue'))), false, 'reading the view created the queue folder');
  });

  // Untrusted too: the view shows state there (only its actions are disabled).
  it('follows a queue prepared through the app layer (file watcher, no refresh call): groups in order, claim order, blocked reasons, workers', async () => {
    const api = await lwCoderApi();
    await vscode.commands.executeCommand('lwCoder.workers.focus');
    // One read now (nothing queued yet): from here only the file watcher can make the model read again.
    await api.workers.refreshed();
    assert.deepEqual(api.workers.snapshot().rows, []);
    const plans = { repoRoot: root(), scan: { files: createPlanFilesPort(), git: createPlanGitPort(root()), repoRoot: root() } };
    await addTasks({ ...queue(), plans }, { planIds: ['wq-alpha'], by: 'test' });
    await addTasks({ ...queue(), plans }, { planIds: ['wq-beta'], priority: 0, by: 'test' });
    await addTasks({ ...queue(), plans }, { planIds: ['wq-gamma'], after: ['wq-alpha'], by: 'test' });
    await addTasks({ ...queue(), plans }, { planIds: ['wq-delta'], priority: 3, by: 'test' });
    const w1 = `w1@${hostname()}:${process.pid}`;
    assert.equal((await claimNext(queue(), { worker: w1, leaseMs: 3_600_000 }))?.planId, 'wq-beta');
    assert.equal((await claimNext(queue(), { worker: 'w2@elsewhere:1', leaseMs: 3_600_000 }))?.planId, 'wq-alpha');
    await failTask(queue(), 'wq-alpha', { worker: 'w2@elsewhere:1', reason: 'tests failed: 3 of 40' });
    mkdirSync(runDir(), { recursive: true });
    // A supervisor in this very process (alive: its pid is the extension host's), as `lwc up` publishes one.
    const now = new Date().toISOString();
    await createFleetStateFiles(root()).writeSupervisor({
      version: 1, pid: process.pid, hostname: hostname(), state: 'running', startedAt: now, heartbeatAt: now, heartbeatMs: 2000, workersWanted: 2, untilEmpty: false, leaseMs: 3_600_000,
      workers: [
        { name: 'w1', id: w1, state: 'running', planId: 'wq-beta', plan: '.lw_coder/tasks/wq-beta.md', branch: 'wq-beta', runDir: runDir(), startedAt: now },
        { name: 'w2', id: `w2@${hostname()}:${process.pid}`, state: 'idle' },
      ],
    });
    const rows = await waitFor('the Workers view to show the prepared queue', () => {
      const snap = api.workers.snapshot();
      return snap.rows.some((r) => r.label === 'Failed') && snap.rows.some((r) => r.kind === 'worker') ? snap.rows : undefined;
    });
    const lines = drawn(rows).map((l) => l.replace(/ · (\d+s|\d+m|\d+h\d+m)$/, ' · <elapsed>'));
    assert.deepEqual(lines, [
      'Supervisor — running · 1/2 busy',
      'w1 — running · wq-beta · <elapsed>',
      'w2 — idle',
      'Ready — 1',
      '  wq-delta — P3',
      'In progress — 1',
      '  wq-beta — P0 · w1',
      'Blocked — 1',
      '  wq-gamma — waits for wq-alpha (failed)',
      'Failed — 1',
      '  wq-alpha — tests failed: 3 of 40',
    ]);
    assert.deepEqual(rows.filter((r) => r.kind === 'worker').map((r) => [r.icon, r.contextValue]), [['sync~spin', 'worker;running;task;run'], ['circle-large-outline', 'worker;idle']]);
  });

  it('shows the fleet in the status bar while it runs: busy/workers · ready tasks', async () => {
    const api = await lwCoderApi();
    await api.workers.refreshed();
    assert.equal(api.workers.snapshot().statusBar, '$(server-process) 1/2 · 1 queued');
  });

  it('Add to Queue on a plan queues it with the priority given; Add Dependency on the plan makes it wait', async () => {
    const api = await lwCoderApi();
    const added = await vscode.commands.executeCommand(COMMAND_IDS.fleetAddToQueue, { uri: planUri('add-login.md'), priority: 1 });
    if (!vscode.workspace.isTrusted) {
      assert.equal(added, undefined);
      assert.equal(await task('add-login'), undefined);
      assert.ok(api.recentLog().some((l) => /Add to Queue changes the fleet's queue, which LW Coder does only in a trusted workspace/.test(l)), 'no reason given');
      return;
    }
    assert.equal((await task('add-login'))?.priority, 1);
    assert.ok(drawn(api.workers.snapshot().rows).includes('  add-login — P1'), 'the view does not show the new task');
    await vscode.commands.executeCommand(COMMAND_IDS.fleetAddDependency, { uri: planUri('add-login.md'), on: 'wq-delta' });
    assert.deepEqual((await task('add-login'))?.dependsOn, ['wq-delta']);
    assert.ok(drawn(api.workers.snapshot().rows).includes('  add-login — waits for wq-delta'));
  });

  it('Change Priority, Retry and Remove from Queue on tasks change the store', async () => {
    if (!vscode.workspace.isTrusted) return;
    const api = await lwCoderApi();
    await vscode.commands.executeCommand(COMMAND_IDS.fleetChangePriority, { planId: 'wq-delta', priority: 0 });
    assert.equal((await task('wq-delta'))?.priority, 0);
    await vscode.commands.executeCommand(COMMAND_IDS.fleetRetryTask, { planId: 'wq-alpha' });
    assert.equal((await task('wq-alpha'))?.state, 'open');
    // Ready again, and first in claim order: wq-delta (P0) before wq-alpha (P2); wq-gamma stays blocked (alpha not done).
    const ready = api.workers.snapshot().rows.find((r) => r.label === 'Ready');
    assert.deepEqual(ready?.children?.map((c) => c.label), ['wq-delta', 'wq-alpha']);
    await vscode.commands.executeCommand(COMMAND_IDS.fleetRemoveTask, { planId: 'add-login' });
    assert.equal(await task('add-login'), undefined);
    assert.ok(!drawn(api.workers.snapshot().rows).some((l) => l.includes('add-login')));
  });

  it('Show Feedback Summary on a worker opens the panel of its current run; Open Worktree looks for its task\'s worktree', async () => {
    if (!vscode.workspace.isTrusted) return;
    const api = await lwCoderApi();
    await vscode.commands.executeCommand(COMMAND_IDS.fleetShowWorkerFeedback, { name: 'w1' });
    const panels = await api.feedback.panels();
    assert.ok(panels.some((p) => p.runDir === runDir()), `no panel for ${runDir()}: ${panels.map((p) => p.runDir).join(', ')}`);
    // No worktree was made for wq-beta: the action names the task's worktree as missing (reported, not thrown).
    assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.fleetOpenWorkerWorktree, { name: 'w1', how: 'addToWorkspace' }), undefined);
    await waitFor('the missing worktree to be reported', () => api.recentLog().some((l) => /wq-beta has no worktree yet/.test(l)));
  });

  it('disables every action that changes the queue in an untrusted workspace (enablement), and says why in the handler', async () => {
    const manifest = vscode.extensions.getExtension('lw-coder.lw-coder')!.packageJSON as Manifest;
    const changing = [COMMAND_IDS.fleetAddToQueue, COMMAND_IDS.fleetAddDependency, COMMAND_IDS.fleetChangePriority, COMMAND_IDS.fleetRemoveTask, COMMAND_IDS.fleetRetryTask];
    for (const id of changing) assert.match(manifest.contributes.commands.find((c) => c.command === id)?.enablement ?? '', /isWorkspaceTrusted/, `${id} is not gated on trust`);
    if (vscode.workspace.isTrusted) return;
    const before = (await listTasks(queue())).version;
    await vscode.commands.executeCommand(COMMAND_IDS.fleetRetryTask, { planId: 'wq-alpha' });
    assert.equal((await listTasks(queue())).version, before);
  });
});
