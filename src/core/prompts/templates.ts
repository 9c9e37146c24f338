import { signatureInputValues } from './signature';
import type { PromptInput } from './input';

/**
 * Built-in templates (resources/prompts/templates/main.md and the baseline droids in resources/droids/coding/):
 * `{{name}}` placeholders filled from the plan in one pass, so text inside the plan that looks like a placeholder is
 * left alone. Deterministic: the offline path gives the same files for the same plan.
 */

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

export interface TemplateSet {
  readonly main: string;
  /** Baseline coding droids: file name (e.g. `code-review-auditor.md`) and template text. */
  readonly droids: readonly { readonly fileName: string; readonly template: string }[];
  /** Sections of the feedback summary the agent presents before finishing. */
  readonly feedbackOutline: readonly string[];
}

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Fills `{{name}}` placeholders; an unknown name is a bug in a shipped template, so it throws. */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>, label = 'template'): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new TemplateError(`${label} uses unknown placeholder {{${name}}}; known: ${Object.keys(vars).join(', ')}.`);
    return v;
  });
}

export function templateVariables(input: PromptInput, feedbackOutline: readonly string[]): Record<string, string> {
  return {
    ...signatureInputValues(input),
    feedback_outline: feedbackOutline.map((s, i) => `${i + 1}. ${s}`).join('\n'),
  };
}
