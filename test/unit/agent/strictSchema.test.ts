import assert from 'node:assert/strict';
import { z } from 'zod';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { strictSchemaViolations, toStrictJsonSchema, type JsonSchema } from '../../../src/core/agent/strictSchema';

function objectsIn(node: unknown, out: JsonSchema[] = []): JsonSchema[] {
  if (Array.isArray(node)) for (const n of node) objectsIn(n, out);
  else if (typeof node === 'object' && node !== null) {
    const o = node as JsonSchema;
    if (o.type === 'object') out.push(o);
    for (const v of Object.values(o)) objectsIn(v, out);
  }
  return out;
}

describe('toStrictJsonSchema', () => {
  const schema = toStrictJsonSchema(CodingResultSchema);

  it('emits a coding-result schema with no strict-mode violations anywhere', () => {
    assert.deepEqual(strictSchemaViolations(schema), []);
  });

  it('requires every property and forbids additional ones in every nested object', () => {
    const objects = objectsIn(schema);
    assert.ok(objects.length >= 5, `expected root, step, feedback, finding and alignment objects, got ${objects.length}`);
    for (const o of objects) {
      assert.equal(o.additionalProperties, false);
      assert.deepEqual([...(o.required as string[])].sort(), Object.keys(o.properties as object).sort());
    }
  });

  it('writes nullable strings as a type list with null', () => {
    const props = schema.properties as Record<string, JsonSchema>;
    assert.deepEqual(props.commit_message!.type, ['string', 'null']);
    const finding = ((props.feedback!.properties as Record<string, JsonSchema>).review_findings!.items as JsonSchema).properties as Record<string, JsonSchema>;
    assert.deepEqual(finding.file!.type, ['string', 'null']);
  });

  it('drops keywords strict mode rejects ($schema, minLength) while zod still enforces them', () => {
    const text = JSON.stringify(schema);
    assert.ok(!text.includes('minLength'));
    assert.ok(!text.includes('$schema'));
    assert.equal(CodingResultSchema.safeParse({}).success, false);
  });

  it('keeps the step status enum and the plan-alignment verdicts', () => {
    const step = ((schema.properties as Record<string, JsonSchema>).step_results!.items as JsonSchema).properties as Record<string, JsonSchema>;
    assert.deepEqual(step.status!.enum, ['COMPLETED', 'PARTIAL', 'SKIPPED']);
    assert.ok(JSON.stringify(schema).includes('"partially_aligned"'));
  });

  it('turns optional properties into required nullable ones', () => {
    const s = toStrictJsonSchema(z.object({ a: z.string(), b: z.number().optional(), c: z.enum(['x', 'y']).optional(), d: z.object({ e: z.boolean() }).optional() }));
    const props = s.properties as Record<string, JsonSchema>;
    assert.deepEqual(s.required, ['a', 'b', 'c', 'd']);
    assert.deepEqual(props.b!.type, ['number', 'null']);
    assert.deepEqual(props.c!.enum, ['x', 'y', null]);
    assert.deepEqual((props.d!.anyOf as JsonSchema[])[1], { type: 'null' });
    assert.deepEqual(strictSchemaViolations(s), []);
  });

  it('keeps a nullable object as anyOf with a strict object branch', () => {
    const s = toStrictJsonSchema(z.object({ o: z.object({ x: z.string().min(2) }).nullable() }));
    const branches = (s.properties as Record<string, JsonSchema>).o!.anyOf as JsonSchema[];
    assert.equal(branches.length, 2);
    assert.equal(branches.find((b) => b.type === 'object')!.additionalProperties, false);
    assert.deepEqual(strictSchemaViolations(s), []);
  });

  it('refuses a non-object root, which strict mode cannot take', () => {
    assert.throws(() => toStrictJsonSchema(z.array(z.string())), /object at its root/);
  });
});

describe('strictSchemaViolations', () => {
  it('names each rule a hand-written schema breaks, with its path', () => {
    const problems = strictSchemaViolations({
      type: 'object',
      properties: { a: { type: 'string', minLength: 1 }, b: { type: 'object', properties: { c: { type: ['string', 'number'] } }, required: [] } },
      required: ['a'],
    });
    assert.ok(problems.includes('$: additionalProperties must be false'), problems.join('\n'));
    assert.ok(problems.includes("$: property 'b' is not required"));
    assert.ok(problems.includes("$.a: keyword 'minLength' is not allowed in strict mode"));
    assert.ok(problems.includes("$.b: property 'c' is not required"));
    assert.ok(problems.includes('$.b.c: a type list must be [<type>, "null"]'));
  });
});
