import { join } from 'node:path';
import { CONTEXT_FILE, TEST_REPORT_FILE, TMP_DIR } from '../../core/commands/session';
import type { CommandStep, ResolvedCommand } from '../../core/commands/types';
import { parsePorcelainV2 } from '../../core/worktree/status';
import type { ArgValues, CommandRunDeps } from './runTypes';
import type { SessionState } from './sessionState';
import { substitutePlaceholders } from './stepScope';
import { runAgentStep } from './agentStep';

/**
 * The built-in steps (issue 14 item 4; the seed's BuiltinSteps plus run-agent and run-tests). The lifecycle itself
 * creates the worktree and records the session's terminal before the first step, so `create-worktree` and
 * `start-session` report what is there rather than making a second one.
 */

export interface StepContext {
  readonly deps: CommandRunDeps;
  readonly command: ResolvedCommand;
  readonly session: SessionState;
  readonly step: CommandStep;
  readonly index: number;
  readonly args: ArgValues;
  /** Where the step runs: the worktree or project, plus working_directory. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Absolute path of the step's log. */
  readonly logFile: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
  readonly setShared: (key: string, value: string) => void;
}

export interface StepOutcome {
  readonly ok: boolean;
  readonly exitCode?: number;
  readonly error?: string;
  readonly tail: string;
  readonly timedOut?: boolean;
  readonly cancelled?: boolean;
}

type Builtin = (ctx: StepContext, say: (line: string) => Promise<void>) => Promise<StepOutcome | undefined>;

const BUILTINS: Record<string, Builtin> = {
  'setup-environment': async (ctx, say) => {
    for (const sub of ['logs', 'outputs', TMP_DIR]) await ctx.deps.files.makeDirectory(join(ctx.session.artifactDir, sub));
    await say(`Environment ready in ${ctx.session.artifactDir}`);
    return undefined;
  },
  'validate-prerequisites': async (ctx, say) => {
    const issues: string[] = [];
    const top = await ctx.deps.worktree.git.topLevel(ctx.cwd, ctx.signal).catch(() => undefined);
    if (!top) issues.push(`${ctx.cwd} is not inside a git repository`);
    if (ctx.session.lifecycle === 'worktree' && !ctx.session.worktreePath) issues.push('the worktree lifecycle has no worktree');
    if (issues.length) return { ok: false, error: `Prerequisites not met: ${issues.join('; ')}`, tail: '' };
    await say('Prerequisites validated');
    return undefined;
  },
  'create-worktree': async (ctx, say) => {
    if (!ctx.session.worktreePath) return { ok: false, error: 'create-worktree runs only in the worktree lifecycle, which creates the worktree before the first step; this command was not given that lifecycle.', tail: '' };
    await say(`Worktree at ${ctx.session.worktreePath} on branch ${ctx.session.branch ?? '(unknown)'}`);
    return undefined;
  },
  'start-session': async (ctx, say) => {
    ctx.session.terminal ??= `lwc (pid ${ctx.deps.worktree.process.pid})`;
    await say(`Session ${ctx.session.id} runs in ${ctx.session.terminal}`);
    return undefined;
  },
  'gather-context': async (ctx, say) => {
    const where = ctx.session.worktreePath ?? ctx.session.projectPath;
    const status = await ctx.deps.worktree.git.statusPorcelain(where, ctx.signal).then(parsePorcelainV2, () => undefined);
    const context = {
      project_name: ctx.session.projectPath.split(/[\\/]/).pop() ?? '',
      git_branch: status?.branch ?? 'unknown',
      git_head: status?.head ?? null,
      command: ctx.command.name,
      session_id: ctx.session.id,
      worktree: ctx.session.worktreePath ?? null,
      arguments: ctx.args,
      timestamp: (ctx.deps.now?.() ?? new Date()).toISOString(),
    };
    const file = join(ctx.session.artifactDir, ...CONTEXT_FILE.split('/'));
    await ctx.deps.files.writeText(file, `${JSON.stringify(context, null, 2)}\n`);
    ctx.setShared('project_name', context.project_name);
    ctx.setShared('git_branch', context.git_branch);
    ctx.setShared('context_file', file);
    await say(`Context gathered for ${context.project_name} (branch ${context.git_branch}) in ${file}`);
    return undefined;
  },
  'store-artifacts': async (ctx, say) => {
    const files = (await ctx.deps.files.listFiles(ctx.session.artifactDir)).filter((f) => f.path !== 'manifest.json');
    await ctx.deps.files.writeText(join(ctx.session.artifactDir, 'manifest.json'), `${JSON.stringify({ session: ctx.session.id, files }, null, 2)}\n`);
    await say(`${files.length} artifact(s) stored in ${ctx.session.artifactDir} (manifest.json lists them)`);
    return undefined;
  },
  cleanup: async (ctx, say) => {
    const tmp = join(ctx.session.artifactDir, TMP_DIR);
    await ctx.deps.files.removeTree(tmp);
    await ctx.deps.files.makeDirectory(tmp);
    await say('Cleanup completed (scratch files in $LWC_TMP removed)');
    return undefined;
  },
  'run-tests': async (ctx, say) => {
    const argv = ctx.step.args.map((a) => substitutePlaceholders(a, ctx.args, ctx.session.sharedData));
    if (!argv.length) return { ok: false, error: "run-tests needs the test command as the step's args, e.g. args: [npm, test]; it runs without a shell.", tail: '' };
    await say(`$ ${argv.join(' ')}`);
    const result = await ctx.deps.processes.run({ argv, cwd: ctx.cwd, env: ctx.env, logFile: ctx.logFile, timeoutMs: ctx.timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}), onOutput: ctx.onOutput });
    const report = join(ctx.session.artifactDir, TEST_REPORT_FILE);
    await ctx.deps.files.copyFile(ctx.logFile, report);
    ctx.setShared('test_report', report);
    const ok = result.exitCode === 0;
    return {
      ok,
      ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
      ...(ok ? {} : { error: result.spawnError ?? (result.timedOut ? 'the tests timed out' : result.cancelled ? 'cancelled' : `the tests failed (exit ${result.exitCode}); the report is ${report}`) }),
      tail: result.outputTail,
      timedOut: result.timedOut,
      cancelled: result.cancelled,
    };
  },
  'run-agent': async (ctx) => runAgentStep(ctx, ctx.step.args[0] ?? ctx.command.promptFile),
};

export const BUILTIN_NAMES: readonly string[] = Object.keys(BUILTINS);

export async function runBuiltin(ctx: StepContext): Promise<StepOutcome> {
  const builtin = Object.hasOwn(BUILTINS, ctx.step.action) ? BUILTINS[ctx.step.action] : undefined;
  if (!builtin) return { ok: false, error: `Unknown built-in step '${ctx.step.action}'. Use one of: ${BUILTIN_NAMES.join(', ')}, or give the step a type (shell, script, agent).`, tail: '' };
  const lines: string[] = [];
  const say = async (line: string): Promise<void> => {
    lines.push(line);
    ctx.onOutput('stdout', `${line}\n`);
    await ctx.deps.files.appendText(ctx.logFile, `${line}\n`);
  };
  const outcome = await builtin(ctx, say);
  return outcome ?? { ok: true, exitCode: 0, tail: lines.join('\n') };
}
