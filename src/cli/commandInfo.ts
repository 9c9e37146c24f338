import { DEFAULT_LEASE_MS } from '../core/queue/types';
import { PLAN_STATUSES } from '../core/plan/types';

/**
 * What `lwc --help` and the command lookup need to know about every command, without loading any command: each area
 * module (src/cli/commands/<area>.ts, a bundle of its own in dist/cli/) is required only when one of its commands
 * runs. Requiring them all up front cost most of `lwc --help`. Each command module takes its words, summary and usage
 * from here, so they are written once.
 */
export type CommandArea = 'init' | 'plan' | 'planStatus' | 'planNew' | 'worktree' | 'salvage' | 'recover' | 'prompts' | 'runs' | 'config' | 'code' | 'agent' | 'task' | 'fleetUp' | 'fleetStatus' | 'fleetDown'
  | 'cmd' | 'cmdRun' | 'sessionList';

interface Info {
  readonly area: CommandArea;
  readonly summary: string;
  readonly usage: string;
}

/** Keyed by the command's words; in the order `lwc --help` lists them. */
const COMMANDS = {
  init: {
    area: 'init',
    summary: 'Create .lw_coder/ (config.toml, tasks/, .gitignore, code.Dockerfile, .dockerignore) in this repository; existing files are kept',
    usage: 'lwc init [--json]',
  },
  'plan validate': {
    area: 'plan',
    summary: 'Check plans against every rule (default: all plans in .lw_coder/tasks). Exit 1 when any is invalid.',
    usage: 'lwc plan validate [PATH...] [--json]',
  },
  'plan list': {
    area: 'plan',
    summary: 'List the plans in .lw_coder/tasks with their status and validity.',
    usage: 'lwc plan list [--json]',
  },
  'plan set-status': {
    area: 'planStatus',
    summary: "Change a plan's status, leaving every other byte of the file as it was.",
    usage: `lwc plan set-status <plan> <${PLAN_STATUSES.join('|')}>`,
  },
  'worktree ensure': {
    area: 'worktree',
    summary: "Create or reuse the plan's worktree (.lw_coder/worktrees/<plan_id>, branch <plan_id> at git_sha)",
    usage: 'lwc worktree ensure <plan> [--json]',
  },
  'worktree status': {
    area: 'worktree',
    summary: 'Uncommitted changes, commits ahead of git_sha and last commit of plan worktrees (all plans when none given)',
    usage: 'lwc worktree status [<plan>...] [--json]',
  },
  'worktree remove': {
    area: 'worktree',
    summary: "Salvage the plan's worktree into refs/lw-coder/salvage/, then remove it (the branch stays)",
    usage: 'lwc worktree remove <plan> [--yes] [--json]',
  },
  'salvage list': {
    area: 'salvage',
    summary: 'Salvage refs (work saved before a worktree was removed or a plan abandoned), newest first',
    usage: 'lwc salvage list [<plan_id>] [--json]',
  },
  'salvage restore': {
    area: 'salvage',
    summary: 'Write the files of a salvage ref into a new directory, byte for byte',
    usage: 'lwc salvage restore <ref> [--to DIR] [--json]',
  },
  recover: {
    area: 'recover',
    summary: "Repair what crashed sessions left: agent containers whose process died, patched git pointers (from the journal), orphaned temporary worktrees, headless attempts' key files, and tasks held by a dead fleet supervisor's workers",
    usage: 'lwc recover [--force] [--json]',
  },
  'prompts generate': {
    area: 'prompts',
    summary: 'Generate the run prompts (main, code-review-auditor, plan-alignment-checker) for a plan into .lw_coder/runs/',
    usage: 'lwc prompts generate <plan> [--json] [--no-cache] [--templates] [--trust-endpoint]',
  },
  'runs list': {
    area: 'runs',
    summary: 'List run directories under .lw_coder/runs/, newest first',
    usage: 'lwc runs list [--plan <plan_id>] [--json]',
  },
  'runs prune': {
    area: 'runs',
    summary: 'Delete run directories older than a duration (default 30d; units d, h, m, s)',
    usage: 'lwc runs prune [--older-than 30d] [--json]',
  },
  'config validate': {
    area: 'config',
    summary: 'Check .lw_coder/config.toml and its env file; every problem names the key, its line and the fix',
    usage: 'lwc config validate [--json]',
  },
  code: {
    area: 'code',
    summary: "Run a plan: droid in a container on the plan's worktree, attached to this terminal (--dry-run shows the session)",
    usage:
      'lwc code <plan> [--dry-run] [--json] [--templates] [--no-cache] [--yes-dangerous-run-args] [--accept-credentials] [--trust-endpoint] [--git-writable] [--agent-command CMD] [--headless [--agent codex|droid|claude] [--model MODEL] [--timeout SECONDS]]',
  },
  'plan new': {
    area: 'planNew',
    summary: 'Write a new plan with droid: a session in a temporary worktree that writes .lw_coder/tasks/<plan_id>.md',
    usage: 'lwc plan new <plan_id> [--request TEXT] [--json] [--yes-dangerous-run-args] [--accept-credentials] [--agent-command CMD]',
  },
  'agent schema': {
    area: 'agent',
    summary: "Print the OpenAI-strict JSON schema of a headless coding run's result",
    usage: 'lwc agent schema',
  },
  'task add': {
    area: 'task',
    summary: 'Queue ready plans as fleet tasks (priority 0 highest … 4, default 2; --after: tasks they wait for)',
    usage: 'lwc task add <plan_id>... [--priority N] [--after <plan_id>]... [--json]',
  },
  'task list': {
    area: 'task',
    summary: 'Every task of the queue: state (ready, blocked, claimed, done, failed), priority, attempts, lease or what it waits for',
    usage: 'lwc task list [--json]',
  },
  'task show': {
    area: 'task',
    summary: "One task with its lease, dependencies and history (who, when, from, to, why)",
    usage: 'lwc task show <plan_id> [--json]',
  },
  'task depend': {
    area: 'task',
    summary: 'Make a task wait for another (refused when it would make a cycle, which is named)',
    usage: 'lwc task depend <plan_id> --on <plan_id> [--json]',
  },
  'task remove': {
    area: 'task',
    summary: 'Take a task out of the queue (refused while others wait for it or it is claimed, unless --force)',
    usage: 'lwc task remove <plan_id> [--force] [--json]',
  },
  'task claim': {
    area: 'task',
    summary: `Claim the next ready task for a worker, under a lease (default ${DEFAULT_LEASE_MS / 1000} s); exit 3 when nothing is ready`,
    usage: 'lwc task claim --worker NAME [--lease SECONDS] [--json]',
  },
  'task heartbeat': {
    area: 'task',
    summary: "Renew the claimer's lease: it ends --lease seconds from now",
    usage: 'lwc task heartbeat <plan_id> --worker NAME [--lease SECONDS] [--force] [--json]',
  },
  'task complete': {
    area: 'task',
    summary: 'Mark a claimed task done (its claimer, or --force)',
    usage: 'lwc task complete <plan_id> --worker NAME [--reason TEXT] [--force] [--json]',
  },
  'task release': {
    area: 'task',
    summary: 'Put a claimed task back in the queue for any worker (its claimer, or --force)',
    usage: 'lwc task release <plan_id> --worker NAME [--reason TEXT] [--force] [--json]',
  },
  'task fail': {
    area: 'task',
    summary: 'Mark a claimed task failed with a reason (its claimer, or --force); `lwc task retry` reopens it',
    usage: 'lwc task fail <plan_id> --worker NAME --reason TEXT [--force] [--json]',
  },
  'task retry': {
    area: 'task',
    summary: 'Reopen a failed task with a fresh budget of attempts',
    usage: 'lwc task retry <plan_id> [--json]',
  },
  up: {
    area: 'fleetUp',
    summary: 'Start the fleet: N workers each run the next ready task of the queue headless in its own container, until Ctrl-C, `lwc down` or (--until-empty) an empty queue',
    usage: 'lwc up [-n N] [--agent codex|droid|claude] [--until-empty] [--json] [--model MODEL] [--timeout SECONDS] [--templates] [--no-cache] [--accept-credentials] [--trust-endpoint] [--yes-dangerous-run-args] [--agent-command CMD]',
  },
  status: {
    area: 'fleetStatus',
    summary: 'The fleet at a glance: workers and their tasks, task counts, task branches (ahead, merged, uncommitted), the supervisor and Docker',
    usage: 'lwc status [--brief | --json]',
  },
  down: {
    area: 'fleetDown',
    summary: 'Stop the fleet: save (or discard) the workers\' unsaved work, release their tasks to the queue, remove their containers; --save snapshots them first, --destroy also removes unfinished tasks\' worktrees; --worker stops one worker (salvage unless --discard) while the others go on',
    usage: 'lwc down [--salvage | --discard] [--save] [--destroy] [--yes] [--json] | lwc down --worker ID [--discard] [--json]',
  },
  'cmd list': {
    area: 'cmd',
    summary: 'Multi-step commands of .lw_coder/commands (and prunejuice\'s .prj/commands): name, lifecycle, description; problems on stderr, exit 1 when any file is invalid',
    usage: 'lwc cmd list [--json]',
  },
  'cmd show': {
    area: 'cmd',
    summary: 'One command as it will run, after extends: arguments, environment, steps per phase, lifecycle',
    usage: 'lwc cmd show <name> [--json]',
  },
  // Issue 14, the executor side (cmd list/show are the parser side's, in the 'cmd' area).
  'cmd run': {
    area: 'cmdRun',
    summary: 'Run a multi-step command from .lw_coder/commands (or .prj/commands) with its arguments; the session is recorded under .lw_coder/sessions/ (--dry-run shows the steps, lifecycle, environment names and working directory)',
    usage: 'lwc cmd run <name> [key=value]... [--dry-run] [--json] [--agent codex|droid|claude] [--model MODEL] [--agent-command CMD] [--accept-credentials] [--trust-endpoint] [--yes-dangerous-run-args]',
  },
  'cmd resume': {
    area: 'cmdRun',
    summary: 'Rerun a failed or cancelled session from its first unfinished step, with the same arguments and shared data',
    usage: 'lwc cmd resume <session> [--json] [--agent codex|droid|claude] [--model MODEL] [--agent-command CMD] [--accept-credentials] [--trust-endpoint] [--yes-dangerous-run-args]',
  },
  'session list': {
    area: 'sessionList',
    summary: 'Sessions of multi-step commands, newest first, with their status',
    usage: 'lwc session list [--json]',
  },
  'session show': {
    area: 'sessionList',
    summary: "One session: its command, arguments, shared data, step history and artifacts",
    usage: 'lwc session show <id> [--json]',
  },
} as const satisfies Record<string, Info>;

export type CommandName = keyof typeof COMMANDS;

export interface CommandInfo extends Info {
  /** Words that select the command, e.g. ['plan', 'validate']. */
  readonly path: readonly string[];
}

export const COMMAND_INFOS: readonly CommandInfo[] = Object.entries(COMMANDS).map(([name, info]) => ({ path: name.split(' '), ...info }));

/** The words, summary and usage of one command, for its CliCommand. */
export function commandInfo(name: CommandName): { readonly path: readonly string[]; readonly summary: string; readonly usage: string } {
  const { summary, usage } = COMMANDS[name];
  return { path: name.split(' '), summary, usage };
}
