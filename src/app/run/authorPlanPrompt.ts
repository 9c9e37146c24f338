import { renderNewPlan } from '../../core/plan/template';

/**
 * The prompt of a plan-authoring session (issue 5 item 5): droid talks with the developer about what they want and
 * writes the plan file into the repository's live tasks directory, the one place its container may write outside its
 * throwaway worktree. The skeleton is the same one "New Plan" writes, so the result passes validation as long as the
 * agent keeps the front matter.
 */
export function authorPlanPrompt(input: { planId: string; gitSha: string; request?: string; createdAt: string }): string {
  const skeleton = renderNewPlan({ planId: input.planId, gitSha: input.gitSha, status: 'draft', createdAt: input.createdAt });
  return [
    `# Write a coding plan: \`${input.planId}\``,
    '',
    'You are helping a developer write a plan for a coding agent. You are in a temporary checkout of the repository at',
    `commit \`${input.gitSha}\` (read anything you need; your changes to it are thrown away).`,
    '',
    input.request ? `What the developer asked for:\n\n> ${input.request.split('\n').join('\n> ')}\n` : 'Start by asking the developer what the plan should achieve.',
    '## What to deliver',
    '',
    `Write the plan to \`.lw_coder/tasks/${input.planId}.md\` (relative to the working directory). Start from this`,
    'skeleton and keep its front matter exactly (plan_id, git_sha, status: draft, created_at); replace the comments with',
    'the plan: objectives, requirements and constraints, ordered work items, test scenarios, and what is out of scope.',
    '',
    '```markdown',
    skeleton.trimEnd(),
    '```',
    '',
    '## How to work',
    '',
    '1. Read the code the plan will touch, so the plan names real files, functions and tests.',
    '2. Ask the developer about anything unclear before writing.',
    '3. When a draft is written, run the `plan-reviewer` subagent on it and address what it finds.',
    '4. Do not implement the plan and do not edit other files: only the plan file is kept.',
    '',
  ].join('\n');
}
