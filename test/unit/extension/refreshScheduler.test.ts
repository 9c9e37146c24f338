import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { RefreshScheduler } from '../../../src/extension/refreshScheduler';

/** A read that counts itself and can be held open, to see how calls overlap. */
function countingRead(): { read: () => Promise<void>; count: () => number; release: () => void } {
  let n = 0;
  let gate: (() => void) | undefined;
  return {
    read: () => {
      n++;
      return new Promise<void>((resolve) => {
        gate = resolve;
      });
    },
    count: () => n,
    release: () => gate?.(),
  };
}

describe('RefreshScheduler (when view models read their data)', () => {
  it('reads nothing on file events while nobody looks, and reads once when the view appears', async () => {
    const r = countingRead();
    const s = new RefreshScheduler(r.read, { debounceMs: 5, onShow: 'now' });
    s.markStale();
    s.markStale();
    await sleep(20);
    assert.equal(r.count(), 0);
    s.setActive(true);
    assert.equal(r.count(), 1, 'onShow now reads at once');
    r.release();
    s.dispose();
  });

  it('collapses a burst of changes into one read after the debounce', async () => {
    const r = countingRead();
    const s = new RefreshScheduler(r.read, { debounceMs: 15, onShow: 'debounced' });
    s.setActive(true);
    for (let i = 0; i < 10; i++) s.markStale();
    assert.equal(r.count(), 0, 'debounced: nothing yet');
    await sleep(40);
    assert.equal(r.count(), 1);
    r.release();
    s.dispose();
  });

  it('callers during a read share one follow-up read that starts after them', async () => {
    const r = countingRead();
    const s = new RefreshScheduler(r.read, { debounceMs: 5, onShow: 'now' });
    const first = s.refresh();
    const a = s.refresh();
    const b = s.refresh();
    assert.equal(r.count(), 1, 'one read at a time');
    r.release();
    await first;
    await sleep(0);
    assert.equal(r.count(), 2, 'exactly one follow-up for both waiting callers');
    r.release();
    await Promise.all([a, b]);
    s.dispose();
  });

  it('reads nothing after dispose, even with a pending debounce', async () => {
    const r = countingRead();
    const s = new RefreshScheduler(r.read, { debounceMs: 10, onShow: 'debounced' });
    s.setActive(true);
    s.markStale();
    s.dispose();
    await sleep(30);
    await s.refresh();
    assert.equal(r.count(), 0);
  });
});
