import type { LwContext } from '../../context';

/** lwCoder.workers.refresh: reads the queue and the fleet's files again (the view otherwise follows their changes). */
export function refreshWorkers(ctx: LwContext) {
  return async (): Promise<void> => {
    await ctx.workers.refresh();
  };
}
