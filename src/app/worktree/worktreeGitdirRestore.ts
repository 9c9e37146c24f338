import { basename, dirname, join } from 'node:path';
import { ADMIN_FILES, decodeB64, entryLayoutProblem, TEMP_SUFFIX, type GitdirJournalEntry, type StepHook } from '../../core/worktree/gitdirPatch';
import { describeChange, type ObservedFile } from '../../core/worktree/gitdirVerify';
import type { WorktreeDeps } from './worktreeDeps';

/**
 * Putting a worktree's git plumbing back after a container session, from its journal entry: the two pointers, the admin
 * dir's `commondir` and `config.worktree`, the prune lock, temp files. The worktree (with its `.git` file) was the
 * agent's to write, so whatever it left there is attacker input: with `force`, every one of these files gets LW Coder's
 * bytes back and each change is named, so the caller can warn.
 */

/** 'tampered': it held neither the original nor our patch (someone rewrote it); it has the original again. */
export type PointerOutcome = 'restored' | 'already-original' | 'gone' | 'conflict' | 'tampered';

export interface RepairOutcome {
  readonly id: string;
  readonly worktreePath: string;
  readonly forward: PointerOutcome;
  readonly reverse: PointerOutcome;
  /** Whether the journal entry was removed (only when nothing conflicted). */
  readonly journalRemoved: boolean;
  readonly conflicts: readonly string[];
  /** What was found changed and put back, one clause each (empty when nothing was). */
  readonly tampered: readonly string[];
}

export interface RepairOptions {
  readonly onStep?: StepHook;
  /**
   * Put files back whatever they hold now. Only for an entry LW Coder made in this process, or one read from disk that
   * fits the repository's layout (see `trustedForRepair`): without it, only bytes that are exactly our patch are
   * overwritten, and anything else is a conflict left for a human.
   */
  readonly force?: boolean;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a).equals(Buffer.from(b));

async function observe(deps: WorktreeDeps, path: string): Promise<ObservedFile> {
  const kind = await deps.files.kind(path);
  return kind === 'file' ? { kind, bytes: await deps.files.read(path) } : { kind };
}

/** Puts `bytes` at `path` over whatever is there; a directory is moved aside first (never deleted: it may hold work). */
async function putBack(deps: WorktreeDeps, path: string, observed: ObservedFile, bytes: Uint8Array, afterTemp?: () => Promise<void>): Promise<string> {
  const moved = observed.kind === 'directory' ? await deps.files.moveAside(path) : undefined;
  await deps.files.writeAtomic(path, bytes, afterTemp);
  return moved ? `restored; what was there is now ${basename(moved)}` : 'restored';
}

async function repairPointer(
  deps: WorktreeDeps,
  label: string,
  path: string,
  original: Uint8Array,
  patched: Uint8Array,
  parentDir: string,
  force: boolean,
  tampered: string[],
  steps: { temp?: () => Promise<void>; done?: () => Promise<void> },
): Promise<PointerOutcome> {
  const observed = await observe(deps, path);
  if (observed.kind === 'missing' && (await deps.files.kind(parentDir)) === 'missing') return 'gone';
  if (observed.kind === 'file' && sameBytes(observed.bytes, original)) return 'already-original';
  const ours = observed.kind === 'file' && sameBytes(observed.bytes, patched);
  if (!ours && !force) return 'conflict';
  const action = await putBack(deps, path, observed, original, steps.temp);
  if (!ours) tampered.push(describeChange(label, observed, original, action));
  await steps.done?.();
  return ours ? 'restored' : 'tampered';
}

