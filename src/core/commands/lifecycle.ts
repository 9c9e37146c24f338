import type { CommandStep, Lifecycle } from './types';

const WORKTREE_STEPS = new Set(['create-worktree']);
const SESSION_STEPS = new Set(['start-session', 'session-create']);

/**
 * The lifecycle a command runs in, chosen from its steps as prunejuice's `create_command` does (seed 002): a step
 * whose action or name is `create-worktree` → worktree (fresh worktree plus session); else one named `start-session`
 * or `session-create` → session; else standard. The steps are pre_steps, steps and post_steps (get_all_steps);
 * cleanup steps run only on failure and do not choose.
 */
export function chooseLifecycle(steps: readonly Pick<CommandStep, 'name' | 'action'>[]): Lifecycle {
  const mentions = (names: ReadonlySet<string>): boolean => steps.some((s) => names.has(s.action) || names.has(s.name));
  if (mentions(WORKTREE_STEPS)) return 'worktree';
  if (mentions(SESSION_STEPS)) return 'session';
  return 'standard';
}
