import { basename, isAbsolute, join, resolve } from 'node:path';
import { ADMIN_FILES, buildJournalEntry, decodeB64, isContainerPointer, parseGitdirPointer, type GitdirJournalEntry, type StepHook } from '../../core/worktree/gitdirPatch';
import type { WorktreeEventSink } from '../../core/worktree/events';
import { CONTAINER_REPO_GIT, CONTAINER_WORKSPACE } from '../../core/worktree/layout';
import { JournalEntryExists } from '../../core/ports/worktreeState';
import { throwIfAborted, WorktreeError } from '../../core/worktree/errors';
import { raceAbort, type WorktreeDeps } from './worktreeDeps';
import { commonDirSurface, surfaceChanges } from './worktreeGitSurface';
import { repairJournalEntry, trustedForRepair, type RepairOutcome } from './worktreeGitdirRestore';

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
  /** Gets a `gitdir-tampered` warning when the session changed the worktree's git plumbing (put back before it is sent). */
  readonly onEvent?: WorktreeEventSink;
}

/** Whether the process that wrote a journal entry may still be running (then its patch must be left alone). */
export function entryOwnerMayBeAlive(deps: WorktreeDeps, entry: GitdirJournalEntry): boolean {
  return entry.hostname !== deps.process.hostname || deps.process.isAlive(entry.pid);
}

async function clearStaleEntryFor(deps: WorktreeDeps, worktreePath: string, commonDir: string, onEvent: WorktreeEventSink | undefined): Promise<void> {
  const { entries } = await deps.journal.list();
  for (const entry of entries.filter((e) => e.worktreePath === worktreePath)) {
    if (entryOwnerMayBeAlive(deps, entry)) {
      throw new WorktreeError(
        'already-patched',
        `The worktree ${worktreePath} is already patched for a container by process ${entry.pid} on ${entry.hostname}.`,
        'Wait for that session to end. If it is not running any more, run `lwc recover --force`.',
      );
    }
    const outcome = await repairJournalEntry(deps, entry, { force: await trustedForRepair(deps, entry, commonDir) });
    if (outcome.tampered.length > 0) onEvent?.({ type: 'gitdir-tampered', worktreePath, changes: outcome.tampered });
    if (outcome.conflicts.length > 0) {
      throw new WorktreeError('patch-conflict', `A crashed session left ${worktreePath} in a state LW Coder will not overwrite: ${outcome.conflicts.join('; ')}.`, `Check the files, then run \`git worktree repair ${worktreePath}\` and delete the journal entry in .lw_coder/state/gitdir-journal/${entry.id}.json.`);
    }
  }
}

/**
 * Runs `fn` while the worktree's pointers name container paths (`gitdir: /repo-git/worktrees/<name>` and
 * `/workspace/.git`). A journal entry holding the original bytes (and the admin dir's `commondir` and `config.worktree`)
 * is committed before the first pointer changes. After `fn` succeeds, throws, or the signal aborts, every one of those
 * files gets LW Coder's bytes back whatever the session left there (the worktree, `.git` included, was the agent's to
 * write), each change is reported as a `gitdir-tampered` warning, `.git` is checked once more, and the entry is removed.
 * If the process dies in between, `recover` finishes the job. Every container session goes through here: interactive
 * runs, headless attempts, plan authoring.
 */
export async function withPatchedGitdir<T>(
  deps: WorktreeDeps,
  worktreePath: string,
  fn: (patched: PatchedGitdir, signal: AbortSignal | undefined) => Promise<T>,
  options: PatchOptions = {},
): Promise<T> {
  const { signal, onStep, onEvent } = options;
  throwIfAborted(signal);
  const wt = await deps.files.realpath(worktreePath);
  await clearStaleEntryFor(deps, wt, await deps.git.commonDir(wt, signal), onEvent);
  // The admin dir comes from the repository's records (its registration names this worktree), not from `.git`.
  const location = await deps.git.locateWorktree(wt, signal);
  if (!location || location.workTree !== wt || location.gitDir === location.commonDir) {
    throw new WorktreeError('not-a-worktree', `${wt} is not a linked worktree registered in this repository.`, 'Create it with `lwc worktree ensure <plan>`.');
  }
  const { commonDir, gitDir: adminDir } = location;
  const forwardPath = join(wt, '.git');
  const forwardOriginal = (await deps.files.kind(forwardPath)) === 'file' ? await deps.files.read(forwardPath) : undefined;
  const pointer = forwardOriginal && parseGitdirPointer(Buffer.from(forwardOriginal).toString('utf8'));
  if (!forwardOriginal || !pointer) {
    throw new WorktreeError('not-a-worktree', `${wt} is not a linked git worktree (its .git is not a gitdir pointer file).`, 'Run `lwc worktree ensure <plan>`: it repairs the pointer.');
  }
  if (isContainerPointer(Buffer.from(forwardOriginal).toString('utf8'))) {
    throw new WorktreeError('already-patched', `${forwardPath} already points into a container (${pointer}) but the journal has no record of it.`, `Run \`lwc worktree ensure <plan>\` (or \`git worktree repair ${wt}\` from the main worktree) to restore the pointer.`);
  }
  if ((await deps.files.realpath(isAbsolute(pointer) ? pointer : resolve(wt, pointer))) !== adminDir) {
    throw new WorktreeError('not-a-worktree', `${forwardPath} points at ${pointer}, not at its registration ${adminDir}.`, 'Run `lwc worktree ensure <plan>`: it repairs the pointer.');
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
    commondir: await deps.files.read(join(adminDir, ADMIN_FILES.commondir)),
    configWorktree: await deps.files.read(join(adminDir, ADMIN_FILES.configWorktree)),
  });
  const surfaceBefore = await commonDirSurface(deps, commonDir);
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
  // The session had the worktree (and its `.git`) to write: everything is put back whatever it holds now.
  const repaired = await repairJournalEntry(deps, entry, { onStep, force: true }).catch((error: unknown) => error);
  if (repaired instanceof Error || (repaired as RepairOutcome).conflicts.length > 0) {
    const detail = repaired instanceof Error ? repaired.message : (repaired as RepairOutcome).conflicts.join('; ');
    throw new WorktreeError('restore-failed', `Could not restore the git pointers of ${wt}: ${detail}.`, 'The journal still records the originals: run `lwc recover` (VS Code does it on start).', );
  }
  const changes = [...(repaired as RepairOutcome).tampered, ...surfaceChanges(surfaceBefore, await commonDirSurface(deps, commonDir), commonDir)];
  if (changes.length > 0) {
    deps.logger?.warn(`the session changed git files of ${wt}: ${changes.join('; ')}`);
    onEvent?.({ type: 'gitdir-tampered', worktreePath: wt, changes });
  }
  if ((repaired as RepairOutcome).forward !== 'gone') await verifyRestored(deps, entry);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The last word after a restore: `.git` is a regular file with exactly the bytes LW Coder recorded. */
async function verifyRestored(deps: WorktreeDeps, entry: GitdirJournalEntry): Promise<void> {
  const kind = await deps.files.kind(entry.forwardPath);
  const bytes = kind === 'file' ? await deps.files.read(entry.forwardPath) : undefined;
  if (!bytes || !Buffer.from(bytes).equals(Buffer.from(decodeB64(entry.forwardOriginal)))) {
    throw new WorktreeError('restore-failed', `${entry.forwardPath} is not LW Coder's pointer after the restore (something is still writing it).`, 'Stop whatever writes the worktree (`lwc recover` removes leftover containers), then run `lwc worktree ensure <plan>`.');
  }
}
