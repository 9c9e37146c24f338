import type { LwContext } from '../../context';

/** lwCoder.runs.refresh: lists the run directories again (the watcher misses changes made outside VS Code's view). */
export function refreshRuns(ctx: LwContext) {
  return (): Promise<void> => ctx.runs.refresh();
}
