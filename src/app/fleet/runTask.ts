import type { SupervisorWorker } from '../../core/fleet/supervisorState';
import type { QueueTask } from '../../core/queue/types';
import { resolvePlanArgument } from '../plans';
import { runHeadless } from '../run/runHeadless';
import type { HeadlessEvent } from '../run/runHeadlessTypes';
import { SessionRunningError } from '../run/sessionClaim';
import { keepLease } from './leaseKeeper';
import type { SupervisorPublisher } from './publisher';
import { completeTask, failTask, releaseTask } from './queue';
import type { FleetDeps, FleetEvent, FleetTaskReport, FleetUpOptions } from './types';

export interface WorkerContext {
  readonly deps: FleetDeps;
  readonly options: FleetUpOptions;
  /** The repository's real root. */
  readonly root: string;
  /** Short name (`w1`) and the name it claims under (core/fleet/workerId.ts). */
  readonly name: string;
  readonly id: string;
  readonly publisher: SupervisorPublisher;
  /** Aborted when the supervisor stops; the reason is `stopReason()`. */
  readonly stopping: AbortSignal;
  readonly stopReason: () => string;
  readonly emit: (event: FleetEvent) => void;
  /**
   * Called when a stop cancelled the run, after the run has ended (container removed, pointers restored) and before
   * the task is released, while the lease is still renewed: what a stop of this worker alone does with its work
   * (supervisor.ts). `base` is the plan's git_sha once the plan was read.
   */
  readonly beforeRelease?: (planId: string, base: string | undefined) => Promise<void>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * One claimed task, start to end: the plan is loaded and run headless (issue 6's runner: same hardening, result schema
 * and run directory) on its worktree with the lease renewed meanwhile; a success is committed on the plan's branch (the
 * agent's container cannot write the repository's git dir) and completes the task; a failed run fails it with the
 * run's reasons; a stop (or a lost lease) cancels the run — container removed, pointers restored — and the task goes
 * back to the queue. Never throws: every ending is a report.
 */
