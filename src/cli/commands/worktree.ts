import { basename, dirname, isAbsolute, relative } from 'node:path';
import { createPlanGitPort, findMainRepositoryRoot } from '../../adapters/git/planGit';
import { createPlanFilesPort } from '../../adapters/plans/planFiles';
import { createWorktreeDeps } from '../../adapters/state/worktreeDeps';
import { PlanNotFoundError, resolvePlanArgument, scanTasksFolder } from '../../app/plans';
import type { WorktreeDeps } from '../../app/worktree/worktreeDeps';
import { ensurePlanWorktree } from '../../app/worktree/worktreeEnsure';
import { removePlanWorktree } from '../../app/worktree/worktreeRemove';
import { worktreeStatuses, type StatusRequest } from '../../app/worktree/worktreeStatus';
import type { SalvageOutcome } from '../../app/worktree/salvage';
import { WorktreeError } from '../../core/worktree/errors';
import { gitdirTamperedMessage, type WorktreeEvent } from '../../core/worktree/events';
import { unsafePlanIdReason } from '../../core/worktree/layout';
import type { WorktreeStatus } from '../../core/worktree/status';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';

export interface RepoContext {
  /** The main worktree's root, also when lwc runs inside a plan worktree. */
  readonly root: string;
  readonly deps: WorktreeDeps;
}

/** The repository `lwc` runs in, resolved to its main worktree so `.lw_coder/` is found from inside a plan worktree. */
export async function repoContext(io: CliIO): Promise<RepoContext> {
  const top = await findMainRepositoryRoot(io.cwd, io.signal);
  if (!top) throw new UsageError(`${io.cwd} is not inside a git repository. Run lwc from your repository.`);
  const atTop = createWorktreeDeps(top);
  const common = await atTop.git.commonDir(top, io.signal);
  const root = basename(common) === '.git' ? dirname(common) : top;
  // Usually the same repository: keep the deps whose git already found it, rather than asking git again.
  return { root, deps: root === top ? atTop : createWorktreeDeps(root) };
}

/** Progress for humans, on stderr so --json output stays clean. */
export function eventPrinter(io: CliIO): (e: WorktreeEvent) => void {
  return (e) => {
    const line: Partial<Record<WorktreeEvent['type'], string>> = {
      'registration-pruned': `pruned a stale registration (${'why' in e ? e.why : ''})`,
      'registration-repaired': 'repaired the worktree registration',
      'empty-directory-removed': 'removed an empty directory in the way',
      'gitdir-recovered': 'restored git pointers left patched by a crashed session',
      'gitdir-conflict': `left git pointers alone: ${'detail' in e ? e.detail : ''}`,
      'salvage-created': `saved uncommitted work and commits to ${'ref' in e ? e.ref : ''}`,
      'salvage-skipped': `nothing to salvage: ${'why' in e && e.type === 'salvage-skipped' ? e.why : ''}`,
    };
    if (e.type === 'gitdir-tampered') return io.stderr(`lwc: warning: ${gitdirTamperedMessage(e)}\n`);
    const text = line[e.type];
    if (text) io.stderr(`lwc: ${text}\n`);
  };
}

interface ResolvedPlan {
  readonly planId: string;
  readonly gitSha?: string;
  readonly path?: string;
}

/**
 * A `<plan>` argument: a plan_id or a path to a plan file. With `requireValid`, the plan must validate (ensure needs a
 * trustworthy git_sha); otherwise a bare plan_id whose plan file is gone still names its worktree (status, remove).
 */
