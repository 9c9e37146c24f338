import type { FleetDeps } from '../../app/fleet/types';
import { createRunActivityFiles } from '../fs/runActivityFiles';
import { createPlanGitPort } from '../git/planGit';
import { createHeadlessRunFiles } from '../session/headlessFiles';
import { createRunPlanDeps, type NodeRunPlanDepsOptions } from '../session/runPlanDeps';
import { createFleetStateFiles } from './fleetStateFiles';
import { createQueueStore } from '../state/queueStore';

/** The node adapters of the fleet use cases (up, status, down) for one repository; composition roots call this. */
export function createFleetDeps(repoRoot: string, options: NodeRunPlanDepsOptions = {}): FleetDeps {
  return {
    run: { ...createRunPlanDeps(repoRoot, options), runFiles: createHeadlessRunFiles() },
    queue: { store: createQueueStore(repoRoot), now: () => Date.now() },
    state: createFleetStateFiles(repoRoot),
    planGit: createPlanGitPort(repoRoot),
    activity: createRunActivityFiles(repoRoot),
  };
}
