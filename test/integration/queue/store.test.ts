import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueStore, queueDirOf } from '../../../src/adapters/state/queueStore';
import { addTasks, claimNext, complete } from '../../../src/core/queue/rules';
import { QueueError, type QueueErrorCode, type QueueState } from '../../../src/core/queue/types';

const now = (): number => Date.now();

async function rejectsWith(promise: Promise<unknown>, code: QueueErrorCode, ...patterns: RegExp[]): Promise<QueueError> {
  let caught: unknown;
  await promise.catch((e: unknown) => (caught = e));
  assert.ok(caught instanceof QueueError, `expected a QueueError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

describe('the embedded queue store on disk', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lwc-queue-store-'));
    dir = queueDirOf(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A queue with history in both snapshots and both journals (compacting every 3 changes). */
  async function busyQueue(): Promise<QueueState> {
    const store = createQueueStore(root, { compactAfterRecords: 3 });
    await store.update((s) => addTasks(s, { planIds: ['alpha', 'beta', 'gamma', 'delta'], by: 'test' }, now()));
    for (const w of ['w1', 'w2', 'w3']) await store.update((s) => claimNext(s, w, 60_000, now()));
    await store.update((s) => complete(s, 'alpha', { worker: 'w1' }, now()));
    await store.update((s) => claimNext(s, 'w4', 60_000, now()));
    return store.read();
  }

  it('starts empty, writes nothing for a change that changes nothing, and keeps every change across new readers', async () => {
    const store = createQueueStore(root);
    assert.deepEqual(await store.read(), { version: 0, nextSeq: 1, tasks: [] });
    const nothing = await store.update((s) => claimNext(s, 'w1', 1000, now()));
    assert.equal(nothing, undefined);
    assert.ok(!existsSync(join(dir, 'journal.jsonl')), 'an idle claim wrote nothing');
    const state = await busyQueue();
    assert.deepEqual(await createQueueStore(root).read(), state);
    assert.deepEqual(state.tasks.map((t) => [t.planId, t.state]), [['alpha', 'done'], ['beta', 'claimed'], ['gamma', 'claimed'], ['delta', 'claimed']]);
    // Compacted every 3 changes: a snapshot, the one before it and the journal between them.
    for (const f of ['queue.json', 'queue.json.bak', 'journal.jsonl.bak']) assert.ok(readdirSync(dir).includes(f), f);
  });

  it('a refused change (a QueueError from the rules) writes nothing and reaches the caller', async () => {
    const store = createQueueStore(root);
    await store.update((s) => addTasks(s, { planIds: ['alpha'], by: 'test' }, now()));
    const before = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    await rejectsWith(store.update((s) => addTasks(s, { planIds: ['alpha'], by: 'test' }, now())), 'already-queued');
    assert.equal(readFileSync(join(dir, 'journal.jsonl'), 'utf8'), before);
  });

  it('a corrupt queue.json is an error naming the file and the repair, which restores every change', async () => {
    const state = await busyQueue();
    writeFileSync(join(dir, 'queue.json'), '{"version": 3, "tasks": [');
    const error = await rejectsWith(createQueueStore(root).read(), 'corrupt-store', /queue\.json is not a valid task queue: not JSON/, /cp .*queue\.json\.bak .*queue\.json/);
    assert.ok(error.message.includes(join(dir, 'queue.json')));
    // Nothing was reset: the damaged file is still there until the user acts.
    assert.equal(readFileSync(join(dir, 'queue.json'), 'utf8'), '{"version": 3, "tasks": [');
    copyFileSync(join(dir, 'queue.json.bak'), join(dir, 'queue.json'));
    assert.deepEqual(await createQueueStore(root).read(), state);
  });

  it('a hand edit that breaks the schema or an invariant names where', async () => {
    await busyQueue();
    const snapshot = JSON.parse(readFileSync(join(dir, 'queue.json'), 'utf8')) as { tasks: { state: string }[] };
    snapshot.tasks[1]!.state = 'running';
    writeFileSync(join(dir, 'queue.json'), JSON.stringify(snapshot));
    await rejectsWith(createQueueStore(root).read(), 'corrupt-store', /tasks\.1\.state/);
  });

  it('a damaged journal line names the file, the line and what is lost by the repair', async () => {
    const store = createQueueStore(root);
    await store.update((s) => addTasks(s, { planIds: ['alpha', 'beta'], by: 'test' }, now()));
    await store.update((s) => claimNext(s, 'w1', 60_000, now()));
    await store.update((s) => claimNext(s, 'w2', 60_000, now()));
    const path = join(dir, 'journal.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"claimed"', '"stolen"');
    writeFileSync(path, lines.join('\n'));
    await rejectsWith(createQueueStore(root).read(), 'corrupt-store', /journal\.jsonl:2 is not a valid task queue/, /delete line 2 and every line after it/);
  });

  it('a line cut short by a killed writer is ignored by readers and cut off by the next writer', async () => {
    const store = createQueueStore(root);
    await store.update((s) => addTasks(s, { planIds: ['alpha', 'beta'], by: 'test' }, now()));
    const path = join(dir, 'journal.jsonl');
    appendFileSync(path, '{"v":2,"nextSeq":3,"set":[{"planId":"alpha","prio');
    const reader = await createQueueStore(root).read();
    assert.deepEqual(reader.tasks.map((t) => t.state), ['open', 'open']);
    const claimed = await createQueueStore(root).update((s) => claimNext(s, 'w1', 60_000, now()));
    assert.equal(claimed?.planId, 'alpha');
    const text = readFileSync(path, 'utf8');
    assert.ok(text.endsWith('\n'));
    for (const line of text.split('\n').filter(Boolean)) JSON.parse(line);
    assert.equal((await createQueueStore(root).read()).version, 2);
  });

  it('refuses a state folder that resolves outside the repository, creating nothing there', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'lwc-outside-'));
    try {
      mkdirSync(join(root, '.lw_coder'), { recursive: true });
      symlinkSync(outside, join(root, '.lw_coder', 'state'));
      await rejectsWith(createQueueStore(root).read(), 'unsafe-store', /outside the repository/, /remove the symbolic link/);
      await rejectsWith(createQueueStore(root).update((s) => addTasks(s, { planIds: ['alpha'], by: 'test' }, now())), 'unsafe-store');
      assert.deepEqual(readdirSync(outside), []);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('accepts a state folder linked to another place inside the repository', async () => {
    mkdirSync(join(root, 'elsewhere'), { recursive: true });
    mkdirSync(join(root, '.lw_coder'), { recursive: true });
    symlinkSync(join(root, 'elsewhere'), join(root, '.lw_coder', 'state'));
    await createQueueStore(root).update((s) => addTasks(s, { planIds: ['alpha'], by: 'test' }, now()));
    assert.ok(existsSync(join(root, 'elsewhere', 'queue', 'journal.jsonl')));
  });

  it('does not follow a link planted at a queue file', async () => {
    const secret = join(root, 'secret.txt');
    writeFileSync(secret, 'not a queue\n');
    mkdirSync(dir, { recursive: true });
    symlinkSync(secret, join(dir, 'journal.jsonl'));
    await rejectsWith(createQueueStore(root).read(), 'corrupt-store', /symbolic link/);
    await rejectsWith(createQueueStore(root).update((s) => addTasks(s, { planIds: ['alpha'], by: 'test' }, now())), 'corrupt-store');
    assert.equal(readFileSync(secret, 'utf8'), 'not a queue\n');
  });

  it('runs the transactions of one process one at a time, each seeing the last', async () => {
    const store = createQueueStore(root);
    await store.update((s) => addTasks(s, { planIds: Array.from({ length: 20 }, (_, i) => `task-${i}`), by: 'test' }, now()));
    const claims = await Promise.all(Array.from({ length: 25 }, (_, i) => store.update((s) => claimNext(s, `w${i}`, 60_000, now()))));
    const ids = claims.filter((t) => t !== undefined).map((t) => t.planId);
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20);
  });
});
