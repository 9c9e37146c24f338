import { join } from 'node:path';
import type { AgentBackend, AgentRunSpec, ModelProvider } from '../../core/agent/backend';
import type { AgentEvent } from '../../core/agent/events';
import type { AttemptObservation } from '../../core/agent/policy';
import type { JsonSchema } from '../../core/agent/strictSchema';
import type { Redactor } from '../../core/env/redact';
import { AGENT_FILES_DIR, SECRET_MARKER_FILE, type SecretMarker } from '../../core/runs/agentSecrets';
import { truncateText } from '../../core/agent/text';
import type { ParsedRunArg } from '../../core/container/runArgs';
import { CONTAINER_AGENT_DIR, CONTAINER_DROIDS_DIR } from '../../core/container/session';
import { CONTAINER_WORKSPACE } from '../../core/worktree/layout';
import type { RunHeadlessDeps } from './runHeadlessTypes';
import type { RunPlanEvent } from './runPlanTypes';
import { planSession } from './runPlanSession';
import { runSessionContainer, type AttachSession } from './sessionContainer';
import { worktreeChangedSince, type WorktreeFingerprint } from '../worktree/worktreeChange';
import { withPatchedGitdir } from '../worktree/worktreeGitdir';

/**
 * One attempt of a headless run: the backend's files placed in the run directory (mounted read-write at
 * CONTAINER_AGENT_DIR, since the CLI writes its home and last message there), a fresh container with the prompt on
 * stdin, stdout parsed into events as it arrives, a stop at the timeout, and — once the worktree's pointers are back —
 * what the policy needs to judge it. Secret files live only for the attempt.
 */

/** Raw output kept per attempt, bounded so a chatty agent cannot fill the disk. */
const LOG_LIMIT = 2_000_000;

export interface AttemptContext {
  readonly deps: RunHeadlessDeps;
  readonly backend: AgentBackend;
  readonly runDir: string;
  readonly worktreePath: string;
  /** The worktree before the first attempt: a moved HEAD or changed files since then are a change. */
  readonly startState: WorktreeFingerprint | undefined;
  readonly session: {
    readonly image: string;
    readonly baseImage: string;
    readonly planId: string;
    readonly runId: string;
    readonly repoRoot: string;
    readonly repoGitWritable?: boolean;
    readonly tasksDir: string;
    readonly promptFile: string;
    readonly droidsDir: string;
    readonly runArgs: readonly ParsedRunArg[];
  };
  /** Forwarded variables (config forward_env); secret ones are added per backend. */
  readonly env: Readonly<Record<string, string>>;
  readonly secretValue: (name: string) => Promise<string | undefined>;
  /** Scrubs the run's secrets from the attempt logs (events are redacted by onAgentEvent's owner). */
  readonly redact: Redactor;
  /** Mount droid's login and settings: droid on its own login only. */
  readonly droidCredentials: boolean;
  readonly outputSchema: JsonSchema;
  readonly model?: string;
  readonly provider?: ModelProvider;
  readonly agentCommandOverride?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly emit: (event: RunPlanEvent) => void;
  readonly onAgentEvent: (event: AgentEvent, attempt: number) => Promise<void>;
  /** Awaited when the attempt's container runs (runSessionContainer's onStarted): the plan becomes `coding` then. */
  readonly onStarted?: () => Promise<void>;
}

export interface AttemptOutcome {
  readonly observation: AttemptObservation;
  readonly cancelled: boolean;
  readonly exitCode: number;
  readonly command: readonly string[];
  readonly missingSecrets: readonly string[];
  /** Since the run started, across attempts (undefined: git could not tell; the policy then sees no change). */
  readonly worktreeChanged: boolean | undefined;
}

const hostAgentDir = (runDir: string): string => join(runDir, AGENT_FILES_DIR);

/** A container path under CONTAINER_AGENT_DIR as its host path; anything else is a backend bug. */
function hostPathOf(runDir: string, containerPath: string): string {
  const prefix = `${CONTAINER_AGENT_DIR}/`;
  if (!containerPath.startsWith(prefix)) throw new Error(`The agent backend asked for a file outside its files directory (${containerPath}); backends must place files under filesDir.`);
  return join(hostAgentDir(runDir), ...containerPath.slice(prefix.length).split('/'));
}

