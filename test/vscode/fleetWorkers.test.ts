import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createPlanFilesPort } from '../../src/adapters/plans/planFiles';
import { createPlanGitPort } from '../../src/adapters/git/planGit';
import { createQueueStore } from '../../src/adapters/state/queueStore';
import { addTasks, listTasks, removeTask, type QueueDeps } from '../../src/app/fleet/queue';
import { agentImages, repoImageTag } from '../../src/core/container/images';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../src/core/container/scaffold';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { StartWorkersResult } from '../../src/extension/fleet/startWorkers';
import type { StopWorkerResult } from '../../src/extension/fleet/stopOneWorker';
import type { StopWorkersResult } from '../../src/extension/fleet/stopWorkers';
import { EXTENSION_ID, lwCoderApi, waitFor, workspaceRoot } from './support/workspace';
import { TEST_BASE_IMAGE, dockerMissing } from './support/docker';

const EXTRA_CA = process.env['LWC_EXTRA_CA_CERTS'] || process.env['NODE_EXTRA_CA_CERTS'] || '/etc/ssl/certs/ca-certificates.crt';
const CI = /^(1|true|yes)$/i.test(process.env['CI'] ?? '');
const PLAN_ID = 'add-login';
/** An agent mid-task (as test/integration/fleet/down.test.ts): it writes a file in the worktree and sleeps. */
const WORKING = ['cat > /dev/null', 'echo "work in progress" > wip.txt', 'echo \'{"type":"thread.started","thread_id":"t"}\'', 'exec sleep 600'].join('\n');

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const queueOf = (root: string): QueueDeps => ({ store: createQueueStore(root), now: () => Date.now() });
const enqueue = (root: string, planIds: string[]): Promise<unknown> =>
  addTasks({ ...queueOf(root), plans: { repoRoot: root, scan: { files: createPlanFilesPort(), git: createPlanGitPort(root), repoRoot: root } } }, { planIds, by: 'test' });
