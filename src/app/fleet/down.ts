import { LABEL_PLAN_ID } from '../../core/container/session';
import { salvageTimestamp } from '../../core/worktree/salvage';
import { recover } from '../recover';
import type { DownInspection } from './downInspect';
import { releaseDeadFleetTasks } from './recoverFleet';
import { listTasks, releaseTask } from './queue';
import { FleetError, type FleetDeps } from './types';
import { settleWorktreeWork, type WorktreeWorkOutcome } from './worktreeWork';

/** Snapshot images of `down --save`: `lw_coder_snapshot:<plan_id>-<timestamp>`. */
export const SNAPSHOT_REPOSITORY = 'lw_coder_snapshot';
export const LABEL_SNAPSHOT_OF = 'lw_coder.snapshot_of';

export interface FleetDownChoices {
  /** What happens to uncommitted work: saved under refs/lw-coder/salvage/… or left unsaved. */
  readonly work: 'salvage' | 'discard';
  readonly save: boolean;
  readonly destroy: boolean;
  /** How long to wait for a live supervisor to stop its workers. Default 120 s. */
  readonly stopTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
  /** Who asks, as the supervisor's log and the released tasks' reason name it. Default `lwc down`. */
  readonly requestedBy?: string;
}

export interface DownWorktreeOutcome extends WorktreeWorkOutcome {
  readonly removed: boolean;
}

