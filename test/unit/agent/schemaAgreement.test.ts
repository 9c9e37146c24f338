import assert from 'node:assert/strict';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { toStrictJsonSchema, type JsonSchema } from '../../../src/core/agent/strictSchema';
import { validResult } from './streams';

/**
 * A minimal validator for the strict subset (type, properties, required, additionalProperties, items, enum, anyOf):
 * enough to check that what the model is told (the JSON schema) and what we enforce (zod) agree on sample answers.
 */
function jsonSchemaErrors(schema: JsonSchema, value: unknown, path = '$'): string[] {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).some((b) => jsonSchemaErrors(b, value, path).length === 0) ? [] : [`${path}: matches no anyOf branch`];
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
  if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [`${path}: expected ${types.join('|')}, got ${actual}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return [`${path}: not in enum`];
  if (actual === 'array') return (value as unknown[]).flatMap((v, i) => jsonSchemaErrors(schema.items as JsonSchema, v, `${path}[${i}]`));
  if (actual !== 'object') return [];
  const record = value as Record<string, unknown>;
  const props = schema.properties as Record<string, JsonSchema>;
  const errors = (schema.required as string[]).filter((k) => !(k in record)).map((k) => `${path}.${k}: missing`);
  if (schema.additionalProperties === false) errors.push(...Object.keys(record).filter((k) => !(k in props)).map((k) => `${path}.${k}: not allowed`));
  for (const [k, sub] of Object.entries(props)) if (k in record) errors.push(...jsonSchemaErrors(sub, record[k], `${path}.${k}`));
  return errors;
}

describe('strict JSON schema and zod agree on sample answers', () => {
  const schema = toStrictJsonSchema(CodingResultSchema);
  const r = validResult();
  const samples: { name: string; value: unknown; valid: boolean }[] = [
    { name: 'the complete fixture result', value: r, valid: true },
    { name: 'null commit message', value: { ...r, commit_message: null }, valid: true },
    { name: 'empty lists everywhere', value: { ...r, step_results: [], tests_executed: [], feedback: { review_findings: [], plan_alignment: { verdict: 'misaligned', reasons: [] } } }, valid: true },
    { name: 'a missing property', value: (({ notes: _n, ...rest }) => rest)(r), valid: false },
    { name: 'a wrong step status', value: { ...r, step_results: [{ ...r.step_results[0]!, status: 'DONE' }] }, valid: false },
    { name: 'a string where a list is expected', value: { ...r, tests_executed: 'npm test' }, valid: false },
    { name: 'an unknown verdict', value: { ...r, feedback: { ...r.feedback, plan_alignment: { verdict: 'maybe', reasons: [] } } }, valid: false },
    { name: 'a null step list', value: { ...r, step_results: null }, valid: false },
  ];
  for (const s of samples) {
    it(`${s.valid ? 'accepts' : 'rejects'} ${s.name} under both`, () => {
      assert.equal(jsonSchemaErrors(schema, s.value).length === 0, s.valid, jsonSchemaErrors(schema, s.value).join('\n'));
      assert.equal(CodingResultSchema.safeParse(s.value).success, s.valid);
    });
  }
});
