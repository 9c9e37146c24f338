import { createPlanGitPort } from '../../adapters/git/planGit';
import { createPlanFilesPort } from '../../adapters/plans/planFiles';
import { createRunPlanDeps } from '../../adapters/session/runPlanDeps';
import { resolvePlanArgument } from '../../app/plans';
import { runPlan } from '../../app/runPlan';
import { describeRunSession } from '../../app/runPlanDryRun';
import type { RunPlanEvent } from '../../app/runPlanTypes';
import type { AttachSession } from '../../app/sessionContainer';
import type { RunArgFinding } from '../../core/container/runArgs';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand, type CliIO } from '../types';
import { runHeadlessCli } from './codeHeadless';
import { repoContext } from './worktree';

/**
 * The terminal side of a session. On a TTY: raw keystrokes in, the container's terminal out, resized with ours
 * (SIGWINCH). Without one: output streamed (stdout and stderr kept apart), the agent's stdin closed.
 */
export function cliAttach(io: CliIO, options: { outputToStderr?: boolean } = {}): { tty: boolean; attach: AttachSession; size?: { columns: number; rows: number } } {
  const tty = io.interactive && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!tty) {
    return {
      tty: false,
      attach: async (session) => {
        // One streaming decoder per stream: a character split across two chunks must not turn into two U+FFFDs.
        const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
        session.onOutput((chunk, stream) => {
          const text = decoders[stream].decode(chunk, { stream: true });
          if (stream === 'stderr' || options.outputToStderr) io.stderr(text);
          else io.stdout(text);
        });
        session.endInput();
        return session.exited;
      },
    };
  }
  const size = (): { columns: number; rows: number } => ({ columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 });
  return {
    tty: true,
    size: size(),
    attach: async (session) => {
      const stdin = process.stdin;
      const onData = (data: Buffer): void => session.write(data);
      const onResize = (): void => void session.resize(size()).catch(() => undefined);
      session.onOutput((chunk) => process.stdout.write(chunk));
      stdin.setRawMode(true);
      stdin.resume();
      stdin.on('data', onData);
      process.on('SIGWINCH', onResize);
      try {
        return await session.exited;
      } finally {
        process.off('SIGWINCH', onResize);
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
      }
    },
  };
}

/** Progress on stderr, so stdout carries only the agent's output or --json. */
export function runEventPrinter(io: CliIO): (event: RunPlanEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'stage': io.stderr(`lwc: ${e.message}\n`); break;
      case 'warning': io.stderr(`lwc: warning: ${e.message}\n`); break;
      case 'prompts': io.stderr(`lwc: ${e.progress.message}\n`); break;
      case 'image': io.stderr(`lwc: [${e.image} image] ${e.line}\n`); break;
      case 'plan-status': io.stderr(`lwc: plan ${e.planId}: status ${e.from ?? '?'} → ${e.to}\n`); break;
      case 'container':
        if (e.event.type === 'container-cleanup-failed') io.stderr(`lwc: warning: could not remove container ${e.event.containerId.slice(0, 12)}: ${e.event.message}\n`);
        break;
      case 'worktree':
        if (e.event.type === 'worktree-created') io.stderr(`lwc: created worktree ${e.event.path} on branch ${e.event.branch}\n`);
        break;
    }
  };
}

/** y/N on a terminal; off a terminal nobody can answer, so no. */
export async function askOnTerminal(io: CliIO, question: string): Promise<boolean> {
  if (!io.interactive || !io.prompt) return false;
  return /^\s*y(es)?\s*$/i.test(await io.prompt(`${question} [y/N] `));
}

export const confirmRunArgs = (io: CliIO, yes: boolean) => async (findings: readonly RunArgFinding[]): Promise<boolean> =>
  yes || askOnTerminal(io, `.lw_coder/config.toml [code] docker_run_args weaken the agent's container:\n${findings.map((f) => `  ${f.message}`).join('\n')}\nRun with them anyway?`);

/** The agent command override: --agent-command, else LWC_AGENT_COMMAND (how tests swap droid for a stand-in). */
export const agentCommandFrom = (flag: unknown, io: CliIO): string | undefined => (typeof flag === 'string' ? flag : io.env['LWC_AGENT_COMMAND'] || undefined);

const code: CliCommand = {
  path: ['code'],
  summary: "Run a plan: droid in a container on the plan's worktree, attached to this terminal (--dry-run shows the session)",
  usage: 'lwc code <plan> [--dry-run] [--json] [--templates] [--no-cache] [--yes-dangerous-run-args] [--trust-endpoint] [--git-writable] [--agent-command CMD] [--headless [--agent codex|droid|claude] [--timeout SECONDS]]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      templates: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'yes-dangerous-run-args': { type: 'boolean' },
      'trust-endpoint': { type: 'boolean' },
      'git-writable': { type: 'boolean' },
      'agent-command': { type: 'string' },
      headless: { type: 'boolean' },
      agent: { type: 'string' },
      timeout: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one plan (a plan_id or a path to a plan file)');
    if (!values.headless && (values.agent !== undefined || values.timeout !== undefined)) throw new UsageError('--agent and --timeout apply to headless runs: add --headless');
    if (values.headless && values['dry-run']) throw new UsageError('--dry-run shows the interactive session; leave out --headless');
    const ctx = await repoContext(io);
    const plan = await resolvePlanArgument(positionals[0]!, io.cwd, ctx.root, { files: createPlanFilesPort(), git: createPlanGitPort(ctx.root), repoRoot: ctx.root }, io.signal);
    const deps = createRunPlanDeps(ctx.root, { env: io.env });
    const agentCommandOverride = agentCommandFrom(values['agent-command'], io);
    const json = values.json === true;
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
      else {
        io.stdout(`image      ${view.image} (on ${view.baseImage})\nuser       ${view.user}\nsecurity   ${view.securityOptions.join(', ')}; cap-drop ${view.capDrop.join(', ')}\ncommand    ${JSON.stringify(view.command)}\nenv        ${view.env.join(', ')}\nmounts\n`);
        for (const m of view.mounts) io.stdout(`  ${m.source} -> ${m.target}${m.readOnly ? ' (ro)' : ''}${view.notYetCreated.includes(m.source) ? '  [not created yet]' : ''}\n`);
        for (const n of view.notes) io.stdout(`note: ${n}\n`);
      }
      return 0;
    }

    if (values.headless) {
      return runHeadlessCli(io, { root: ctx.root, plan, deps, agent: values.agent, timeout: values.timeout, json, templates: values.templates === true, noCache: values['no-cache'] === true, trustEndpoint: values['trust-endpoint'] === true, yesDangerousRunArgs: values['yes-dangerous-run-args'] === true, repoGitWritable: values['git-writable'] === true, agentCommandOverride });
    }

    const result = await runPlan(deps, {
      ...choices,
      plan,
      promptSource: values.templates ? 'templates' : 'model',
      ...(values['no-cache'] ? { noCache: true } : {}),
      ...(values['trust-endpoint'] ? { trustEndpoint: true } : {}),
      allowDangerousRunArgs: confirmRunArgs(io, values['yes-dangerous-run-args'] === true),
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
