import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { stateDirOf } from '../../core/worktree/layout';
import { queueDirOf } from '../state/queueStore';
import { fleetStateDirOf } from './fleetStateFiles';

export interface StoreWatch {
  close(): void;
}

/**
 * Calls `onChange` (debounced) when the fleet's store changes: the queue's folder (`.lw_coder/state/queue`: journal
 * appends, snapshots) and the supervisor's (`.lw_coder/state/fleet`: supervisor.json on every change and heartbeat).
 * Plain fs.watch on those two folders, not a recursive watch and not polling: a write costs one event burst. A folder
 * that does not exist yet is waited for by watching the nearest existing parent under `.lw_coder`.
 */
export function watchFleetStore(repoRoot: string, onChange: () => void, options: { readonly debounceMs?: number; readonly onError?: (message: string) => void } = {}): StoreWatch {
  const debounceMs = options.debounceMs ?? 100;
  const wanted = [queueDirOf(repoRoot), fleetStateDirOf(repoRoot)];
  const parents = [stateDirOf(repoRoot), join(repoRoot, '.lw_coder'), repoRoot];
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const schedule = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onChange();
    }, debounceMs);
  };

  const watchDir = (dir: string): void => {
    if (watchers.has(dir)) return;
    try {
      const w = watch(dir, { persistent: false }, () => {
        arm();
        schedule();
      });
      w.on('error', (e) => {
        options.onError?.(`stopped watching ${dir}: ${e.message}`);
        w.close();
        watchers.delete(dir);
      });
      watchers.set(dir, w);
    } catch (error) {
      options.onError?.(`cannot watch ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  function arm(): void {
    if (closed) return;
    let missing = false;
    for (const dir of wanted) {
      if (existsSync(dir)) watchDir(dir);
      else missing = true;
    }
    const parent = missing ? parents.find((p) => existsSync(p)) : undefined;
    // The parent watch only waits for a folder to appear: drop it once every folder is watched.
    for (const [dir, w] of watchers) {
      if (!wanted.includes(dir) && dir !== parent) {
        w.close();
        watchers.delete(dir);
      }
    }
    if (parent) watchDir(parent);
  }

  arm();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
