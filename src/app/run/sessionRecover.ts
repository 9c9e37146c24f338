import { LABEL_MANAGED, LABEL_REPO, LABEL_WORKTREE } from '../../core/container/session';
import { isEngineError } from '../../core/container/errors';
import type { ContainerEngine } from '../../core/ports/containerEngine';
import type { ProcessPort } from '../../core/ports/worktreeState';

/**
 * Containers whose LW Coder process died (SIGKILL, a crashed window) keep running and keep writing to the worktree.
 * Every session container carries its owner's pid and host next to the plan and run labels, so `lwc recover` (and the
 * next run of the same plan) can tell a live session from a leftover and remove only the leftovers.
 */

export const LABEL_OWNER_PID = 'lw_coder.owner_pid';
export const LABEL_OWNER_HOST = 'lw_coder.owner_host';

export const ownerLabels = (proc: Pick<ProcessPort, 'pid' | 'hostname'>): Record<string, string> => ({
  [LABEL_OWNER_PID]: String(proc.pid),
  [LABEL_OWNER_HOST]: proc.hostname,
});

export interface ContainerRecoveryReport {
  /** Names (or ids) of the containers removed. */
  readonly removed: readonly string[];
  /** Containers left alone because their owner is alive, or lives on another host (then `force` removes them). */
  readonly skipped: readonly { readonly name: string; readonly why: string }[];
  /** Set when the engine could not be asked (not running, no permission): nothing was checked. */
  readonly engineUnavailable?: string;
}

export interface ContainerRecoveryOptions {
  readonly repoRoot: string;
  /** Only containers of this worktree (a run cleaning up before it starts); default every one of the repository. */
  readonly worktreePath?: string;
  /** Remove containers of other hosts and containers without an owner label too. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
}

/** Removes the repository's labelled session containers whose owner process is gone. Never throws for a missing engine. */
export async function recoverSessionContainers(engine: ContainerEngine, proc: ProcessPort, options: ContainerRecoveryOptions): Promise<ContainerRecoveryReport> {
  const labels: Record<string, string | undefined> = { [LABEL_MANAGED]: 'true', [LABEL_REPO]: options.repoRoot };
  if (options.worktreePath !== undefined) labels[LABEL_WORKTREE] = options.worktreePath;
  let containers;
  try {
    containers = await engine.listContainers({ labels }, { signal: options.signal });
  } catch (error) {
    if (isEngineError(error, 'not-running') || isEngineError(error, 'permission') || isEngineError(error, 'timeout')) {
      return { removed: [], skipped: [], engineUnavailable: error.message };
    }
    throw error;
  }
  const removed: string[] = [];
  const skipped: { name: string; why: string }[] = [];
  for (const c of containers) {
    const name = c.names[0] ?? c.id.slice(0, 12);
    const pid = Number(c.labels[LABEL_OWNER_PID]);
    const host = c.labels[LABEL_OWNER_HOST];
    if (host === undefined || !Number.isInteger(pid)) {
      // Not made by a session of ours (or by an older version): only a stopped one, or --force, is fair game.
      if (c.state === 'running' && !options.force) { skipped.push({ name, why: 'it has no owner label and is running (--force removes it)' }); continue; }
    } else if (host !== proc.hostname) {
      if (!options.force) { skipped.push({ name, why: `its owner runs on ${host} (--force removes it)` }); continue; }
    } else if (pid === proc.pid || proc.isAlive(pid)) {
      skipped.push({ name, why: `its owner process ${pid} is still running` });
      continue;
    }
    await engine.removeContainer(c.id, { force: true, signal: options.signal });
    removed.push(name);
  }
  return { removed, skipped };
}
