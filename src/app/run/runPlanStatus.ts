import { currentPlanStatus, writePlanFields } from './runPlanSteps';
import type { RunPlanDeps, RunPlanEvent } from './runPlanTypes';

/**
 * A plan's status over one run, so that it says what happened (issue 10, items 7 and 8):
 * - nothing is written until the agent's container has started: a run that failed or was cancelled before (image
 *   build, missing key, refused options, prompts) leaves the plan byte for byte as it was;
 * - at the start: `coding`, with git_sha, in one write;
 * - at the end, only while the plan is still `coding` (a status the user set by hand meanwhile is theirs):
 *   `implemented` when the agent succeeded and the worktree changed since the run started; the status from before
 *   the run when the agent exited cleanly (exit 0, not cancelled) without changing anything — nothing happened; and
 *   `coding` otherwise (cancelled, failed, timed out: the worktree may hold work worth a look).
 */
export interface PlanStatusTracker {
  /** Called when a container of the run started; writes `coding` (and git_sha) the first time only. */
  started(): Promise<void>;
  /** Whether started() wrote the status. */
  readonly hasStarted: boolean;
  /** Decides and writes the final status (the plan's current status when the run never started). */
  finish(ending: RunEnding): Promise<FinalStatus>;
}

/** The plan's status after a run, and how it came to be. */
export interface FinalStatus {
  readonly status: string;
  /**
   * implemented: the run's success; restored: back to the status from before the run; stays: still coding;
   * theirs: someone set the status while the agent ran, and it was kept; not-started: the agent never started.
   */
  readonly how: 'implemented' | 'restored' | 'stays' | 'theirs' | 'not-started';
}

export interface RunEnding {
  /** The agent did its job: interactive exit 0, or a headless run's accepted result. */
  readonly succeeded: boolean;
  /** The agent exited 0 on its own: not cancelled, not timed out. */
  readonly cleanExit: boolean;
  /** From worktreeChangedSince: undefined when git could not tell. */
  readonly worktreeChanged: boolean | undefined;
}

export function planStatusTracker(
  deps: Pick<RunPlanDeps, 'planFiles'>,
  plan: { readonly path: string; readonly planId: string; readonly gitSha: string },
  emit: (event: RunPlanEvent) => void,
): PlanStatusTracker {
  let previous: string | null = null;
  let starting: Promise<void> | undefined;
  let hasStarted = false;
  const tracker: PlanStatusTracker = {
    get hasStarted() {
      return hasStarted;
    },
    started() {
      starting ??= (async () => {
        previous = await writePlanFields(deps, plan.path, { status: 'coding', gitSha: plan.gitSha });
        hasStarted = true;
        emit({ type: 'plan-status', planId: plan.planId, from: previous, to: 'coding' });
      })();
      return starting;
    },
    async finish(ending) {
      if (starting) await starting.catch(() => undefined);
      let current: string | null;
      try {
        current = await currentPlanStatus(deps, plan.path);
      } catch (error) {
        // The plan file went away (or became unreadable) while the agent ran: nothing to update; the run is still recorded.
        emit({ type: 'warning', message: `Could not read ${plan.path} to update its status: ${error instanceof Error ? error.message : String(error)}` });
        return { status: 'unknown', how: 'theirs' };
      }
      if (!hasStarted) return { status: current ?? 'unknown', how: 'not-started' };
      if (current !== 'coding') return { status: current ?? 'unknown', how: 'theirs' };
      const next = ending.succeeded && ending.worktreeChanged === true
        ? 'implemented'
        : ending.cleanExit && ending.worktreeChanged === false && previous
          ? previous
          : 'coding';
      if (next !== current) {
        await writePlanFields(deps, plan.path, { status: next });
        emit({ type: 'plan-status', planId: plan.planId, from: current, to: next });
      }
      return { status: next, how: next === 'implemented' ? 'implemented' : next === 'coding' ? 'stays' : 'restored' };
    },
  };
  return tracker;
}

/**
 * The sentence that ends a session, for the CLI's stderr and the editor's notification: how the agent ended, whether
 * the worktree changed, and what that made of the plan — e.g. "droid exited without changing the worktree; add-login
 * returns to ready". A cancelled session says so and never reports the exit code the stopped container happened to give.
 */
export function sessionEndedMessage(e: {
  readonly agent: string;
  readonly planId: string;
  readonly exitCode: number;
  readonly cancelled: boolean;
  readonly worktreeChanged: boolean | undefined;
  readonly final: FinalStatus;
}): string {
  const unchanged = e.worktreeChanged === false ? ' without changing the worktree' : '';
  const session = e.cancelled
    ? `the session was cancelled and its container stopped${e.worktreeChanged === true ? ' (the worktree holds changes)' : e.worktreeChanged === false ? ' (the worktree is unchanged)' : ''}`
    : e.exitCode !== 0
      ? `${e.agent} exited with ${e.exitCode}${unchanged}`
      : e.worktreeChanged === true
        ? `${e.agent} finished and changed the worktree`
        : e.worktreeChanged === false
          ? `${e.agent} exited${unchanged}`
          : `${e.agent} exited, but whether it changed the worktree is unknown`;
  const { status, how } = e.final;
  const plan = how === 'implemented'
    ? `${e.planId} is implemented`
    : how === 'restored'
      ? `${e.planId} returns to ${status}`
      : how === 'theirs'
        ? `${e.planId} keeps the status ${status} it was given meanwhile`
        : `${e.planId} stays ${status}`;
  return `${session}; ${plan}`;
}
