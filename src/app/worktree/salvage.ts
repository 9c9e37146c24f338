import { join } from 'node:path';
import { WorktreeError, throwIfAborted } from '../../core/worktree/errors';
import type { UseCaseOptions } from '../../core/worktree/events';
import { planWorktreePath, SALVAGE_REF_PREFIX, stateDirOf } from '../../core/worktree/layout';
import { parsePorcelainV2 } from '../../core/worktree/status';
import { parseSalvageMessage, parseSalvageRef, salvageMessage, salvageRefName, salvageTimestamp, type SalvageRecord } from '../../core/worktree/salvage';
import type { WorktreeDeps } from './worktreeDeps';

export interface SalvageRequest {
  readonly repoRoot: string;
  readonly planId: string;
  /** Defaults to the plan's worktree. */
  readonly worktreePath?: string;
  /** The plan's git_sha: commits beyond it are "unpushed work" worth keeping. */
  readonly base?: string;
  /** Why we salvage ('remove', 'abandon', 'teardown', 'manual'); recorded in the commit message. */
  readonly reason: string;
  /** Snapshot even when nothing is uncommitted and HEAD is at the base. */
  readonly always?: boolean;
}

export type SalvageOutcome =
  | { readonly kind: 'saved'; readonly record: SalvageRecord }
  | { readonly kind: 'nothing-to-save'; readonly why: string };

const MAX_ATTEMPTS = 1000;

/**
 * Snapshots a worktree into `refs/lw-coder/salvage/<plan_id>/<timestamp>`: a commit whose tree is the worktree as on
 * disk (untracked-not-ignored files, deletions and modes included) and whose parent is HEAD (so unpushed commits stay
 * reachable). Built through a temporary index: the user's index and files are never touched. Throws on any failure —
 * callers about to destroy something must stop then.
 */
export async function salvageWorktree(deps: WorktreeDeps, req: SalvageRequest, options: UseCaseOptions = {}): Promise<SalvageOutcome> {
  const { signal, onEvent } = options;
  const root = await deps.files.realpath(req.repoRoot);
  const path = req.worktreePath ?? planWorktreePath(root, req.planId);
  try {
    const counts = parsePorcelainV2(await deps.git.statusPorcelain(path, signal));
    const dirty = counts.staged + counts.unstaged + counts.untracked + counts.conflicted > 0;
    const ahead = req.base && counts.head && counts.head !== req.base ? await deps.git.countAhead(root, req.base, counts.head, signal) : 0;
    if (!dirty && ahead === 0 && !req.always) {
      const why = 'no uncommitted changes, no untracked files and no commits beyond the base';
      onEvent?.({ type: 'salvage-skipped', planId: req.planId, why });
      return { kind: 'nothing-to-save', why };
    }
    const snapshot = await deps.git.snapshotTree(path, signal);
    const time = deps.process.now();
    const message = salvageMessage({ planId: req.planId, branch: counts.branch, base: req.base, head: snapshot.head, worktreePath: path, reason: req.reason, time: time.toISOString() });
    const sha = await deps.git.commitTree(root, snapshot.tree, snapshot.head ? [snapshot.head] : [], message, signal);
    const timestamp = salvageTimestamp(time);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      throwIfAborted(signal);
      const ref = salvageRefName(req.planId, timestamp, attempt);
      if (await deps.git.createRef(root, ref, sha, signal)) {
        const record = toRecord(ref, sha, message)!;
        onEvent?.({ type: 'salvage-created', planId: req.planId, ref });
        return { kind: 'saved', record };
      }
    }
    throw new Error(`${MAX_ATTEMPTS} salvage refs already exist for ${req.planId} at ${timestamp}`);
  } catch (error) {
    if (signal?.aborted || error instanceof WorktreeError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new WorktreeError('salvage-failed', `Could not salvage the work in ${path}: ${detail}.`, 'Nothing was removed. Fix the cause above (or commit and push the work yourself) and try again.');
  }
}

function toRecord(ref: string, sha: string, message: string): SalvageRecord | undefined {
  const parsed = parseSalvageRef(ref);
  if (!parsed) return undefined;
  return { ref, sha, ...parsed, ...parseSalvageMessage(message), planId: parsed.planId };
}

/** Every salvage ref, newest first; `planId` narrows to one plan. */
export async function listSalvage(deps: WorktreeDeps, repoRoot: string, options: UseCaseOptions & { planId?: string } = {}): Promise<SalvageRecord[]> {
  const prefix = options.planId ? `${SALVAGE_REF_PREFIX}${options.planId}/` : SALVAGE_REF_PREFIX;
  const refs = await deps.git.listRefs(repoRoot, prefix, options.signal);
  return refs
    .map((r) => toRecord(r.ref, r.sha, r.message))
    .filter((r): r is SalvageRecord => r !== undefined)
    .sort((a, b) => (a.timestamp === b.timestamp ? a.planId.localeCompare(b.planId) : a.timestamp < b.timestamp ? 1 : -1));
}

/** Accepts a full ref, `<plan_id>/<timestamp>`, or a plan_id (its newest salvage). */
export async function findSalvage(deps: WorktreeDeps, repoRoot: string, name: string, signal?: AbortSignal): Promise<SalvageRecord> {
  const all = await listSalvage(deps, repoRoot, { signal });
  const found = all.find((r) => r.ref === name || `${r.planId}/${r.timestamp}` === name) ?? all.find((r) => r.planId === name);
  if (!found) {
    throw new WorktreeError('salvage-not-found', `No salvage ref matches '${name}'.`, 'List them with `lwc salvage list`, and pass a ref from there.');
  }
  return found;
}

export interface RestoredSalvage {
  readonly record: SalvageRecord;
  readonly dir: string;
}

/** Where a restore goes when no directory is given: inside the git-ignored state folder, never over existing files. */
export const defaultRestoreDir = (repoRoot: string, record: SalvageRecord): string => join(stateDirOf(repoRoot), 'restored', record.planId, record.timestamp);

/**
 * Writes a salvage's files into `toDir` (which must be missing or empty) byte for byte. The salvaged commits are in
 * the record's `head`: `git branch <name> <head>` brings them back as a branch.
 */
export async function restoreSalvage(deps: WorktreeDeps, repoRoot: string, name: string, toDir: string | undefined, options: UseCaseOptions = {}): Promise<RestoredSalvage> {
  const root = await deps.files.realpath(repoRoot);
  const record = await findSalvage(deps, root, name, options.signal);
  const dir = toDir ?? defaultRestoreDir(root, record);
  const kind = await deps.files.kind(dir);
  if (kind === 'missing') await deps.files.makeDirectory(dir);
  else if (kind !== 'directory' || !(await deps.files.isEmptyDirectory(dir))) {
    throw new WorktreeError('restore-target-not-empty', `${dir} already exists and is not an empty directory; restoring there could overwrite files.`, 'Pass a new directory with --to DIR.');
  }
  await deps.git.exportTree(root, record.sha, dir, options.signal);
  return { record, dir };
}
