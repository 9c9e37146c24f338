import type { CommandProblem, ResolvedCommand } from '../../core/commands/types';

/** The repository's commands after `extends`, with every problem found (issue 14 item 1). */
export interface Catalog {
  readonly commands: readonly ResolvedCommand[];
  readonly problems: readonly CommandProblem[];
}

/**
 * Placeholder with the agreed signature: reads `.lw_coder/commands/*.yaml` and `.prj/commands/*.yaml` (realpath-checked,
 * inside the repository). The parser stream replaces the body.
 */
export async function loadCatalog(_repoRoot: string): Promise<Catalog> {
  return { commands: [], problems: [] };
}
