import { findRepositoryRoot } from '../../adapters/git/planGit';
import { createSessionStore } from '../../adapters/commands/sessionFiles';
import { invalidSessionIdReason } from '../../core/commands/session';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';
import { sessionListText, sessionShowText } from './cmdRunText';

async function repoRootOf(io: CliIO): Promise<string> {
  const root = await findRepositoryRoot(io.cwd, io.signal);
  if (!root) throw new UsageError(`${io.cwd} is not inside a git repository. Run lwc from a repository with .lw_coder/.`);
  return root;
}

const list: CliCommand = {
  ...commandInfo('session list'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const { sessions, unreadable } = await createSessionStore(await repoRootOf(io)).list();
    for (const path of unreadable) io.stderr(`lwc: unreadable session file ${path}\n`);
    io.stdout(values.json === true ? `${JSON.stringify(sessions)}\n` : sessionListText(sessions));
    return EXIT_OK;
  },
};

const show: CliCommand = {
  ...commandInfo('session show'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('name one session (lwc session list shows them)');
    const id = positionals[0]!;
    const why = invalidSessionIdReason(id);
    if (why) throw new UsageError(why);
    const record = await createSessionStore(await repoRootOf(io)).read(id);
    if (!record) {
      io.stderr(`lwc: no session ${id}; lwc session list shows them\n`);
      return EXIT_FAILURE;
    }
    io.stdout(values.json === true ? `${JSON.stringify(record)}\n` : sessionShowText(record));
    return EXIT_OK;
  },
};

/** `lwc session list|show`: sessions of multi-step commands (issue 14). */
export const sessionListCommands: readonly CliCommand[] = [list, show];
