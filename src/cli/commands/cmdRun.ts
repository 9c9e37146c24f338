import { findRepositoryRoot } from '../../adapters/git/planGit';
import { createCommandRunDeps } from '../../adapters/commands/commandDeps';
import { loadCatalog } from '../../app/commands/catalog';
import { describeCommandRun } from '../../app/commands/dryRun';
import { resumeSession, runCommand } from '../../app/commands/run';
import { CommandRunError } from '../../app/commands/runTypes';
import { invalidSessionIdReason } from '../../core/commands/session';
import type { SessionRecord } from '../../core/commands/types';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';
import { AGENT_OPTIONS, cliRunAgent } from './cmdRunAgent';
import { dryRunText, eventPrinter, sessionSummaryText } from './cmdRunText';

async function repoRootOf(io: CliIO): Promise<string> {
  const root = await findRepositoryRoot(io.cwd, io.signal);
  if (!root) throw new UsageError(`${io.cwd} is not inside a git repository. Run lwc from a repository with .lw_coder/commands/.`);
  return root;
}

/** `key=value` words; the value is kept byte for byte (it only ever reaches steps as data). */
export function parseKeyValues(words: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`'${word}' is not key=value; pass arguments as name=value`);
    const key = word.slice(0, eq);
    if (Object.hasOwn(out, key)) throw new UsageError(`argument '${key}' is given twice`);
    out[key] = word.slice(eq + 1);
  }
  return out;
}

/** Exit 0 only for a completed session: failed and cancelled are 1. */
function finish(io: CliIO, record: SessionRecord, json: boolean): number {
  if (json) io.stdout(`${JSON.stringify(record)}\n`);
  else io.stderr(sessionSummaryText(record));
  return record.status === 'completed' ? EXIT_OK : EXIT_FAILURE;
}

/** Refusals before anything ran (arguments, a session that cannot resume) are usage errors: exit 2. */
async function usageOnRefusal<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof CommandRunError) throw new UsageError(error.message);
    throw error;
  }
}

const run: CliCommand = {
  ...commandInfo('cmd run'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, ...AGENT_OPTIONS });
    const [name, ...rest] = positionals;
    if (!name) throw new UsageError('name the command to run (lwc cmd list shows them)');
    const raw = parseKeyValues(rest);
    const json = values.json === true;
    const root = await repoRootOf(io);
    const catalog = await loadCatalog(root);
    const command = catalog.commands.find((c) => c.name === name);
    if (!command) {
      const known = catalog.commands.map((c) => c.name);
      throw new UsageError(`no command named '${name}' in .lw_coder/commands or .prj/commands${known.length ? `; known: ${known.join(', ')}` : ''}${catalog.problems.length ? ` (${catalog.problems.length} problem(s) in the command files: lwc cmd list shows them)` : ''}`);
    }
    if (values['dry-run'] === true) {
      const dry = await usageOnRefusal(Promise.resolve().then(() => describeCommandRun(root, command, raw, new Date())));
      io.stdout(json ? `${JSON.stringify(dry)}\n` : dryRunText(dry));
      return EXIT_OK;
    }
    const deps = createCommandRunDeps(root, { processEnv: io.env, runAgent: cliRunAgent(root, io, values, json) });
    const record = await usageOnRefusal(runCommand({ repoRoot: root, command, args: raw, deps, signal: io.signal, onEvent: eventPrinter(io.stdout, io.stderr, json) }));
    return finish(io, record, json);
  },
};

const resume: CliCommand = {
  ...commandInfo('cmd resume'),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, ...AGENT_OPTIONS });
    if (positionals.length !== 1) throw new UsageError('name one session to resume (lwc session list shows them)');
    const json = values.json === true;
    const root = await repoRootOf(io);
    const id = positionals[0]!;
    const why = invalidSessionIdReason(id);
    if (why) throw new UsageError(why);
    const deps = createCommandRunDeps(root, { processEnv: io.env, runAgent: cliRunAgent(root, io, values, json) });
    const record = await usageOnRefusal(resumeSession(root, id, { deps, signal: io.signal, onEvent: eventPrinter(io.stdout, io.stderr, json) }));
    return finish(io, record, json);
  },
};

/** `lwc cmd run`, `lwc cmd resume` (the executor side of issue 14; `cmd list|show` live in cmd.ts). */
export const cmdRunCommands: readonly CliCommand[] = [run, resume];