export async function runClaimedTask(ctx: WorkerContext, task: QueueTask): Promise<FleetTaskReport> {
  const { deps, options, root, name, id, publisher } = ctx;
  const { planId } = task;
  const queue = deps.queue;
  const leaseMs = options.leaseMs;
  publisher.updateWorker(name, (w) => ({ name: w.name, id: w.id, state: 'preparing', planId, startedAt: new Date(deps.queue.now()).toISOString(), ...lastRunOf(w) }));
  ctx.emit({ type: 'claimed', worker: name, planId });

  const run = new AbortController();
  let lost: string | undefined;
  const onStop = (): void => run.abort();
  if (ctx.stopping.aborted) run.abort();
  else ctx.stopping.addEventListener('abort', onStop, { once: true });
  const keeper = keepLease(queue, { planId, worker: id, leaseMs }, {
    onLost: (reason) => {
      lost = reason;
      ctx.emit({ type: 'warning', message: `${name} lost its claim on ${planId} (${reason}); stopping its run` });
      run.abort();
    },
    onError: (error) => ctx.emit({ type: 'warning', message: `${name} could not renew its lease on ${planId}: ${message(error)}` }),
  });

  let runDir: string | undefined;
  let base: string | undefined;
  const settle = async (outcome: FleetTaskReport['outcome'], reason: string | undefined, commit?: string, stopped = false): Promise<FleetTaskReport> => {
    if (stopped && lost === undefined && ctx.beforeRelease) {
      try {
        await ctx.beforeRelease(planId, base);
      } catch (error) {
        ctx.emit({ type: 'warning', message: `${name} could not save the work of ${planId}: ${message(error)}` });
      }
    }
    await keeper.stop();
    try {
      if (lost !== undefined) {
        // Not ours any more: whoever holds it now decides.
        outcome = 'released';
        reason = `claim lost: ${lost}`;
      } else if (outcome === 'done') await completeTask(queue, planId, { worker: id, ...(reason ? { reason } : {}) });
      else if (outcome === 'failed') await failTask(queue, planId, { worker: id, reason: reason ?? 'the run failed' });
      else await releaseTask(queue, planId, { worker: id, ...(reason ? { reason } : {}) });
    } catch (error) {
      ctx.emit({ type: 'warning', message: `${name} could not record ${outcome} for ${planId}: ${message(error)}` });
    }
    ctx.emit({ type: 'finished', worker: name, planId, outcome, ...(reason ? { reason } : {}), ...(runDir ? { runDir } : {}) });
    return { planId, worker: name, outcome, ...(reason ? { reason } : {}), ...(runDir ? { runDir } : {}), ...(commit ? { commit } : {}) };
  };

  try {
    const plan = await resolvePlanArgument(planId, root, root, { files: deps.run.planFiles, git: deps.planGit, repoRoot: root }, run.signal);
    publisher.updateWorker(name, (w) => ({ ...w, plan: plan.relativePath }));
    base = plan.validated.fields.gitSha ?? undefined;
    const onEvent = (event: HeadlessEvent): void => {
      if (event.type === 'run-dir') {
        runDir = event.runDir;
        publisher.updateWorker(name, (w) => ({ ...w, runDir: event.runDir, branch: planId }));
      } else if (event.type === 'container' && event.event.type === 'container-started') {
        const container = event.event.name;
        publisher.updateWorker(name, (w) => ({ ...w, state: 'running', container }));
      } else if (event.type === 'container' && event.event.type === 'container-removed') {
        publisher.updateWorker(name, (w) => ({ name: w.name, id: w.id, state: 'finishing', ...(w.planId ? { planId: w.planId } : {}), ...(w.plan ? { plan: w.plan } : {}), ...(w.branch ? { branch: w.branch } : {}), ...(w.runDir ? { runDir: w.runDir } : {}), ...(w.startedAt ? { startedAt: w.startedAt } : {}) }));
      }
      ctx.emit({ type: 'run', worker: name, planId, event });
    };
    const result = await runHeadless(deps.run, {
      ...options.run,
      repoRoot: root,
      plan,
      ...(options.agent ? { agent: options.agent } : {}),
      signal: run.signal,
      onEvent,
      owner: 'fleet',
    });
    runDir = result.runDir;
    const o = result.outcome;
    if (o.ok) {
      publisher.updateWorker(name, (w) => ({ ...w, state: 'finishing' }));
      const summary = o.result.implementation_summary;
      let sha: string | undefined;
      try {
        sha = await deps.run.worktree.git.commitWorktree(result.worktreePath, o.result.commit_message?.trim() || `${planId}: ${summary}`);
      } catch (error) {
        return await settle('failed', `${options.agent ?? o.agent} succeeded, but its change could not be committed on branch ${planId}: ${message(error)} (the change is still in ${result.worktreePath})`);
      }
      if (sha) ctx.emit({ type: 'committed', worker: name, planId, sha });
      return await settle('done', summary, sha);
    }
    if (o.kind === 'cancelled') return await settle('released', `stopped: ${ctx.stopReason()}`, undefined, true);
    return await settle('failed', o.reasons.join('; '));
  } catch (error) {
    if (run.signal.aborted) return await settle('released', `stopped before the agent ran: ${ctx.stopReason()}`, undefined, true);
    // The plan runs elsewhere (lwc code, the editor): not a failure of the task; it waits in the queue.
    if (error instanceof SessionRunningError) return await settle('released', error.message);
    return await settle('failed', message(error));
  } finally {
    ctx.stopping.removeEventListener('abort', onStop);
    publisher.updateWorker(name, (w) => ({ name: w.name, id: w.id, state: ctx.stopping.aborted ? 'stopped' : 'idle', ...lastRunOf(w) }));
  }
}

/** The run a worker leaves behind when it moves on (supervisorState.ts `lastRunDir`). */
export function lastRunOf(w: SupervisorWorker): { lastRunDir?: string } {
  const last = w.runDir ?? w.lastRunDir;
  return last ? { lastRunDir: last } : {};
}
