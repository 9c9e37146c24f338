import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import {
  buildJournalEntry,
  decidePointer,
  decodeB64,
  isContainerPointer,
  parseGitdirPointer,
  TEMP_SUFFIX,
  type GitdirJournalEntry,
  type StepHook,
} from '../core/worktree/gitdirPatch';
import { CONTAINER_REPO_GIT, CONTAINER_WORKSPACE } from '../core/worktree/layout';
import { JournalEntryExists } from '../core/ports/worktreeState';
import { throwIfAborted, WorktreeError } from '../core/worktree/errors';
import { raceAbort, type WorktreeDeps } from './worktreeDeps';

/** What the callback of `withPatchedGitdir` gets: the names a container needs to mount things where the patch points. */
export interface PatchedGitdir {
  readonly worktreePath: string;
  /** The worktree's admin dir name under `<common dir>/worktrees/`. */
  readonly name: string;
  /** The repository's common git dir on the host: mount it at `repoGitMount`. */
  readonly commonDir: string;
  readonly repoGitMount: typeof CONTAINER_REPO_GIT;
  /** Mount the worktree here. */
  readonly workspaceMount: typeof CONTAINER_WORKSPACE;
}

export interface PatchOptions {
  readonly signal?: AbortSignal;
  /** Called right after each named step; a test seam for crash points, also handy for trace logging. */
  readonly onStep?: StepHook;
}

export type PointerOutcome = 'restored' | 'already-original' | 'gone' | 'conflict';

export interface RepairOutcome {
  readonly id: string;
  readonly worktreePath: string;
  readonly forward: PointerOutcome;
  readonly reverse: PointerOutcome;
  /** Whether the journal entry was removed (only when nothing conflicted). */
  readonly journalRemoved: boolean;
  readonly conflicts: readonly string[];
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a).equals(Buffer.from(b));

async function repairPointer(
  deps: WorktreeDeps,
  path: string,
  originalB64: string,
  patchedB64: string,
  parentDir: string,
  steps: { temp?: () => Promise<void>; done?: () => Promise<void> },
): Promise<PointerOutcome> {
  const current = await deps.files.read(path);
  if (current === undefined && (await deps.files.kind(parentDir)) === 'missing') return 'gone';
  const decision = decidePointer(current, originalB64, patchedB64);
  if (decision !== 'restore') return decision;
  await deps.files.writeAtomic(path, decodeB64(originalB64), steps.temp);
  await steps.done?.();
  return 'restored';
}

/**
 * Puts back everything a journal entry recorded: reverse pointer, forward pointer, the prune lock, temp files; then
 * removes the entry. Idempotent (a pointer already original is left alone) and never overwrites bytes that are not
 * exactly our patch — those are reported as conflicts and the entry stays so nothing is forgotten.
 */
export async function repairJournalEntry(deps: WorktreeDeps, entry: GitdirJournalEntry, onStep?: StepHook): Promise<RepairOutcome> {
  const step = (name: Parameters<StepHook>[0]) => async (): Promise<void> => {
    await onStep?.(name);
  };
  const conflicts: string[] = [];
  const reverse = await repairPointer(deps, entry.reversePath, entry.reverseOriginal, entry.reversePatched, dirname(entry.reversePath), {
    temp: step('reverse-restore-temp-written'),
    done: step('reverse-restored'),
  });
  if (reverse === 'conflict') conflicts.push(`${entry.reversePath} holds neither its original content nor LW Coder's patch`);
  const forward = await repairPointer(deps, entry.forwardPath, entry.forwardOriginal, entry.forwardPatched, entry.worktreePath, {
    temp: step('forward-restore-temp-written'),
    done: step('forward-restored'),
  });
  if (forward === 'conflict') conflicts.push(`${entry.forwardPath} holds neither its original content nor LW Coder's patch`);
  if (entry.lockOriginal === null && sameBytes(await deps.files.read(entry.lockPath), decodeB64(entry.lockPatched))) {
    await deps.files.removeFile(entry.lockPath);
    await onStep?.('lock-removed');
  }
  for (const p of [entry.forwardPath, entry.reversePath, entry.lockPath]) await deps.files.removeFile(`${p}${TEMP_SUFFIX}`);
  if (conflicts.length === 0) {
    await deps.journal.remove(entry.id);
    await onStep?.('journal-removed');
  }
  return { id: entry.id, worktreePath: entry.worktreePath, forward, reverse, journalRemoved: conflicts.length === 0, conflicts };
}

/** Whether the process that wrote a journal entry may still be running (then its patch must be left alone). */
export function entryOwnerMayBeAlive(deps: WorktreeDeps, entry: GitdirJournalEntry): boolean {
  return entry.hostname !== deps.process.hostname || deps.process.isAlive(entry.pid);
}