export async function runAttempt(ctx: AttemptContext, attempt: number, prompt: string): Promise<AttemptOutcome> {
  const { deps, backend, runDir } = ctx;
  const files = deps.worktree.files;
  const providerApiKey = ctx.provider ? await ctx.secretValue(ctx.provider.apiKeyEnv) : undefined;
  const spec = backend.buildRun({
    prompt,
    workdir: CONTAINER_WORKSPACE,
    filesDir: CONTAINER_AGENT_DIR,
    outputSchema: ctx.outputSchema,
    ...(ctx.model ? { model: ctx.model } : {}),
    ...(ctx.provider ? { provider: ctx.provider } : {}),
    ...(providerApiKey ? { providerApiKey } : {}),
    droidsDir: CONTAINER_DROIDS_DIR,
  });
  await files.makeDirectory(hostAgentDir(runDir));
  const lastMessageHost = spec.lastMessagePath ? hostPathOf(runDir, spec.lastMessagePath) : undefined;
  // A stale answer from the previous attempt must not count for this one.
  if (lastMessageHost) await files.removeFile(lastMessageHost);

  const env: Record<string, string> = { ...ctx.env, ...spec.env };
  const missingSecrets: string[] = [];
  for (const secret of spec.secretEnv) {
    const { name, from } = typeof secret === 'string' ? { name: secret, from: secret } : secret;
    const value = await ctx.secretValue(from);
    if (value) env[name] = value;
    else missingSecrets.push(from);
  }
  const command = ctx.agentCommandOverride === undefined ? [...spec.command] : ['sh', '-c', ctx.agentCommandOverride, 'sh', ...spec.command];

  const events: AgentEvent[] = [];
  const logs = { stdout: '', stderr: '' };
  let timedOut = false;
  let pending = Promise.resolve();
  const onLine = (line: string): void => {
    for (const event of backend.parseLine(line)) {
      events.push(event);
      pending = pending.then(() => ctx.onAgentEvent(event, attempt));
    }
  };
  const attach: AttachSession = async (session) => {
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    let partial = '';
    session.onOutput((chunk, stream) => {
      const text = decoders[stream].decode(chunk, { stream: true });
      logs[stream] += text;
      if (stream !== 'stdout') return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    if (spec.stdin !== undefined) session.write(spec.stdin);
    session.endInput();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ctx.timeoutMs)));
    const first = await Promise.race([session.exited, timeout]);
    clearTimeout(timer);
    if (first === 'timeout') {
      timedOut = true;
      await session.stop();
    }
    const code = await session.exited;
    if (partial) onLine(partial);
    return code;
  };

  let run: { exitCode: number; cancelled: boolean };
  const secretFiles: string[] = [];
  try {
    await placeFiles(ctx, spec, secretFiles);
    run = await withPatchedGitdir(deps.worktree, ctx.worktreePath, async (patched) => {
      const plan = await planSession({ files, process: deps.worktree.process, host: deps.host }, {
        kind: 'headless',
        ...ctx.session,
        worktreePath: patched.worktreePath,
        repoGitDir: patched.commonDir,
        env,
        tty: false,
        runArgs: ctx.session.runArgs,
        droidCredentials: ctx.droidCredentials,
      });
      const create = {
        ...plan.create,
        Cmd: command,
        // The prompt goes in on stdin, then EOF: the CLIs read it to the end before they start.
        OpenStdin: true,
        StdinOnce: true,
        AttachStdin: true,
        HostConfig: { ...plan.create.HostConfig, Mounts: [...(plan.create.HostConfig.Mounts ?? []), { Type: 'bind' as const, Source: hostAgentDir(runDir), Target: CONTAINER_AGENT_DIR, ReadOnly: false }] },
      };
      return runSessionContainer(deps.engine, create, {
        attach,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onEvent: (event) => ctx.emit({ type: 'container', event }),
        ...(ctx.onStarted ? { onStarted: ctx.onStarted } : {}),
      });
    }, { onEvent: (event) => ctx.emit({ type: 'worktree', event }) });
  } finally {
    // Key files live for the attempt only; the marker goes last, so a crash in between still leaves recover a map.
    for (const path of secretFiles) await files.removeFile(path);
    if (spec.files.some((f) => f.secret)) await files.removeFile(join(hostAgentDir(runDir), SECRET_MARKER_FILE));
    await pending;
    await writeLog(ctx, join(runDir, `attempt-${attempt}.stdout.log`), logs.stdout);
    await writeLog(ctx, join(runDir, `attempt-${attempt}.stderr.log`), logs.stderr);
  }

  const worktreeChanged = await worktreeChangedSince(deps.worktree.git, ctx.worktreePath, ctx.startState, (message) => ctx.emit({ type: 'warning', message }));
  const lastMessage = lastMessageHost ? await files.read(lastMessageHost) : undefined;
  const lastMessageText = lastMessage === undefined ? undefined : Buffer.from(lastMessage).toString('utf8');
  return {
    observation: {
      exitCode: timedOut || run.cancelled ? null : run.exitCode,
      timedOut,
      events,
      finalText: backend.finalText(events, lastMessageText),
      worktreeChanged: worktreeChanged === true,
    },
    cancelled: run.cancelled,
    exitCode: run.exitCode,
    command,
    missingSecrets,
    worktreeChanged,
  };
}

/**
 * Writes the backend's files, adding the secret ones' host paths to `secrets` as each is written so the caller removes
 * whatever exists even when a later write fails. Secret files are named first in a marker with our process, so that
 * `lwc recover` can remove them if this process dies mid-attempt (core/runs/agentSecrets.ts).
 */
async function placeFiles(ctx: AttemptContext, spec: AgentRunSpec, secrets: string[]): Promise<void> {
  const secretFiles = spec.files.filter((f) => f.secret);
  if (secretFiles.length > 0) {
    const { pid, hostname } = ctx.deps.worktree.process;
    const marker: SecretMarker = { version: 1, pid, hostname, files: secretFiles.map((f) => f.path.slice(CONTAINER_AGENT_DIR.length + 1)) };
    await ctx.deps.runFiles.writeFile(join(hostAgentDir(ctx.runDir), SECRET_MARKER_FILE), `${JSON.stringify(marker)}\n`, 0o600);
  }
  for (const file of spec.files) {
    const host = hostPathOf(ctx.runDir, file.path);
    await ctx.deps.worktree.files.makeDirectory(join(host, '..'));
    if (file.secret) secrets.push(host);
    await ctx.deps.runFiles.writeFile(host, file.content, file.secret ? 0o600 : (file.mode ?? 0o644));
  }
}

async function writeLog(ctx: AttemptContext, path: string, text: string): Promise<void> {
  // Redacted before the cut, so a key straddling the cut cannot survive as a fragment.
  await ctx.deps.runFiles.writeFile(path, truncateText(ctx.redact(text), LOG_LIMIT, 'tail'), 0o644);
}
