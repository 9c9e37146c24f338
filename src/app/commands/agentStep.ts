import { isAbsolute, join, relative, sep } from 'node:path';
import { safeFileComponent } from '../../core/commands/session';
import type { StepContext, StepOutcome } from './builtins';
import { substitutePlaceholders } from './stepScope';

const inside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/**
 * `run-agent` and `agent` steps: the prompt file (relative to the repository, read from the session's worktree when
 * there is one, and realpath-checked to stay inside it) with `{{ args.x }}` / `{{ shared.y }}` substituted, handed to
 * the headless runner on the session's worktree. The substituted prompt is kept in the artifacts (prompts/).
 */
export async function runAgentStep(ctx: StepContext, promptFile: string | undefined): Promise<StepOutcome> {
  if (!promptFile) return { ok: false, error: `run-agent needs a prompt file: set prompt_file on ${ctx.command.name} or give the step its path as args: [path/to/prompt.md].`, tail: '' };
  // The agent's container mounts a worktree (its git pointers patched for the container): never the user's checkout.
  if (!ctx.session.worktreePath) return { ok: false, error: `run-agent runs in the session's worktree: give ${ctx.command.name} the worktree lifecycle (a create-worktree step).`, tail: '' };
  const base = ctx.session.worktreePath;
  const realBase = (await ctx.deps.files.realpath(base)) ?? base;
  const real = await ctx.deps.files.realpath(join(base, promptFile));
  if (!real) return { ok: false, error: `The prompt file ${promptFile} does not exist in ${base}. Fix prompt_file (relative to the repository root).`, tail: '' };
  if (isAbsolute(promptFile) || !inside(real, realBase)) return { ok: false, error: `The prompt file ${promptFile} resolves to ${real}, outside ${realBase}; LW Coder reads prompts only from inside the repository.`, tail: '' };
  const template = (await ctx.deps.files.readText(real)) ?? '';
  const prompt = substitutePlaceholders(template, ctx.args, ctx.session.sharedData);
  const kept = join(ctx.session.artifactDir, 'prompts', `step-${ctx.index}-${safeFileComponent(ctx.step.name)}.md`);
  await ctx.deps.files.writeText(kept, prompt);
  if (!ctx.deps.runAgent) return { ok: false, error: 'No agent runner is available here (run-agent needs the headless runner; run the command with `lwc cmd run` or from the editor).', tail: '' };
  const result = await ctx.deps.runAgent({
    repoRoot: ctx.session.projectPath,
    worktreePath: base,
    prompt,
    sessionId: ctx.session.id,
    stepName: ctx.step.name,
    runDir: join(ctx.session.artifactDir, 'agent', `step-${ctx.index}`),
    logFile: ctx.logFile,
    timeoutMs: ctx.timeoutMs,
    env: ctx.env,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onOutput: (text) => ctx.onOutput('stdout', text),
  });
  return {
    ok: result.ok,
    ...(result.ok ? { exitCode: 0 } : { error: result.message }),
    tail: result.message,
    ...(result.cancelled ? { cancelled: true } : {}),
    ...(result.timedOut ? { timedOut: true } : {}),
  };
}
