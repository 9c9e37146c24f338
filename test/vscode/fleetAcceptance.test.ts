// Issue 13's acceptance: a user fills the queue, starts workers, watches them, stops them with salvage and finds every
// piece of work, all from the editor. Driven only through the extension's commands, with the arguments the tree items
// and menus pass (and the answers a user would give to the quick picks and modals), a stand-in agent in the real
// Docker container; everything is read back through the extension's API snapshots (what the views, status bar,
// dashboard and terminals show), never the store's files.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { agentImages, repoImageTag } from '../../src/core/container/images';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../src/core/container/scaffold';
import type { WorkerSnapshotRow } from '../../src/extension/api';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { StartWorkersResult } from '../../src/extension/fleet/startWorkers';
import type { StopWorkersResult } from '../../src/extension/fleet/stopWorkers';
import type { DashboardModel } from '../../src/protocol/dashboard';
import { TEST_BASE_IMAGE, dockerMissing } from './support/docker';
import { EXTENSION_ID, lwCoderApi, planUri, waitFor, workspaceRoot } from './support/workspace';

const EXTRA_CA = process.env['LWC_EXTRA_CA_CERTS'] || process.env['NODE_EXTRA_CA_CERTS'] || '/etc/ssl/certs/ca-certificates.crt';
const CI = /^(1|true|yes)$/i.test(process.env['CI'] ?? '');
/** Plan ids no other suite uses. DONE's agent finishes; WIP's agent writes a file and waits; AFTER waits for WIP. */
const DONE = 'acc-done';
const WIP = 'acc-wip';
const AFTER = 'acc-after';
const PLANS = [DONE, WIP, AFTER] as const;
/** In WIP's plan body, so its prompt tells the stand-in agent to stay mid-run. */
const WAIT_MARK = 'STANDIN-WAITS-FOR-THE-TEST';

/**
 * One agent command for every worker: the prompt decides. WIP's run writes wip.txt, says so, and waits (until the stop
 * removes its container); any other plan gets the fixture's stand-in codex, which adds standin-change.txt and finishes.
 */
const agentScript = (codexStandIn: string): string => [
  'prompt="$(cat)"',
  `case "$prompt" in *${WAIT_MARK}*)`,
  '  echo "work in progress" > wip.txt',
  '  echo \'{"type":"thread.started","thread_id":"acc-wip"}\'',
  '  echo \'{"type":"item.completed","item":{"id":"i1","type":"file_change","changes":[{"path":"/workspace/wip.txt","kind":"add"}],"status":"completed"}}\'',
  '  echo \'{"type":"item.completed","item":{"id":"i2","type":"agent_message","text":"halfway there, waiting for the test"}}\'',
  '  exec sleep 600 ;;',
  'esac',
  'printf "%s" "$prompt" | (',
  'MODE=ok',
  codexStandIn,
  ')',
].join('\n');

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
/** The rows as `label — description`, children indented: what the user reads in the view. */
const drawn = (rows: readonly WorkerSnapshotRow[]): string[] => rows.flatMap((r) => [`${r.label} — ${r.description}`, ...drawn(r.children ?? []).map((l) => `  ${l}`)]);
const group = (rows: readonly WorkerSnapshotRow[], label: string): string[] | undefined => rows.find((r) => r.kind === 'group' && r.label === label)?.children?.map((c) => `${c.label} — ${c.description}`);
const worker = (rows: readonly WorkerSnapshotRow[], task: string): WorkerSnapshotRow | undefined => rows.find((r) => r.kind === 'worker' && new RegExp(` · ${task}(?: · |$)`).test(r.description));

