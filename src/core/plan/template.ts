import { formatScalar } from './scalar';
import type { PlanStatus } from './types';

export interface NewPlanInput {
  readonly planId: string;
  readonly gitSha: string;
  readonly status?: PlanStatus;
  readonly createdBy?: string;
  readonly createdAt?: string;
  readonly title?: string;
  readonly eol?: '\n' | '\r\n';
}

/**
 * A new plan: front matter the validator accepts and a body skeleton that prompts for what the agent needs.
 * Values go through formatScalar, so an all-digit sha or a date is quoted and every YAML reader gets the string back.
 */
export function renderNewPlan(input: NewPlanInput): string {
  const lines = [
    '---',
    `plan_id: ${formatScalar(input.planId)}`,
    `git_sha: ${formatScalar(input.gitSha)}`,
    `status: ${input.status ?? 'draft'}`,
    ...(input.createdBy === undefined ? [] : [`created_by: ${formatScalar(input.createdBy)}`]),
    ...(input.createdAt === undefined ? [] : [`created_at: ${formatScalar(input.createdAt)}`]),
    '---',
    '',
    `# ${input.title ?? input.planId}`,
    '',
    '## Goal',
    '',
    '<!-- What should be true when this plan is done? One or two sentences a reviewer can check. -->',
    '',
    '## Context',
    '',
    '<!-- Where the relevant code lives, constraints, decisions already made, links. -->',
    '',
    '## Steps',
    '',
    '1. <!-- First change -->',
    '',
    '## Acceptance',
    '',
    '- [ ] <!-- A behaviour or test that proves the goal is met -->',
    '',
  ];
  return lines.join(input.eol ?? '\n');
}
