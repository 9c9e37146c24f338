import { commandInfo } from '../commandInfo';
import { ConfigError, loadRepoConfig } from '../../app/config';
import { createTextFilesPort } from '../../adapters/fs/textFiles';
import { createPlanGitPort } from '../../adapters/git/planGit';
import { createPlanFilesPort } from '../../adapters/plans/planFiles';
import { createQueueStore } from '../../adapters/state/queueStore';
import * as queue from '../../app/fleet/queue';
import type { QueueAddDeps } from '../../app/fleet/queue';
import { DEFAULT_LEASE_MS, QueueError, type QueueTask } from '../../core/queue/types';
import { parseCommandArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';
import { changedText, detailText, listingText } from './taskText';
import { repoContext } from './worktree';

/** `lwc task claim` when no task is ready: distinct from a refusal, so a shell loop can tell "idle" from "broken". */
export const EXIT_NOTHING_READY = 3;

type Values = Record<string, string | boolean | string[] | undefined>;

async function queueDeps(io: CliIO): Promise<QueueAddDeps> {
  const ctx = await repoContext(io);
  return {
    store: createQueueStore(ctx.root),
    now: () => Date.now(),
    signal: io.signal,
    plans: { repoRoot: ctx.root, scan: { files: createPlanFilesPort(), git: createPlanGitPort(ctx.root), repoRoot: ctx.root } },
  };
}

/**
 * Runs one queue operation: a refusal (QueueError) exits 1 with its message on stderr and, with --json, as
 * `{"error":{"code","message"}}` on stdout too, so scripts can branch on the code.
 */
async function run(io: CliIO, values: Values, op: (deps: QueueAddDeps) => Promise<{ json: unknown; text: string; code?: number }>): Promise<number> {
  try {
    const out = await op(await queueDeps(io));
    io.stdout(values.json ? `${JSON.stringify(out.json, null, 2)}\n` : out.text);
    return out.code ?? EXIT_OK;
  } catch (error) {
    if (!(error instanceof QueueError)) throw error;
    if (values.json) io.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)}\n`);
    io.stderr(`lwc: ${error.message}\n`);
    return EXIT_FAILURE;
  }
}

function onePlan(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError('give exactly one plan_id');
  return positionals[0]!;
}

function worker(values: Values): string {
  if (typeof values.worker !== 'string' || values.worker.trim() === '') throw new UsageError('--worker NAME is required: the name of the claimer');
  return values.worker;
}

function leaseMs(values: Values): number {
  if (values.lease === undefined) return DEFAULT_LEASE_MS;
  const seconds = Number(values.lease);
  if (typeof values.lease !== 'string' || !Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--lease takes a positive number of seconds, got '${String(values.lease)}'`);
  return Math.round(seconds * 1000);
}

function priority(values: Values): number | undefined {
  if (values.priority === undefined) return undefined;
  const p = Number(values.priority);
  if (!/^[0-4]$/.test(String(values.priority))) throw new UsageError(`--priority takes 0 (highest) to 4 (lowest), got '${String(values.priority)}'`);
  return p;
}

const taskResult = (verb: string, now: number) => (task: QueueTask) => ({ json: { task }, text: changedText(verb, task, now) });

const JSON_OPT = { json: { type: 'boolean' } } as const;
const FINISH_OPTS = { ...JSON_OPT, worker: { type: 'string' }, reason: { type: 'string' }, force: { type: 'boolean' } } as const;

const addCommand: CliCommand = {
  ...commandInfo('task add'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...JSON_OPT, priority: { type: 'string' }, after: { type: 'string', multiple: true } });
    if (positionals.length === 0) throw new UsageError('give at least one plan_id');
    const p = priority(values);
    return run(io, values, async (deps) => {
      // [fleet] max_attempts in config.toml is how often a task may be claimed before it fails for good.
      const loaded = await loadRepoConfig(deps.plans.repoRoot, createTextFilesPort(), io.signal);
      if (!loaded.config) throw new ConfigError(loaded.path, loaded.diagnostics);
      const added = await queue.addTasks(deps, { planIds: positionals, priority: p, after: (values.after as string[] | undefined) ?? [], by: 'cli', maxAttempts: loaded.config.fleet.maxAttempts });
      return { json: { added }, text: added.map((t) => `Queued ${t.planId} (priority ${t.priority}${t.dependsOn.length ? `, after ${t.dependsOn.join(', ')}` : ''})\n`).join('') };
    });
  },
};

