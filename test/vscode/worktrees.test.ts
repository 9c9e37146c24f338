import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createWorktreeDeps } from '../../src/adapters/state/worktreeDeps';
import type { RestoredSalvage } from '../../src/app/worktree/salvage';
import { ensurePlanWorktree } from '../../src/app/worktree/worktreeEnsure';
import type { RemoveOutcome } from '../../src/app/worktree/worktreeRemove';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import { exists, lwCoderApi, planUri, readText, waitFor, workspaceRoot } from './support/workspace';

const PLAN = 'add-login';

describe('worktrees in the Plans view', () => {
  const repoRoot = (): string => workspaceRoot().fsPath;
  const row = async () => (await lwCoderApi()).worktrees.snapshot().worktrees.find((w) => w.planId === PLAN);

  it('runs the background crash recovery after activation and logs its outcome', async () => {
    const api = await lwCoderApi();
    const repairs = await api.recovered();
    assert.equal(typeof repairs, 'number');
    if (vscode.workspace.isTrusted) assert.ok(api.recentLog().some((l) => /\[recover\] .*(nothing to recover|repair)/.test(l)), 'recover logged nothing');
    else assert.ok(api.recentLog().some((l) => /\[recover\] workspace not trusted/.test(l)));
  });

  it('shows no worktree state in an untrusted workspace (git status could run repository-configured programs)', async function () {
    const api = await lwCoderApi();
    if (vscode.workspace.isTrusted) {
      // Trusted here: the rest of the suite covers the view; this test then only proves the refresh runs.
      await api.worktrees.refreshed();
      assert.ok(Array.isArray(api.worktrees.snapshot().worktrees));
      return;
    }
    await api.worktrees.refreshed();
    assert.deepEqual(api.worktrees.snapshot(), { worktrees: [], salvage: [] });
  });

  it('shows a worktree under its plan after an ensure, then the dirty badge after a file is written (watcher, view visible)', async () => {
    if (!vscode.workspace.isTrusted) return;
    const api = await lwCoderApi();
    const gitSha = /^git_sha:\s*([0-9a-f]{40})/m.exec(await readText(planUri(`${PLAN}.md`)))?.[1];
    assert.ok(gitSha, 'the fixture plan has no git_sha');
    const ensured = await ensurePlanWorktree(createWorktreeDeps(repoRoot()), { repoRoot: repoRoot(), planId: PLAN, gitSha });
    await vscode.commands.executeCommand('lwCoder.plans.focus');
    await api.plans.refreshed();
    await api.worktrees.refreshed();
    const clean = await row();
    assert.ok(clean, `no worktree row for ${PLAN}: ${JSON.stringify(api.worktrees.snapshot())}`);
    assert.equal(clean.state, 'ok');
    assert.equal(clean.path, ensured.path);
    assert.equal(clean.planPath, planUri(`${PLAN}.md`).fsPath);
    assert.equal(clean.dirty, false);
    assert.equal(clean.badges, 'clean');

    await vscode.workspace.fs.writeFile(vscode.Uri.file(join(ensured.path, 'notes.txt')), new TextEncoder().encode('work in progress\n'));
    // No refreshed(): the watcher on .lw_coder/worktrees/** must bring the change in.
    const dirty = await waitFor('the dirty badge on the worktree row', async () => {
      const r = await row();
      return r?.dirty ? r : undefined;
    });
    assert.equal(dirty.untracked, 1);
    assert.match(dirty.badges, /1 untracked/);
  });

  it('counts commits beyond the plan git_sha as ahead', async () => {
    if (!vscode.workspace.isTrusted) return;
    const api = await lwCoderApi();
    const path = (await row())?.path;
    assert.ok(path);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=LW Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: path });
    git('add', 'notes.txt');
    git('commit', '-q', '-m', 'Notes from the agent');
    await api.worktrees.refreshed();
    const ahead = await row();
    assert.equal(ahead?.ahead, 1);
    assert.equal(ahead?.dirty, false);
    assert.match(ahead?.badges ?? '', /↑1 ahead/);
  });

  it("runs nothing an agent planted through the worktree's .git (fsmonitor, hooks) when the Plans view refreshes, though the user's own git would", async () => {
    if (!vscode.workspace.isTrusted) return;
    const api = await lwCoderApi();
    const worktree = join(repoRoot(), '.lw_coder', 'worktrees', PLAN);
    const gitFile = join(worktree, '.git');
    const original = readFileSync(gitFile, 'utf8');
    const planted = join(worktree, 'planted-gitdir');
    const marker = join(mkdtempSync(join(tmpdir(), 'lwc-marker-')), 'ran');
    const script = join(mkdtempSync(join(tmpdir(), 'lwc-plant-')), 'fsmonitor.sh');
    writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> ${marker}\nexit 1\n`, { mode: 0o755 });
    // What an agent in the container can do: point .git at a git dir of its own whose config runs a program.
    execFileSync('git', ['init', '-q', '--separate-git-dir', planted, join(mkdtempSync(join(tmpdir(), 'lwc-wt-')), 'w')]);
    execFileSync('git', ['--git-dir', planted, 'config', 'core.fsmonitor', script]);
    execFileSync('git', ['--git-dir', planted, 'config', 'core.worktree', worktree]);
    for (const hook of ['post-checkout', 'reference-transaction', 'post-index-change']) writeFileSync(join(planted, 'hooks', hook), `#!/bin/sh\necho hook ${hook} >> ${marker}\n`, { mode: 0o755 });
    writeFileSync(gitFile, `gitdir: ${planted}\n`);
    try {
      await api.worktrees.refreshed();
      await api.plans.refreshed();
      await vscode.commands.executeCommand(COMMAND_IDS.plansRefresh);
      await api.worktrees.refreshed();
      assert.equal(existsSync(marker), false, `LW Coder's refresh ran a planted program: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
      // The control: the same plant does run under the user's own git, so the assertion above could fail.
      execFileSync('git', ['status', '--porcelain'], { cwd: worktree, stdio: 'ignore' });
      assert.ok(existsSync(marker), "the planted fsmonitor did not run under plain git: the plant proves nothing");
    } finally {
      writeFileSync(gitFile, original);
      rmSync(planted, { recursive: true, force: true });
    }
    await api.worktrees.refreshed();
    assert.equal((await row())?.state, 'ok');
  });

  it('Remove Worktree salvages first; the Recover node lists the salvage and Restore brings back every byte', async () => {
    if (!vscode.workspace.isTrusted) return;
    const api = await lwCoderApi();
    const path = (await row())?.path;
    assert.ok(path);
    const bytes = Uint8Array.from([0, 1, 2, 255, 10, 13, 0]);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(join(path, 'binary.bin')), bytes);
    const outcome = await vscode.commands.executeCommand<RemoveOutcome>(COMMAND_IDS.worktreeRemove, { uri: planUri(`${PLAN}.md`), yes: true });
    assert.equal(outcome?.kind, 'removed');
    assert.ok(outcome.kind === 'removed' && outcome.salvage.kind === 'saved', 'nothing was salvaged from a dirty worktree');
    const ref = outcome.salvage.record.ref;
    assert.equal(await exists(vscode.Uri.file(path)), false);
    assert.equal(await row(), undefined, 'the removed worktree is still shown');
    assert.ok(api.worktrees.snapshot().salvage.some((s) => s.ref === ref), 'the Recover node does not list the salvage');

    const to = mkdtempSync(join(tmpdir(), 'lwc-restore-'));
    try {
      const restored = await vscode.commands.executeCommand<RestoredSalvage>(COMMAND_IDS.salvageRestore, { repoRoot: repoRoot(), ref, to: join(to, 'out') });
      assert.equal(restored?.record.ref, ref);
      assert.deepEqual(new Uint8Array(readFileSync(join(to, 'out', 'binary.bin'))), bytes);
      assert.equal(readFileSync(join(to, 'out', 'notes.txt'), 'utf8'), 'work in progress\n');
    } finally {
      rmSync(to, { recursive: true, force: true });
      // Leave the fixture as found: no salvage ref and no plan branch for later runs.
      execFileSync('git', ['update-ref', '-d', ref], { cwd: repoRoot() });
      execFileSync('git', ['branch', '-D', PLAN], { cwd: repoRoot() });
    }
  });
});
