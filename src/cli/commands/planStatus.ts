import { createWorktreeDeps } from '../../adapters/state/worktreeDeps';
import { PlanNotFoundError, resolvePlanArgument, type PlanFileReport } from '../../app/plans';
import { abandonPlan } from '../../app/worktree/worktreeAbandon';
import { setFrontMatterValue } from '../../core/plan/edit';
import { PLAN_STATUSES } from '../../core/plan/types';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from '../types';
import { displayPath, scanDeps } from './plan';

/**
 * Apart from plan.ts because abandoning salvages the plan's worktree: the worktree machinery (and zod, for its journal)
 * would otherwise be loaded by every `lwc plan validate`.
 */
const setStatus: CliCommand = {
  ...commandInfo('plan set-status'),
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 2) throw new UsageError('expected a plan (plan_id or path) and a status');
    const [planArg, statusArg] = positionals as [string, string];
    const status = statusArg.toLowerCase();
    if (!(PLAN_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`'${statusArg}' is not a status; use one of ${PLAN_STATUSES.join(', ')}`);
    }
    const deps = await scanDeps(io.cwd);
    let report: PlanFileReport;
    try {
      report = await resolvePlanArgument(planArg, io.cwd, deps.repoRoot, deps, io.signal);
    } catch (error) {
      if (error instanceof PlanNotFoundError) {
        io.stderr(`lwc: ${error.message}\n`);
        return EXIT_USAGE;
      }
      throw error;
    }
    const planId = report.validated.fields.planId;
    if (status === 'abandoned' && planId && deps.repoRoot) {
      // Abandoning is where work gets forgotten: salvage the plan's worktree first; a failed salvage stops the change.
      const { salvage } = await abandonPlan({ ...createWorktreeDeps(deps.repoRoot), planFiles: deps.files }, { repoRoot: deps.repoRoot, planPath: report.path, planId, base: report.validated.fields.gitSha ?? undefined }, { signal: io.signal });
      if (salvage?.kind === 'saved') io.stdout(`salvaged the worktree's work to ${salvage.record.ref}\n`);
    } else {
      const before = await deps.files.readText(report.path, io.signal);
      const after = setFrontMatterValue(before, 'status', status);
      if (after !== before) await deps.files.writeTextAtomic(report.path, after);
    }
    io.stdout(`${displayPath(io.cwd, report.path)}: status ${report.validated.fields.status ?? '?'} → ${status}\n`);
    return EXIT_OK;
  },
};

/** `lwc plan set-status` */
export const planStatusCommands: readonly CliCommand[] = [setStatus];