const listCommand: CliCommand = {
  ...commandInfo('task list'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, JSON_OPT);
    if (positionals.length) throw new UsageError('lwc task list takes no plan_id (see `lwc task show <plan_id>`)');
    return run(io, values, async (deps) => {
      const listing = await queue.listTasks(deps);
      return { json: listing, text: listingText(listing, deps.now()) };
    });
  },
};

const showCommand: CliCommand = {
  ...commandInfo('task show'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, JSON_OPT);
    const planId = onePlan(positionals);
    return run(io, values, async (deps) => {
      const detail = await queue.showTask(deps, planId);
      return { json: detail, text: detailText(detail, deps.now()) };
    });
  },
};

const dependCommand: CliCommand = {
  ...commandInfo('task depend'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...JSON_OPT, on: { type: 'string' } });
    const planId = onePlan(positionals);
    if (typeof values.on !== 'string') throw new UsageError('--on <plan_id> is required: the task it waits for');
    const on = values.on;
    return run(io, values, async (deps) => {
      const task = await queue.addDependency(deps, planId, on);
      return { json: { task }, text: `${planId} waits for ${task.dependsOn.join(', ')}\n` };
    });
  },
};

const removeCommand: CliCommand = {
  ...commandInfo('task remove'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...JSON_OPT, force: { type: 'boolean' } });
    const planId = onePlan(positionals);
    return run(io, values, async (deps) => {
      const task = await queue.removeTask(deps, planId, { force: values.force === true });
      return { json: { removed: task }, text: `Removed ${planId} (it was ${task.state})\n` };
    });
  },
};

const claimCommand: CliCommand = {
  ...commandInfo('task claim'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...JSON_OPT, worker: { type: 'string' }, lease: { type: 'string' } });
    if (positionals.length) throw new UsageError('lwc task claim takes no plan_id: it claims the next ready task');
    const input = { worker: worker(values), leaseMs: leaseMs(values) };
    return run(io, values, async (deps) => {
      const task = await queue.claimNext(deps, input);
      if (task) return { json: { task }, text: changedText('Claimed', task, deps.now()) };
      const { counts } = await queue.listTasks(deps);
      return { json: { task: null, counts }, text: `Nothing is ready (${counts.blocked} blocked, ${counts.claimed} claimed, ${counts.done} done, ${counts.failed} failed).\n`, code: EXIT_NOTHING_READY };
    });
  },
};

const heartbeatCommand: CliCommand = {
  ...commandInfo('task heartbeat'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...FINISH_OPTS, lease: { type: 'string' } });
    const planId = onePlan(positionals);
    const input = { worker: worker(values), leaseMs: leaseMs(values), force: values.force === true };
    return run(io, values, async (deps) => taskResult('Renewed', deps.now())(await queue.heartbeat(deps, planId, input)));
  },
};

function finishCommand(verb: 'complete' | 'release' | 'fail'): CliCommand {
  const reasonRequired = verb === 'fail';
  return {
    ...commandInfo(`task ${verb}`),
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, FINISH_OPTS);
      const planId = onePlan(positionals);
      if (reasonRequired && (typeof values.reason !== 'string' || values.reason.trim() === '')) throw new UsageError('--reason TEXT is required: say why it failed');
      const input = { worker: worker(values), reason: typeof values.reason === 'string' ? values.reason : undefined, force: values.force === true };
      const act = { complete: queue.completeTask, release: queue.releaseTask, fail: queue.failTask }[verb];
      const past = { complete: 'Completed', release: 'Released', fail: 'Failed' }[verb];
      return run(io, values, async (deps) => taskResult(past, deps.now())(await act(deps, planId, input)));
    },
  };
}

const retryCommand: CliCommand = {
  ...commandInfo('task retry'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, JSON_OPT);
    const planId = onePlan(positionals);
    return run(io, values, async (deps) => taskResult('Reopened', deps.now())(await queue.retryTask(deps, planId, 'cli')));
  },
};

/** `lwc task …`: the fleet's queue by hand (the supervisor, `lwc up`, uses the same use cases). */
export const taskCommands: readonly CliCommand[] = [
  addCommand,
  listCommand,
  showCommand,
  dependCommand,
  removeCommand,
  claimCommand,
  heartbeatCommand,
  finishCommand('complete'),
  finishCommand('release'),
  finishCommand('fail'),
  retryCommand,
];
