import type { PlanGitPort } from '../core/ports/git';
import type { PlanFilesPort } from '../core/ports/planFiles';

/** What the plan server needs from the machine; server.ts passes node implementations, tests pass the same on temp dirs. */
export interface PlanServerDeps {
  /**
   * The git port for the repository containing `filePath`, or undefined when the file is not in a git repository
   * (sha checks are then skipped, never reported as errors). Return the same port object for the same repository:
   * the server caches commit answers per port.
   */
  gitFor(filePath: string): Promise<PlanGitPort | undefined>;
  /** Listing and reading the other plans of a tasks folder, for plan_id uniqueness. Nothing is ever written. */
  readonly files: Pick<PlanFilesPort, 'listPlanFiles' | 'readPlanFile'>;
}
