import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanLockLeftovers, createQueueLock, isStaleOwner } from '../../../src/adapters/state/queueLock';
import { QueueError } from '../../../src/core/queue/types';

/** The pid of a process that has exited (and been reaped): what a SIGKILLed holder leaves in its lock. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const BOOT = ((): string => {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().slice(0, 8);
  } catch {
    return '-';
  }
})();
const HOST = hostname().replace(/\s+/g, '-');
const owner = (pid: number, nonce: string, host = HOST, boot = BOOT): string => `${pid} ${host} ${boot} ${nonce}\n`;

describe('the queue lock file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lwc-queue-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('judges an owner stale only when it is dead on this host, or from an earlier boot', () => {
    assert.equal(isStaleOwner(owner(process.pid, 'aa')), false);
    assert.equal(isStaleOwner(owner(deadPid(), 'aa')), true);
    assert.equal(isStaleOwner(owner(deadPid(), 'aa', 'another-host')), false, 'another host: never guessed');
    assert.equal(isStaleOwner('garbage'), false, 'a file LW Coder did not write: never guessed');
    if (BOOT !== '-') assert.equal(isStaleOwner(owner(process.pid, 'aa', HOST, 'deadbeef')), true, 'a pid from before the boot may name anyone now');
  });

  it('takes over the lock of a dead holder, and that of a breaker that died taking it over', async () => {
    writeFileSync(join(dir, 'queue.lock'), owner(deadPid(), 'a1a1'));
    // A breaker died after claiming the right to break that lock: its claim is stale too.
    writeFileSync(join(dir, 'queue.lock.break.a1a1'), owner(deadPid(), 'b2b2'));
    const release = await createQueueLock(dir).acquire({ timeoutMs: 30_000 });
    assert.match(readFileSync(join(dir, 'queue.lock'), 'utf8'), new RegExp(`^${process.pid} `));
    assert.deepEqual(readdirSync(dir), ['queue.lock'], 'no claim or temp file left');
    await release();
    assert.deepEqual(readdirSync(dir), []);
  });

  it('waits for a live holder and reports it when the wait runs out, naming the file to delete', async () => {
    writeFileSync(join(dir, 'queue.lock'), owner(deadPid(), 'c3c3', 'another-host'));
    let error: unknown;
    await createQueueLock(dir)
      .acquire({ timeoutMs: 200 })
      .catch((e: unknown) => (error = e));
    assert.ok(error instanceof QueueError && error.code === 'store-busy', String(error));
    assert.match(error.message, /another-host/);
    assert.ok(error.message.includes(join(dir, 'queue.lock')));
    assert.deepEqual(readdirSync(dir), ['queue.lock'], 'the waiter left nothing behind');
  });

  it('stops waiting when cancelled', async () => {
    writeFileSync(join(dir, 'queue.lock'), owner(process.pid, 'd4d4'));
    const controller = new AbortController();
    const waiting = createQueueLock(dir).acquire({ signal: controller.signal });
    controller.abort();
    await assert.rejects(waiting);
    assert.equal(readFileSync(join(dir, 'queue.lock'), 'utf8'), owner(process.pid, 'd4d4'));
  });

  it('cleans what dead processes left: their temp files and stale break claims, not the living ones', async () => {
    const dead = deadPid();
    writeFileSync(join(dir, `queue.lock.${dead}.tmp`), owner(dead, 'e5e5'));
    writeFileSync(join(dir, `queue.lock.break.f6f6.${dead}.0a0a.tmp`), owner(dead, 'f7f7'));
    writeFileSync(join(dir, 'queue.lock.break.f6f6'), owner(dead, 'f8f8'));
    writeFileSync(join(dir, `queue.lock.${process.pid}.tmp`), owner(process.pid, 'a9a9'));
    writeFileSync(join(dir, 'queue.lock.break.0b0b'), owner(process.pid, 'c0c0'));
    await cleanLockLeftovers(dir);
    assert.deepEqual(readdirSync(dir).sort(), [`queue.lock.${process.pid}.tmp`, 'queue.lock.break.0b0b']);
  });
});
