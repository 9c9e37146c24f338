import { findCommand, loadCatalog, type Catalog } from '../../app/commands/catalog';
import { commandInfo } from '../commandInfo';
import { parseCommandArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';
import { catalogListText, commandDetailText, problemsText } from './cmdText';
import { repoContext } from './worktree';

/**
 * `lwc cmd list` and `lwc cmd show` (issue 14 item 7): reading the catalog only. Running (`cmd run`, `cmd resume`) is
 * another area with its own bundle (see commandInfo.ts), so listing never loads the executor.
 */

const JSON_OPT = { json: { type: 'boolean' } } as const;

/** The catalog of the repository lwc runs in (its main checkout, as every lwc command). */
export async function repoCatalog(io: CliIO): Promise<{ root: string; catalog: Catalog }> {
  const { root } = await repoContext(io);
  return { root, catalog: await loadCatalog(root, undefined, io.signal) };
}

const hasErrors = (c: Catalog['problems']): boolean => c.some((p) => p.severity === 'error');

const listCommand: CliCommand = {
  ...commandInfo('cmd list'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, JSON_OPT);
    if (positionals.length) throw new UsageError('lwc cmd list takes no names (see `lwc cmd show <name>`)');
    const { catalog } = await repoCatalog(io);
    if (values.json) io.stdout(`${JSON.stringify(catalog, null, 2)}\n`);
    else {
      io.stdout(catalogListText(catalog.commands));
      io.stderr(problemsText(catalog.problems));
    }
    return hasErrors(catalog.problems) ? EXIT_FAILURE : EXIT_OK;
  },
};

const showCommand: CliCommand = {
  ...commandInfo('cmd show'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, JSON_OPT);
    if (positionals.length !== 1) throw new UsageError('give exactly one command name');
    const name = positionals[0]!;
    const { catalog } = await repoCatalog(io);
    const command = findCommand(catalog, name);
    const file = new RegExp(`/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.ya?ml$`);
    // The problems that explain this command: those of its own file(s), or, when it is missing, of a file named like it.
    const problems = catalog.problems.filter((p) => (command ? p.file === command.source.file : file.test(p.file)));
    if (!command) {
      const known = catalog.commands.map((c) => c.name);
      const message = `no valid command '${name}'${problems.length ? ' (its file has problems, below)' : ''}. ${known.length ? `Commands: ${known.join(', ')}.` : 'There are no valid commands.'}`;
      if (values.json) io.stdout(`${JSON.stringify({ error: { code: 'unknown-command', message }, problems }, null, 2)}\n`);
      io.stderr(`lwc: ${message}\n${problemsText(problems)}`);
      return EXIT_FAILURE;
    }
    if (values.json) io.stdout(`${JSON.stringify({ command, problems }, null, 2)}\n`);
    else {
      io.stdout(commandDetailText(command));
      io.stderr(problemsText(problems));
    }
    return EXIT_OK;
  },
};

/** The `cmd` area's commands; `cmd run` / `cmd resume` live in their own area module. */
export const cmdCommands: readonly CliCommand[] = [listCommand, showCommand];