export interface FleetDownReport {
  readonly supervisor: 'stopped' | 'was-stale' | 'none';
  readonly snapshots: readonly { readonly planId: string; readonly image: string; readonly container: string }[];
  readonly worktrees: readonly DownWorktreeOutcome[];
  readonly releasedTasks: readonly string[];
  readonly removedContainers: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * `lwc down` (issue 12 item 6), after the CLI asked its questions from `inspection`: snapshots the workers' running
 * containers (`save`), stops the supervisor (its workers cancel their runs: containers removed, pointers restored,
 * tasks released) or, when it died, stops its leftover containers and restores their pointers; then saves each
 * worktree's uncommitted work under a salvage ref (or leaves it unsaved on `discard`), removes the containers left,
 * releases every claimed task, and with `destroy` removes the unfinished tasks' worktrees (branches stay). A salvage
 * that fails stops everything before any removal: no worktree or container goes whose work was not salvaged,
 * discarded by the user, or already on a branch.
 */
export async function fleetDown(deps: FleetDeps, inspection: DownInspection, choices: FleetDownChoices): Promise<FleetDownReport> {
  const { root, liveness } = inspection;
  const wt = deps.run.worktree;
  const engine = deps.run.engine;
  const say = (text: string): void => choices.onProgress?.(text);
  const callOptions = choices.signal ? { signal: choices.signal } : {};

  // 1. Snapshots first: stopping the supervisor removes its containers.
  const snapshots: FleetDownReport['snapshots'][number][] = [];
  if (choices.save) {
    const stamp = salvageTimestamp(wt.process.now());
    for (const c of inspection.containers.filter((x) => x.state === 'running')) {
      const planId = c.labels[LABEL_PLAN_ID]!;
      const tag = `${planId}-${stamp}`;
      const name = c.names[0] ?? c.id.slice(0, 12);
      await engine.commitContainer(c.id, { repo: SNAPSHOT_REPOSITORY, tag, comment: `lwc down --save: ${name}, plan ${planId}`, changes: [`LABEL ${LABEL_SNAPSHOT_OF}=${planId}`] }, callOptions);
      snapshots.push({ planId, image: `${SNAPSHOT_REPOSITORY}:${tag}`, container: name });
      say(`saved container ${name} as ${SNAPSHOT_REPOSITORY}:${tag}`);
    }
  }

  // 2. The supervisor stops its workers, or its leftovers are stopped for it.
  let supervisor: FleetDownReport['supervisor'] = 'none';
  if (liveness.kind === 'alive') {
    await stopSupervisor(deps, choices);
    supervisor = 'stopped';
    say(`the supervisor (process ${liveness.state.pid}) stopped its workers`);
  } else if (liveness.kind === 'stale') supervisor = 'was-stale';
  // Whatever still runs of these plans (a dead supervisor's agents) is stopped before its work is read: a salvage of
  // files an agent is still writing would be a lie. Removal waits until the work is safe.
  for (const c of inspection.containers) {
    const still = await engine.inspectContainer(c.id, callOptions).catch(() => undefined);
    if (still?.running) await engine.stopContainer(c.id, { ...callOptions, graceSeconds: 5 });
  }
  await recover(wt, root, callOptions);

  // 3. The work in each worktree, read again now that nothing writes it.
  const outcomes: DownWorktreeOutcome[] = [];
  for (const w of inspection.worktrees) {
    // Throws when a salvage fails: nothing below runs, nothing is removed.
    const o = await settleWorktreeWork(wt, { root, planId: w.planId, path: w.path, ...(w.base ? { base: w.base } : {}), work: choices.work }, choices.signal);
    outcomes.push({ ...o, removed: false });
    if (o.ref) say(`saved the work of ${w.planId} to ${o.ref}`);
  }

  // 4. Containers left (a dead supervisor's, exited ones): their work is safe now.
  const removedContainers: string[] = [];
  for (const c of inspection.containers) {
    if (await engine.removeContainer(c.id, { ...callOptions, force: true }).catch(() => false)) removedContainers.push(c.names[0] ?? c.id.slice(0, 12));
  }

  // 5. Every claimed task back to the queue (a dead supervisor's at once; the stopped supervisor released its own).
  const releasedTasks = [...(await releaseDeadFleetTasks(deps, wt.process, 'lwc down')).releasedTasks];
  for (const task of (await listTasks(deps.queue)).tasks) {
    if (task.state !== 'claimed') continue;
    try {
      await releaseTask(deps.queue, task.planId, { worker: 'lwc down', reason: 'lwc down', force: true });
      releasedTasks.push(task.planId);
    } catch (error) {
      say(`could not release ${task.planId}: ${message(error)}`);
    }
  }

  // 6. --destroy: unfinished tasks' worktrees whose work is salvaged, discarded or clean (branches and commits stay).
  const unfinished = new Set(inspection.unfinishedTasks);
  const final: DownWorktreeOutcome[] = [];
  for (const o of outcomes) {
    if (!choices.destroy || !unfinished.has(o.planId) || o.work === 'missing') {
      final.push(o);
      continue;
    }
    await wt.git.removeWorktree(root, o.path, { force: true }, choices.signal);
    say(`removed worktree ${o.path} (branch ${o.planId} kept)`);
    final.push({ ...o, removed: true });
  }
  if (choices.destroy) await wt.git.prune(root, choices.signal).catch(() => undefined);
  return { supervisor, snapshots, worktrees: final, releasedTasks: [...new Set(releasedTasks)], removedContainers };
}

/** Asks the live supervisor to stop (a request file it polls) and waits until it says it stopped or its process is gone. */
async function stopSupervisor(deps: FleetDeps, choices: FleetDownChoices): Promise<void> {
  const proc = deps.run.worktree.process;
  await deps.state.requestStop({ at: proc.now().toISOString(), by: `${choices.requestedBy ?? 'lwc down'} (process ${proc.pid} on ${proc.hostname})`, reason: 'the fleet was stopped' });
  const deadline = Date.now() + (choices.stopTimeoutMs ?? 120_000);
  for (;;) {
    const state = await deps.state.readSupervisor().catch(() => undefined);
    if (!state || state.state === 'stopped') return;
    if (state.hostname === proc.hostname && !proc.isAlive(state.pid)) return;
    if (choices.signal?.aborted) throw new FleetError('cancelled-by-user', 'lwc down was interrupted while the supervisor was stopping; run it again to finish.');
    if (Date.now() > deadline) {
      throw new FleetError('stop-timeout', `The supervisor (process ${state.pid} on ${state.hostname}) did not stop within ${Math.round((choices.stopTimeoutMs ?? 120_000) / 1000)} s. Nothing was salvaged or removed yet. Check it (\`lwc status\`); stop it with Ctrl-C where it runs, or kill it and run \`lwc down\` again.`);
    }
    await sleep(250);
  }
}
