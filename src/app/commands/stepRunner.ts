import { isAbsolute, join, relative, sep } from 'node:path';
import { OUTPUTS_DIR, stepLogFile, TMP_DIR, type SequencedStep } from '../../core/commands/session';
import { lineSplitter, parseOutputFile, parseSetCommand, sessionEnv } from '../../core/commands/stepEnv';
import type { ResolvedCommand, StepExecution } from '../../core/commands/types';
import { runBuiltin, type StepContext, type StepOutcome } from './builtins';
import { runAgentStep } from './agentStep';
import type { ArgValues, CommandRunDeps } from './runTypes';
import type { SessionState } from './sessionState';
import { evaluateWhen, substitutePlaceholders } from './stepScope';
import type { CommandEvent } from './run';

const inside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

export interface StepRunInput {
  readonly deps: CommandRunDeps;
  readonly command: ResolvedCommand;
  readonly session: SessionState;
  readonly seq: SequencedStep;
  readonly cwd: string;
  /** Budget for each attempt, already capped by the command's deadline. */
  readonly timeoutMs: number;
  /** True when the cap above is the command's remaining budget, so a timeout is the command's. */
  readonly commandDeadlineBinds: boolean;
  readonly commandTimeoutSeconds: number;
  readonly signal?: AbortSignal;
  readonly emit: (event: CommandEvent) => void;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * One step: `when` (false → skipped), then up to 1 + retry.count attempts with retry.delay between them. Shared data a
 * step sets (`::set k=v` on stdout, or $LWC_OUTPUT) is applied as it comes. Never throws for the step's own failure:
 * the StepExecution says what happened.
 */
export async function runStep(input: StepRunInput): Promise<StepExecution> {
  const { deps, session, seq, emit } = input;
  const { step, index, phase } = seq;
  const now = (): string => (deps.now?.() ?? new Date()).toISOString();
  const logFile = stepLogFile(index, step.name);
  const startedAt = now();
  const base = { name: step.name, phase, index, startedAt, logFile } as const;
  emit({ kind: 'step-start', step: { ...base, status: 'running', attempts: 0 } });
  const end = (fields: Partial<StepExecution> & Pick<StepExecution, 'status' | 'attempts'>): StepExecution => {
    const execution: StepExecution = { ...base, endedAt: now(), ...fields };
    emit({ kind: 'step-end', step: execution });
    return execution;
  };

  if (step.when !== undefined) {
    let run: boolean;
    try {
      run = evaluateWhen(step.when, { args: session.arguments, shared: session.sharedData });
    } catch (error) {
      return end({ status: 'failed', attempts: 0, error: `when '${step.when}' could not be evaluated: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (!run) return end({ status: 'skipped', attempts: 0, outputTail: `skipped: when '${step.when}' is false` });
  }

  const attempts = 1 + Math.max(0, step.retry.count);
  let outcome: StepOutcome | undefined;
  let attempt = 0;
  for (attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const note = `--- attempt ${attempt} of ${attempts} (after ${step.retry.delaySeconds} s) ---\n`;
      await deps.files.appendText(join(session.artifactDir, logFile), note);
      emit({ kind: 'output', step: step.name, stream: 'stderr', text: note });
      await sleep(step.retry.delaySeconds * 1000, input.signal);
    }
    outcome = input.signal?.aborted ? { ok: false, cancelled: true, tail: '' } : await attemptStep(input);
    if (outcome.ok || outcome.cancelled || (outcome.timedOut && input.commandDeadlineBinds)) break;
  }
  attempt = Math.min(attempt, attempts);
  const o = outcome!;
  if (o.cancelled) return end({ status: 'cancelled', attempts: attempt, outputTail: o.tail, error: 'cancelled' });
  if (o.ok) return end({ status: 'completed', attempts: attempt, ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}), outputTail: o.tail });
  const error = o.timedOut
    ? input.commandDeadlineBinds
      ? `the command's timeout (${input.commandTimeoutSeconds} s) ran out during step '${step.name}'; its process group was killed`
      : `step '${step.name}' timed out after ${Math.round(input.timeoutMs / 1000)} s; its process group was killed`
    : (o.error ?? `step '${step.name}' failed`);
  return end({ status: 'failed', attempts: attempt, ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}), outputTail: o.tail, error });
}

async function attemptStep(input: StepRunInput): Promise<StepOutcome> {
  const { deps, command, session, seq, emit } = input;
  const { step, index } = seq;
  const outputFile = join(session.artifactDir, OUTPUTS_DIR, `step-${index}.env`);
  await deps.files.removeFile(outputFile);
  const processEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(deps.processEnv)) if (v !== undefined) processEnv[k] = v;
  const env = {
    ...processEnv,
    ...command.environment,
    ...sessionEnv({
      sessionId: session.id,
      artifactDir: session.artifactDir,
      worktree: session.worktreePath ?? session.projectPath,
      projectPath: session.projectPath,
      outputFile,
      tmpDir: join(session.artifactDir, TMP_DIR),
      args: session.arguments,
      shared: session.sharedData,
    }),
  };
  const setShared = (key: string, value: string): void => {
    session.sharedData[key] = value;
  };
  const lines = lineSplitter((line) => {
    const set = parseSetCommand(line);
    if (set && 'key' in set) setShared(set.key, set.value);
    else if (set) emit({ kind: 'output', step: step.name, stream: 'stderr', text: `lwc: ignored ::set with an invalid key '${set.invalid}' (use letters, digits, _ . -)\n` });
  });
  const ctx: StepContext = {
    deps,
    command,
    session,
    step,
    index,
    args: session.arguments,
    cwd: input.cwd,
    env,
    logFile: join(session.artifactDir, stepLogFile(index, step.name)),
    timeoutMs: input.timeoutMs,
    ...(input.signal ? { signal: input.signal } : {}),
    onOutput: (stream, text) => {
      if (stream === 'stdout') lines.push(text);
      emit({ kind: 'output', step: step.name, stream, text });
    },
    setShared,
  };
  let outcome: StepOutcome;
  try {
    outcome = await dispatch(ctx, input);
  } catch (error) {
    // A step's own trouble (an agent run refused by a gate, a file it could not write) fails the step, never the run.
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error), tail: '', ...(input.signal?.aborted ? { cancelled: true } : {}) };
  }
  lines.end();
  const written = await deps.files.readText(outputFile);
  if (written !== undefined) {
    const parsed = parseOutputFile(written);
    for (const [k, v] of Object.entries(parsed.values)) setShared(k, v);
    for (const bad of parsed.invalid) emit({ kind: 'output', step: step.name, stream: 'stderr', text: `lwc: ignored a line of $LWC_OUTPUT with an invalid key '${bad}'\n` });
  }
  return outcome;
}

