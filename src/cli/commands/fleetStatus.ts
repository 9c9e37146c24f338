import { commandInfo } from '../commandInfo';
import { createFleetDeps } from '../../adapters/fleet/fleetDeps';
import { fleetStatus } from '../../app/fleet/status';
import { briefLine } from '../../core/fleet/statusModel';
import { parseCommandArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../types';
import { fleetStatusText } from './fleetStatusText';
import { repoContext } from './worktree';

const status: CliCommand = {
  ...commandInfo('status'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { brief: { type: 'boolean' }, json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`status takes no arguments, got '${positionals[0]}'`);
    if (values.brief && values.json) throw new UsageError('choose one of --brief and --json');
    const ctx = await repoContext(io);
    const model = await fleetStatus(createFleetDeps(ctx.root, { env: io.env }), ctx.root, { signal: io.signal });
    if (values.json) io.stdout(`${JSON.stringify(model, null, 2)}\n`);
    else if (values.brief) io.stdout(`${briefLine(model)}\n`);
    else io.stdout(fleetStatusText(model));
    return EXIT_OK;
  },
};

/** `lwc status` */
export const fleetStatusCommands: readonly CliCommand[] = [status];
