import { createPlanGitPort } from '../../adapters/git/planGit';
import { createPlanFilesPort } from '../../adapters/plans/planFiles';
import { createRunPlanDeps } from '../../adapters/session/runPlanDeps';
import { resolvePlanArgument } from '../../app/plans';
import { runPlan } from '../../app/runPlan';
import { describeRunSession } from '../../app/runPlanDryRun';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../types';
import { runHeadlessCli } from './codeHeadless';
import { dryRunText } from './dryRunText';
import { agentCommandFrom, askOnTerminal, cliAttach, confirmRunArgs, credentialChoicesOf, runEventPrinter } from './session';
import { repoContext } from './worktree';

const code: CliCommand = {
  path: ['code'],
  summary: "Run a plan: droid in a container on the plan's worktree, attached to this terminal (--dry-run shows the session)",
  usage: 'lwc code <plan> [--dry-run] [--json] [--templates] [--no-cache] [--yes-dangerous-run-args] [--accept-credentials] [--trust-endpoint] [--git-writable] [--agent-command CMD] [--headless [--agent codex|droid|claude] [--model MODEL] [--timeout SECONDS]]',
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
    const ctx = await repoContext(io);
    const plan = await resolvePlanArgument(positionals[0]!, io.cwd, ctx.root, { files: createPlanFilesPort(), git: createPlanGitPort(ctx.root), repoRoot: ctx.root }, io.signal);
    const deps = createRunPlanDeps(ctx.root, { env: io.env });
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
      return runHeadlessCli(io, { root: ctx.root, plan, deps, agent: values.agent, model: values.model, timeout: values.timeout, json, templates: values.templates === true, noCache: values['no-cache'] === true, trustEndpoint: values['trust-endpoint'] === true, yesDangerousRunArgs: values['yes-dangerous-run-args'] === true, repoGitWritable: values['git-writable'] === true, agentCommandOverride, credentials });
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
    });
    if (json) io.stdout(`${JSON.stringify({ planId: result.planId, runDir: result.runDir, exitCode: result.exitCode, status: result.status, cancelled: result.cancelled, worktree: result.worktreePath })}\n`);
    else io.stderr(`lwc: ${result.planId}: agent exited with ${result.exitCode}; plan is ${result.status}; run directory ${result.runDir}\n`);
    return result.exitCode;
  },
};

/** `lwc code` */
export const codeCommands: readonly CliCommand[] = [code];
