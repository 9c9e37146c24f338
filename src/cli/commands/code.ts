import { createPlanGitPort } from '../../adapters/git/planGit';
import { createPlanFilesPort } from '../../adapters/plans/planFiles';
import { createRunPlanDeps } from '../../adapters/session/runPlanDeps';
import { resolvePlanArgument } from '../../app/plans';
import { runPlan } from '../../app/run/runPlan';
import { describeRunSession } from '../../app/run/runPlanDryRun';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { UsageError, type CliCommand, type CliIO } from '../types';
import { runHeadlessCli } from './codeHeadless';
import { dryRunText } from './dryRunText';
import { agentCommandFrom, askOnTerminal, cliAttach, confirmRunArgs, credentialChoicesOf, runEventPrinter } from './session';
import { repoContext } from './worktree';

const code: CliCommand = {
  ...commandInfo('code'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      templates: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'yes-dangerous-run-args': { type: 'boolean' },
      'accept-credentials': { type: 'boolean' },
      'trust-endpoint': { type: 'boolean' },
      'git-writable': { type: 'boolean' },
      'agent-command': { type: 'string' },
      headless: { type: 'boolean' },
      agent: { type: 'string' },
      model: { type: 'string' },
      timeout: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one plan (a plan_id or a path to a plan file)');
    if (!values.headless && (values.agent !== undefined || values.model !== undefined || values.timeout !== undefined)) throw new UsageError('--agent, --model and --timeout apply to headless runs: add --headless');
    if (values.headless && values['dry-run']) throw new UsageError('--dry-run shows the interactive session; leave out --headless');
    // From here on a signal cancels the run instead of killing lwc, so the container and the pointers are cleaned up.
    const scope = cancellationScope(io);
    try {
      return await runCode(scope.io, values, positionals[0]!, scope.received);
    } catch (error) {
      const signal = scope.received();
      if (!signal) throw error;
      io.stderr(`lwc: cancelled by ${signal}\n`);
      return exitCodeFor(signal);
    } finally {
      scope.dispose();
    }
  },
};

type CodeValues = ReturnType<typeof parseCommandArgs>['values'];

async function runCode(io: CliIO, values: CodeValues, planArgument: string, received: () => EndingSignal | undefined): Promise<number> {
  const ctx = await repoContext(io);
  const plan = await resolvePlanArgument(planArgument, io.cwd, ctx.root, { files: createPlanFilesPort(), git: createPlanGitPort(ctx.root), repoRoot: ctx.root }, io.signal);
  const deps = createRunPlanDeps(ctx.root, { env: io.env, worktree: ctx.deps });
  const agentCommandOverride = agentCommandFrom(values['agent-command'], io);
  const json = values.json === true;
  const credentials = credentialChoicesOf(io, { accept: values['accept-credentials'] === true, json });
  const terminal = cliAttach(io, { outputToStderr: json });
  const choices = {
    repoRoot: ctx.root,
    processEnv: io.env,
    tty: terminal.tty,
    ...(agentCommandOverride !== undefined ? { agentCommandOverride } : {}),
    ...(values['git-writable'] ? { repoGitWritable: true } : {}),
  };

  if (values['dry-run']) {
    const view = await describeRunSession(deps, { ...choices, plan });
    if (json) io.stdout(`${JSON.stringify(view, null, 2)}\n`);
    else io.stdout(dryRunText(view));
    return 0;
  }

  if (values.headless) {
    const code = await runHeadlessCli(io, { root: ctx.root, plan, deps, agent: values.agent, model: values.model, timeout: values.timeout, json, templates: values.templates === true, noCache: values['no-cache'] === true, trustEndpoint: values['trust-endpoint'] === true, yesDangerousRunArgs: values['yes-dangerous-run-args'] === true, repoGitWritable: values['git-writable'] === true, agentCommandOverride, credentials });
    const signal = received();
    return signal ? exitCodeFor(signal) : code;
  }

  const result = await runPlan(deps, {
    ...choices,
    plan,
    promptSource: values.templates ? 'templates' : 'auto',
    ...(values['no-cache'] ? { noCache: true } : {}),
    ...(values['trust-endpoint'] ? { trustEndpoint: true } : {}),
    allowDangerousRunArgs: confirmRunArgs(io, values['yes-dangerous-run-args'] === true),
    ...credentials,
    confirmEndpoint: (request) => askOnTerminal(io, request.question),
    attach: terminal.attach,
    ...(terminal.size ? { initialSize: terminal.size } : {}),
    onEvent: runEventPrinter(io),
    signal: io.signal,
    owner: 'cli',
  });
  const signal = result.cancelled ? received() : undefined;
  if (json) io.stdout(`${JSON.stringify({ planId: result.planId, runDir: result.runDir, exitCode: result.exitCode, status: result.status, cancelled: result.cancelled, ...(signal ? { signal } : {}), worktreeChanged: result.worktreeChanged ?? null, worktree: result.worktreePath })}\n`);
  // A cancelled session is reported as such: the stopped container's own exit code says nothing about the agent.
  else if (result.cancelled) io.stderr(`lwc: ${result.planId}: cancelled${signal ? ` by ${signal}` : ''}; the container was stopped and removed; plan is ${result.status}; run directory ${result.runDir}\n`);
  else io.stderr(`lwc: ${result.planId}: agent exited with ${result.exitCode}; plan is ${result.status}; run directory ${result.runDir}\n`);
  return result.cancelled ? exitCodeFor(signal ?? 'SIGINT') : result.exitCode;
}

/**
 * Signals that end `lwc code` the way Ctrl-C does: the run is cancelled (container stopped and removed, pointers
 * restored, outcome recorded as cancelled) and lwc exits 128 + the signal's number, as a shell reports a process that
 * signal ended (SIGHUP 129, SIGINT 130, SIGTERM 143). Without handlers SIGHUP (a closed terminal) killed lwc on the
 * spot, leaving the container running and the worktree patched; a second signal during cleanup is ignored likewise.
 */
const ENDING_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type EndingSignal = keyof typeof ENDING_SIGNALS;

const exitCodeFor = (signal: EndingSignal): number => 128 + ENDING_SIGNALS[signal];

/** An AbortSignal that the caller's signal and the ending signals abort, and which one arrived first. */
function cancellationScope(io: CliIO): { io: CliIO; received: () => EndingSignal | undefined; dispose: () => void } {
  const controller = new AbortController();
  let received: EndingSignal | undefined;
  const handlers = (Object.keys(ENDING_SIGNALS) as EndingSignal[]).map((name) => {
    const handler = (): void => {
      received ??= name;
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  const onOuterAbort = (): void => controller.abort();
  if (io.signal.aborted) controller.abort();
  else io.signal.addEventListener('abort', onOuterAbort, { once: true });
  return {
    io: { ...io, signal: controller.signal },
    received: () => received,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
      io.signal.removeEventListener('abort', onOuterAbort);
    },
  };
}

/** `lwc code` */
export const codeCommands: readonly CliCommand[] = [code];
