import assert from 'node:assert/strict';
import { isSafePlanDirName, parseDuration, parseRunDirName, runDirName } from '../../../src/core/runs/layout';
import { selectRunsToPrune, STALE_TEMP_MS, type RunDirEntry } from '../../../src/core/runs/prune';

const DAY = 86_400_000;

describe('run directory names', () => {
  it('are UTC timestamps that round-trip and sort in time order', () => {
    const d = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    assert.equal(runDirName(d), '20260102T030405.006Z');
    assert.equal(parseRunDirName(runDirName(d))?.getTime(), d.getTime());
    const names = [0, 1, 999, 1000, 60_000, DAY, 400 * DAY].map((ms) => runDirName(new Date(d.getTime() + ms)));
    assert.deepEqual([...names].sort(), names);
  });

  it('get a collision suffix that sorts after the bare name and parses to the same time', () => {
    const d = new Date(Date.UTC(2026, 5, 1));
    const names = [runDirName(d), runDirName(d, 1), runDirName(d, 2), runDirName(d, 10)];
    assert.equal(new Set(names).size, 4);
    assert.deepEqual([...names].sort(), names);
    assert.equal(parseRunDirName(names[3]!)?.getTime(), d.getTime());
  });

  it('are not confused with other names', () => {
    for (const n of ['latest', '.tmp-abc', '20260230T000000.000Z', '20260101T000000Z', '20260101T000000.000Z-x']) assert.equal(parseRunDirName(n), undefined, n);
  });

  it('only accept plan ids that are safe directory names', () => {
    for (const ok of ['sample-plan', 'a.b_c', 'abc']) assert.ok(isSafePlanDirName(ok), ok);
    for (const bad of ['..', '...', '.hidden', '-rf', 'a/b', 'ab', 'a..b', 'x'.repeat(101)]) assert.ok(!isSafePlanDirName(bad), bad);
  });
});

describe('durations', () => {
  it('read days, hours, minutes and seconds', () => {
    assert.equal(parseDuration('30d'), 30 * DAY);
    assert.equal(parseDuration('12h'), 12 * 3_600_000);
    assert.equal(parseDuration('90m'), 90 * 60_000);
    assert.equal(parseDuration('45s'), 45_000);
    assert.equal(parseDuration('7'), 7 * DAY);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration('-1d'), undefined);
  });
});

describe('pruning selection', () => {
  const now = Date.UTC(2026, 6, 1);
  const entry = (name: string, extra: Partial<RunDirEntry> = {}): RunDirEntry => ({ planId: 'p', name, isDirectory: true, isSymbolicLink: false, mtimeMs: now, ...extra });

  it('selects run directories older than the limit by the time in their name', () => {
    const old = entry(runDirName(new Date(now - 31 * DAY)));
    const recent = entry(runDirName(new Date(now - 29 * DAY)), { mtimeMs: 0 });
    assert.deepEqual(selectRunsToPrune([old, recent], now, 30 * DAY), [old]);
  });

  it('never selects symlinks, files or names that are not runs', () => {
    const oldName = runDirName(new Date(now - 90 * DAY));
    const kept = [entry(oldName, { isSymbolicLink: true }), entry(oldName, { isDirectory: false }), entry('notes', { mtimeMs: 0 })];
    assert.deepEqual(selectRunsToPrune(kept, now, 30 * DAY), []);
  });

  it('selects temp build directories left behind by a crash once they are stale', () => {
    const stale = entry('.tmp-abc', { mtimeMs: now - STALE_TEMP_MS - 1 });
    const building = entry('.tmp-def', { mtimeMs: now - 1000 });
    assert.deepEqual(selectRunsToPrune([stale, building], now, 30 * DAY), [stale]);
  });
});
