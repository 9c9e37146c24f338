import { commandInfo } from '../commandInfo';
import { createFleetDeps } from '../../adapters/fleet/fleetDeps';
import { fleetDown } from '../../app/fleet/down';
import { stopFleetWorker } from '../../app/fleet/stopWorker';
import { describeWorkerStop } from '../../core/fleet/workerStop';
import { inspectForDown, type DownInspection, type DownWorktree } from '../../app/fleet/downInspect';
import { parseCommandArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';
import { repoContext } from './worktree';

function describeRisk(w: DownWorktree): string {
  const what = [
    ...(w.uncommitted > 0 ? [`${w.uncommitted} uncommitted change(s)`] : []),
    ...(w.unsavedCommits > 0 ? [`${w.unsavedCommits} commit(s) on no branch`] : []),
    ...(w.error ? [`unreadable: ${w.error}`] : []),
    ...(w.uncommitted === 0 && w.unsavedCommits === 0 && !w.error && w.worker ? ['its agent is still working'] : []),
  ];
  return `  ${w.worker ?? '-'} (branch ${w.branch ?? w.planId}) - ${what.join(', ')}`;
}

/** [s]alvage, [d]iscard or [c]ancel — asked once for all; undefined means cancel. */
async function chooseWork(io: CliIO, inspection: DownInspection, flags: { salvage: boolean; discard: boolean; yes: boolean }): Promise<'salvage' | 'discard' | undefined> {
  if (flags.salvage) return 'salvage';
  if (flags.discard) return 'discard';
  if (inspection.atRisk.length === 0 || flags.yes) return 'salvage';
  if (!io.interactive || !io.prompt) {
    throw new UsageError(`workers have work that is not saved anywhere yet:\n${inspection.atRisk.map(describeRisk).join('\n')}\nWithout a terminal to ask on, say what to do with it: --salvage (keep it under refs/lw-coder/salvage/…) or --discard; --yes alone means --salvage. Nothing was changed`);
  }
  const answer = await io.prompt(`Workers with unsaved work:\n${inspection.atRisk.map(describeRisk).join('\n')}\n\nOptions:\n  [s] Salvage - save uncommitted and untracked files under refs/lw-coder/salvage/<plan_id>/<timestamp> (task branches keep their commits)\n  [d] Discard - stop without saving them\n  [c] Cancel\n\nChoice: `);
  const a = answer.trim().toLowerCase();
  if (a === 's' || a === 'salvage') return 'salvage';
  if (a === 'd' || a === 'discard') return 'discard';
  return undefined;
}

async function confirmDestroy(io: CliIO, inspection: DownInspection, yes: boolean): Promise<boolean> {
  if (yes) return true;
  const doomed = inspection.worktrees.filter((w) => w.exists && inspection.unfinishedTasks.includes(w.planId));
  if (doomed.length === 0) return true;
  if (!io.interactive || !io.prompt) throw new UsageError('--destroy removes worktrees: confirm by typing `destroy` on a terminal, or pass --yes. Nothing was changed');
  const answer = await io.prompt(`This will permanently delete these worktrees (their branches and commits stay):\n${doomed.map((w) => `  ${w.path}`).join('\n')}\n\nType 'destroy' to confirm: `);
  return answer.trim() === 'destroy';
}

/**
 * `lwc down --worker w1`: one worker stops (salvage unless --discard: one worker's worktree, so no question is asked —
 * salvage loses nothing) while the others go on; its task goes back to the queue.
 */
async function downWorker(io: CliIO, deps: ReturnType<typeof createFleetDeps>, o: { worker: string; work: 'salvage' | 'discard'; json: boolean }): Promise<number> {
  const proc = deps.run.worktree.process;
  const report = await stopFleetWorker(deps, {
    worker: o.worker,
    work: o.work,
    by: `lwc down --worker (process ${proc.pid} on ${proc.hostname})`,
    signal: io.signal,
    onProgress: (text) => io.stderr(`lwc down: ${text}\n`),
  });
  if (o.json) io.stdout(`${JSON.stringify({ work: o.work, ...report }, null, 2)}\n`);
  else io.stdout(`${describeWorkerStop(report.worker, report.record)}\n`);
  return report.record.work === 'failed' ? EXIT_FAILURE : EXIT_OK;
}

const down: CliCommand = {
  ...commandInfo('down'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      salvage: { type: 'boolean' },
      discard: { type: 'boolean' },
      save: { type: 'boolean' },
      destroy: { type: 'boolean' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
      worker: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`down takes no arguments, got '${positionals[0]}'`);
    if (values.salvage && values.discard) throw new UsageError('choose one of --salvage and --discard');
    const worker = typeof values.worker === 'string' ? values.worker : undefined;
    if (worker !== undefined) {
      if (worker.trim() === '') throw new UsageError('--worker needs a worker name, such as w1 (`lwc status` lists them)');
      if (values.save || values.destroy) throw new UsageError('--worker stops one worker: --save and --destroy are for stopping the whole fleet');
    }
    const ctx = await repoContext(io);
    const deps = createFleetDeps(ctx.root, { env: io.env });
    if (worker !== undefined) return downWorker(io, deps, { worker, work: values.discard ? 'discard' : 'salvage', json: values.json === true });
    const destroy = values.destroy === true;
    const inspection = await inspectForDown(deps, ctx.root, { destroy, signal: io.signal });
    const work = await chooseWork(io, inspection, { salvage: values.salvage === true, discard: values.discard === true, yes: values.yes === true });
    if (!work) {
      io.stderr('lwc down: cancelled; nothing was changed\n');
      return EXIT_FAILURE;
    }
    if (destroy && !(await confirmDestroy(io, inspection, values.yes === true))) {
      io.stderr('lwc down: --destroy was not confirmed; nothing was changed\n');
      return EXIT_FAILURE;
    }
    const report = await fleetDown(deps, inspection, {
      work,
      save: values.save === true,
      destroy,
      signal: io.signal,
      onProgress: (text) => io.stderr(`lwc down: ${text}\n`),
    });
    if (values.json) io.stdout(`${JSON.stringify({ work, ...report }, null, 2)}\n`);
    else {
      const lines = [
        report.supervisor === 'stopped' ? 'Stopped the supervisor and its workers.' : report.supervisor === 'was-stale' ? 'The supervisor had died; cleaned up after it.' : 'No supervisor was running.',
        ...report.snapshots.map((s) => `Saved container ${s.container} as ${s.image}`),
        ...report.worktrees.map((w) => `${w.planId}: ${w.work === 'salvaged' ? `work saved to ${w.ref ?? '(nothing new)'}` : w.work === 'discarded' ? 'work discarded (not saved)' : w.work === 'clean' ? 'nothing uncommitted' : 'no worktree'}${w.removed ? '; worktree removed' : ''}`),
        ...(report.releasedTasks.length > 0 ? [`Released to the queue: ${report.releasedTasks.join(', ')}`] : []),
        ...report.removedContainers.map((c) => `Removed container ${c}`),
      ];
      io.stdout(`${lines.join('\n')}\n`);
    }
    return EXIT_OK;
  },
};

/** `lwc down` */
export const fleetDownCommands: readonly CliCommand[] = [down];
