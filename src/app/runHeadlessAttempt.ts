import { join } from 'node:path';
import type { AgentBackend, AgentRunSpec, ModelProvider } from '../core/agent/backend';
import type { AgentEvent } from '../core/agent/events';
import type { AttemptObservation } from '../core/agent/policy';
import type { JsonSchema } from '../core/agent/strictSchema';
import { truncateText } from '../core/agent/text';
import type { ParsedRunArg } from '../core/container/runArgs';
import { CONTAINER_WORKSPACE } from '../core/worktree/layout';
import type { RunHeadlessDeps } from './runHeadlessTypes';
import type { RunPlanEvent } from './runPlanTypes';
import { planSession } from './runPlanSession';
import { runSessionContainer, type AttachSession } from './sessionContainer';
import { withPatchedGitdir } from './worktreeGitdir';

/**
 * One attempt of a headless run: the backend's files placed in the run directory (mounted read-write at
 * CONTAINER_AGENT_DIR, since the CLI writes its home and last message there), a fresh container with the prompt on
 * stdin, stdout parsed into events as it arrives, a stop at the timeout, and — once the worktree's pointers are back —
 * what the policy needs to judge it. Secret files live only for the attempt.
 */

/** The backend's files directory inside the container (host side: `<runDir>/agent`). */
export const CONTAINER_AGENT_DIR = '/tmp/lw_coder/agent';
/** Raw output kept per attempt, bounded so a chatty agent cannot fill the disk. */
const LOG_LIMIT = 2_000_000;

export interface AttemptContext {
  readonly deps: RunHeadlessDeps;
  readonly backend: AgentBackend;
  readonly runDir: string;
  readonly worktreePath: string;
  /** The worktree's HEAD before the first attempt: a moved HEAD (the agent committed) is a change. */
  readonly startHead: string | null;
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
  readonly outputSchema: JsonSchema;
  readonly model?: string;
  readonly provider?: ModelProvider;
  readonly agentCommandOverride?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly emit: (event: RunPlanEvent) => void;
  readonly onAgentEvent: (event: AgentEvent) => Promise<void>;
}

export interface AttemptOutcome {
  readonly observation: AttemptObservation;
  readonly cancelled: boolean;
  readonly exitCode: number;
  readonly command: readonly string[];
  readonly missingSecrets: readonly string[];
}

const hostAgentDir = (runDir: string): string => join(runDir, 'agent');

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
  });
  await files.makeDirectory(hostAgentDir(runDir));
  const secretFiles = await placeFiles(ctx, spec);
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
      pending = pending.then(() => ctx.onAgentEvent(event));
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
  try {
    run = await withPatchedGitdir(deps.worktree, ctx.worktreePath, async (patched) => {
      const plan = await planSession({ files, process: deps.worktree.process, host: deps.host }, {
        kind: 'headless',
        ...ctx.session,
        worktreePath: patched.worktreePath,
        repoGitDir: patched.commonDir,
        env,
        tty: false,
        runArgs: ctx.session.runArgs,
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
      return runSessionContainer(deps.engine, create, { attach, ...(ctx.signal ? { signal: ctx.signal } : {}), onEvent: (event) => ctx.emit({ type: 'container', event }) });
    }, { onEvent: (event) => ctx.emit({ type: 'worktree', event }) });
  } finally {
    for (const path of secretFiles) await files.removeFile(path);
    await pending;
    await writeLog(ctx, join(runDir, `attempt-${attempt}.stdout.log`), logs.stdout);
    await writeLog(ctx, join(runDir, `attempt-${attempt}.stderr.log`), logs.stderr);
  }

  const lastMessage = lastMessageHost ? await files.read(lastMessageHost) : undefined;
  const lastMessageText = lastMessage === undefined ? undefined : Buffer.from(lastMessage).toString('utf8');
  return {
    observation: {
      exitCode: timedOut || run.cancelled ? null : run.exitCode,
      timedOut,
      events,
      finalText: backend.finalText(events, lastMessageText),
      worktreeChanged: await worktreeChanged(ctx),
    },
    cancelled: run.cancelled,
    exitCode: run.exitCode,
    command,
    missingSecrets,
  };
}

/** Writes the backend's files; returns the secret ones' host paths so they can be removed after the attempt. */
async function placeFiles(ctx: AttemptContext, spec: AgentRunSpec): Promise<string[]> {
  const secrets: string[] = [];
  for (const file of spec.files) {
    const host = hostPathOf(ctx.runDir, file.path);
    await ctx.deps.worktree.files.makeDirectory(join(host, '..'));
    await ctx.deps.runFiles.writeFile(host, file.content, file.secret ? 0o600 : (file.mode ?? 0o644));
    if (file.secret) secrets.push(host);
  }
  return secrets;
}

async function writeLog(ctx: AttemptContext, path: string, text: string): Promise<void> {
  await ctx.deps.runFiles.writeFile(path, truncateText(text, LOG_LIMIT, 'tail'), 0o644);
}

/** `git status --porcelain` lists an entry, or HEAD no longer where the run started (the agent committed). */
async function worktreeChanged(ctx: AttemptContext): Promise<boolean> {
  const git = ctx.deps.worktree.git;
  // porcelain v2 with --branch: '# branch.*' headers are always there; any other entry is a change.
  const status = await git.statusPorcelain(ctx.worktreePath);
  if (status.split('\0').some((entry) => entry !== '' && !entry.startsWith('# '))) return true;
  const head = (await git.resolveCommit(ctx.worktreePath, 'HEAD')) ?? null;
  return head !== ctx.startHead;
}
