import type { LwContext } from '../../context';

/** lwCoder.log.show: reveals the LW Coder output channel. */
export function showLog(ctx: LwContext) {
  return (): void => ctx.log.show();
}