const supervisorFile = (root: string): { state: string; workers: { name: string; state: string; planId?: string }[] } | undefined => {
  try {
    return JSON.parse(readFileSync(join(root, '.lw_coder', 'state', 'fleet', 'supervisor.json'), 'utf8')) as never;
  } catch {
    return undefined;
  }
};
const runningContainers = (root: string): string[] => execFileSync('docker', ['ps', '--filter', `label=lw_coder.repo=${root}`, '--format', '{{.Names}}'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
const salvageRefs = (root: string): string[] => git(root, 'for-each-ref', '--format=%(refname)', `refs/lw-coder/salvage/${PLAN_ID}/`).split('\n').filter(Boolean);

const missing = dockerMissing();
if (missing && !CI) {
  console.error(`\n!!!!!!!!!! Start / Stop Workers in VS Code NOT RUN: ${missing} !!!!!!!!!!\n`);
} else {
  describe('Start / Stop Workers in VS Code (real Docker engine, stand-in codex; issue 13 item 2)', function () {
    // The first run may build the codex image on the local test base.
    this.timeout(900_000);
    let root: string;
    let codexStandIn: string;
    const settings: Array<[string, string, string]> = [];
    const agentCommand = (command: string | undefined): Thenable<void> => vscode.workspace.getConfiguration('lwCoder.agent').update('command', command, vscode.ConfigurationTarget.Global);

    before(async function () {
      if (missing) assert.fail(`CI must run this suite: ${missing}`);
      await lwCoderApi();
      root = workspaceRoot().fsPath;
      codexStandIn = readFileSync(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'run', 'codex-standin.sh'), 'utf8');
      settings.push(['lwCoder.docker', 'baseImageFrom', TEST_BASE_IMAGE], ['lwCoder.docker', 'extraCaCertificates', EXTRA_CA]);
      for (const [section, key, value] of settings) await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
      writeFileSync(join(root, '.lw_coder', 'code.Dockerfile'), CODE_DOCKERFILE_TEMPLATE);
      writeFileSync(join(root, '.lw_coder', '.dockerignore'), DOCKERIGNORE_TEMPLATE);
    });

    after(async () => {
      if (!root) return;
      // Whatever a failed test left running stops first (answers given: no modal).
      if (supervisorFile(root)?.state === 'running') await vscode.commands.executeCommand(COMMAND_IDS.fleetStop, { answers: { work: 'discard' } });
      await agentCommand(undefined);
      for (const [section, key] of settings) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
      // Leave the fixture as the other suites expect it: plan ready, no worktree, branch, salvage ref, queue or run.
      const ours = git(root, 'worktree', 'list', '--porcelain').split('\n\n').find((w) => new RegExp(`/\\.lw_coder/worktrees/${PLAN_ID}$`, 'm').test(w.split('\n')[0] ?? ''));
      if (ours) git(root, 'worktree', 'remove', '--force', ours.split('\n')[0]!.slice('worktree '.length));
      if (git(root, 'branch', '--list', PLAN_ID)) git(root, 'branch', '-D', PLAN_ID);
      for (const ref of salvageRefs(root)) git(root, 'update-ref', '-d', ref);
      git(root, 'checkout', '--', `.lw_coder/tasks/${PLAN_ID}.md`);
      for (const p of ['runs', 'code.Dockerfile', '.dockerignore', 'state', 'cache']) rmSync(join(root, '.lw_coder', p), { recursive: true, force: true });
      for (const tag of [repoImageTag(root), agentImages('codex', root, '').repo]) {
        if (execFileSync('docker', ['image', 'ls', '-q', tag], { encoding: 'utf8' }).trim()) execFileSync('docker', ['image', 'rm', '-f', tag], { stdio: 'pipe' });
      }
    });

    it('Start Workers runs the supervisor in the extension host and drains the queue; the worker terminal streams the run and its result', async () => {
      const api = await lwCoderApi();
      await enqueue(root, [PLAN_ID]);
      await agentCommand(`MODE=ok\n${codexStandIn}`);
      const result = await vscode.commands.executeCommand<StartWorkersResult | undefined>(COMMAND_IDS.fleetStart, { workers: 1, agent: 'codex', untilEmpty: true, wait: true, acceptCredentials: true, promptSource: 'templates' });
      assert.ok(result?.started, `Start Workers did not start: ${JSON.stringify(result)}\n${api.recentLog().slice(-20).join('\n')}`);
      assert.ok(result.started && result.report, 'wait: true returns the report');
      assert.deepEqual(result.report!.tasks.map((t) => [t.planId, t.outcome, t.worker]), [[PLAN_ID, 'done', 'w1']]);
      assert.match(result.report!.stopReason, /queue is empty/);

      const listing = await listTasks(queueOf(root));
      assert.deepEqual([listing.counts.ready, listing.counts.claimed, listing.counts.done], [0, 0, 1], 'the store ends drained');
      assert.equal(supervisorFile(root)?.state, 'stopped');
      assert.match(git(root, 'show', `${PLAN_ID}:standin-change.txt`), /written by the stand-in codex/, 'the task branch has the agent\'s change');
      assert.deepEqual(runningContainers(root), [], 'no container is left');

      const w1 = await waitFor('the w1 terminal to show the run and its result', async () => {
        const t = (await api.fleet.terminals()).find((x) => x.worker === 'w1');
        return t && /✓ succeeded/.test(t.text) ? t.text : undefined;
      }, 30_000);
      assert.match(w1, new RegExp(`── w1: ${PLAN_ID} \\(run \\S+\\) ──`));
      assert.match(w1, /\[codex #1\] add \S*standin-change\.txt/, 'the file change is streamed');
      assert.match(w1, /tokens: 120 in, 40 out/, 'the usage is streamed');
      assert.match(w1, /✓ succeeded after 1 attempt: Added standin-change\.txt/);
      // The pane redraws every few seconds: it may still show the last moment before the supervisor stopped.
      const status = await waitFor('the status pane to show the drained queue and the stopped supervisor', async () => {
        const t = (await api.fleet.terminals()).find((x) => x.name === 'LW Coder: Fleet Status');
        return t && /supervisor: ○ stopped/.test(t.text) ? t.text : undefined;
      }, 30_000);
      assert.match(status, /^workers: none \| tasks: 0 ready, 0 in progress, 0 blocked, 1 done, 0 failed \| supervisor: ○ stopped \| docker: ● /);
    });

    it('Stop Workers with salvage (the modal answered by the test) stops the in-host supervisor mid-task and leaves a salvage ref', async () => {
      await removeTask(queueOf(root), PLAN_ID, { force: true });
      git(root, 'checkout', '--', `.lw_coder/tasks/${PLAN_ID}.md`);
      await enqueue(root, [PLAN_ID]);
      await agentCommand(WORKING);
      const started = await vscode.commands.executeCommand<StartWorkersResult | undefined>(COMMAND_IDS.fleetStart, { workers: 1, agent: 'codex', acceptCredentials: true, promptSource: 'templates', terminals: false });
      assert.equal(started?.started, true, JSON.stringify(started));
      const worktree = join(root, '.lw_coder', 'worktrees', PLAN_ID);
      await waitFor('w1 running add-login with its file written', () => {
        const w = supervisorFile(root)?.workers[0];
        return w?.state === 'running' && w.planId === PLAN_ID && existsSync(join(worktree, 'wip.txt'));
      }, 600_000);

      const stop = await vscode.commands.executeCommand<StopWorkersResult | undefined>(COMMAND_IDS.fleetStop, { answers: { work: 'salvage' } });
      assert.ok(stop?.stopped, JSON.stringify(stop));
      assert.match(stop.asked[0] ?? '', /• w1 on add-login/, 'the modal named the worker whose work was at risk');
      assert.equal(stop.report.supervisor, 'stopped');
      const saved = stop.report.worktrees.find((w) => w.planId === PLAN_ID);
      assert.equal(saved?.work, 'salvaged');
      assert.match(saved?.ref ?? '', /^refs\/lw-coder\/salvage\/add-login\//);
      assert.deepEqual(salvageRefs(root), [saved!.ref!]);
      assert.equal(git(root, 'show', `${saved!.ref!}:wip.txt`), 'work in progress', 'the salvage ref holds the agent\'s file');
      const task = (await listTasks(queueOf(root))).tasks.find((t) => t.planId === PLAN_ID);
      assert.equal(task?.state, 'open', 'the task is back in the queue');
      assert.match(task?.history.at(-1)?.reason ?? '', /the fleet was stopped \(asked by Stop Workers in the editor \(process \d+ on /, 'the released task names who stopped it');
      assert.deepEqual(runningContainers(root), [], 'no container is left');
      assert.equal(supervisorFile(root)?.state, 'stopped');
    });

    it('Stop Worker on a worker item (salvage answered by the test) stops that worker mid-task, names the salvage ref and reopens its task', async () => {
      await removeTask(queueOf(root), PLAN_ID, { force: true });
      git(root, 'checkout', '--', `.lw_coder/tasks/${PLAN_ID}.md`);
      await enqueue(root, [PLAN_ID]);
      await agentCommand(WORKING);
      const started = await vscode.commands.executeCommand<StartWorkersResult | undefined>(COMMAND_IDS.fleetStart, { workers: 1, agent: 'codex', acceptCredentials: true, promptSource: 'templates', terminals: false });
      assert.equal(started?.started, true, JSON.stringify(started));
      const before = new Set(salvageRefs(root));
      const worker = await waitFor('w1 running add-login', () => {
        const w = supervisorFile(root)?.workers[0] as { id?: string; state: string; planId?: string } | undefined;
        return w?.state === 'running' && w.planId === PLAN_ID && w.id ? w.id : undefined;
      }, 600_000);

      // As the Workers view passes its tree item: an object with the worker's full id.
      const stop = await vscode.commands.executeCommand<StopWorkerResult | undefined>(COMMAND_IDS.fleetStopWorker, { workerId: worker, answers: { work: 'salvage' } });
      assert.ok(stop?.stopped, JSON.stringify(stop));
      assert.match(stop.asked[0] ?? '', /^Stop worker w1\? [\s\S]*working on add-login/);
      assert.equal(stop.report.record.work, 'salvaged');
      const ref = stop.report.record.ref ?? '';
      assert.ok(!before.has(ref) && salvageRefs(root).includes(ref), `a new salvage ref: ${ref}`);
      assert.equal(git(root, 'show', `${ref}:wip.txt`), 'work in progress');
      const task = (await listTasks(queueOf(root))).tasks.find((t) => t.planId === PLAN_ID);
      assert.equal(task?.state, 'open', 'the task is back in the queue');
      assert.deepEqual(runningContainers(root), [], 'its container is gone');
      await waitFor('the supervisor to end with its only worker stopped', () => supervisorFile(root)?.state === 'stopped', 60_000);
    });

    it('Stop Workers with destroy refuses any confirmation but the word destroy, and changes nothing', async () => {
      const worktree = join(root, '.lw_coder', 'worktrees', PLAN_ID);
      assert.ok(existsSync(worktree), 'the unfinished task has a worktree to destroy');
      for (const confirm of ['Destroy', 'yes', '']) {
        const r = await vscode.commands.executeCommand<StopWorkersResult | undefined>(COMMAND_IDS.fleetStop, { answers: { work: 'salvage', destroy: true, confirm } });
        assert.equal(r?.stopped, false);
        assert.equal(!r?.stopped && r?.reason, 'destroy-not-confirmed', `'${confirm}' was taken for destroy`);
        assert.ok(existsSync(worktree), `'${confirm}' removed the worktree`);
      }
    });
  });
}
