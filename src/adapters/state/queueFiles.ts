import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { applyRecords, JournalRecordSchema, type JournalRecord } from '../../core/queue/journal';
import { checkQueueState, invariantProblem } from '../../core/queue/schema';
import { EMPTY_QUEUE, QueueError, type QueueState, type QueueTask } from '../../core/queue/types';

/**
 * Reading the embedded queue (synchronous calls: a transaction's reads take microseconds each, where a libuv round
 * trip costs ~100 µs on a loaded machine, and the whole transaction runs under the lock): `queue.json` (a snapshot) plus `journal.jsonl` (one record per change since), with
 * `queue.json.bak` / `journal.jsonl.bak`, the pair before the last compaction. Everything read is validated; damage is
 * a `corrupt-store` error naming the file (and line) and the repair, never a silent reset.
 */
export const SNAPSHOT = 'queue.json';
export const JOURNAL = 'journal.jsonl';
export const BACKUP_SUFFIX = '.bak';

/** What a process remembers between transactions, so a claim reads only the records appended since its last one. */
export interface QueueCache {
  /** Identity (inode and birth time) of the snapshot and journal the state was read from. */
  readonly snapshotId: string;
  readonly journalId: string;
  /** Bytes of the journal's complete lines applied so far, and how many lines that is. */
  readonly offset: number;
  readonly lines: number;
  readonly state: QueueState;
}

export interface LoadedQueue extends QueueCache {
  /** Bytes after `offset` that do not end a line: a write cut short by a kill (or one in progress, for a lock-free read). */
  readonly tornBytes: number;
}

// O_NOFOLLOW: a symlink planted at a queue file is refused, not followed out of the repository.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

const NL = 0x0a;

function corrupt(file: string, line: number | undefined, problem: string, fix: string): QueueError {
  return new QueueError('corrupt-store', `${file}${line !== undefined ? `:${line}` : ''} is not a valid task queue: ${problem}. It was changed outside LW Coder or damaged; nothing was changed. Repair: ${fix}`);
}

