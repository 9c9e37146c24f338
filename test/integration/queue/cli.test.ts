import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueueListing, TaskDetail } from '../../../src/app/fleet/queue';
import { queueDirOf } from '../../../src/adapters/state/queueStore';
import type { QueueTask } from '../../../src/core/queue/types';
import { lwc, lwcProcess } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';

const plan = (id: string, sha: string, status: string): string => `---\nplan_id: ${id}\ngit_sha: ${sha}\nstatus: ${status}\n---\n\n# Goal\n\nDo ${id}.\n`;

describe('lwc task on a real repository', () => {
  let repo: TestRepo;
  let head: string;
  const task = (args: string[]) => lwc(['task', ...args], { cwd: repo.root });
  const json = async <T>(args: string[]): Promise<T> => {
    const r = await task([...args, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  };

  beforeEach(() => {
    repo = makeRepo('lwc-task-');
    head = repo.git('rev-parse', 'HEAD');
    for (const id of ['alpha', 'beta', 'gamma']) repo.write(`.lw_coder/tasks/${id}.md`, plan(id, head, 'ready'));
    repo.write('.lw_coder/tasks/sketch.md', plan('sketch', head, 'draft'));
    repo.write('.lw_coder/tasks/broken.md', plan('broken', 'f'.repeat(40), 'ready'));
  });
  afterEach(() => repo.dispose());

  it('adds ready plans with priority and --after, and lists them ready or blocked', async () => {
    const added = await json<{ added: QueueTask[] }>(['add', 'alpha', 'beta']);
    assert.deepEqual(added.added.map((t) => [t.planId, t.priority, t.state]), [['alpha', 2, 'open'], ['beta', 2, 'open']]);
    const r = await task(['add', 'gamma', '--priority', '0', '--after', 'alpha']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Queued gamma \(priority 0, after alpha\)/);
    const listing = await json<QueueListing>(['list']);
    assert.deepEqual(listing.ready, ['alpha', 'beta']);
    assert.deepEqual(listing.blocked, [{ planId: 'gamma', waitsFor: [{ planId: 'alpha', state: 'open' }] }]);
    assert.deepEqual(listing.counts, { ready: 2, blocked: 1, claimed: 0, done: 0, failed: 0, total: 3 });
    const text = await task(['list']);
    assert.match(text.stdout, /gamma\s+blocked\s+0\s+0\/3\s+waits for alpha \(open\)/);
    assert.match(text.stdout, /3 tasks: 2 ready, 1 blocked, 0 claimed, 0 done, 0 failed/);
  });

  it('gives added tasks the [fleet] max_attempts of config.toml (default 3)', async () => {
    assert.equal((await json<{ added: QueueTask[] }>(['add', 'alpha'])).added[0]!.maxAttempts, 3);
    repo.write('.lw_coder/config.toml', '[code]\n\n[fleet]\nmax_attempts = 5\n');
    assert.equal((await json<{ added: QueueTask[] }>(['add', 'beta'])).added[0]!.maxAttempts, 5);
  });

  it('refuses a draft, an invalid and an unknown plan with the reason, adding none of the request', async () => {
    const r = await task(['add', 'alpha', 'sketch', 'broken', 'nope']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Nothing was added/);
    assert.match(r.stderr, /sketch is draft, not ready: .*lwc plan set-status sketch ready/);
    assert.match(r.stderr, /broken is not a valid plan: \.lw_coder\/tasks\/broken\.md:3:\d+ .*lwc plan validate/);
    assert.match(r.stderr, /nope: no plan with that plan_id/);
    assert.deepEqual((await json<QueueListing>(['list'])).tasks, []);
    const again = await task(['add', 'alpha', '--json']);
    assert.equal(again.code, 0);
    const dup = await task(['add', 'alpha', '--json']);
    assert.equal(dup.code, 1);
    assert.equal((JSON.parse(dup.stdout) as { error: { code: string } }).error.code, 'already-queued');
  });

  it('claims in priority order, exits 3 when nothing is ready, and enforces the claimer', async () => {
    await json(['add', 'alpha', 'beta']);
    await json(['add', 'gamma', '--priority', '1']);
    const first = await json<{ task: QueueTask }>(['claim', '--worker', 'w1', '--lease', '120']);
    assert.equal(first.task.planId, 'gamma');
    assert.equal(first.task.lease!.expiresAt - first.task.lease!.claimedAt, 120_000);
    await json(['claim', '--worker', 'w2']);
    await json(['claim', '--worker', 'w3']);
    const none = await task(['claim', '--worker', 'w4', '--json']);
    assert.equal(none.code, 3);
    assert.deepEqual(JSON.parse(none.stdout), { task: null, counts: { ready: 0, blocked: 0, claimed: 3, done: 0, failed: 0, total: 3 } });

    const stolen = await task(['complete', 'gamma', '--worker', 'w2']);
    assert.equal(stolen.code, 1);
    assert.match(stolen.stderr, /gamma is claimed by w1, not w2: only its claimer may complete it \(or pass --force\)/);
    assert.equal((await task(['heartbeat', 'gamma', '--worker', 'w1', '--lease', '300'])).code, 0);
    assert.equal((await task(['complete', 'gamma', '--worker', 'w1', '--reason', 'merged'])).code, 0);
    assert.equal((await task(['release', 'alpha', '--worker', 'someone', '--force', '--reason', 'operator'])).code, 0);
    assert.equal((await task(['fail', 'beta', '--worker', 'w3', '--reason', 'tests fail'])).code, 0);

    const shown = await json<TaskDetail>(['show', 'gamma']);
    assert.deepEqual(shown.task.history.map((h) => [h.by, h.from, h.to, h.reason ?? null]), [['cli', null, 'open', null], ['w1', 'open', 'claimed', null], ['w1', 'claimed', 'done', 'merged']]);
    const alpha = await task(['show', 'alpha']);
    assert.match(alpha.stdout, /claimed → open\s+by someone: operator; forced over w2's claim/);
    const listing = await json<QueueListing>(['list']);
    assert.deepEqual(listing.counts, { ready: 1, blocked: 0, claimed: 0, done: 1, failed: 1, total: 3 });
    assert.equal((await task(['retry', 'beta'])).code, 0);
    assert.deepEqual((await json<QueueListing>(['list'])).ready, ['alpha', 'beta']);
  });

  it('names the cycle a dependency would make, and guards removal', async () => {
    await json(['add', 'alpha', 'beta', 'gamma']);
    await json(['depend', 'beta', '--on', 'alpha']);
    await json(['depend', 'gamma', '--on', 'beta']);
    const cycle = await task(['depend', 'alpha', '--on', 'gamma']);
    assert.equal(cycle.code, 1);
    assert.match(cycle.stderr, /makes a cycle, alpha → gamma → beta → alpha/);
    const blocked = await task(['remove', 'alpha']);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /beta waits for alpha.*--force/);
    assert.equal((await task(['remove', 'alpha', '--force'])).code, 0);
    assert.deepEqual((await json<TaskDetail>(['show', 'beta'])).task.dependsOn, []);
    assert.equal((await task(['show', 'alpha'])).code, 1);
  });

  it('says what is wrong with the arguments (exit 2)', async () => {
    for (const args of [['add'], ['claim'], ['claim', '--worker', 'w', '--lease', '0'], ['add', 'alpha', '--priority', '7'], ['fail', 'alpha', '--worker', 'w'], ['depend', 'alpha'], ['show'], ['list', 'extra']]) {
      const r = await task(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Usage: lwc task/);
    }
  });

  it('reports a corrupt queue with the file and the repair', async () => {
    await json(['add', 'alpha']);
    writeFileSync(join(queueDirOf(repo.root), 'journal.jsonl'), 'garbage\n');
    const r = await task(['list', '--json']);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'corrupt-store');
    assert.match(r.stderr, /journal\.jsonl:1 is not a valid task queue: not JSON.*Repair: delete line 1/);
  });

  it('works as the bundled lwc process too', () => {
    const add = lwcProcess(['task', 'add', 'alpha'], { cwd: repo.root });
    assert.equal(add.code, 0, add.stderr);
    const claim = lwcProcess(['task', 'claim', '--worker', 'bundle', '--json'], { cwd: repo.root });
    assert.equal(claim.code, 0, claim.stderr);
    assert.equal((JSON.parse(claim.stdout) as { task: QueueTask }).task.planId, 'alpha');
    assert.equal(lwcProcess(['task', 'claim', '--worker', 'bundle'], { cwd: repo.root }).code, 3);
  });
});
