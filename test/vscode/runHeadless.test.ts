import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { agentImages, repoImageTag } from '../../src/core/container/images';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../src/core/container/scaffold';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { HeadlessRunResult } from '../../src/extension/commands/plan/runHeadless';
import type { RunOutcome } from '../../src/extension/commands/plan/runNotice';
import { EXTENSION_ID, lwCoderApi, planUri, waitFor, workspaceRoot } from './support/workspace';
import { TEST_BASE_IMAGE, dockerMissing } from './support/docker';

/** The locally built stand-in for node:20-bookworm-slim (scripts/ci/base-images.sh), as runPlan.test.ts uses. */
/** The same image inputs as test/integration/run and runPlan.test.ts, so their droid image is current here. */
const EXTRA_CA = process.env['LWC_EXTRA_CA_CERTS'] || process.env['NODE_EXTRA_CA_CERTS'] || '/etc/ssl/certs/ca-certificates.crt';
const CI = /^(1|true|yes)$/i.test(process.env['CI'] ?? '');
const PLAN = 'add-login.md';
const PLAN_ID = 'add-login';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const planStatus = (): string | undefined => /^status: (\S+)$/m.exec(readFileSync(planUri(PLAN).fsPath, 'utf8'))?.[1];
/** The plan's run directories: other suites (Generate Prompts) may leave some, so tests compare before and after. */
const runDirsOfPlan = (): string[] => {
  const dir = join(workspaceRoot().fsPath, '.lw_coder', 'runs', PLAN_ID);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};
const resultFileOf = (runDir: string): { ok: boolean; attempts: number; kind?: string; reasons?: string[]; result?: { implementation_summary?: string } } =>
  JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as never;

