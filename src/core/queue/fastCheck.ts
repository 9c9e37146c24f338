import type { JournalRecord } from './journal';

/**
 * The journal record schema (journal.ts, zod) written out by hand, for the hot path: a claimer replays the records its
 * peers appended since its last claim while every other claimer waits for the lock, and zod costs 10–30 µs a record
 * where this costs one. It accepts exactly what the zod schema accepts (a unit test holds them together); when it
 * refuses, the store asks zod for the message.
 */
const STATES = new Set(['open', 'claimed', 'done', 'failed']);
const TASK_KEYS = new Set(['planId', 'priority', 'seq', 'addedAt', 'dependsOn', 'state', 'lease', 'attempts', 'maxAttempts', 'lastReason', 'history']);
const TRANSITION_KEYS = new Set(['at', 'by', 'from', 'to', 'reason']);
const LEASE_KEYS = new Set(['worker', 'claimedAt', 'expiresAt']);
const RECORD_KEYS = new Set(['v', 'nextSeq', 'set', 'del']);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const onlyKeys = (o: Obj, keys: ReadonlySet<string>): boolean => Object.keys(o).every((k) => keys.has(k));
const isInt = (x: unknown, min: number): boolean => Number.isSafeInteger(x) && (x as number) >= min;
const isName = (x: unknown): boolean => typeof x === 'string' && x.length > 0;
const optionalString = (x: unknown): boolean => x === undefined || typeof x === 'string';

function isTransition(h: unknown): boolean {
  return isObj(h) && onlyKeys(h, TRANSITION_KEYS) && isInt(h.at, 0) && isName(h.by) && (h.from === null || STATES.has(h.from as string)) && STATES.has(h.to as string) && optionalString(h.reason);
}

function isLease(l: unknown): boolean {
  return isObj(l) && onlyKeys(l, LEASE_KEYS) && isName(l.worker) && isInt(l.claimedAt, 0) && typeof l.expiresAt === 'number' && Number.isFinite(l.expiresAt) && l.expiresAt >= 0;
}

function isTask(t: unknown): boolean {
  return (
    isObj(t) &&
    onlyKeys(t, TASK_KEYS) &&
    isName(t.planId) &&
    isInt(t.priority, 0) &&
    (t.priority as number) <= 4 &&
    isInt(t.seq, 1) &&
    isInt(t.addedAt, 0) &&
    Array.isArray(t.dependsOn) &&
    t.dependsOn.every(isName) &&
    STATES.has(t.state as string) &&
    (t.lease === undefined || isLease(t.lease)) &&
    isInt(t.attempts, 0) &&
    isInt(t.maxAttempts, 1) &&
    optionalString(t.lastReason) &&
    Array.isArray(t.history) &&
    t.history.every(isTransition)
  );
}

export function isJournalRecord(raw: unknown): raw is JournalRecord {
  return isObj(raw) && onlyKeys(raw, RECORD_KEYS) && isInt(raw.v, 1) && isInt(raw.nextSeq, 1) && Array.isArray(raw.set) && raw.set.every(isTask) && Array.isArray(raw.del) && raw.del.every(isName);
}
