import type { LwContext } from '../../context';

/** lwCoder.commands.refresh: reads the command files again (the watcher misses changes made outside VS Code's view). */
export function refreshCommands(ctx: LwContext) {
  return (): Promise<void> => ctx.commands.refresh();
}