/** `commondir` and `config.worktree` as the entry recorded them (absent in entries of older versions: left alone). */
async function repairAdminFiles(deps: WorktreeDeps, entry: GitdirJournalEntry, tampered: string[]): Promise<void> {
  if (!entry.admin) return;
  const adminDir = dirname(entry.reversePath);
  if ((await deps.files.kind(adminDir)) !== 'directory') return;
  for (const key of ['commondir', 'configWorktree'] as const) {
    const path = join(adminDir, ADMIN_FILES[key]);
    const recorded = entry.admin[key];
    const expected = recorded === null ? null : decodeB64(recorded);
    const observed = await observe(deps, path);
    if (expected === null ? observed.kind === 'missing' : observed.kind === 'file' && sameBytes(observed.bytes, expected)) continue;
    let action: string;
    if (expected !== null) action = await putBack(deps, path, observed, expected);
    else if (observed.kind === 'directory') action = `moved aside to ${basename(await deps.files.moveAside(path))}`;
    else {
      await deps.files.removeFile(path);
      action = 'removed';
    }
    tampered.push(describeChange(path, observed, expected, action, key === 'configWorktree'));
  }
}

/**
 * Puts back everything a journal entry recorded: reverse pointer, forward pointer, admin files, the prune lock, temp
 * files; then removes the entry. Idempotent (what is already original is left alone), so a crash anywhere in here is
 * finished by the next run of it (`lwc recover`). Conflicts (only without `force`) keep the entry so nothing is forgotten.
 */
export async function repairJournalEntry(deps: WorktreeDeps, entry: GitdirJournalEntry, options: RepairOptions = {}): Promise<RepairOutcome> {
  const { onStep } = options;
  const force = options.force === true;
  const step = (name: Parameters<StepHook>[0]) => async (): Promise<void> => {
    await onStep?.(name);
  };
  const conflicts: string[] = [];
  const tampered: string[] = [];
  const reverse = await repairPointer(deps, entry.reversePath, entry.reversePath, decodeB64(entry.reverseOriginal), decodeB64(entry.reversePatched), dirname(entry.reversePath), force, tampered, {
    temp: step('reverse-restore-temp-written'),
    done: step('reverse-restored'),
  });
  if (reverse === 'conflict') conflicts.push(`${entry.reversePath} holds neither its original content nor LW Coder's patch`);
  const forward = await repairPointer(deps, entry.forwardPath, entry.forwardPath, decodeB64(entry.forwardOriginal), decodeB64(entry.forwardPatched), entry.worktreePath, force, tampered, {
    temp: step('forward-restore-temp-written'),
    done: step('forward-restored'),
  });
  if (forward === 'conflict') conflicts.push(`${entry.forwardPath} holds neither its original content nor LW Coder's patch`);
  if (force) await repairAdminFiles(deps, entry, tampered);
  await onStep?.('admin-restored');
  if (entry.lockOriginal === null && sameBytes(await deps.files.read(entry.lockPath), decodeB64(entry.lockPatched))) {
    await deps.files.removeFile(entry.lockPath);
    await onStep?.('lock-removed');
  }
  const adminDir = dirname(entry.reversePath);
  const temps = [entry.forwardPath, entry.reversePath, entry.lockPath, join(adminDir, ADMIN_FILES.commondir), join(adminDir, ADMIN_FILES.configWorktree)];
  for (const p of temps) await deps.files.removeFile(`${p}${TEMP_SUFFIX}`);
  if (conflicts.length === 0) {
    await deps.journal.remove(entry.id);
    await onStep?.('journal-removed');
  }
  return { id: entry.id, worktreePath: entry.worktreePath, forward, reverse, journalRemoved: conflicts.length === 0, conflicts, tampered };
}

/**
 * Whether a journal entry read from disk may be forced back: it fits the layout of the repository whose common dir is
 * `commonDir` (real path), and its admin dir really is there. A forged entry (the journal is in a folder a cloned
 * repository can ship) then can at most put a worktree's own pointers back.
 */
export async function trustedForRepair(deps: WorktreeDeps, entry: GitdirJournalEntry, commonDir: string): Promise<boolean> {
  if (entryLayoutProblem(entry, commonDir) !== undefined) return false;
  const adminDir = dirname(entry.reversePath);
  return (await deps.files.kind(adminDir)) === 'directory' && (await deps.files.realpath(adminDir)) === adminDir;
}
