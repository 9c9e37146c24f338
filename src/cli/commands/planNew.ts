import { relative } from 'node:path';
import { createRunPlanDeps } from '../../adapters/session/runPlanDeps';
import { authorPlan } from '../../app/run/authorPlan';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_FAILURE, UsageError, type CliCommand } from '../types';
import { agentCommandFrom, cliAttach, confirmRunArgs, credentialChoicesOf, runEventPrinter } from './session';
import { repoContext } from './worktree';

const planNew: CliCommand = {
  ...commandInfo('plan new'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      request: { type: 'string' },
      json: { type: 'boolean' },
      'yes-dangerous-run-args': { type: 'boolean' },
      'accept-credentials': { type: 'boolean' },
      'agent-command': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('give the new plan_id');
    const ctx = await repoContext(io);
    const json = values.json === true;
    const terminal = cliAttach(io, { outputToStderr: json });
    const agentCommandOverride = agentCommandFrom(values['agent-command'], io);
    const result = await authorPlan(createRunPlanDeps(ctx.root, { env: io.env }), {
      repoRoot: ctx.root,
      planId: positionals[0]!,
      ...(typeof values.request === 'string' ? { request: values.request } : {}),
      processEnv: io.env,
      tty: terminal.tty,
      ...(agentCommandOverride !== undefined ? { agentCommandOverride } : {}),
      allowDangerousRunArgs: confirmRunArgs(io, values['yes-dangerous-run-args'] === true),
      ...credentialChoicesOf(io, { accept: values['accept-credentials'] === true, json }),
      attach: terminal.attach,
      ...(terminal.size ? { initialSize: terminal.size } : {}),
      onEvent: runEventPrinter(io),
      signal: io.signal,
    });
    const errors = result.plan.validated.diagnostics.filter((d) => d.severity === 'error');
    if (json) {
      io.stdout(`${JSON.stringify({ planId: result.planId, path: result.planPath, exitCode: result.exitCode, valid: result.plan.validated.valid, errors: errors.map((d) => ({ line: d.range.start.line + 1, message: d.message })) })}\n`);
    } else {
      io.stderr(`lwc: wrote ${relative(io.cwd, result.planPath) || result.planPath} (${result.plan.validated.valid ? 'valid' : 'INVALID'})\n`);
      for (const d of errors) io.stderr(`  line ${d.range.start.line + 1}: ${d.message}\n`);
    }
    return result.plan.validated.valid ? result.exitCode : EXIT_FAILURE;
  },
};

/** `lwc plan new` */
export const planNewCommands: readonly CliCommand[] = [planNew];
