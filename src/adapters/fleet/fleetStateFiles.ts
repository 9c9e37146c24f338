import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSupervisorFile, type SupervisorState } from '../../core/fleet/supervisorState';
import { parseWorkerStopRequest, workerOfStopFile, workerStopFileName, type WorkerStopRequest } from '../../core/fleet/workerStop';
import type { FleetStatePort, StopRequest } from '../../core/ports/fleetState';
import { stateDirOf } from '../../core/worktree/layout';
import { writeFileAtomic } from '../fs/atomicWrite';

export const fleetStateDirOf = (repoRoot: string): string => join(stateDirOf(repoRoot), 'fleet');

/** Files are small and ours; a size cap still keeps a planted giant from being read whole. */
const MAX_BYTES = 4 * 1024 * 1024;

async function readText(path: string): Promise<string | undefined> {
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_BYTES) throw new Error(`${path} is ${buffer.length} bytes, far more than LW Coder writes there. Fix: stop any \`lwc up\` of this repository, then delete it.`);
    return buffer.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const removeIfThere = (path: string): Promise<void> => unlink(path).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
});

/** FleetStatePort over `.lw_coder/state/fleet/{supervisor.json,stop-request.json,stop-worker-<wN>.json}`. */
export function createFleetStateFiles(repoRoot: string): FleetStatePort {
  const dir = fleetStateDirOf(repoRoot);
  const supervisorFile = join(dir, 'supervisor.json');
  const stopFile = join(dir, 'stop-request.json');
  return {
    supervisorFile,
    async readSupervisor() {
      const text = await readText(supervisorFile);
      if (text === undefined) return undefined;
      const parsed = parseSupervisorFile(text, supervisorFile);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.state;
    },
    writeSupervisor: (state: SupervisorState) => writeFileAtomic(supervisorFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 }),
    requestStop: (request: StopRequest) => writeFileAtomic(stopFile, `${JSON.stringify(request)}\n`, { mode: 0o644 }),
    async stopRequest() {
      const text = await readText(stopFile);
      if (text === undefined) return undefined;
      try {
        const raw = JSON.parse(text) as Partial<StopRequest>;
        return { at: String(raw.at ?? ''), by: String(raw.by ?? 'unknown'), reason: String(raw.reason ?? 'stop requested') };
      } catch {
        // Whatever is there, someone asked for a stop: a torn or hand-written file still means stop.
        return { at: '', by: 'unknown', reason: 'stop requested (unreadable request file)' };
      }
    },
    clearStopRequest: () => removeIfThere(stopFile),
    requestWorkerStop: (worker: string, request: WorkerStopRequest) => writeFileAtomic(join(dir, workerStopFileName(worker)), `${JSON.stringify(request)}\n`, { mode: 0o644 }),
    async workerStopRequests() {
      const found = new Map<string, WorkerStopRequest>();
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
        throw error;
      }
      for (const file of names) {
        const worker = workerOfStopFile(file);
        if (!worker) continue;
        const text = await readText(join(dir, file));
        if (text !== undefined) found.set(worker, parseWorkerStopRequest(text));
      }
      return found;
    },
    async clearWorkerStopRequests(worker?: string) {
      if (worker !== undefined) return removeIfThere(join(dir, workerStopFileName(worker)));
      const names = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(names.filter((f) => workerOfStopFile(f) !== undefined).map((f) => removeIfThere(join(dir, f))));
    },
  };
}
