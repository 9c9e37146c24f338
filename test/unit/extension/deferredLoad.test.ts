import { strict as assert } from 'node:assert';
import { deferredLoader } from '../../../src/extension/deferredLoad';

/** Lets every queued microtask run (promise chains of any depth), but not the next macrotask. */
async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe('deferredLoader (lazy chunks load after activate(), issue 11 item 5)', () => {
  it('does not load while the caller runs, nor in its microtasks: only in a later macrotask', async () => {
    let loads = 0;
    const load = deferredLoader(() => ++loads);
    // What activate() did: start an async scan that awaits the loader, and return.
    const scan = (async () => (await load()) * 10)();
    assert.equal(loads, 0, 'loaded synchronously, inside the caller');
    await drainMicrotasks();
    assert.equal(loads, 0, 'loaded in a microtask of the caller, i.e. still before the event loop turned');
    assert.equal(await scan, 10);
    assert.equal(loads, 1);
  });

  it('shares one load among concurrent and later callers, and reports its duration once', async () => {
    let loads = 0;
    const heard: number[] = [];
    const load = deferredLoader(() => ({ n: ++loads }), (ms) => heard.push(ms));
    const [a, b] = await Promise.all([load(), load()]);
    assert.equal(a, b);
    assert.equal(await load(), a);
    assert.equal(loads, 1);
    assert.equal(heard.length, 1);
    assert.ok(heard[0]! >= 0);
  });

  it('rejects every waiting caller when the load throws, and loads again on the next call', async () => {
    let attempts = 0;
    const load = deferredLoader(() => {
      if (++attempts === 1) throw new Error('chunk missing');
      return 'loaded';
    });
    const results = await Promise.allSettled([load(), load()]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal(await load(), 'loaded');
    assert.equal(attempts, 2);
  });
});