describe('Run Plan Headless: arguments and trust', () => {
  before(async () => {
    await lwCoderApi();
  });

  it('refuses an unknown agent, naming the valid ones, before anything runs (untrusted: only the trust notice)', async () => {
    const api = await lwCoderApi();
    const runsBefore = runDirsOfPlan();
    const outcome = await vscode.commands.executeCommand<HeadlessRunResult | RunOutcome | undefined>(COMMAND_IDS.planRunHeadless, { uri: planUri(PLAN), wait: true, agent: 'gpt-9' });
    if (!vscode.workspace.isTrusted) {
      assert.equal(outcome?.ran, false);
      assert.equal((outcome as RunOutcome).reason, 'untrusted');
      assert.match((outcome as RunOutcome).message, /trust the workspace first/);
    } else {
      assert.equal(outcome, undefined, 'the command ran with an unknown agent');
      assert.ok(api.recentLog().some((l) => l.includes("Run Plan Headless: The agent argument is 'gpt-9': use one of codex, droid, claude.")), api.recentLog().slice(-5).join('\n'));
    }
    assert.deepEqual(runDirsOfPlan(), runsBefore, 'a run directory was created');
    assert.match(readFileSync(planUri(PLAN).fsPath, 'utf8'), /^status: ready$/m, 'the plan status changed');
  });

  it('takes the agent from lwCoder.headless.agent when the argument names none, and names the setting when it is wrong (untrusted: only the trust notice)', async () => {
    const api = await lwCoderApi();
    const runsBefore = runDirsOfPlan();
    const config = vscode.workspace.getConfiguration('lwCoder.headless');
    await config.update('agent', 'gpt-9', vscode.ConfigurationTarget.Global);
    try {
      const outcome = await vscode.commands.executeCommand<HeadlessRunResult | RunOutcome | undefined>(COMMAND_IDS.planRunHeadless, { uri: planUri(PLAN), wait: true });
      if (!vscode.workspace.isTrusted) assert.equal((outcome as RunOutcome | undefined)?.reason, 'untrusted');
      else {
        assert.equal(outcome, undefined, 'the command ran with an unknown agent');
        assert.ok(api.recentLog().some((l) => l.includes("Run Plan Headless: The setting lwCoder.headless.agent is 'gpt-9': use one of codex, droid, claude.")), api.recentLog().slice(-5).join('\n'));
      }
    } finally {
      await config.update('agent', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.deepEqual(runDirsOfPlan(), runsBefore, 'a run directory was created');
  });
});

const missing = dockerMissing();
if (missing && !CI) {
  console.error(`\n!!!!!!!!!! Run Plan Headless in VS Code NOT RUN: ${missing} !!!!!!!!!!\n`);
} else {
  describe('Run Plan Headless in VS Code (real Docker engine, stand-in codex)', function () {
    // The first run may build lw_coder_droid:latest on the local test base.
    this.timeout(600_000);
    let root: string;
    let codexStandIn: string;
    const settings: Array<[string, string, string]> = [];
    /** The stand-in codex in one of its shapes (test/fixtures/run/codex-standin.sh), as lwCoder.agent.command. */
    const useMode = async (mode: string): Promise<void> => {
      await vscode.workspace.getConfiguration('lwCoder.agent').update('command', `MODE=${mode}\n${codexStandIn}`, vscode.ConfigurationTarget.Global);
    };

    before(async function () {
      if (missing) assert.fail(`CI must run this suite: ${missing}`);
      await lwCoderApi();
      root = workspaceRoot().fsPath;
      codexStandIn = readFileSync(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'run', 'codex-standin.sh'), 'utf8');
      settings.push(['lwCoder.docker', 'baseImageFrom', TEST_BASE_IMAGE], ['lwCoder.docker', 'extraCaCertificates', EXTRA_CA]);
      for (const [section, key, value] of settings) await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
      // "Initialize LW Coder" would scaffold these; the fixture has none.
      writeFileSync(join(root, '.lw_coder', 'code.Dockerfile'), CODE_DOCKERFILE_TEMPLATE);
      writeFileSync(join(root, '.lw_coder', '.dockerignore'), DOCKERIGNORE_TEMPLATE);
    });

    after(async () => {
      await vscode.workspace.getConfiguration('lwCoder.agent').update('command', undefined, vscode.ConfigurationTarget.Global);
      for (const [section, key] of settings) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Global);
      // Leave the fixture as the other suites expect it: plan ready, no worktree, branch, run directory or scaffold.
      const worktrees = git(root, 'worktree', 'list', '--porcelain').split('\n\n');
      const ours = worktrees.find((w) => new RegExp(`/\\.lw_coder/worktrees/${PLAN_ID}$`, 'm').test(w.split('\n')[0] ?? ''));
      if (ours) {
        git(root, 'worktree', 'remove', '--force', ours.split('\n')[0]!.slice('worktree '.length));
        const branch = /^branch refs\/heads\/(.+)$/m.exec(ours)?.[1];
        if (branch) git(root, 'branch', '-D', branch);
      }
      git(root, 'checkout', '--', `.lw_coder/tasks/${PLAN}`);
      for (const p of ['runs', 'code.Dockerfile', '.dockerignore', 'state', 'cache']) rmSync(join(root, '.lw_coder', p), { recursive: true, force: true });
      // The repository layer of whichever image the run used (droid's tags, or codex's per-agent ones); bases stay cached.
      for (const tag of [repoImageTag(root), agentImages('codex', root, '').repo]) {
        if (execFileSync('docker', ['image', 'ls', '-q', tag], { encoding: 'utf8' }).trim()) execFileSync('docker', ['image', 'rm', '-f', tag], { stdio: 'pipe' });
      }
    });

    it('a retry after invalid JSON succeeds: result.json ok, plan implemented, the change in the worktree, each attempt in the log and the run in the Runs view', async () => {
      const api = await lwCoderApi();
      await useMode('bad-then-ok');
      const logBefore = api.recentLog().length;
      const result = await vscode.commands.executeCommand<HeadlessRunResult | undefined>(COMMAND_IDS.planRunHeadless, { uri: planUri(PLAN), wait: true, agent: 'codex', promptSource: 'templates', acceptCredentials: true });
      assert.ok(result, `Run Plan Headless returned nothing: it failed. Log:\n${api.recentLog().slice(-20).join('\n')}`);
      assert.equal(result.ok, true, result.reasons.join('; '));
      assert.deepEqual([result.planId, result.agent, result.status, result.attempts, result.cancelled, result.reasons], [PLAN_ID, 'codex', 'implemented', 2, false, []]);

      const saved = resultFileOf(result.runDir);
      assert.equal(saved.ok, true);
      assert.equal(saved.attempts, 2);
      assert.equal(saved.result?.implementation_summary, 'Added standin-change.txt');
      assert.equal(planStatus(), 'implemented');
      assert.match(readFileSync(join(root, '.lw_coder', 'worktrees', PLAN_ID, 'standin-change.txt'), 'utf8'), /written by the stand-in codex/);

      // The log channel carried the run as it happened: attempts, the failure that caused the retry, the agent's file change.
      const log = api.recentLog().slice(logBefore);
      const has = (text: string): boolean => log.some((l) => l.includes(text));
      for (const text of ['[headless] add-login: codex attempt 1 of 2', 'attempt 1 failed (invalid-json)', '[headless] add-login: codex attempt 2 of 2', 'attempt 2 succeeded']) {
        assert.ok(has(text), `the log lacks "${text}":\n${log.join('\n')}`);
      }
      assert.ok(log.some((l) => l.startsWith('info ') && /\[codex #2\] add \S*standin-change\.txt$/.test(l)), `the agent's file change is not logged at info:\n${log.join('\n')}`);
      assert.ok(log.some((l) => l.startsWith('warn ') && l.includes('attempt 1 failed (invalid-json)')), 'the failed attempt is logged as a warning');
      // The feedback panel was opened on the run directory as soon as it existed, or the log says why not.
      assert.ok(has(`feedback view opened for ${result.runDir}`) || has(`feedback view not available in this build (lwCoder.runs.showFeedback is not registered); the run directory has the record: ${result.runDir}`), log.join('\n'));
      assert.ok(has(`info [headless] add-login: headless run succeeded — plan implemented (run directory ${result.runDir})`), 'the success notification\'s text is not in the log');
      const feedbackLine = log.findIndex((l) => l.includes('feedback view'));
      assert.ok(feedbackLine >= 0 && feedbackLine < log.findIndex((l) => l.includes('codex attempt 1 of 2')), 'the feedback view was asked for before the first attempt');

      await api.runs.refreshed();
      const runs = api.runs.snapshot().plans.find((p) => p.planId === PLAN_ID)?.runs ?? [];
      assert.ok(runs.some((r) => r.runDir === result.runDir && r.files.includes('result.json')), `the Runs view lacks ${result.runDir}: ${JSON.stringify(runs)}`);
    });

    it('turn.failed with exit 0 fails: ok false with the agent\'s reason, result.json records it, the plan stays coding', async () => {
      const api = await lwCoderApi();
      await useMode('turn-failed');
      const result = await vscode.commands.executeCommand<HeadlessRunResult | undefined>(COMMAND_IDS.planRunHeadless, { uri: planUri(PLAN), wait: true, agent: 'codex', promptSource: 'templates', acceptCredentials: true });
      assert.ok(result, `Run Plan Headless returned nothing: it failed. Log:\n${api.recentLog().slice(-20).join('\n')}`);
      assert.equal(result.ok, false);
      assert.equal(result.status, 'coding');
      assert.equal(result.cancelled, false);
      assert.equal(result.attempts, 2);
      assert.match(result.reasons.join('\n'), /stand-in model error: upstream overloaded/);
      const saved = resultFileOf(result.runDir);
      assert.deepEqual([saved.ok, saved.kind, saved.attempts], [false, 'agent-failed', 2]);
      assert.deepEqual(saved.reasons, [...result.reasons]);
      assert.equal(planStatus(), 'coding');
      // The error notification's text, as the log keeps it.
      const notice = `warn [headless] add-login: headless run failed — ${result.reasons.join('; ')} (run directory ${result.runDir})`;
      assert.ok(api.recentLog().includes(notice), `the log lacks "${notice}":\n${api.recentLog().slice(-10).join('\n')}`);
    });

    it('without an agent argument config.toml [headless] decides (agent, max_attempts), and lwCoder.headless.timeoutMinutes stops a hung agent: the timeout reason, plan coding, no container left', async () => {
      const api = await lwCoderApi();
      await useMode('hang');
      const configPath = join(root, '.lw_coder', 'config.toml');
      writeFileSync(configPath, `${readFileSync(configPath, 'utf8')}\n[headless]\nagent = "codex"\nmax_attempts = 1\n`);
      const headless = vscode.workspace.getConfiguration('lwCoder.headless');
      await headless.update('timeoutMinutes', 0.05, vscode.ConfigurationTarget.Global);
      let result: HeadlessRunResult | undefined;
      try {
        result = await vscode.commands.executeCommand<HeadlessRunResult | undefined>(COMMAND_IDS.planRunHeadless, { uri: planUri(PLAN), wait: true, promptSource: 'templates', acceptCredentials: true });
      } finally {
        await headless.update('timeoutMinutes', undefined, vscode.ConfigurationTarget.Global);
        git(root, 'checkout', '--', '.lw_coder/config.toml');
      }
      assert.ok(result, `Run Plan Headless returned nothing: it failed. Log:\n${api.recentLog().slice(-20).join('\n')}`);
      assert.equal(result.agent, 'codex');
      assert.equal(result.attempts, 1, 'max_attempts = 1 from config.toml was not applied');
      assert.equal(result.ok, false);
      assert.equal(result.cancelled, false);
      assert.match(result.reasons.join('\n'), /did not finish before the timeout/);
      assert.equal(resultFileOf(result.runDir).kind, 'timeout');
      assert.equal(planStatus(), 'coding');
      const containers = execFileSync('docker', ['ps', '-a', '--filter', `label=lw_coder.plan_id=${PLAN_ID}`, '--format', '{{.Names}}'], { encoding: 'utf8' }).trim();
      assert.equal(containers, '', 'the hung agent\'s container was left behind');
    });

    it('cancelling stops the agent\'s container: the run ends cancelled with result.json, the plan stays coding, no container is left', async () => {
      const api = await lwCoderApi();
      await useMode('hang');
      const containers = (): string[] => execFileSync('docker', ['ps', '-a', '--filter', `label=lw_coder.plan_id=${PLAN_ID}`, '--format', '{{.Names}}'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
      const cancellation = new vscode.CancellationTokenSource();
      const running = vscode.commands.executeCommand<HeadlessRunResult | undefined>(COMMAND_IDS.planRunHeadless, { uri: planUri(PLAN), wait: true, agent: 'codex', promptSource: 'templates', acceptCredentials: true, cancellation: cancellation.token });
      try {
        await waitFor('the agent container to run', () => containers().length === 1, 120_000);
        cancellation.cancel();
      } finally {
        cancellation.dispose();
      }
      const result = await running;
      assert.ok(result, `Run Plan Headless returned nothing: it failed. Log:\n${api.recentLog().slice(-20).join('\n')}`);
      assert.deepEqual([result.ok, result.cancelled, result.status, result.attempts], [false, true, 'coding', 1]);
      const saved = resultFileOf(result.runDir);
      assert.deepEqual([saved.ok, saved.kind], [false, 'cancelled']);
      assert.equal(planStatus(), 'coding');
      assert.deepEqual(containers(), [], 'the cancelled agent\'s container was left behind');
      const notice = `info [headless] add-login: headless run cancelled — the container was stopped; the plan stays coding (run directory ${result.runDir})`;
      assert.ok(api.recentLog().includes(notice), `the log lacks "${notice}"`);
    });
  });
}
