import { createInterface } from 'node:readline/promises';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIO } from './types';
import { planCommands } from './commands/plan';
import { recoverCommands } from './commands/recover';
import { salvageCommands } from './commands/salvage';
import { worktreeCommands } from './commands/worktree';
import { configCommands } from './commands/config';
import { promptsCommands } from './commands/prompts';
import { runsCommands } from './commands/runs';
import { codeCommands } from './commands/code';
import { planNewCommands } from './commands/planNew';
import { agentCommands } from './commands/agent';
import { initCommands } from './commands/init';
import { taskCommands } from './commands/task';
import { fleetUpCommands } from './commands/fleetUp';
import { fleetStatusCommands } from './commands/fleetStatus';
import { fleetDownCommands } from './commands/fleetDown';
import { abortOnSignals, quietWriter } from './processStreams';

/** Every command `lwc` knows; each area contributes its list. */
const COMMANDS: readonly CliCommand[] = [...initCommands, ...planCommands, ...worktreeCommands, ...salvageCommands, ...recoverCommands, ...promptsCommands, ...runsCommands, ...configCommands, ...codeCommands, ...planNewCommands, ...agentCommands, ...taskCommands, ...fleetUpCommands, ...fleetStatusCommands, ...fleetDownCommands];

export function findCommand(argv: readonly string[]): { command: CliCommand; rest: string[] } | undefined {
  let best: CliCommand | undefined;
  for (const c of COMMANDS) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

function helpText(prefix: readonly string[] = []): string {
  const shown = COMMANDS.filter((c) => prefix.every((w, i) => c.path[i] === w));
  // Usage lines vary from 20 to 150 characters: each summary goes on its own indented line rather than in a padded column.
  return ['Usage: lwc <command> [options]', '', ...shown.map((c) => `  ${c.usage}\n      ${c.summary}`), '', 'Add --help to a command for its usage; --json gives machine-readable output where offered.', ''].join('\n');
}

/** Runs one invocation; never calls process.exit, so tests can call it in-process. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(helpText());
    return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  if (argv[0] === '--version') {
    io.stdout(`${process.env.LWC_VERSION ?? 'dev'}\n`);
    return EXIT_OK;
  }
  const found = findCommand(argv);
  if (!found) {
    const prefix = COMMANDS.some((c) => c.path[0] === argv[0]) ? [argv[0]!] : [];
    io.stderr(`lwc: unknown command '${argv.join(' ')}'\n\n${helpText(prefix)}`);
    return EXIT_USAGE;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`lwc: ${error.message}\nUsage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    if (io.signal.aborted) {
      io.stderr('lwc: cancelled\n');
      return EXIT_FAILURE;
    }
    io.stderr(`lwc: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.LWC_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT_FAILURE;
  }
}

function processIO(signal: AbortSignal): CliIO {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: quietWriter(process.stdout),
    stderr: quietWriter(process.stderr),
    interactive,
    prompt: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    signal,
  };
}

if (require.main === module) {
  const controller = new AbortController();
  const signals = abortOnSignals(controller);
  const io = processIO(controller.signal);
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = signals.exitCode(code);
      // Cancelled: exit now rather than wait for whatever handle the command left behind (a socket, a timer).
      if (signals.signalled) process.exit(process.exitCode);
    },
    (error) => {
      io.stderr(`lwc: ${String(error)}\n`);
      process.exitCode = signals.exitCode(EXIT_FAILURE);
    },
  );
}
