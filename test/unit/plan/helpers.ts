import { ZERO_SHA } from '../../../src/core/plan/types';
import type { PlanDiagnostic, PlanDiagnosticCode, ValidatedPlan } from '../../../src/core/plan/types';

export const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
export { ZERO_SHA };

/** A plan from front-matter lines and a body, joined with `eol`. */
export function planText(frontMatter: readonly string[], body = '# Goal\nDo the thing.\n', eol = '\n'): string {
  return ['---', ...frontMatter, '---', ''].join(eol) + body.replace(/\n/g, eol);
}

/** A valid plan's front matter with some lines replaced or dropped (value undefined drops the key). */
export function frontMatter(overrides: Record<string, string | undefined> = {}): string[] {
  const base: Record<string, string | undefined> = { plan_id: 'add-login', git_sha: SHA, status: 'ready', ...overrides };
  return Object.entries(base)
    .filter((kv): kv is [string, string] => kv[1] !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
}

export function codes(plan: ValidatedPlan): PlanDiagnosticCode[] {
  return plan.diagnostics.map((d) => d.code);
}

export function only(plan: ValidatedPlan, code: PlanDiagnosticCode): PlanDiagnostic {
  const found = plan.diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected one ${code}, got ${JSON.stringify(plan.diagnostics, null, 1)}`);
  return found[0]!;
}

/** [line, startChar, endChar] of a single-line range. */
export function span(d: PlanDiagnostic): [number, number, number] {
  return [d.range.start.line, d.range.start.character, d.range.end.character];
}
