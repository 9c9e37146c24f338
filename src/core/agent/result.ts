import { z } from 'zod';

/**
 * The structured result a headless coding run must end with: loreley's coding result (seed 003) plus our feedback
 * section (seed 001's review auditor and plan-alignment checker). This zod schema is the source of truth: the strict
 * JSON schema handed to the agents is generated from it (strictSchema.ts) and every answer is validated against it.
 * Optional values are nullable rather than optional because OpenAI-strict schemas require every property.
 */
export const StepStatusSchema = z.enum(['COMPLETED', 'PARTIAL', 'SKIPPED']);

export const StepResultSchema = z.object({
  step_id: z.string().min(1).describe('Identifier of the plan step, as given in the prompt'),
  status: StepStatusSchema.describe('How the step was handled'),
  summary: z.string().describe('What was done for this step, or why it was skipped'),
  files: z.array(z.string()).describe('Files touched by this step, relative to the repository root'),
  commands: z.array(z.string()).describe('Commands run for this step'),
});

export const FindingSeveritySchema = z.enum(['critical', 'major', 'minor', 'info']);

export const ReviewFindingSchema = z.object({
  severity: FindingSeveritySchema,
  file: z.string().nullable().describe('File the finding is about, or null when it is general'),
  message: z.string().min(1),
});

export const PlanAlignmentSchema = z.object({
  verdict: z.enum(['aligned', 'partially_aligned', 'misaligned']),
  reasons: z.array(z.string()).describe('Why the implementation does or does not match the plan'),
});

export const FeedbackSchema = z.object({
  review_findings: z.array(ReviewFindingSchema).describe('Findings of the code-review auditor subagent'),
  plan_alignment: PlanAlignmentSchema.describe('Verdict of the plan-alignment checker subagent'),
});

export const CodingResultSchema = z.object({
  implementation_summary: z.string().min(1).describe('What was implemented, in a few sentences'),
  commit_message: z.string().nullable().describe('A commit message for the change, or null'),
  step_results: z.array(StepResultSchema),
  tests_executed: z.array(z.string()),
  tests_recommended: z.array(z.string()),
  follow_up_items: z.array(z.string()),
  notes: z.array(z.string()),
  feedback: FeedbackSchema,
});

export type StepStatus = z.infer<typeof StepStatusSchema>;
export type StepResult = z.infer<typeof StepResultSchema>;
export type ReviewFinding = z.infer<typeof ReviewFindingSchema>;
export type CodingResult = z.infer<typeof CodingResultSchema>;

/** One line per zod issue ("step_results.0.status: ..."), bounded so a retry prompt stays short. */
export function summarizeIssues(error: z.ZodError, max = 10): string[] {
  const lines = error.issues.slice(0, max).map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  if (error.issues.length > max) lines.push(`…and ${error.issues.length - max} more`);
  return lines;
}