async function clearStaleEntryFor(deps: WorktreeDeps, worktreePath: string): Promise<void> {
  const { entries } = await deps.journal.list();
  for (const entry of entries.filter((e) => e.worktreePath === worktreePath)) {
    if (entryOwnerMayBeAlive(deps, entry)) {
      throw new WorktreeError(
        'already-patched',
        `The worktree ${worktreePath} is already patched for a container by process ${entry.pid} on ${entry.hostname}.`,
        'Wait for that session to end. If it is not running any more, run `lwc recover --force`.',
      );
    }
    const outcome = await repairJournalEntry(deps, entry);
    if (outcome.conflicts.length > 0) {
      throw new WorktreeError('patch-conflict', `A crashed session left ${worktreePath} in a state LW Coder will not overwrite: ${outcome.conflicts.join('; ')}.`, `Check the files, then run \`git worktree repair ${worktreePath}\` and delete the journal entry in .lw_coder/state/gitdir-journal/${entry.id}.json.`);
    }
  }
}

/**
 * Runs `fn` while the worktree's pointers name container paths (`gitdir: /repo-git/worktrees/<name>` and
 * `/workspace/.git`). A journal entry holding the original bytes is committed before the first pointer changes;
 * both pointers are restored and the entry removed after `fn` succeeds, throws, or the signal aborts. If the process
 * dies in between, `recover` finishes the job.
 */
export async function withPatchedGitdir<T>(
  deps: WorktreeDeps,
  worktreePath: string,
  fn: (patched: PatchedGitdir, signal: AbortSignal | undefined) => Promise<T>,
  options: PatchOptions = {},
): Promise<T> {
  const { signal, onStep } = options;
  throwIfAborted(signal);
  const wt = await deps.files.realpath(worktreePath);
  await clearStaleEntryFor(deps, wt);
  const forwardPath = join(wt, '.git');
  const forwardOriginal = await deps.files.read(forwardPath);
  const pointer = forwardOriginal && parseGitdirPointer(Buffer.from(forwardOriginal).toString('utf8'));
  if (!forwardOriginal || !pointer) {
    throw new WorktreeError('not-a-worktree', `${wt} is not a linked git worktree (its .git is not a gitdir pointer file).`, 'Create it with `lwc worktree ensure <plan>`.');
  }
  if (isContainerPointer(Buffer.from(forwardOriginal).toString('utf8'))) {
    throw new WorktreeError('already-patched', `${forwardPath} already points into a container (${pointer}) but the journal has no record of it.`, `Run \`git worktree repair ${wt}\` from the main worktree to restore the pointer.`);
  }
  const adminDir = await deps.files.realpath(isAbsolute(pointer) ? pointer : resolve(wt, pointer));
  const commonDir = await deps.files.realpath(await deps.git.commonDir(wt, signal));
  if (dirname(adminDir) !== join(commonDir, 'worktrees')) {
    throw new WorktreeError('not-a-worktree', `${forwardPath} points at ${adminDir}, which is not under ${commonDir}/worktrees.`, `Run \`git worktree repair ${wt}\`.`);
  }
  const name = basename(adminDir);
  const reversePath = join(adminDir, 'gitdir');
  const lockPath = join(adminDir, 'locked');
  const reverseOriginal = await deps.files.read(reversePath);
  if (!reverseOriginal) {
    throw new WorktreeError('not-a-worktree', `${reversePath} is missing, so git does not know where ${wt} is.`, `Run \`git worktree repair ${wt}\`.`);
  }
  const entry = buildJournalEntry({
    name,
    worktreePath: wt,
    forwardPath,
    reversePath,
    lockPath,
    forwardOriginal,
    reverseOriginal,
    lockOriginal: await deps.files.read(lockPath),
    pid: deps.process.pid,
    hostname: deps.process.hostname,
    now: deps.process.now(),
  });
  try {
    await deps.journal.create(entry, async () => onStep?.('journal-temp-written'));
  } catch (error) {
    if (error instanceof JournalEntryExists) {
      throw new WorktreeError('already-patched', `Another session started patching ${wt} at the same moment.`, 'Wait for it to finish, then try again.');
    }
    throw error;
  }
  await onStep?.('journal-committed');

  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    // The lock keeps `git worktree prune` on the host from deleting the registration while its reverse pointer names a
    // path that only exists inside the container. A lock the user set is left as it is.
    if (entry.lockOriginal === null) {
      await deps.files.writeAtomic(lockPath, decodeB64(entry.lockPatched), async () => onStep?.('lock-temp-written'));
      await onStep?.('lock-written');
    }
    await deps.files.writeAtomic(forwardPath, decodeB64(entry.forwardPatched), async () => onStep?.('forward-temp-written'));
    await onStep?.('forward-patched');
    await deps.files.writeAtomic(reversePath, decodeB64(entry.reversePatched), async () => onStep?.('reverse-temp-written'));
    await onStep?.('reverse-patched');
    throwIfAborted(signal);
    await onStep?.('session-running');
    const patched: PatchedGitdir = { worktreePath: wt, name, commonDir, repoGitMount: CONTAINER_REPO_GIT, workspaceMount: CONTAINER_WORKSPACE };
    outcome = { ok: true, value: await raceAbort(fn(patched, signal), signal) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const repaired = await repairJournalEntry(deps, entry, onStep).catch((error: unknown) => error);
  if (repaired instanceof Error || (repaired as RepairOutcome).conflicts.length > 0) {
    const detail = repaired instanceof Error ? repaired.message : (repaired as RepairOutcome).conflicts.join('; ');
    throw new WorktreeError('restore-failed', `Could not restore the git pointers of ${wt}: ${detail}.`, 'The journal still records the originals: run `lwc recover` (VS Code does it on start).', );
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
