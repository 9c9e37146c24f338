import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queueDirOf } from '../../../src/adapters/state/queueStore';
import type { QueueState } from '../../../src/core/queue/types';
import { freshRead, queueWithTasks, spawnClaimer, until, type Claimer } from './support';

/** Every line of the journal is a whole JSON record: no torn write was left behind. */
function assertJournalWhole(root: string): void {
  const dir = queueDirOf(root);
  for (const name of readdirSync(dir).filter((f) => f.startsWith('journal.jsonl'))) {
    const text = readFileSync(join(dir, name), 'utf8');
    assert.ok(text === '' || text.endsWith('\n'), `${name} ends mid-line`);
    for (const line of text.split('\n').filter(Boolean)) JSON.parse(line);
  }
}

describe('the task queue across real processes', function () {
  // Each claimer is a node + tsx process (~1 s of CPU to start on a loaded 2-core machine).
  this.timeout(240_000);

  it('10 processes claiming one ready task: exactly one wins, and the claim survives a restart', async () => {
    const q = await queueWithTasks(1, 'only');
    try {
      const claimers = Array.from({ length: 10 }, (_, i) => spawnClaimer('claim-one', q.root, `claimer-${i}`));
      const codes = await Promise.all(claimers.map((c) => c.exited));
      assert.deepEqual(codes, Array(10).fill(0), claimers.map((c) => c.lines.join(' ')).join('\n'));
      const winners = claimers.filter((c) => c.lines.includes('claimed only-0000'));
      assert.equal(winners.length, 1, claimers.map((c) => `${c.worker}: ${c.lines.join(' ')}`).join('\n'));
      assert.equal(claimers.filter((c) => c.lines.includes('none')).length, 9);

      const after = await freshRead(q.root);
      const [task] = after.tasks;
      assert.equal(task?.state, 'claimed');
      assert.equal(task?.lease?.worker, winners[0]!.worker);
      assert.equal(task?.attempts, 1);
      assert.deepEqual(task?.history.map((h) => [h.by, h.to]), [['test', 'open'], [winners[0]!.worker, 'claimed']]);
    } finally {
      q.dispose();
    }
  });

  it('16 processes claim-next over 1,000 tasks, compacting as they go: every task claimed exactly once', async () => {
    const q = await queueWithTasks(1000);
    try {
      const claimers = Array.from({ length: 16 }, (_, i) => spawnClaimer('drain', q.root, `drainer-${i}`, 600_000, 150));
      await Promise.all(claimers.map((c) => c.waitFor((l) => l === 'ready')));
      for (const c of claimers) c.child.stdin!.write('go\n');
      await Promise.all(claimers.map((c) => c.waitFor((l) => l === 'done')));

      const claimedBy = new Map<string, string[]>();
      for (const c of claimers) {
        for (const line of c.lines.filter((l) => l.startsWith('claimed '))) {
          const id = line.split(' ')[1]!;
          claimedBy.set(id, [...(claimedBy.get(id) ?? []), c.worker]);
        }
      }
      const twice = [...claimedBy].filter(([, ws]) => ws.length > 1);
      assert.deepEqual(twice, [], 'claimed more than once');
      assert.equal(claimedBy.size, 1000);
      assert.ok(claimers.filter((c) => c.lines.some((l) => l.startsWith('claimed '))).length > 1, 'more than one process took part');

      const after = await freshRead(q.root);
      assert.equal(after.tasks.length, 1000);
      for (const t of after.tasks) {
        assert.equal(t.state, 'claimed', t.planId);
        assert.deepEqual([t.lease?.worker], claimedBy.get(t.planId), t.planId);
        assert.equal(t.history.filter((h) => h.to === 'claimed').length, 1, t.planId);
      }
      assert.equal(after.version, 1001);
      assert.ok(readdirSync(queueDirOf(q.root)).includes('queue.json.bak'), 'compactions happened during the run');
      assertJournalWhole(q.root);
    } finally {
      q.dispose();
    }
  });

  it('claimers SIGKILLed at random moments: their tasks come back after the lease, none lost or done twice', async () => {
    const TASKS = 40;
    const LEASE_MS = 1500;
    // Expired tasks are claimed first (lowest seq), so one task can meet several kills: no attempt limit here.
    const q = await queueWithTasks(TASKS, 'job', 1000);
    const all: Claimer[] = [];
    let next = 0;
    const start = (): Claimer => {
      const c = spawnClaimer('work', q.root, `worker-${next++}`, LEASE_MS, 25);
      all.push(c);
      return c;
    };
    try {
      const live = new Set<Claimer>([start(), start(), start(), start()]);
      const killed: Claimer[] = [];
      let parsedAfterKills = 0;
      while (killed.length < 10) {
        // Kill only a worker that has begun claiming, at a random moment of its claim/work/complete loop.
        const candidates = [...live].filter((c) => c.lines.some((l) => l.startsWith('claimed ')));
        if (candidates.length === 0) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        await new Promise((r) => setTimeout(r, Math.random() * 60));
        const victim = candidates[Math.floor(Math.random() * candidates.length)]!;
        victim.child.kill('SIGKILL');
        await victim.exited;
        live.delete(victim);
        killed.push(victim);
        // The store parses after every kill, read as a new process would.
        const state: QueueState = await freshRead(q.root);
        assert.equal(state.tasks.length, TASKS);
        parsedAfterKills += 1;
        live.add(start());
      }
      assert.equal(parsedAfterKills, 10);
      const codes = await Promise.all([...live].map((c) => c.exited));
      assert.deepEqual(codes, codes.map(() => 0), [...live].map((c) => c.lines.at(-1)).join(' | '));

      const final = await freshRead(q.root);
      assert.deepEqual(final.tasks.map((t) => t.state), Array(TASKS).fill('done'));
      for (const t of final.tasks) {
        assert.equal(t.history.filter((h) => h.to === 'done').length, 1, `${t.planId} done once`);
        // Every claim ends in its own worker completing it, or in the lease expiring.
        t.history.forEach((h, i) => {
          if (h.to !== 'claimed') return;
          const end = t.history[i + 1];
          assert.ok(end && ((end.to === 'done' && end.by === h.by) || (end.to === 'open' && end.by === 'lease')), `${t.planId}: ${JSON.stringify(t.history)}`);
        });
      }
      const completedLines = all.flatMap((c) => c.lines.filter((l) => l.startsWith('completed ')).map((l) => l.split(' ')[1]));
      assert.equal(new Set(completedLines).size, completedLines.length, 'no task completed twice');
      const killedNames = new Set(killed.map((c) => c.worker));
      const cameBack = final.tasks.filter((t) => t.history.some((h, i) => h.to === 'claimed' && killedNames.has(h.by) && t.history[i + 1]?.by === 'lease'));
      assert.ok(cameBack.length > 0, 'some killed worker held a task, which came back through its lease');
      for (const t of cameBack) assert.ok(t.attempts >= 2, `${t.planId} counted the lost attempt`);
      assertJournalWhole(q.root);
    } finally {
      for (const c of all) c.child.kill('SIGKILL');
      await Promise.all(all.map((c) => c.exited));
      q.dispose();
    }
  });

  it('a lock whose holder was SIGKILLed is taken over, and claims go on', async () => {
    const q = await queueWithTasks(2, 'job');
    try {
      const holder = spawnClaimer('hold-lock', q.root, 'holder');
      await holder.waitFor((l) => l === 'locked');
      const waiting = spawnClaimer('claim-one', q.root, 'patient');
      await until(() => (readdirSync(queueDirOf(q.root)).some((f) => f === 'queue.lock.' + waiting.child.pid + '.tmp') ? true : undefined));
      assert.equal(waiting.lines.length, 0, 'the claimer waits while the holder lives');
      holder.child.kill('SIGKILL');
      await holder.exited;
      assert.equal(await waiting.exited, 0);
      assert.deepEqual(waiting.lines, ['claimed job-0000']);
      assert.equal((await freshRead(q.root)).tasks[0]?.lease?.worker, 'patient');
      assert.deepEqual(readdirSync(queueDirOf(q.root)).filter((f) => f.startsWith('queue.lock')), [], 'no lock, claim or temp file left');
    } finally {
      q.dispose();
    }
  });
});
