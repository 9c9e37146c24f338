import type { LwContext } from '../../context';

/** lwCoder.plans.refresh: rescans now (the watcher normally does this; this is for changes it cannot see). */
export function refreshPlans(ctx: LwContext) {
  return async (): Promise<number> => {
    ctx.repositories.clear();
    await ctx.plans.refresh();
    return ctx.plans.state.planCount;
  };
}
