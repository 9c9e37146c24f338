import type { LockHolder } from '../../core/ports/worktreeState';
import type { WorktreeDeps } from '../worktree/worktreeDeps';

/**
 * One agent session per plan, across processes (the extension host of any window, `lwc code` in a terminal). A run
 * claims its plan before anything changes and holds the claim until its outcome is recorded, so a second run of the
 * same plan is refused at once — instead of writing a run directory and building images only to find the worktree
 * patched by someone else. The claim is a lock file naming the holder's pid, so a crashed holder's claim is taken over.
 * The container labels and the gitdir journal only appear once a session's container is being started; the claim
 * covers the whole run, preparation included.
 */

/** Who runs a session, for the refusal's wording: `lwc code`, VS Code, or a fleet worker of `lwc up`. */
export type SessionOwner = 'cli' | 'editor' | 'fleet';

export class SessionRunningError extends Error {
  override readonly name = 'SessionRunningError';
  readonly code = 'session-running';
  constructor(
    readonly planId: string,
    readonly holder: LockHolder & { readonly owner?: SessionOwner },
    /** The holder is this very process (e.g. the same VS Code window): the caller can show that session instead. */
    readonly thisProcess: boolean,
  ) {
    super(`${planId} is already running (${describeHolder(holder, thisProcess)}). One session per plan: wait for that one to end, or stop it where it runs.`);
  }
}

const lockName = (planId: string): string => `session-${planId}`;

function ownerOf(tag: string | undefined): SessionOwner | undefined {
  return tag === 'cli' || tag === 'editor' || tag === 'fleet' ? tag : undefined;
}

function describeHolder(holder: LockHolder & { owner?: SessionOwner }, thisProcess: boolean): string {
  if (thisProcess) return 'in this process';
  const where = holder.owner === 'cli' ? 'lwc code' : holder.owner === 'editor' ? 'VS Code' : holder.owner === 'fleet' ? 'a worker of lwc up' : 'LW Coder';
  return holder.pid > 0 ? `${where}, process ${holder.pid} on ${holder.hostname}` : `${where}, unknown process`;
}

/** The live session of `planId`, if any, without claiming anything. */
export async function runningSession(deps: WorktreeDeps, planId: string): Promise<SessionRunningError | undefined> {
  const holder = await deps.locks.holder(lockName(planId));
  if (!holder) return undefined;
  return new SessionRunningError(planId, { ...holder, ...optionalOwner(holder.tag) }, isThisProcess(deps, holder));
}

/** Claims `planId` for this process, or throws SessionRunningError naming who has it. Returns the release. */
export async function claimPlanSession(deps: WorktreeDeps, planId: string, owner: SessionOwner | undefined): Promise<() => Promise<void>> {
  const got = await deps.locks.tryAcquire(lockName(planId), owner);
  if ('release' in got) return got.release;
  throw new SessionRunningError(planId, { ...got.holder, ...optionalOwner(got.holder.tag) }, isThisProcess(deps, got.holder));
}

function optionalOwner(tag: string | undefined): { owner?: SessionOwner } {
  const owner = ownerOf(tag);
  return owner ? { owner } : {};
}

function isThisProcess(deps: WorktreeDeps, holder: LockHolder): boolean {
  return holder.pid === deps.process.pid && holder.hostname === deps.process.hostname;
}
