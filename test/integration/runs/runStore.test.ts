import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileRunStore } from '../../../src/adapters/fs/runStore';
import { createNodePromptDeps } from '../../../src/adapters/llm/promptDeps';
import { generatePrompts } from '../../../src/app/prompts/prompts';
import { groupRunsByPlan, pruneRuns } from '../../../src/app/runs';
import { runDirName } from '../../../src/core/runs/layout';
import type { RunRecord } from '../../../src/core/runs/record';
import type { TestRepo } from '../../support/git';
import { makePlanRepo } from '../prompts/setup';

const DAY = 86_400_000;
const record = (planId: string): RunRecord => ({
  version: 1, planId, gitSha: 'a'.repeat(40), planPath: `.lw_coder/tasks/${planId}.md`, createdAt: new Date().toISOString(), source: 'templates',
  model: null, cacheHit: false, cacheKey: null, requests: 0, timings: { generateMs: 1, totalMs: 2 }, files: ['prompts/main.md'], feedbackSummaryOutline: [],
});

describe('run directories on disk', () => {
  let repo: TestRepo;
  let outside: string;
  beforeEach(() => {
    repo = makePlanRepo().repo;
    outside = mkdtempSync(join(tmpdir(), 'lwc-outside-'));
    writeFileSync(join(outside, 'precious.txt'), 'keep me');
  });
  afterEach(() => {
    repo.dispose();
    rmSync(outside, { recursive: true, force: true });
  });
  const runsDir = (...p: string[]) => join(repo.root, '.lw_coder', 'runs', ...p);
  const makeOldRun = (planId: string, ageMs: number): string => {
    const dir = runsDir(planId, runDirName(new Date(Date.now() - ageMs)));
    mkdirSync(join(dir, 'prompts'), { recursive: true });
    writeFileSync(join(dir, 'prompts', 'main.md'), 'old');
    return dir;
  };

  it('Old run directories are pruned on new run, and the new run remains', async () => {
    const old1 = makeOldRun('sample-plan', 31 * DAY);
    const old2 = makeOldRun('other-plan', 400 * DAY);
    const recent = makeOldRun('sample-plan', 29 * DAY);
    const result = await generatePrompts({ cwd: repo.root, plan: 'sample-plan', templates: true, processEnv: {} }, createNodePromptDeps());
    assert.ok(!existsSync(old1) && !existsSync(old2), 'runs older than 30 days are deleted');
    assert.ok(existsSync(recent), 'a 29-day-old run stays');
    assert.ok(existsSync(join(result.runDir, 'prompts/main.md')), 'the new run remains');
    assert.deepEqual([...result.prunedRuns].sort(), [old1, old2].sort());
  });

  it('never follows symlinks and never deletes outside .lw_coder/runs', async () => {
    const store = createFileRunStore(repo.root);
    mkdirSync(runsDir('sample-plan'), { recursive: true });
    const oldName = runDirName(new Date(Date.now() - 90 * DAY));
    symlinkSync(outside, runsDir('sample-plan', oldName));
    symlinkSync(outside, runsDir('linked-plan'));
    mkdirSync(join(outside, oldName));
    writeFileSync(join(outside, oldName, 'x.md'), 'outside run-like dir');
    // A real old run holding a symlink to the outside: removing the run must not touch the target.
    const real = makeOldRun('sample-plan', 60 * DAY);
    symlinkSync(outside, join(real, 'escape'));

    const result = await pruneRuns(store);
    assert.deepEqual(result.removed, [real]);
    assert.ok(lstatSync(runsDir('sample-plan', oldName)).isSymbolicLink(), 'symlinked run entry left alone');
    assert.ok(existsSync(join(outside, 'precious.txt')) && existsSync(join(outside, oldName, 'x.md')), 'outside files intact');
    assert.deepEqual(result.skipped.map((s) => s.reason).sort(), ['symbolic link (not followed)', 'symbolic link (not followed)']);
  });

  it('refuses to prune through a .lw_coder/runs that is itself a symlink', async () => {
    mkdirSync(join(repo.root, '.lw_coder'), { recursive: true });
    mkdirSync(join(outside, 'p-plan', runDirName(new Date(Date.now() - 90 * DAY))), { recursive: true });
    symlinkSync(outside, runsDir());
    const result = await pruneRuns(createFileRunStore(repo.root));
    assert.deepEqual(result.removed, []);
    assert.equal(result.skipped.length, 1);
    assert.equal(readdirSync(join(outside, 'p-plan')).length, 1);
  });

  it('gives runs started in the same millisecond distinct names that sort in creation order', async () => {
    const store = createFileRunStore(repo.root);
    const now = new Date();
    const a = await store.createRun('sample-plan', [{ path: 'prompts/main.md', content: 'a' }], record('sample-plan'), now);
    const b = await store.createRun('sample-plan', [{ path: 'prompts/main.md', content: 'b' }], record('sample-plan'), now);
    const c = await store.createRun('sample-plan', [{ path: 'prompts/main.md', content: 'c' }], record('sample-plan'), now);
    assert.equal(new Set([a.name, b.name, c.name]).size, 3);
    assert.deepEqual([a.name, b.name, c.name], [a.name, b.name, c.name].sort());
    const listed = await store.listRuns('sample-plan');
    assert.deepEqual(listed.map((r) => r.name), [c.name, b.name, a.name]);
    assert.deepEqual(listed[0]!.files, ['prompts/main.md', 'run.json']);
    assert.equal(listed[0]!.record?.source, 'templates');
  });

  it('leaves no half-written run directory when writing fails', async () => {
    const store = createFileRunStore(repo.root);
    await assert.rejects(store.createRun('sample-plan', [{ path: 'prompts/main.md', content: 'ok' }, { path: '../escape.md', content: 'x' }], record('sample-plan'), new Date()), /must be relative/);
    assert.deepEqual(readdirSync(runsDir('sample-plan')), []);
    await assert.rejects(store.createRun('..', [], record('..'), new Date()), /cannot name a run directory/);
  });

  it('cleans up temp build directories a crash left behind, once stale', async () => {
    const store = createFileRunStore(repo.root);
    const stale = runsDir('sample-plan', '.tmp-crashed');
    const fresh = runsDir('sample-plan', '.tmp-building');
    mkdirSync(stale, { recursive: true });
    mkdirSync(fresh, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    const result = await pruneRuns(store);
    assert.deepEqual(result.removed, [stale]);
    assert.ok(existsSync(fresh));
  });

  it('groups runs by plan for the Runs view, newest first', async () => {
    const store = createFileRunStore(repo.root);
    const t = Date.now();
    await store.createRun('beta-plan', [], record('beta-plan'), new Date(t));
    await store.createRun('alpha-plan', [], record('alpha-plan'), new Date(t));
    await store.createRun('alpha-plan', [], record('alpha-plan'), new Date(t + 1000));
    const groups = groupRunsByPlan(await store.listRuns());
    assert.deepEqual(groups.map((g) => [g.planId, g.runs.length]), [['alpha-plan', 2], ['beta-plan', 1]]);
    assert.equal(groups[0]!.runs[0]!.name, runDirName(new Date(t + 1000)));
  });
});
