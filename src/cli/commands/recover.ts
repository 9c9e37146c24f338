import { createFileRunStore } from '../../adapters/fs/runStore';
import { recover, removeLeftoverAgentSecrets } from '../../app/recover';
import { DockerodeEngine } from '../../adapters/docker/dockerodeEngine';
import { recoverSessionContainers } from '../../app/run/sessionRecover';
import { releaseDeadFleetTasks } from '../../app/fleet/recoverFleet';
import { existsSync } from 'node:fs';
import { createFleetStateFiles, fleetStateDirOf } from '../../adapters/fleet/fleetStateFiles';
import { createQueueStore, queueDirOf } from '../../adapters/state/queueStore';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand } from '../types';
import { eventPrinter, repoContext } from './worktree';

const recoverCommand: CliCommand = {
  ...commandInfo('recover'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, force: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError('recover takes no arguments');
    const ctx = await repoContext(io);
    // Containers first: a leftover agent must be gone before its worktree's pointers are put back.
    const containers = await recoverSessionContainers(new DockerodeEngine(), ctx.deps.process, { repoRoot: ctx.root, force: Boolean(values.force), signal: io.signal });
    const report = await recover(ctx.deps, ctx.root, { signal: io.signal, force: Boolean(values.force), onEvent: eventPrinter(io) });
    // After the containers: a dead attempt's key file is no longer read by anyone.
    const secrets = await removeLeftoverAgentSecrets(createFileRunStore(ctx.root), ctx.deps.process, { force: Boolean(values.force) });
    // Last: a dead supervisor's tasks go back to the queue once its containers and pointers are dealt with.
    // Only where a fleet ever ran: reading the queue would create its folder.
    const hasFleet = existsSync(queueDirOf(ctx.root)) || existsSync(fleetStateDirOf(ctx.root));
    const fleet = !hasFleet ? { releasedTasks: [] } : await releaseDeadFleetTasks({ queue: { store: createQueueStore(ctx.root), now: () => Date.now(), signal: io.signal }, state: createFleetStateFiles(ctx.root) }, ctx.deps.process, 'lwc recover');
    const saidFleet = fleet.releasedTasks.length > 0 || fleet.deadSupervisor !== undefined;
    const saidSecrets = secrets.removed.length + secrets.kept.length + secrets.unreadable.length > 0;
    const conflicts = report.repaired.filter((r) => r.conflicts.length > 0);
    // `containers` only when there is something to say, so the report of a healthy repository keeps its shape.
    const saidContainers = containers.removed.length + containers.skipped.length > 0 || containers.engineUnavailable !== undefined;
    if (values.json) io.stdout(`${JSON.stringify({ ...report, ...(saidContainers ? { containers } : {}), ...(saidSecrets ? { secretFiles: secrets } : {}), ...(saidFleet ? { fleet } : {}) }, null, 2)}\n`);
    else {
      const lines = [
        ...containers.removed.map((n) => `Removed container ${n}, left by a session whose process is gone`),
        ...containers.skipped.map((s) => `Left container ${s.name} alone: ${s.why}`),
        ...(containers.engineUnavailable ? [`Containers not checked: ${containers.engineUnavailable}`] : []),
        ...report.repaired.filter((r) => r.conflicts.length === 0).map((r) => `Restored git pointers of ${r.worktreePath}`),
        ...conflicts.map((r) => `Left ${r.worktreePath} alone: ${r.conflicts.join('; ')}`),
        ...report.skippedLive.map((s) => `Skipped ${s.worktreePath}: in use by process ${s.pid} on ${s.hostname} (--force if it is gone)`),
        ...report.temporaryWorktreesRemoved.map((p) => `Removed orphaned temporary worktree ${p}`),
        ...report.unreadable.map((p) => `Could not read journal file ${p}: inspect it, then delete it`),
        ...secrets.removed.map((p) => `Removed ${p}, a key file left by a headless attempt whose process died`),
        ...secrets.kept.map((p) => `Left ${p} alone: its headless attempt may still run (--force if it is gone)`),
        ...secrets.unreadable.map((p) => `Could not read ${p}: delete the key files it names in that directory by hand`),
        ...(fleet.deadSupervisor ? [`The fleet supervisor (process ${fleet.deadSupervisor.pid} on ${fleet.deadSupervisor.hostname}) had died; marked it stopped`] : []),
        ...fleet.releasedTasks.map((t) => `Released task ${t} to the queue: its fleet worker died`),
      ];
      io.stdout(lines.length ? `${lines.join('\n')}\n` : 'Nothing to recover.\n');
    }
    return conflicts.length > 0 || report.unreadable.length > 0 || secrets.unreadable.length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

/** `lwc recover` */
export const recoverCommands: readonly CliCommand[] = [recoverCommand];
