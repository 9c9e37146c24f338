import { createInterface } from 'node:readline/promises';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIO } from './types';
import { COMMAND_INFOS, type CommandArea, type CommandInfo } from './commandInfo';
import { abortOnSignals, quietWriter } from './processStreams';
import { defaultCompileCacheDir, installCompileCache } from './compileCache';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';

/**
 * Each area's commands, loaded when one of them runs. The build (scripts/build.mjs) makes every `./commands/<area>`
 * imported here a bundle of its own in dist/cli/, so `lwc --help` or `lwc plan validate` never compiles Docker, the
 * model client or the agents.
 */
const AREAS: Record<CommandArea, () => Promise<readonly CliCommand[]>> = {
  init: async () => (await import('./commands/init.js')).initCommands,
  plan: async () => (await import('./commands/plan.js')).planCommands,
  planStatus: async () => (await import('./commands/planStatus.js')).planStatusCommands,
  planNew: async () => (await import('./commands/planNew.js')).planNewCommands,
  worktree: async () => (await import('./commands/worktree.js')).worktreeCommands,
  salvage: async () => (await import('./commands/salvage.js')).salvageCommands,
  recover: async () => (await import('./commands/recover.js')).recoverCommands,
  prompts: async () => (await import('./commands/prompts.js')).promptsCommands,
  runs: async () => (await import('./commands/runs.js')).runsCommands,
  config: async () => (await import('./commands/config.js')).configCommands,
  code: async () => (await import('./commands/code.js')).codeCommands,
  agent: async () => (await import('./commands/agent.js')).agentCommands,
  task: async () => (await import('./commands/task.js')).taskCommands,
  fleetUp: async () => (await import('./commands/fleetUp.js')).fleetUpCommands,
  fleetStatus: async () => (await import('./commands/fleetStatus.js')).fleetStatusCommands,
  fleetDown: async () => (await import('./commands/fleetDown.js')).fleetDownCommands,
  cmdRun: async () => (await import('./commands/cmdRun.js')).cmdRunCommands,
  sessionList: async () => (await import('./commands/sessionList.js')).sessionListCommands,
  cmd: async () => (await import('./commands/cmd.js')).cmdCommands,
};

const samePath = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((w, i) => b[i] === w);

/** The command itself, from its area's module. */
export async function loadCommand(info: CommandInfo): Promise<CliCommand> {
  const command = (await AREAS[info.area]()).find((c) => samePath(c.path, info.path));
  if (!command) throw new Error(`lwc: '${info.path.join(' ')}' is listed but its module (${info.area}) does not define it`);
  return command;
}

/** The longest command whose words begin argv, and the arguments after them. */
export function findCommand(argv: readonly string[]): { command: CommandInfo; rest: string[] } | undefined {
  let best: CommandInfo | undefined;
  for (const c of COMMAND_INFOS) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

function helpText(prefix: readonly string[] = []): string {
  const shown = COMMAND_INFOS.filter((c) => prefix.every((w, i) => c.path[i] === w));
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
    const prefix = COMMAND_INFOS.some((c) => c.path[0] === argv[0]) ? [argv[0]!] : [];
    io.stderr(`lwc: unknown command '${argv.join(' ')}'\n\n${helpText(prefix)}`);
    return EXIT_USAGE;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return EXIT_OK;
  }
  try {
    return await (await loadCommand(command)).run(rest, io);
  } catch (error) {
    // By name too: each area is a bundle of its own (dist/cli/<area>.js) with its own copy of the class, so a usage
    // error thrown there is not an instance of main's UsageError, and exited 1 instead of 2.
    if (error instanceof UsageError || (error instanceof Error && error.name === 'UsageError')) {
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
  // The command bundles (dist/cli/<area>.js and dist/cli/vendor/*) compile from a V8 code cache: tens of ms off every
  // command's start. LWC_NO_COMPILE_CACHE=1 turns it off.
  if (!process.env.LWC_NO_COMPILE_CACHE) {
    const bundles = join(__dirname, 'cli') + sep;
    const cache = installCompileCache({ dir: defaultCompileCacheDir(process.env, homedir()), include: (filename) => filename.startsWith(bundles) });
    if (cache) process.once('exit', () => cache.flush());
  }
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
