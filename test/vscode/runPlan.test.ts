import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../src/core/container/scaffold';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { LwCoderApi } from '../../src/extension/api';
import type { RunResult } from '../../src/extension/commands/plan/run';
import type { RunOutcome } from '../../src/extension/commands/plan/runNotice';
import { EXTENSION_ID, lwCoderApi, planUri, waitFor, workspaceRoot } from './support/workspace';
import { TEST_BASE_IMAGE, dockerMissing } from './support/docker';

/** The locally built stand-in for node:20-bookworm-slim (scripts/ci/base-images.sh), as test/integration/docker uses. */
/** The same image inputs as test/integration/run, so a droid image built there is current here (and vice versa). */
const EXTRA_CA = process.env['LWC_EXTRA_CA_CERTS'] || process.env['NODE_EXTRA_CA_CERTS'] || '/etc/ssl/certs/ca-certificates.crt';
const MARKER = 'LWC_STANDIN_DONE';
/** Prints the mounted prompt's first line (to the terminal, and into the worktree where the test can read it). */
const STAND_IN = `head -n 1 /tmp/lw_coder/main_prompt.md | tee /workspace/.lwc-standin-prompt; echo ${MARKER}`;
const CI = /^(1|true|yes)$/i.test(process.env['CI'] ?? '');

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const planText = (): string => readFileSync(planUri('add-login.md').fsPath, 'utf8');
/** The session containers of the fixture's plan (running or not). */
const planContainers = (): string[] => execFileSync('docker', ['ps', '-a', '--filter', 'label=lw_coder.plan_id=add-login', '--format', '{{.Names}}'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
/** The plan's run directories as the Runs view lists them. */
const runsOf = (api: LwCoderApi): string[] => (api.runs.snapshot().plans.find((p) => p.planId === 'add-login')?.runs ?? []).map((r) => r.runDir).sort();

const missing = dockerMissing();
if (missing && !CI) {
  console.error(`\n!!!!!!!!!! Run Plan in VS Code NOT RUN: ${missing} !!!!!!!!!!\n`);
} else {
  describe('Run Plan in VS Code (real Docker engine)', function () {
    // The first run may build lw_coder_droid:latest on the local test base.
    this.timeout(600_000);
    const settings: Array<[string, string, string]> = [
      ['lwCoder.agent', 'command', STAND_IN],
      ['lwCoder.docker', 'baseImageFrom', TEST_BASE_IMAGE],
      ['lwCoder.docker', 'extraCaCertificates', EXTRA_CA],
    ];
    let root: string;
    let image: string | undefined;

    before(async function () {
      if (missing) assert.fail(`CI must run this suite: ${missing}`);
      await lwCoderApi();
      root = workspaceRoot().fsPath;
      for (const [section, key, value] of settings) await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
      // "Initialize LW Coder" would scaffold these; the fixture has none.
      writeFileSync(join(root, '.lw_coder', 'code.Dockerfile'), CODE_DOCKERFILE_TEMPLATE);
      writeFileSync(join(root, '.lw_coder', '.dockerignore'), DOCKERIGNORE_TEMPLATE);
    });

    after(async () => {
      for (const [section, key] of settings) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Global);
      // Leave the fixture as the other suites expect it: plan ready, no worktree, branch, run directory or scaffold.
      const worktrees = git(root, 'worktree', 'list', '--porcelain').split('\n\n');
      const ours = worktrees.find((w) => /\/\.lw_coder\/worktrees\/add-login$/m.test(w.split('\n')[0] ?? ''));
      if (ours) {
        git(root, 'worktree', 'remove', '--force', ours.split('\n')[0]!.slice('worktree '.length));
        const branch = /^branch refs\/heads\/(.+)$/m.exec(ours)?.[1];
        if (branch) git(root, 'branch', '-D', branch);
      }
      git(root, 'checkout', '--', '.lw_coder/tasks/add-login.md');
      for (const p of ['runs', 'code.Dockerfile', '.dockerignore', 'state', 'cache']) rmSync(join(root, '.lw_coder', p), { recursive: true, force: true });
      if (image) execFileSync('docker', ['image', 'rm', '-f', image], { stdio: 'pipe' });
    });

    it('runs the plan in a container attached to a terminal named after the plan, records exit 0 and marks the plan implemented', async () => {
      assert.equal(vscode.workspace.getConfiguration('lwCoder.agent').get('command'), STAND_IN, 'the machine-scoped setting was not applied');
      const opened: vscode.Terminal[] = [];
      const listener = vscode.window.onDidOpenTerminal((t) => opened.push(t));
      let result: RunResult | undefined;
      try {
        result = await vscode.commands.executeCommand<RunResult | undefined>(COMMAND_IDS.planRun, { uri: planUri('add-login.md'), wait: true, promptSource: 'templates', acceptCredentials: true });
      } finally {
        listener.dispose();
      }
      assert.ok(result, 'Run Plan returned nothing: it failed (see the LW Coder output in the exthost log)');
      image = result.image;
      assert.equal(result.ran, true);
      assert.equal(result.exitCode, 0);
      assert.equal(result.status, 'implemented');
      assert.deepEqual(opened.map((t) => t.name), ['LW Coder: add-login']);

      const record = JSON.parse(readFileSync(join(result.runDir, 'run.json'), 'utf8')) as { session?: { exitCode?: unknown; cancelled?: unknown } };
      assert.equal(record.session?.exitCode, 0, `run.json: ${JSON.stringify(record)}`);
      assert.equal(record.session?.cancelled, false);
      const firstLine = readFileSync(join(result.runDir, 'prompts', 'main.md'), 'utf8').split('\n')[0];
      assert.ok(firstLine, 'the run has no main prompt');
      assert.equal(readFileSync(join(root, '.lw_coder', 'worktrees', 'add-login', '.lwc-standin-prompt'), 'utf8').trim(), firstLine.trim(), 'the agent did not see the run prompt at /tmp/lw_coder/main_prompt.md');
      const plan = readFileSync(planUri('add-login.md').fsPath, 'utf8');
      assert.match(plan, /^status: implemented$/m);
      // The terminal shows the exit and then closes itself.
      await waitFor('the run terminal to close after the agent exited', () => !vscode.window.terminals.some((t) => t.name === 'LW Coder: add-login'), 10_000);
      assert.equal(opened[0]?.exitStatus?.code, 0);
    });

    it('closing the terminal stops the container: the run ends cancelled, the plan stays coding, no container is left', async () => {
      await vscode.workspace.getConfiguration('lwCoder.agent').update('command', `echo ${MARKER}; exec sleep 300`, vscode.ConfigurationTarget.Global);
      const containers = (): string[] => execFileSync('docker', ['ps', '-a', '--filter', 'label=lw_coder.plan_id=add-login', '--format', '{{.Names}}'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
      const opened: vscode.Terminal[] = [];
      const listener = vscode.window.onDidOpenTerminal((t) => opened.push(t));
      const running = vscode.commands.executeCommand<RunResult | undefined>(COMMAND_IDS.planRun, { uri: planUri('add-login.md'), wait: true, promptSource: 'templates', acceptCredentials: true });
      try {
        await waitFor('the agent container to run', () => containers().length === 1, 120_000);
        const terminal = await waitFor('the run terminal', () => opened.find((t) => t.name === 'LW Coder: add-login'));
        terminal.dispose();
      } finally {
        listener.dispose();
      }
      const result = await running;
      assert.ok(result, 'Run Plan returned nothing: it failed (see the LW Coder output in the exthost log)');
      assert.equal(result.cancelled, true);
      assert.equal(result.status, 'coding');
      assert.notEqual(result.exitCode, 0);
      assert.deepEqual(containers(), [], 'the session container was left behind');
      assert.match(readFileSync(planUri('add-login.md').fsPath, 'utf8'), /^status: coding$/m);
    });

    it('an agent that exits 0 without changing the worktree (Exit at droid\'s login prompt) leaves the plan at its status from before, not implemented, and says why', async () => {
      const api = await lwCoderApi();
      git(root, 'checkout', '--', '.lw_coder/tasks/add-login.md');
      assert.match(planText(), /^status: ready$/m);
      await vscode.workspace.getConfiguration('lwCoder.agent').update('command', 'echo "Sign in to Factory? [Exit]"; exit 0', vscode.ConfigurationTarget.Global);
      const result = await vscode.commands.executeCommand<RunResult | undefined>(COMMAND_IDS.planRun, { uri: planUri('add-login.md'), wait: true, promptSource: 'templates' });
      assert.ok(result?.ran, `Run Plan did not run: ${JSON.stringify(result)}`);
      assert.deepEqual([result.exitCode, result.cancelled, result.worktreeChanged, result.status], [0, false, false, 'ready']);
      assert.match(planText(), /^status: ready$/m, 'not implemented: the session changed nothing');
      const record = JSON.parse(readFileSync(join(result.runDir, 'run.json'), 'utf8')) as { session?: { worktreeChanged?: unknown; planStatus?: unknown } };
      assert.deepEqual([record.session?.worktreeChanged, record.session?.planStatus], [false, 'ready']);
      const told = 'info [run] session ended: The agent exited without changing the worktree; add-login returns to ready.';
      assert.ok(api.recentLog().includes(told), `the notification's text is not in the log:\n${api.recentLog().slice(-10).join('\n')}`);
    });

    it('a failing image build leaves the plan byte for byte as it was (never coding) and fails in one line of the log', async () => {
      const api = await lwCoderApi();
      git(root, 'checkout', '--', '.lw_coder/tasks/add-login.md');
      const before = planText();
      const dockerfile = join(root, '.lw_coder', 'code.Dockerfile');
      const runsBefore = runsOf(api);
      writeFileSync(dockerfile, `${CODE_DOCKERFILE_TEMPLATE}\nRUN echo "broken on purpose" && exit 3\n`);
      try {
        // A failed command is reported (notification + log) and resolves to undefined (commands/register.ts).
        const result = await vscode.commands.executeCommand<RunResult | undefined>(COMMAND_IDS.planRun, { uri: planUri('add-login.md'), wait: true, promptSource: 'templates' });
        assert.equal(result, undefined);
        const reported = api.recentLog().filter((l) => /Run Plan: Building .* failed/.test(l));
        assert.equal(reported.length, 1, `expected one log line for the failed build:\n${api.recentLog().slice(-15).join('\n')}`);
        assert.match(reported[0]!, /^warn /, 'an expected failure is a warning, not an error with a stack');
        assert.equal(planText(), before, 'the plan changed though the agent never started');
        assert.doesNotMatch(planText(), /^status: coding$/m);
        assert.deepEqual(planContainers(), [], 'a container was created for a run whose image did not build');
      } finally {
        writeFileSync(dockerfile, CODE_DOCKERFILE_TEMPLATE);
      }
      await api.runs.refreshed();
      // The run directory (prompts) may stay as the record of the attempt; the plan is what must not move.
      assert.ok(runsOf(api).length >= runsBefore.length);
    });

    it('a second Run Plan while the session runs shows its terminal instead of starting another: no second terminal, no second run directory', async () => {
      const api = await lwCoderApi();
      await vscode.workspace.getConfiguration('lwCoder.agent').update('command', `echo ${MARKER}; exec sleep 300`, vscode.ConfigurationTarget.Global);
      const opened: vscode.Terminal[] = [];
      const listener = vscode.window.onDidOpenTerminal((t) => opened.push(t));
      const first = vscode.commands.executeCommand<RunResult | undefined>(COMMAND_IDS.planRun, { uri: planUri('add-login.md'), wait: true, promptSource: 'templates' });
      const other = vscode.window.createTerminal({ name: 'lwc-test: another terminal' });
      try {
        await waitFor('the agent container to run', () => planContainers().length === 1, 120_000);
        const terminal = await waitFor('the run terminal', () => opened.find((t) => t.name === 'LW Coder: add-login'));
        await api.runs.refreshed();
        const runsBefore = runsOf(api);
        other.show();
        await waitFor('another terminal to be the active one', () => vscode.window.activeTerminal === other);

        const second = await vscode.commands.executeCommand<RunOutcome | RunResult | undefined>(COMMAND_IDS.planRun, { uri: planUri('add-login.md'), wait: true, promptSource: 'templates' });
        assert.deepEqual(second, { ran: false, reason: 'already-running', message: 'add-login is already running in this window.', plan: planUri('add-login.md').fsPath, terminal: 'LW Coder: add-login' });
        await waitFor('the session\'s terminal to be shown', () => vscode.window.activeTerminal === terminal);
        assert.equal(opened.filter((t) => t.name === 'LW Coder: add-login').length, 1, 'a second run terminal was opened');
        await api.runs.refreshed();
        assert.deepEqual(runsOf(api), runsBefore, 'a second run directory was created');
        assert.equal(planContainers().length, 1);
        terminal.dispose();
      } finally {
        listener.dispose();
        other.dispose();
      }
      const ended = await first;
      assert.equal(ended?.cancelled, true);
      assert.deepEqual(planContainers(), []);
      const told = 'info [run] session ended: The session was cancelled and its container stopped (the worktree is unchanged); add-login stays coding.';
      assert.ok(api.recentLog().includes(told), `the cancellation notice is not in the log:\n${api.recentLog().slice(-10).join('\n')}`);
    });

    it('Run Plan while `lwc code` runs the plan in a terminal outside VS Code says so in the editor\'s words (pid, no command to type) and starts nothing; SIGTERM then ends that CLI cleanly', async () => {
      const api = await lwCoderApi();
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension);
      const cli = spawn(process.execPath, [join(extension.extensionPath, 'dist', 'cli.js'), 'code', 'add-login', '--templates', '--agent-command', `echo ${MARKER}; exec sleep 300`], {
        cwd: root,
        env: { ...process.env, LWC_BASE_IMAGE_FROM: TEST_BASE_IMAGE, LWC_EXTRA_CA_CERTS: EXTRA_CA },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      cli.stdout.on('data', (d: Buffer) => (output += d.toString()));
      cli.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
      const opened: vscode.Terminal[] = [];
      const listener = vscode.window.onDidOpenTerminal((t) => opened.push(t));
      try {
        await waitFor(`lwc code to start its agent (output so far: ${output})`, () => output.includes(MARKER), 180_000);
        await api.runs.refreshed();
        const runsBefore = runsOf(api);
        const result = await vscode.commands.executeCommand<RunOutcome | RunResult | undefined>(COMMAND_IDS.planRun, { uri: planUri('add-login.md'), wait: true, promptSource: 'templates' });
        assert.ok(result && !result.ran, `Run Plan ran: ${JSON.stringify(result)}`);
        assert.equal(result.reason, 'already-running');
        assert.equal(result.message, `add-login is already running in a terminal outside VS Code (pid ${cli.pid}). Wait for that session to end, or end it there, then run the plan again.`);
        assert.doesNotMatch(result.message, /lwc|--|recover/, 'no CLI advice in the editor');
        assert.deepEqual(opened.map((t) => t.name), [], 'no run terminal was opened');
        await api.runs.refreshed();
        assert.deepEqual(runsOf(api), runsBefore, 'no run directory was created');
        cli.kill('SIGTERM');
        assert.equal(await exited, 143, output);
      } finally {
        listener.dispose();
        if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
      }
      assert.match(output, /add-login: cancelled by SIGTERM; the container was stopped and removed; plan is coding/);
      assert.deepEqual(planContainers(), [], 'lwc removed its container on SIGTERM');
    });
  });
}
