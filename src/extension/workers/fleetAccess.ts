import type * as vscode from 'vscode';
import type { FleetDeps } from '../../app/fleet/types';
import { loadWorkers } from '../lazy';

export type WorkersChunk = Awaited<ReturnType<typeof loadWorkers>>;

/**
 * The fleet's adapters per repository, built once: the queue store keeps an incremental cache of what it read, so a
 * view that reads the queue on every change replays only the journal lines appended since.
 */
export class FleetAccess {
  private readonly byRepo = new Map<string, FleetDeps>();

  constructor(private readonly extension: vscode.ExtensionContext) {}

  async forRepo(repoRoot: string): Promise<{ readonly chunk: WorkersChunk; readonly deps: FleetDeps }> {
    const chunk = await loadWorkers();
    let deps = this.byRepo.get(repoRoot);
    if (!deps) {
      deps = chunk.createFleetDeps(repoRoot, {
        resourcesRoot: this.extension.asAbsolutePath('resources'),
        baseDockerfileDir: this.extension.asAbsolutePath('docker/droid'),
      });
      this.byRepo.set(repoRoot, deps);
    }
    return { chunk, deps };
  }
}
