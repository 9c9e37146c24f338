import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tasksDirOf } from '../src/app/plans';
import { git, makeRepo, type TestRepo } from '../test/support/git';

const STATUSES = ['draft', 'ready', 'coding', 'implemented', 'done', 'abandoned'];

/** A plan like those users write; every 97th has an unknown key, so a folder holds a few invalid plans, as real ones do. */
export function generatedPlan(i: number, sha: string, extraKey = i % 97 === 0): string {
  const status = STATUSES[i % STATUSES.length]!;
  const notes = i % 3 === 0 ? 'evaluation_notes:\n  - tests pass\n  - no new warnings\n' : '';
  const extra = extraKey ? 'priority: high\n' : '';
  return `---\nplan_id: plan-${i}\ngit_sha: ${sha}\nstatus: ${status}\n${notes}${extra}created_by: bench\n---\n\n# Plan ${i}\n\n## Goal\n\nImplement feature ${i}.\n\n## Steps\n\n1. Read the code.\n2. Change it.\n3. Test it.\n`;
}

export interface PlanRepo {
  readonly repo: TestRepo;
  readonly head: string;
  readonly tasksDir: string;
  /** plan-<i>.md */
  planPath(i: number): string;
}

/** A git repository whose tasks folder holds `count` plans (plan-0.md … ), all naming its HEAD. */
export function makePlanRepo(count: number, prefix = 'lwc-bench-plans-'): PlanRepo {
  const repo = makeRepo(prefix);
  const head = git(repo.root, 'rev-parse', 'HEAD');
  const tasksDir = tasksDirOf(repo.root);
  mkdirSync(tasksDir, { recursive: true });
  const planPath = (i: number): string => join(tasksDir, `plan-${i}.md`);
  for (let i = 0; i < count; i++) writeFileSync(planPath(i), generatedPlan(i, head));
  return { repo, head, tasksDir, planPath };
}
