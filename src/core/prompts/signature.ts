import { z } from 'zod';
import type { ChatMessage } from '../ports/llm';
import type { PromptInput } from './input';

/**
 * The prompt signature as data (resources/prompts/signature.json), in the spirit of a DSPy signature: instructions
 * plus one description per input and output field. Kept out of code so a later optimiser (GEPA-style) can tune the
 * wording and the cache key changes with it.
 */
export const PromptSignatureSchema = z.strictObject({
  name: z.string().min(1),
  version: z.number().int().min(1),
  instructions: z.string().min(1),
  inputs: z.record(z.string(), z.string().min(1)),
  /** Output field descriptions by dotted path (`code_review_auditor.body`); they become the JSON schema's descriptions. */
  outputs: z.record(z.string(), z.string().min(1)),
});
export type PromptSignature = z.infer<typeof PromptSignatureSchema>;

/** The input fields as the signature names them. */
export function signatureInputValues(input: PromptInput): Record<string, string> {
  return {
    plan_id: input.planId,
    git_sha: input.gitSha,
    plan_status: input.status,
    repository_name: input.repositoryName,
    plan_path: input.planPath,
    evaluation_notes: input.evaluationNotes.length ? input.evaluationNotes.map((n) => `- ${n}`).join('\n') : '(none)',
    plan_body: input.planBody,
  };
}

/**
 * Builds the chat messages. Fields are framed DSPy-style (`[[ ## name ## ]]`) so the model sees clear boundaries
 * even when the plan body contains markdown headings. Deterministic: same input and signature, same messages, same
 * cache key.
 */
export function buildPromptMessages(signature: PromptSignature, input: PromptInput): ChatMessage[] {
  const values = signatureInputValues(input);
  const inputDocs = Object.entries(signature.inputs).map(([k, d]) => `- ${k}: ${d}`).join('\n');
  const outputDocs = Object.entries(signature.outputs).map(([k, d]) => `- ${k}: ${d}`).join('\n');
  const system = [
    signature.instructions.trim(),
    '',
    'Input fields:',
    inputDocs,
    '',
    'Output fields (reply with one JSON object holding exactly these fields, nothing else):',
    outputDocs,
  ].join('\n');
  const user = Object.keys(signature.inputs)
    .map((k) => `[[ ## ${k} ## ]]\n${values[k] ?? ''}`)
    .join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