const missing = dockerMissing();
if (missing && !CI) {
  console.error(`\n!!!!!!!!!! the fleet acceptance in VS Code NOT RUN: ${missing} !!!!!!!!!!\n`);
} else {
  describe('fleet acceptance: fill the queue, start, watch, stop with salvage, find the work (issue 13)', function () {
    // The first run may build the repository's image and the codex image on the local test base.
    this.timeout(900_000);
    let root: string;
    let codexStandIn: string;
    const settings: Array<[string, string, unknown]> = [];
    const planPath = (id: string): string => join(root, '.lw_coder', 'tasks', `${id}.md`);

    before(async function () {
      if (missing) assert.fail(`CI must run this suite: ${missing}`);
      const api = await lwCoderApi();
      root = workspaceRoot().fsPath;
      codexStandIn = readFileSync(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'run', 'codex-standin.sh'), 'utf8');
      settings.push(['lwCoder.docker', 'baseImageFrom', TEST_BASE_IMAGE], ['lwCoder.docker', 'extraCaCertificates', EXTRA_CA], ['lwCoder.agent', 'command', agentScript(codexStandIn)]);
      for (const [section, key, value] of settings) await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
      writeFileSync(join(root, '.lw_coder', 'code.Dockerfile'), CODE_DOCKERFILE_TEMPLATE);
      writeFileSync(join(root, '.lw_coder', '.dockerignore'), DOCKERIGNORE_TEMPLATE);
      // Three ready plans at the fixture's HEAD, as a user writes them (Plans view: "Ready").
      const head = git(root, 'rev-parse', 'HEAD');
      for (const id of PLANS) {
        const body = id === WIP ? `- Start, then wait (${WAIT_MARK}).` : `- Do ${id}.`;
        writeFileSync(planPath(id), `---\nplan_id: ${id}\ngit_sha: ${head}\nstatus: ready\nevaluation_notes:\n  - check\n---\n\n# Task Plan: ${id}\n\n## Objectives\n${body}\n`);
      }
      await api.plans.refreshed();
    });

    after(async () => {
      if (!root) return;
      const api = await lwCoderApi();
      // Whatever a failed test left running stops first (answers given: no modal).
      if (api.workers.snapshot().statusBar !== undefined) await vscode.commands.executeCommand(COMMAND_IDS.fleetStop, { answers: { work: 'discard' } });
      for (const [section, key] of settings) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
      for (const t of vscode.window.terminals.filter((x) => x.name.startsWith('LW Coder'))) t.dispose();
      // Leave the fixture as the other suites expect it: no worktree, branch, salvage ref, queue, run or plan of ours.
      for (const block of git(root, 'worktree', 'list', '--porcelain').split('\n\n')) {
        const path = /^worktree (.+)$/m.exec(block)?.[1];
        if (path && PLANS.some((id) => path.endsWith(`/.lw_coder/worktrees/${id}`))) git(root, 'worktree', 'remove', '--force', path);
      }
      for (const id of PLANS) {
        if (git(root, 'branch', '--list', id)) git(root, 'branch', '-D', id);
        for (const ref of git(root, 'for-each-ref', '--format=%(refname)', `refs/lw-coder/salvage/${id}/`).split('\n').filter(Boolean)) git(root, 'update-ref', '-d', ref);
        rmSync(planPath(id), { force: true });
        rmSync(join(root, '.lw_coder', 'runs', id), { recursive: true, force: true });
      }
      for (const p of ['code.Dockerfile', '.dockerignore', 'state', 'cache']) rmSync(join(root, '.lw_coder', p), { recursive: true, force: true });
      for (const tag of [repoImageTag(root), agentImages('codex', root, '').repo]) {
        if (execFileSync('docker', ['image', 'ls', '-q', tag], { encoding: 'utf8' }).trim()) execFileSync('docker', ['image', 'rm', '-f', tag], { stdio: 'pipe' });
      }
      await api.plans.refreshed();
      await api.workers.refreshed();
      await api.worktrees.refreshed();
    });

    it('1. Add to Queue and Add Dependency from the Plans view fill the Workers view: Ready in claim order, Blocked with its reason; no status bar item', async () => {
      const api = await lwCoderApi();
      await api.workers.refreshed();
      assert.deepEqual(api.workers.snapshot().rows, [], 'the queue starts empty (welcome content)');
      // The Plans view's menu passes the plan; the priority is the quick pick's answer.
      await vscode.commands.executeCommand(COMMAND_IDS.fleetAddToQueue, { uri: planUri(`${DONE}.md`), priority: 1 });
      await vscode.commands.executeCommand(COMMAND_IDS.fleetAddToQueue, { uri: planUri(`${WIP}.md`), priority: 2 });
      await vscode.commands.executeCommand(COMMAND_IDS.fleetAddToQueue, { uri: planUri(`${AFTER}.md`), priority: 2 });
      await vscode.commands.executeCommand(COMMAND_IDS.fleetAddDependency, { uri: planUri(`${AFTER}.md`), on: WIP });

      const snap = api.workers.snapshot();
      assert.deepEqual(drawn(snap.rows), [
        'Supervisor — not running',
        'Ready — 2',
        `  ${DONE} — P1`,
        `  ${WIP} — P2`,
        'Blocked — 1',
        `  ${AFTER} — waits for ${WIP}`,
      ]);
      assert.equal(snap.statusBar, undefined, 'the status bar item shows only while a fleet runs');
    });

    let wipWorker: string;

    it('2. Start Workers (2, stand-in codex): the view, the status bar, the dashboard and the worker terminal follow the run live', async () => {
      const api = await lwCoderApi();
      const started = await vscode.commands.executeCommand<StartWorkersResult | undefined>(COMMAND_IDS.fleetStart, { workers: 2, agent: 'codex', acceptCredentials: true, promptSource: 'templates' });
      assert.equal(started?.started, true, `${JSON.stringify(started)}\n${api.recentLog().slice(-20).join('\n')}`);
      // The status bar item's click: the dashboard, opened before anything finished so it follows the run live.
      await vscode.commands.executeCommand(COMMAND_IDS.fleetShowDashboard);

      // DONE finishes; WIP's agent has written its file and waits; AFTER still waits for WIP.
      const rows = await waitFor('the Workers view: one worker running acc-wip, acc-done done, one worker idle', () => {
        const r = api.workers.snapshot().rows;
        const w = worker(r, WIP);
        return w?.description.startsWith('running · ') && group(r, 'Done')?.some((l) => l.startsWith(DONE)) && r.some((x) => x.kind === 'worker' && x.description === 'idle') ? r : undefined;
      }, 600_000);
      wipWorker = worker(rows, WIP)!.label;
      const lines = drawn(rows).map((l) => l.replace(/ · (\d+s|\d+m|\d+h\d+m)$/, ' · <elapsed>').replace(/done in \S+$/, 'done in <duration>'));
      assert.deepEqual(lines.filter((l) => !/^w\d — /.test(l)), [
        'Supervisor — running · 1/2 busy',
        'In progress — 1',
        `  ${WIP} — P2 · ${wipWorker}`,
        'Blocked — 1',
        `  ${AFTER} — waits for ${WIP} (claimed)`,
        'Done — 1',
        `  ${DONE} — done in <duration>`,
      ]);
      assert.ok(lines.includes(`${wipWorker} — running · ${WIP} · <elapsed>`), lines.join('\n'));
      assert.equal(worker(rows, WIP)!.contextValue, 'worker;running;task;run', 'its Stop Worker / Show Terminal / feedback actions are offered');
      assert.equal(api.workers.snapshot().statusBar, '$(server-process) 1/2 · 0 queued');

      const model = await waitFor('the dashboard to show the running worker and the done task', async (): Promise<DashboardModel | undefined> => {
        const posted = (await api.dashboard.panels())[0]?.posted ?? [];
        return posted.map((p) => p.model).find((m) => m.status.workers.some((w) => w.name === wipWorker && w.state === 'running' && w.task === WIP) && m.status.queue.tasks.some((t) => t.planId === DONE && t.state === 'done'));
      }, 60_000);
      assert.equal(model.status.supervisor.state, 'running');
      assert.deepEqual([model.status.tasks.claimed, model.status.tasks.blocked, model.status.tasks.done], [1, 1, 1]);
      assert.equal(model.status.queue.tasks.find((t) => t.planId === DONE)?.usage.inputTokens, 120, 'the done task\'s usage from its agent\'s events');

      const text = await waitFor(`${wipWorker}'s terminal to stream its agent's lines`, async () => {
        const t = (await api.fleet.terminals()).find((x) => x.worker === wipWorker);
        return t && /halfway there, waiting for the test/.test(t.text) ? t.text : undefined;
      }, 60_000);
      assert.match(text, new RegExp(`── ${wipWorker}: ${WIP} \\(run \\S+\\) ──`));
      assert.match(text, /\[codex #1\] add \S*wip\.txt/);
    });

    it('3. Stop Workers with salvage (the modal answered): the work is on a salvage ref in the Plans view, the task Ready again, the done work on its branch, the fleet stopped', async () => {
      const api = await lwCoderApi();
      const stop = await vscode.commands.executeCommand<StopWorkersResult | undefined>(COMMAND_IDS.fleetStop, { answers: { work: 'salvage' } });
      assert.ok(stop?.stopped, JSON.stringify(stop));
      assert.match(stop.asked[0] ?? '', new RegExp(`• ${wipWorker} on ${WIP}`), 'the modal named the worker whose work was at risk');
      const saved = stop.report.worktrees.find((w) => w.planId === WIP);
      assert.equal(saved?.work, 'salvaged');
      const ref = saved?.ref ?? '';
      assert.match(ref, new RegExp(`^refs/lw-coder/salvage/${WIP}/`));
      assert.equal(git(root, 'show', `${ref}:wip.txt`), 'work in progress', 'the salvage ref holds the agent\'s file');

      // Found from the editor: the Plans view's Recover node lists the ref.
      await api.worktrees.refreshed();
      assert.deepEqual(api.worktrees.snapshot().salvage.filter((s) => s.planId === WIP).map((s) => s.ref), [ref]);

      const rows = await waitFor('the Workers view to show the stopped fleet', () => {
        const r = api.workers.snapshot().rows;
        return r.some((x) => x.kind === 'supervisor' && x.description === 'stopped') && group(r, 'Ready') ? r : undefined;
      }, 60_000);
      assert.deepEqual(group(rows, 'Ready'), [`${WIP} — P2`], 'the salvaged task is back in the queue');
      assert.deepEqual(group(rows, 'Blocked'), [`${AFTER} — waits for ${WIP}`]);
      assert.deepEqual(group(rows, 'Done')?.map((l) => l.split(' — ')[0]), [DONE]);
      assert.equal(group(rows, 'In progress'), undefined);
      assert.equal(api.workers.snapshot().statusBar, undefined, 'the status bar item is hidden again');

      // The done task's work: committed on its branch, whose worktree the Plans view shows one commit ahead under the
      // plan, now implemented.
      assert.match(git(root, 'show', `${DONE}:standin-change.txt`), /written by the stand-in codex/);
      assert.match(git(root, 'log', '-1', '--format=%s', DONE), /Add the stand-in change/);
      await api.plans.refreshed();
      const statusOf = (id: string): string | undefined => api.plans.snapshot().groups.find((g) => g.plans.some((p) => p.planId === id))?.status;
      assert.equal(statusOf(DONE), 'implemented');
      const trees = api.worktrees.snapshot().worktrees;
      const done = trees.find((w) => w.planId === DONE);
      assert.ok(done, `no worktree row for ${DONE}: ${JSON.stringify(trees)}`);
      assert.deepEqual([done.state, done.ahead, done.dirty], ['ok', 1, false]);
      assert.match(done.badges, /↑1 ahead/);
    });
  });
}