async function dispatch(ctx: StepContext, input: StepRunInput): Promise<StepOutcome> {
  const { step } = ctx;
  if (step.type === 'builtin') return runBuiltin(ctx);
  if (step.type === 'agent') return runAgentStep(ctx, step.action);
  // Placeholders only in the args array, which runs without a shell: a value is one argv entry, never syntax.
  const args = step.args.map((a) => substitutePlaceholders(a, ctx.args, ctx.session.sharedData));
  let argv: string[];
  if (step.type === 'shell') {
    argv = ['sh', '-c', step.action, 'sh', ...args];
  } else {
    const base = ctx.session.worktreePath ?? ctx.session.projectPath;
    const realBase = (await ctx.deps.files.realpath(base)) ?? base;
    const script = await ctx.deps.files.realpath(join(base, step.action));
    if (!script) return { ok: false, error: `The script ${step.action} does not exist in ${base}. Script paths are relative to the repository root.`, tail: '' };
    if (isAbsolute(step.action) || !inside(script, realBase)) return { ok: false, error: `The script ${step.action} resolves to ${script}, outside ${realBase}; LW Coder runs scripts only from inside the repository.`, tail: '' };
    argv = [script, ...args];
  }
  const result = await ctx.deps.processes.run({ argv, cwd: ctx.cwd, env: ctx.env, logFile: ctx.logFile, timeoutMs: ctx.timeoutMs, ...(input.signal ? { signal: input.signal } : {}), onOutput: ctx.onOutput });
  const ok = result.exitCode === 0;
  return {
    ok,
    ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
    ...(ok ? {} : { error: result.spawnError ?? `step '${step.name}' exited with ${result.exitCode ?? 'a signal'}` }),
    tail: result.outputTail,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
  };
}
