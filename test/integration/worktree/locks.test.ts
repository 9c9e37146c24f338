import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileLocks } from '../../../src/adapters/state/fileLock';
import { createProcessPort } from '../../../src/adapters/state/process';
import { WorktreeError } from '../../../src/core/worktree/errors';

describe('file locks in .lw_coder/state/locks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lwc-locks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const locks = () => createFileLocks(dir, createProcessPort());
  const DEAD_PID = 2 ** 22 + 4321; // above Linux pid_max: never alive

  it('serialises holders: the second waits until the first releases', async () => {
    const order: string[] = [];
    const releaseA = await locks().acquire('x');
    const b = locks().acquire('x').then(async (release) => {
      order.push('b acquired');
      await release();
    });
    await new Promise((r) => setTimeout(r, 100));
    order.push('a releases');
    await releaseA();
    await b;
    assert.deepEqual(order, ['a releases', 'b acquired']);
    assert.deepEqual(readdirSync(join(dir, 'locks')), [], 'no lock or temp file left');
  });

  it('breaks a lock whose owner process is dead', async () => {
    mkdirSync(join(dir, 'locks'), { recursive: true });
    writeFileSync(join(dir, 'locks', 'x.lock'), `${DEAD_PID} ${hostname()} stale\n`);
    const release = await locks().acquire('x', { timeoutMs: 2000 });
    await release();
    assert.equal(existsSync(join(dir, 'locks', 'x.lock')), false);
  });

  it('times out on a lock held by a live process, naming the file to delete if nothing runs', async () => {
    mkdirSync(join(dir, 'locks'), { recursive: true });
    writeFileSync(join(dir, 'locks', 'x.lock'), `${process.pid} ${hostname()} other\n`);
    await assert.rejects(locks().acquire('x', { timeoutMs: 150 }), (e: unknown) => e instanceof WorktreeError && e.code === 'lock-timeout' && e.message.includes('x.lock'));
    assert.equal(existsSync(join(dir, 'locks', 'x.lock')), true, 'a live lock is never broken');
  });

  it('tryAcquire never waits: a live holder is named with its tag, a dead one is taken over, and holder() changes nothing', async () => {
    const first = await locks().tryAcquire('session-x', 'cli');
    assert.ok('release' in first);
    const second = await locks().tryAcquire('session-x', 'editor');
    assert.ok('holder' in second, 'a held lock is refused, not waited for');
    assert.deepEqual(second.holder, { pid: process.pid, hostname: hostname(), tag: 'cli' });
    assert.deepEqual(await locks().holder('session-x'), { pid: process.pid, hostname: hostname(), tag: 'cli' });
    await first.release();
    assert.equal(await locks().holder('session-x'), undefined);

    writeFileSync(join(dir, 'locks', 'session-x.lock'), `${DEAD_PID} ${hostname()} stale cli\n`);
    assert.equal(await locks().holder('session-x'), undefined, 'a dead holder holds nothing');
    assert.equal(existsSync(join(dir, 'locks', 'session-x.lock')), true, 'holder() does not break the lock');
    const taken = await locks().tryAcquire('session-x');
    assert.ok('release' in taken, 'a dead holder\'s lock is taken over');
    await taken.release();
    assert.deepEqual(readdirSync(join(dir, 'locks')), [], 'no lock or temp file left');
  });
});
