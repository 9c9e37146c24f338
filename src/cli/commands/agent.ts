import { CodingResultSchema } from '../../core/agent/result';
import { toStrictJsonSchema } from '../../core/agent/strictSchema';
import { parseCommandArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../types';

/** Prints the result schema headless runs are held to, so users and scripts can see exactly what an agent must answer. */
const schema: CliCommand = {
  path: ['agent', 'schema'],
  usage: 'lwc agent schema',
  summary: 'Print the OpenAI-strict JSON schema of a headless coding run\'s result',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    io.stdout(`${JSON.stringify(toStrictJsonSchema(CodingResultSchema), null, 2)}\n`);
    return EXIT_OK;
  },
};

export const agentCommands: readonly CliCommand[] = [schema];
