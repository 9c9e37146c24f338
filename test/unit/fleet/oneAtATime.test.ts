import assert from 'node:assert/strict';
import { oneAtATime } from '../../../src/core/fleet/oneAtATime';

describe('oneAtATime (questions from several workers reach the user one at a time)', () => {
  it('starts a call only after the previous one settled, in call order, and a failure does not stop the next', async () => {
    const log: string[] = [];
    const open: (() => void)[] = [];
    const ask = oneAtATime(async (name: string): Promise<string> => {
      log.push(`ask ${name}`);
      await new Promise<void>((resolve) => open.push(resolve));
      if (name === 'b') throw new Error('b refused');
      return `answer ${name}`;
    });
    const a = ask('a');
    const b = ask('b');
    const c = ask('c');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['ask a'], 'only the first question is open');
    open.shift()!();
    assert.equal(await a, 'answer a');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['ask a', 'ask b']);
    open.shift()!();
    await assert.rejects(b, /b refused/);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['ask a', 'ask b', 'ask c'], 'a refused question does not block the next');
    open.shift()!();
    assert.equal(await c, 'answer c');
  });
});