/** The identity of the file at `path` (inode + birth time: an inode number alone can be reused), or '' when absent. */
export function fileId(path: string): string {
  try {
    const s = lstatSync(path, { bigint: true });
    if (s.isSymbolicLink() || !s.isFile()) throw new QueueError('corrupt-store', `${path} is ${s.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}, so the task queue will not read it. Repair: remove it (LW Coder writes its own).`);
    return `${s.ino}:${s.birthtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** The bytes of `path` from `from` to its end (and its identity), or undefined when it does not exist. */
function readFrom(path: string, from: number): { readonly id: string; readonly bytes: Buffer } | undefined {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new QueueError('corrupt-store', `${path} is a symbolic link, so the task queue will not read it. Repair: remove it (LW Coder writes its own).`);
    throw error;
  }
  try {
    const s = fstatSync(fd, { bigint: true });
    if (!s.isFile()) throw new QueueError('corrupt-store', `${path} is not a regular file. Repair: remove it (LW Coder writes its own).`);
    const bytes = Buffer.alloc(Math.max(0, Number(s.size) - from));
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return { id: `${s.ino}:${s.birthtimeNs}`, bytes: bytes.subarray(0, got) };
  } finally {
    closeSync(fd);
  }
}

const snapshotFix = (dir: string): string =>
  `restore the previous snapshot with \`cp ${join(dir, SNAPSHOT + BACKUP_SUFFIX)} ${join(dir, SNAPSHOT)}\` (the journals replay every change made since), or move ${SNAPSHOT} aside to start from the journal alone.`;

function readSnapshot(dir: string): { readonly id: string; readonly state: QueueState } {
  const path = join(dir, SNAPSHOT);
  const read = readFrom(path, 0);
  if (!read) return { id: '', state: EMPTY_QUEUE };
  let raw: unknown;
  try {
    raw = JSON.parse(read.bytes.toString('utf8'));
  } catch (error) {
    throw corrupt(path, undefined, `not JSON (${(error as Error).message})`, snapshotFix(dir));
  }
  const checked = checkQueueState(raw);
  if ('problem' in checked) throw corrupt(path, undefined, checked.problem, snapshotFix(dir));
  return { id: read.id, state: checked.state };
}

/** Cheap look at a record's version without parsing it: records are written with `v` first. */
const versionOf = (line: string): number | undefined => {
  const m = /^\{"v":(\d+),/.exec(line);
  return m ? Number(m[1]) : undefined;
};

/**
 * Applies the complete lines of `bytes` (journal lines `firstLine`…) to `state`. Records the state already holds
 * (written before a compaction finished) are skipped; one that skips a version means the snapshot and journal do not
 * belong together.
 */
function replay(state: QueueState, bytes: Buffer, path: string, firstLine: number, dir: string): { state: QueueState; consumed: number; lines: number; applied: number; structural: boolean } {
  const end = bytes.lastIndexOf(NL) + 1;
  let at = 0;
  let line = firstLine;
  // Claims and completions change no structure (ids, seqs, dependencies): those records are checked task by task, and
  // the whole-queue invariants (linear, with the cycle search) run only after one that could break them.
  let structural = false;
  let index: Map<string, QueueTask> | undefined;
  let version = state.version;
  const records: JournalRecord[] = [];
  while (at < end) {
    const nl = bytes.indexOf(NL, at);
    const text = bytes.toString('utf8', at, nl);
    at = nl + 1;
    line += 1;
    if (text.trim() === '') continue;
    const lineFix = `delete line ${line} and every line after it from ${path} (those changes are lost; \`lwc task list\` then shows the queue as it was before them).`;
    const quick = versionOf(text);
    if (quick !== undefined && quick <= version) continue;
    let record: JournalRecord;
    try {
      const parsed = JournalRecordSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw corrupt(path, line, `${issue.path.join('.') || '(record)'}: ${issue.message}`, lineFix);
      }
      record = parsed.data as JournalRecord;
    } catch (error) {
      if (error instanceof QueueError) throw error;
      throw corrupt(path, line, `not JSON (${(error as Error).message})`, lineFix);
    }
    if (record.v <= version) continue;
    if (record.v !== version + 1) {
      throw corrupt(path, line, `the record makes version ${record.v}, but the queue before it is at version ${version}`, `the snapshot ${SNAPSHOT} does not go with this journal; ${snapshotFix(dir)}`);
    }
    index ??= new Map(state.tasks.map((t) => [t.planId, t]));
    for (const t of record.set) {
      const before = index.get(t.planId);
      if (!before || before.seq !== t.seq || before.dependsOn.join('\n') !== t.dependsOn.join('\n')) structural = true;
      if ((t.state === 'claimed') !== (t.lease !== undefined)) throw corrupt(path, line, `task ${t.planId} is ${t.state} but ${t.lease ? 'has' : 'lacks'} a lease`, lineFix);
      index.set(t.planId, t);
    }
    for (const id of record.del) index.delete(id);
    structural ||= record.del.length > 0;
    records.push(record);
    version = record.v;
  }
  return { state: applyRecords(state, records), consumed: end, lines: line - firstLine, applied: records.length, structural };
}

/**
 * The queue as stored, reusing `cache` when snapshot and journal are the ones it was read from (then only the journal's
 * new bytes are read). A full read also replays `journal.jsonl.bak` for a snapshot restored from `queue.json.bak`.
 */
export function loadQueue(dir: string, cache: QueueCache | undefined): LoadedQueue {
  const journalPath = join(dir, JOURNAL);
  const snapshotId = fileId(join(dir, SNAPSHOT));
  if (cache && cache.snapshotId === snapshotId) {
    const read = readFrom(journalPath, cache.offset);
    // Right after a compaction there is no journal yet; the first one created after it starts at offset 0.
    if (!read && cache.journalId === '') return { ...cache, tornBytes: 0 };
    if (read && (read.id === cache.journalId || (cache.journalId === '' && cache.offset === 0))) {
      const r = replay(cache.state, read.bytes, journalPath, cache.lines, dir);
      if (r.structural) {
        const problem = invariantProblem(r.state);
        if (problem) throw corrupt(journalPath, cache.lines + r.lines, problem, `delete the journal's lines from ${cache.lines + 1} on (those changes are lost).`);
      }
      return { snapshotId, journalId: read.id, offset: cache.offset + r.consumed, lines: cache.lines + r.lines, state: r.state, tornBytes: read.bytes.length - r.consumed };
    }
  }
  const snapshot = readSnapshot(dir);
  let state = snapshot.state;
  const backup = readFrom(join(dir, JOURNAL + BACKUP_SUFFIX), 0);
  if (backup) state = replay(state, backup.bytes, join(dir, JOURNAL + BACKUP_SUFFIX), 0, dir).state;
  const read = readFrom(journalPath, 0);
  const r = read ? replay(state, read.bytes, journalPath, 0, dir) : { state, consumed: 0, lines: 0, applied: 0, structural: false };
  const problem = invariantProblem(r.state);
  if (problem) throw corrupt(read ? journalPath : join(dir, SNAPSHOT), undefined, problem, snapshotFix(dir));
  // The snapshot is re-identified after the journal was read: a compaction in between is caught by the caller's check.
  return { snapshotId: snapshot.id, journalId: read?.id ?? '', offset: r.consumed, lines: r.lines, state: r.state, tornBytes: read ? read.bytes.length - r.consumed : 0 };
}
