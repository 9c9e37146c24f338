import { CodingResultSchema } from '../../core/agent/result';
import { toStrictJsonSchema } from '../../core/agent/strictSchema';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_OK, UsageError, type CliCommand } from '../types';

/** Prints the result schema headless runs are held to, so users and scripts can see exactly what an agent must answer. */
const schema: CliCommand = {
  ...commandInfo('agent schema'),
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    io.stdout(`${JSON.stringify(toStrictJsonSchema(CodingResultSchema), null, 2)}\n`);
    return EXIT_OK;
  },
};

export const agentCommands: readonly CliCommand[] = [schema];