async function resolvePlan(arg: string, ctx: RepoContext, io: CliIO, requireValid: boolean): Promise<ResolvedPlan> {
  const scanDeps = { files: createPlanFilesPort(), git: createPlanGitPort(ctx.root), repoRoot: ctx.root };
  try {
    const report = await resolvePlanArgument(arg, io.cwd, ctx.root, scanDeps, io.signal);
    const { planId, gitSha } = report.validated.fields;
    if (requireValid && (!report.validated.valid || !planId || !gitSha)) {
      const errors = report.validated.diagnostics.filter((d) => d.severity === 'error').slice(0, 3);
      const detail = errors.map((d) => `  ${report.relativePath}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');
      throw new WorktreeError('bad-base-sha', `Plan ${report.relativePath} is not valid:\n${detail}\n`, `Fix it (\`lwc plan validate ${report.relativePath}\` lists every problem) and run again.`);
    }
    return { planId: planId ?? arg, gitSha: gitSha ?? undefined, path: report.path };
  } catch (error) {
    if (error instanceof PlanNotFoundError && !requireValid && !unsafePlanIdReason(arg)) return { planId: arg };
    throw error;
  }
}

const display = (io: CliIO, p: string): string => {
  const rel = relative(io.cwd, p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
};

const ensureCommand: CliCommand = {
  ...commandInfo('worktree ensure'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('give exactly one plan (plan_id or path to the plan file)');
    const ctx = await repoContext(io);
    const plan = await resolvePlan(positionals[0]!, ctx, io, true);
    const r = await ensurePlanWorktree(ctx.deps, { repoRoot: ctx.root, planId: plan.planId, gitSha: plan.gitSha! }, { signal: io.signal, onEvent: eventPrinter(io) });
    if (values.json) io.stdout(`${JSON.stringify({ path: r.path, branch: r.branch, created: r.created })}\n`);
    else io.stdout(`${r.created ? 'Created' : 'Reusing'} worktree ${display(io, r.path)} on branch ${r.branch}\n`);
    return EXIT_OK;
  },
};

function statusLine(s: WorktreeStatus): string {
  if (s.state !== 'ok') return `${s.planId}  ${s.state}${s.error ? `: ${s.error}` : ''}`;
  const parts = [
    s.branch ? `on ${s.branch}` : 'detached',
    s.ahead !== undefined ? `${s.ahead} ahead of base` : undefined,
    s.dirty ? `staged ${s.staged}, unstaged ${s.unstaged}, untracked ${s.untracked}${s.conflicted ? `, conflicted ${s.conflicted}` : ''}` : 'clean',
    s.patched ? 'in use by a container' : undefined,
    s.lastCommit ? `last: ${s.lastCommit.sha.slice(0, 8)} ${s.lastCommit.subject}` : undefined,
  ];
  return `${s.planId}  ${parts.filter(Boolean).join(' · ')}`;
}

const statusCommand: CliCommand = {
  ...commandInfo('worktree status'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const ctx = await repoContext(io);
    let requests: StatusRequest[];
    if (positionals.length > 0) {
      requests = [];
      for (const arg of positionals) {
        const p = await resolvePlan(arg, ctx, io, false);
        requests.push({ planId: p.planId, base: p.gitSha });
      }
    } else {
      const reports = await scanTasksFolder(ctx.root, { files: createPlanFilesPort(), git: createPlanGitPort(ctx.root), repoRoot: ctx.root }, io.signal);
      requests = reports.flatMap((r) => (r.validated.fields.planId ? [{ planId: r.validated.fields.planId, base: r.validated.fields.gitSha ?? undefined }] : []));
    }
    const statuses = await worktreeStatuses(ctx.deps, ctx.root, requests, { signal: io.signal });
    if (values.json) io.stdout(`${JSON.stringify(statuses, null, 2)}\n`);
    else io.stdout(statuses.length ? `${statuses.map(statusLine).join('\n')}\n` : 'No plans.\n');
    return statuses.some((s) => s.state === 'broken') ? EXIT_FAILURE : EXIT_OK;
  },
};

const salvageJson = (s: SalvageOutcome) => (s.kind === 'saved' ? { saved: true, ref: s.record.ref, sha: s.record.sha } : { saved: false, why: s.why });

const removeCommand: CliCommand = {
  ...commandInfo('worktree remove'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } });
    if (positionals.length !== 1) throw new UsageError('give exactly one plan (plan_id or path to the plan file)');
    if (!values.yes && !(io.interactive && io.prompt)) throw new UsageError('not a terminal, so lwc cannot ask: pass --yes to remove without asking (work is salvaged first either way)');
    const ctx = await repoContext(io);
    const plan = await resolvePlan(positionals[0]!, ctx, io, false);
    const confirm = values.yes
      ? undefined
      : async (salvage: SalvageOutcome, path: string): Promise<boolean> => {
          const saved = salvage.kind === 'saved' ? `Work saved in ${salvage.record.ref}. ` : '';
          const answer = await io.prompt!(`${saved}Remove worktree ${display(io, path)}? [y/N] `);
          return /^y(es)?$/i.test(answer.trim());
        };
    const r = await removePlanWorktree(ctx.deps, { repoRoot: ctx.root, planId: plan.planId, base: plan.gitSha, confirm }, { signal: io.signal, onEvent: eventPrinter(io) });
    const removed = r.kind === 'removed';
    if (values.json) io.stdout(`${JSON.stringify({ removed, path: r.path, outcome: r.kind, salvage: r.kind === 'no-worktree' ? null : salvageJson(r.salvage) })}\n`);
    else if (r.kind === 'no-worktree') io.stdout(`Plan ${plan.planId} has no worktree at ${display(io, r.path)}.\n`);
    else if (r.kind === 'declined') io.stdout(`Kept ${display(io, r.path)}.\n`);
    else io.stdout(`Removed ${display(io, r.path)}${r.salvage.kind === 'saved' ? `; restore with: lwc salvage restore ${r.salvage.record.ref}` : ''}\n`);
    return EXIT_OK;
  },
};

/** `lwc worktree …` */
export const worktreeCommands: readonly CliCommand[] = [ensureCommand, statusCommand, removeCommand];
