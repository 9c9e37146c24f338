import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recover } from '../../../src/app/recover';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { withPatchedGitdir } from '../../../src/app/worktree/worktreeGitdir';
import { worktreeStatuses } from '../../../src/app/worktree/worktreeStatus';
import { gitdirTamperedMessage, type WorktreeEvent } from '../../../src/core/worktree/events';
import type { GitdirPatchStep } from '../../../src/core/worktree/gitdirPatch';
import { git, GIT_TEST_ENV } from '../../support/git';
import { makeFixture, type Fixture } from '../worktree/support';
import { makePlant, plantGitdirPointer, type Plant } from './plant';

const CHILD = join(__dirname, '..', 'worktree', 'fixtures', 'patchChild.ts');

/**
 * After every container session (withPatchedGitdir: interactive runs, headless attempts, plan authoring), the worktree's
 * `.git` and its admin dir's `commondir`/`config.worktree` are LW Coder's again, and what the session changed is named in
 * a warning; a crash in the middle of that is finished by `lwc recover`.
 */
describe('post-session verification of the worktree\'s git files (issue 10, item 2)', function () {
  this.timeout(60_000);
  let f: Fixture;
  let plant: Plant;
  let path: string;
  let admin: string;
  let common: string;
  let forward: Buffer;
  let commondir: Buffer;
  beforeEach(async () => {
    f = makeFixture();
    ({ path } = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', gitSha: f.base }));
    common = realpathSync(join(f.repo.root, '.git'));
    admin = join(common, 'worktrees', 'plan-one');
    forward = readFileSync(join(path, '.git'));
    commondir = readFileSync(join(admin, 'commondir'));
    plant = makePlant();
    git(f.repo.root, 'config', 'extensions.worktreeConfig', 'true');
  });
  afterEach(() => {
    f.repo.dispose();
    plant.dispose();
  });

  const assertLwCoderVersions = (): void => {
    assert.deepEqual(readFileSync(join(path, '.git')), forward, '.git is the pointer LW Coder wrote');
    assert.deepEqual(readFileSync(join(admin, 'commondir')), commondir);
    assert.equal(existsSync(join(admin, 'config.worktree')), false, 'the planted config.worktree is gone');
    assert.deepEqual(readdirSync(path).filter((n) => n.endsWith('.lwc-tmp')), []);
  };

  it('restores a .git the agent pointed at a planted git dir, a rewritten commondir and a new config.worktree, and warns naming each', async () => {
    const events: WorktreeEvent[] = [];
    await withPatchedGitdir(f.deps, path, async () => {
      // The agent, inside the container: plants a git dir with an fsmonitor, and (git dir writable) admin-dir files.
      plantGitdirPointer(path, admin, common, plant.script);
      writeFileSync(join(admin, 'config.worktree'), `[core]\n\tfsmonitor = ${plant.script}\n[filter "evil"]\n\tclean = ${plant.script}\n`);
      writeFileSync(join(admin, 'commondir'), `${join(path, '.planted-git')}\n`);
    }, { onEvent: (e) => events.push(e) });
    assertLwCoderVersions();
    const warning = events.find((e): e is Extract<WorktreeEvent, { type: 'gitdir-tampered' }> => e.type === 'gitdir-tampered');
    assert.ok(warning, `a gitdir-tampered warning (events: ${JSON.stringify(events)})`);
    const text = gitdirTamperedMessage(warning);
    assert.match(text, /\.git was rewritten: "gitdir: .*\.planted-git" \(restored\)/);
    assert.match(text, /config\.worktree was created, setting core\.fsmonitor, filter\.evil\.clean \(removed\)/);
    assert.match(text, /commondir was rewritten/);
    assert.deepEqual((await f.deps.journal.list()).entries, [], 'the journal entry is gone once everything is back');

    // The Plans view refresh right after the session: nothing the agent planted runs.
    const [status] = await worktreeStatuses(f.deps, f.repo.root, [{ planId: 'plan-one', base: f.base }]);
    assert.equal(status!.state, 'ok', status!.error);
    assert.deepEqual(plant.ran(), []);
  });

  it('moves aside a directory the agent put at .git (it may hold the agent\'s commits) and puts the pointer back', async () => {
    const events: WorktreeEvent[] = [];
    await withPatchedGitdir(f.deps, path, async () => {
      writeFileSync(join(path, '.git'), ''); // the agent deletes the pointer and makes a repository of its own
      spawnSync('rm', ['-f', join(path, '.git')]);
      mkdirSync(join(path, '.git'));
      writeFileSync(join(path, '.git', 'config'), `[core]\n\tfsmonitor = ${plant.script}\n`);
    }, { onEvent: (e) => events.push(e) });
    assertLwCoderVersions();
    const moved = readdirSync(path).filter((n) => n.startsWith('.git.lwc-moved-'));
    assert.equal(moved.length, 1);
    assert.ok(existsSync(join(path, moved[0]!, 'config')), 'kept, not deleted');
    assert.match(JSON.stringify(events), /replaced by a directory \(restored; what was there is now \.git\.lwc-moved-/);
  });

  it('a symlinked temp file planted at .git.lwc-tmp is not followed by the restore', async () => {
    const victim = join(f.repo.root, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    await withPatchedGitdir(f.deps, path, async () => {
      spawnSync('ln', ['-s', victim, join(path, '.git.lwc-tmp')]);
      writeFileSync(join(path, '.git'), 'gitdir: /elsewhere\n');
    });
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assertLwCoderVersions();
  });

  it('says so when the session added a hook or an fsmonitor to the common git dir (which it leaves to the user)', async () => {
    const events: WorktreeEvent[] = [];
    await withPatchedGitdir(f.deps, path, async () => {
      writeFileSync(join(common, 'hooks', 'post-checkout'), `#!/bin/sh\n${plant.script}\n`);
      git(f.repo.root, 'config', 'core.fsmonitor', plant.script);
    }, { onEvent: (e) => events.push(e) });
    const text = JSON.stringify(events);
    assert.match(text, /hook .*hooks\/post-checkout was added/);
    assert.match(text, /config now sets core\.fsmonitor \(not undone/);
  });

  for (const step of ['reverse-restored', 'forward-restore-temp-written', 'admin-restored'] as GitdirPatchStep[]) {
    it(`a crash after '${step}' with a tampered worktree: recover finishes the restore and names what it put back`, async () => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, f.repo.root, path, step, 'tamper'], { env: GIT_TEST_ENV, encoding: 'utf8' });
      assert.equal(child.signal, 'SIGKILL', `the child reached '${step}' (stderr: ${child.stderr})`);
      const events: WorktreeEvent[] = [];
      const report = await recover(f.deps, f.repo.root, { onEvent: (e) => events.push(e) });
      assert.deepEqual(report.repaired.map((r) => r.conflicts), [[]]);
      assertLwCoderVersions();
      assert.deepEqual((await f.deps.journal.list()).entries, []);
      if (step !== 'admin-restored') assert.match(JSON.stringify(events), /config\.worktree was created, setting core\.fsmonitor/);
      if (step === 'reverse-restored') assert.match(JSON.stringify(events), /\.git was rewritten: \\"gitdir: .*planted/);
      assert.equal(git(path, 'rev-parse', 'HEAD'), f.base, "the user's git works in the worktree again");
    });
  }
});
