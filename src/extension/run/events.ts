import type { RunPlanEvent } from '../../app/run/runPlanTypes';
import { withoutCliAdvice } from '../editorFailures';
import { gitdirTamperedMessage } from '../../core/worktree/events';

/** One line for the progress notification and the log, or undefined for events nobody needs to see. */
export function describeRunEvent(e: RunPlanEvent): { readonly text: string; readonly warning?: true } | undefined {
  switch (e.type) {
    case 'stage': return { text: e.message };
    case 'warning':
      return e.code === 'prompts-from-templates'
        ? { text: 'No OpenRouter API key is set: the prompts come from the built-in templates ("LW Coder: Set OpenRouter API Key" generates them with a model).', warning: true }
        : { text: withoutCliAdvice(e.message), warning: true };
    case 'prompts': return { text: e.progress.message };
    case 'image': return { text: `[${e.image} image] ${e.line}` };
    case 'plan-status': return { text: `plan ${e.planId}: status ${e.from ?? '?'} → ${e.to}` };
    case 'run-dir': return { text: `run directory ${e.runDir}` };
    case 'worktree':
      if (e.event.type === 'gitdir-tampered') return { text: gitdirTamperedMessage(e.event), warning: true };
      return e.event.type === 'worktree-created' ? { text: `created worktree ${e.event.path} on branch ${e.event.branch}` } : undefined;
    case 'session-ended': return { text: e.message, ...(!e.cancelled && e.exitCode !== 0 ? { warning: true as const } : {}) };
    case 'container':
      return e.event.type === 'container-cleanup-failed' ? { text: `could not remove container ${e.event.containerId.slice(0, 12)}: ${e.event.message}`, warning: true } : undefined;
  }
}
