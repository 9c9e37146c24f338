import { basename } from 'node:path';
import type { LeftoverSecretsResult, RunStorePort } from '../core/ports/runStore';
import type { ProcessPort } from '../core/ports/worktreeState';
import type { UseCaseOptions } from '../core/worktree/events';
import { parseTemporaryWorktreeReason } from './worktree/worktreeTemporary';
import { entryOwnerMayBeAlive } from './worktree/worktreeGitdir';
import { repairJournalEntry, trustedForRepair, type RepairOutcome } from './worktree/worktreeGitdirRestore';
import type { WorktreeDeps } from './worktree/worktreeDeps';

export interface RecoverReport {
  /** Journal entries repaired (or found already repaired); conflicts say what was left alone and why. */
  readonly repaired: readonly RepairOutcome[];
  /** Entries whose owner may still be running: left patched on purpose. */
  readonly skippedLive: readonly { readonly worktreePath: string; readonly pid: number; readonly hostname: string }[];
  /** Journal files that could not be parsed: kept, for a human to look at. */
  readonly unreadable: readonly string[];
  readonly tempFilesRemoved: number;
  /** Temporary authoring worktrees whose owner died, now removed. */
  readonly temporaryWorktreesRemoved: readonly string[];
}

/**
 * Repairs what crashed sessions left behind: gitdir pointers the journal says are patched, journal temp files, and
 * temporary worktrees whose owner died. Safe to run any time and twice (VS Code runs it on activation, `lwc recover` on
 * demand): entries of live sessions are left alone unless `force` says their owner is known to be gone.
 */
export async function recover(deps: WorktreeDeps, repoRoot: string, options: UseCaseOptions & { force?: boolean } = {}): Promise<RecoverReport> {
  const tempFilesRemoved = await deps.journal.removeTemps();
  const { entries, unreadable } = await deps.journal.list();
  const root = await deps.files.realpath(repoRoot);
  const commonDir = entries.length > 0 ? await deps.git.commonDir(root, options.signal) : '';
  const repaired: RepairOutcome[] = [];
  const skippedLive: { worktreePath: string; pid: number; hostname: string }[] = [];
  for (const entry of entries) {
    if (!options.force && entryOwnerMayBeAlive(deps, entry)) {
      skippedLive.push({ worktreePath: entry.worktreePath, pid: entry.pid, hostname: entry.hostname });
      continue;
    }
    // An entry that fits this repository's layout gets its files back whatever the crashed session left in them.
    const outcome = await repairJournalEntry(deps, entry, { force: await trustedForRepair(deps, entry, commonDir) });
    repaired.push(outcome);
    if (outcome.tampered.length > 0) options.onEvent?.({ type: 'gitdir-tampered', worktreePath: entry.worktreePath, changes: outcome.tampered });
    if (outcome.conflicts.length > 0) options.onEvent?.({ type: 'gitdir-conflict', worktreePath: entry.worktreePath, detail: outcome.conflicts.join('; ') });
    else options.onEvent?.({ type: 'gitdir-recovered', worktreePath: entry.worktreePath });
  }

  const temporaryWorktreesRemoved: string[] = [];
  for (const wt of await deps.git.listWorktrees(root, options.signal)) {
    const owner = parseTemporaryWorktreeReason(wt.locked);
    // Only directories we made (mkdtemp 'lwc-author-') are ever deleted recursively.
    if (!owner || !basename(wt.path).startsWith('lwc-author-')) continue;
    if ((owner.host === deps.process.hostname && deps.process.isAlive(owner.pid))) continue;
    if (owner.host !== deps.process.hostname && !options.force) continue;
    await deps.git.removeWorktree(root, wt.path, { force: true }, options.signal).catch(() => undefined);
    await deps.files.removeTree(wt.path);
    temporaryWorktreesRemoved.push(wt.path);
    options.onEvent?.({ type: 'worktree-removed', path: wt.path });
  }
  if (temporaryWorktreesRemoved.length > 0) await deps.git.prune(root, options.signal);
  return { repaired, skippedLive, unreadable, tempFilesRemoved, temporaryWorktreesRemoved };
}

/**
 * Removes the key files (droid's custom-model settings) of headless attempts whose process died before it could: they
 * hold the provider's key in the repository's run directory. Attempts of a live process on this host are left alone;
 * another host's only with `force` (its process cannot be checked from here), like the temporary worktrees above.
 */
export function removeLeftoverAgentSecrets(runs: RunStorePort, process: ProcessPort, options: { force?: boolean } = {}): Promise<LeftoverSecretsResult> {
  return runs.removeLeftoverSecrets((owner) => (owner.hostname === process.hostname ? process.isAlive(owner.pid) : !options.force));
}
