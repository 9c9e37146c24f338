import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createPlanGitPort } from '../../src/adapters/git/planGit';
import { createPlanFilesPort } from '../../src/adapters/plans/planFiles';
import { createQueueStore } from '../../src/adapters/state/queueStore';
import { addTasks, claimNext, completeTask, removeTask, type QueueDeps } from '../../src/app/fleet/queue';
import { runDirName } from '../../src/core/runs/layout';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { DashboardPanelTrace } from '../../src/extension/dashboard/panel';
import type { DashboardModel } from '../../src/protocol/dashboard';
import { lwCoderApi, waitFor, workspaceRoot } from './support/workspace';

/** Plan ids no other suite uses: their plans, queue entries, worktree and runs are this suite's alone. */
const ALPHA = 'dash-alpha';
const BETA = 'dash-beta';
const GAMMA = 'dash-gamma';
const WORKER = 'vscode-test-worker';
const WEBVIEW_LOAD_MS = 60_000;

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

describe('fleet dashboard (issue 13 item 4)', function () {
  this.timeout(180_000);
  let root: string;
  let queue: QueueDeps;
  let runDir: string;
  let worktree: string;

  const trace = async (): Promise<DashboardPanelTrace | undefined> => (await (await lwCoderApi()).dashboard.panels())[0];
  const models = async (): Promise<DashboardModel[]> => ((await trace())?.posted ?? []).map((m) => m.model);
  /** The first model posted after `seq` that satisfies `test`. */
  const modelAfter = (what: string, seq: number, test: (m: DashboardModel) => boolean, timeoutMs = 30_000): Promise<DashboardModel> =>
    waitFor(what, async () => (await models()).find((m) => m.seq > seq && test(m)), timeoutMs);
  const task = (m: DashboardModel, planId: string) => m.status.queue.tasks.find((t) => t.planId === planId);

  before(async () => {
    await lwCoderApi();
    root = workspaceRoot().fsPath;
    const head = git(root, 'rev-parse', 'HEAD');
    for (const id of [ALPHA, BETA, GAMMA]) {
      writeFileSync(join(root, '.lw_coder', 'tasks', `${id}.md`), `---\nplan_id: ${id}\ngit_sha: ${head}\nstatus: ready\nevaluation_notes:\n  - check\n---\n\n# Task Plan: ${id}\n\n## Objectives\n- Do ${id}.\n`);
    }
    queue = { store: createQueueStore(root), now: () => Date.now() };
    const plans = { repoRoot: root, scan: { files: createPlanFilesPort(), git: createPlanGitPort(root), repoRoot: root } };
    await addTasks({ ...queue, plans }, { planIds: [ALPHA, BETA], by: 'test' });
    await addTasks({ ...queue, plans }, { planIds: [GAMMA], after: [BETA], by: 'test' });
    // A run of alpha with usage (no price for its model: the cost is unknown) and a worktree with one change.
    runDir = join(root, '.lw_coder', 'runs', ALPHA, runDirName(new Date(Date.now() + 1000)));
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'events.jsonl'), `${JSON.stringify({ attempt: 1, at: new Date().toISOString(), kind: 'usage', inputTokens: 1200, outputTokens: 300, agent: 'codex', model: 'test/unpriced' })}\n`);
    worktree = join(root, '.lw_coder', 'worktrees', ALPHA);
    git(root, 'worktree', 'add', '-q', '-b', ALPHA, worktree, head);
    appendFileSync(join(worktree, 'src', 'app.js'), '\n// changed by dash-alpha\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const id of [GAMMA, BETA, ALPHA]) await removeTask(queue, id, { force: true }).catch(() => undefined);
    git(root, 'worktree', 'remove', '--force', worktree);
    git(root, 'branch', '-D', ALPHA);
    rmSync(join(root, '.lw_coder', 'runs', ALPHA), { recursive: true, force: true });
    for (const id of [ALPHA, BETA, GAMMA]) rmSync(join(root, '.lw_coder', 'tasks', `${id}.md`), { force: true });
  });

  it('opens on the queue under a strict CSP and shows the status model: counts, tasks with dependencies, usage, the branch', async () => {
    const result = await vscode.commands.executeCommand<{ repoRoot: string }>(COMMAND_IDS.fleetShowDashboard, { repoRoot: root });
    assert.equal(result?.repoRoot, root);
    const first = await modelAfter('the first model, after ready', 0, (m) => m.status.queue.tasks.length >= 3, WEBVIEW_LOAD_MS);
    const t = (await trace())!;
    assert.equal(t.received[0]?.type, 'ready', 'nothing is posted before the page is ready');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(t.html)?.[1]?.replaceAll('&#39;', "'");
    assert.ok(csp, 'no CSP meta tag');
    // style-src and font-src are the webview's resource origin (`webview.cspSource`, several sources in code-server).
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{20,}'; style-src ([^;']*(?:'self')?[^;']*); font-src \1$/);
    assert.doesNotMatch(t.html, /unsafe-inline|unsafe-eval/);
    assert.ok(!(await vscode.workspace.isTrusted) || first.trusted);
    assert.deepEqual([first.status.tasks.ready, first.status.tasks.blocked], [2, 1]);
    assert.deepEqual(task(first, GAMMA)?.waitsFor, [{ planId: BETA, state: 'open' }]);
    assert.equal(task(first, ALPHA)?.usage.inputTokens, 1200);
    assert.deepEqual(task(first, ALPHA)?.usage.unpricedModels, ['test/unpriced']);
    const branch = first.status.sync.branches.find((b) => b.planId === ALPHA);
    assert.ok(branch?.base, `no base for ${ALPHA}: ${JSON.stringify(first.status.sync.branches)}`);
    assert.equal(branch.uncommitted, 1);
  });

  it('a store change (a claim, then the task done) reaches the panel as a new model, without reopening it', async () => {
    const before = Math.max(...(await models()).map((m) => m.seq));
    const claimed = await claimNext(queue, { worker: WORKER, leaseMs: 600_000 });
    assert.equal(claimed?.planId, ALPHA);
    const during = await modelAfter('alpha in progress', before, (m) => task(m, ALPHA)?.state === 'claimed');
    assert.equal(task(during, ALPHA)?.worker, WORKER);
    assert.equal(during.status.tasks.claimed, 1);
    await completeTask(queue, ALPHA, { worker: WORKER });
    const done = await modelAfter('alpha done', during.seq, (m) => task(m, ALPHA)?.state === 'done');
    assert.equal(done.status.tasks.done, 1);
    assert.equal((await trace())!.readyCount, 1, 'the page was updated, not reloaded');
  });

  it('validates inbound messages: a plan id that climbs out of a folder, or an unknown type, is refused and does nothing', async () => {
    const api = await lwCoderApi();
    await api.dashboard.receive({ type: 'openDiff', planId: '../../etc' });
    await api.dashboard.receive({ type: 'runShell', command: 'id' });
    const t = (await trace())!;
    assert.ok(t.rejected.some((r) => r.startsWith('planId: ')), JSON.stringify(t.rejected));
    assert.ok(t.rejected.some((r) => r.startsWith('type: ')), JSON.stringify(t.rejected));
    assert.equal(t.actions.length, 0);
  });

  it('opens the worktree\'s diff against its plan\'s git_sha, and the task\'s feedback summary', async () => {
    const api = await lwCoderApi();
    await api.dashboard.receive({ type: 'openDiff', planId: ALPHA });
    const editor = await waitFor('the diff document', () => (vscode.window.activeTextEditor?.document.languageId === 'diff' ? vscode.window.activeTextEditor : undefined));
    assert.match(editor.document.getText(), /^# dash-alpha: worktree against [0-9a-f]{12}/);
    assert.match(editor.document.getText(), /\+\/\/ changed by dash-alpha/);
    await api.dashboard.receive({ type: 'openFeedback', planId: ALPHA });
    await waitFor('the feedback panel of the run', async () => (await api.feedback.panels()).some((p) => p.runDir === runDir));
    assert.deepEqual((await trace())!.actions.map((a) => a.kind), ['diff', 'command']);
  });

  it('one panel: the command again reveals it instead of opening a second', async () => {
    await vscode.commands.executeCommand(COMMAND_IDS.fleetShowDashboard, { repoRoot: root });
    assert.equal((await (await lwCoderApi()).dashboard.panels()).length, 1);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.label === 'Fleet Dashboard');
    assert.equal(tabs.length, 1);
  });
});
