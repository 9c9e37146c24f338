import { z } from 'zod';
import type { PromptSignature } from './signature';

/** The two generated coding subagents (droid custom-droid files), by file stem. */
export const GENERATED_DROIDS = ['code-review-auditor', 'plan-alignment-checker'] as const;
export type GeneratedDroidName = (typeof GENERATED_DROIDS)[number];

const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

const DroidSpecSchema = z.strictObject({
  description: z.string().min(10).max(500),
  tools: z.array(z.string().regex(TOOL_NAME)).max(20),
  body: z.string().min(40),
});
export type DroidSpec = z.infer<typeof DroidSpecSchema>;

/** What the model must return (validated by zod; the same shape is sent as a strict JSON schema). */
export const PromptOutputSchema = z.strictObject({
  main_prompt: z.string().min(80),
  code_review_auditor: DroidSpecSchema,
  plan_alignment_checker: DroidSpecSchema,
  feedback_summary_outline: z.array(z.string().min(1).max(300)).min(1).max(12),
});
export type PromptOutput = z.infer<typeof PromptOutputSchema>;

const UNPORTABLE_KEYWORDS = new Set(['minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', '$schema']);

/**
 * The JSON schema sent as `response_format.json_schema.schema`: strict (every property required, no additional
 * properties), with the signature's field descriptions, and without length/pattern keywords that some providers
 * reject under strict mode (zod still checks them on the answer).
 */
export function promptOutputJsonSchema(signature: PromptSignature): Record<string, unknown> {
  const schema = z.toJSONSchema(PromptOutputSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, path));
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (UNPORTABLE_KEYWORDS.has(k)) continue;
      if (k === 'properties' && typeof v === 'object' && v !== null) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, walk(sub, path ? `${path}.${name}` : name)]));
      } else out[k] = walk(v, path);
    }
    const description = path ? signature.outputs[path] : undefined;
    if (description && ('type' in out || 'items' in out)) out.description = description;
    return out;
  };
  return walk(schema, '') as Record<string, unknown>;
}

export type OutputCheck = { ok: true; output: PromptOutput } | { ok: false; problems: string[] };

/**
 * Validates a model answer: the schema, then what seed 001 requires of the main prompt (follow the plan, run both
 * subagents, present a detailed summary of their feedback and the actions taken). Problems are phrased so they can
 * be sent back to the model in the repair request.
 */
export function checkPromptOutput(value: unknown): OutputCheck {
  const parsed = PromptOutputSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const main = parsed.data.main_prompt.toLowerCase();
  const problems: string[] = [];
  for (const name of GENERATED_DROIDS) {
    if (!main.includes(name)) problems.push(`main_prompt: must tell the agent to run the ${name} subagent by name`);
  }
  if (!main.includes('summary')) problems.push("main_prompt: must tell the agent to present a detailed summary of each subagent's feedback and the actions taken before finishing");
  if (!main.includes('plan')) problems.push('main_prompt: must tell the agent to follow the plan');
  return problems.length ? { ok: false, problems } : { ok: true, output: parsed.data };
}
