import type { CommandProblem, ResolvedCommand } from '../../core/commands/types';
import type { Logger } from '../../core/ports/logger';
import { ScheduledModel } from '../scheduledModel';

/** Saving a command file writes it once; a checkout writes many: one read per burst. */
export const COMMANDS_REFRESH_DEBOUNCE_MS = 300;

/** One workspace folder's catalog (`.lw_coder/commands`, `.prj/commands`). */
export interface FolderCatalog {
  readonly folder: string;
  readonly commands: readonly ResolvedCommand[];
  /** Files are relative to `folder`. */
  readonly problems: readonly CommandProblem[];
}

export interface CommandsState {
  readonly folders: readonly FolderCatalog[];
  readonly loaded: boolean;
  readonly error?: string;
}

export interface CommandsModelDeps {
  folders(): readonly string[];
  /** loadCatalog from the commands chunk: reads files only, so it works in untrusted workspaces too. */
  load(folder: string): Promise<{ readonly commands: readonly ResolvedCommand[]; readonly problems: readonly CommandProblem[] }>;
  readonly logger: Logger;
}

/** The Commands view's data: read only while the view is visible, a command runs, or the task provider asks. */
export class CommandsModel extends ScheduledModel<CommandsState> {
  constructor(private readonly deps: CommandsModelDeps) {
    super({ folders: [], loaded: false }, { debounceMs: COMMANDS_REFRESH_DEBOUNCE_MS, onShow: 'now' });
  }

  /** Every command with the folder it belongs to. */
  all(): { folder: string; command: ResolvedCommand }[] {
    return this.current.folders.flatMap((f) => f.commands.map((command) => ({ folder: f.folder, command })));
  }

  protected async readOnce(): Promise<void> {
    try {
      const folders = await Promise.all(this.deps.folders().map(async (folder) => ({ folder, ...(await this.deps.load(folder)) })));
      this.current = { folders, loaded: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn(`could not read commands: ${message}`);
      this.current = { ...this.current, error: message, loaded: true };
    }
    this.fire();
  }
}
