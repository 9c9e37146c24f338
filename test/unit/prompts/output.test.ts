import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { renderDroidFile } from '../../../src/core/prompts/droidFile';
import { extractJsonObject } from '../../../src/core/prompts/extractJson';
import { checkPromptOutput, promptOutputJsonSchema, PromptOutputSchema } from '../../../src/core/prompts/output';
import type { PromptSignature } from '../../../src/core/prompts/signature';
import { validPromptOutput } from '../../support/fakeModelServer';

const signature: PromptSignature = { name: 'S', version: 1, instructions: 'Do it.', inputs: { plan_id: 'id' }, outputs: { main_prompt: 'The main prompt.', 'code_review_auditor.body': 'Reviewer body.' } };

describe('prompt output schema', () => {
  it('is sent as a strict JSON schema: every property required, no additional properties, descriptions from the signature', () => {
    const schema = promptOutputJsonSchema(signature);
    const objects: Record<string, unknown>[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o.type === 'object') objects.push(o);
        Object.values(o).forEach(walk);
      }
    };
    walk(schema);
    assert.equal(objects.length, 3);
    for (const o of objects) {
      assert.equal(o.additionalProperties, false);
      assert.deepEqual([...(o.required as string[])].sort(), Object.keys(o.properties as object).sort());
    }
    const props = schema.properties as Record<string, Record<string, unknown>>;
    assert.equal(props.main_prompt!.description, 'The main prompt.');
    assert.equal((props.code_review_auditor!.properties as Record<string, Record<string, unknown>>).body!.description, 'Reviewer body.');
    assert.ok(!JSON.stringify(schema).includes('minLength'), 'length keywords are left to zod');
    assert.ok(!('$schema' in schema));
  });

  it('accepts a well-formed answer', () => {
    const checked = checkPromptOutput(validPromptOutput('sample-plan'));
    assert.equal(checked.ok, true);
  });

  it('reports what seed 001 requires of the main prompt when it is missing', () => {
    const value = { ...validPromptOutput('p'), main_prompt: 'Implement the thing carefully and report back when everything is done, thanks a lot for your help today.' };
    const checked = checkPromptOutput(value);
    assert.equal(checked.ok, false);
    const problems = checked.ok ? [] : checked.problems;
    assert.ok(problems.some((p) => p.includes('code-review-auditor')));
    assert.ok(problems.some((p) => p.includes('plan-alignment-checker')));
    assert.ok(problems.some((p) => p.includes('summary')));
  });

  it('reports schema problems by path, phrased for a repair request', () => {
    const checked = checkPromptOutput({ main_prompt: 3, extra: true });
    assert.equal(checked.ok, false);
    const text = checked.ok ? '' : checked.problems.join('\n');
    assert.match(text, /main_prompt/);
    assert.match(text, /code_review_auditor/);
  });

  it('rejects invented tool names that could break a droid file', () => {
    const v = validPromptOutput('p') as { code_review_auditor: { tools: string[] } };
    v.code_review_auditor.tools = ['Read', 'rm -rf /'];
    assert.equal(PromptOutputSchema.safeParse(v).success, false);
  });
});

describe('JSON extraction from text answers', () => {
  it('reads plain JSON, fenced JSON and JSON inside prose', () => {
    assert.deepEqual(extractJsonObject('{"a":1}'), { a: 1 });
    assert.deepEqual(extractJsonObject('Here:\n```json\n{"a": "}"}\n```\nDone.'), { a: '}' });
    assert.deepEqual(extractJsonObject('Sure! {"a": {"b": "x\\"}"}} trailing'), { a: { b: 'x"}' } });
  });

  it('returns undefined for text without a JSON object', () => {
    for (const t of ['', 'no json', '[1,2]', '{"open": ', '{bad json}']) assert.equal(extractJsonObject(t), undefined, t);
  });
});

describe('droid files', () => {
  it('render front matter that YAML reads back exactly, whatever the description holds', () => {
    const description = 'Reviews: "quotes", colons: and # hashes\nacross lines';
    const text = renderDroidFile({ name: 'code-review-auditor', description, model: 'inherit', tools: ['Read', 'Grep'], body: '\nYou review.\n' });
    const m = /^---\n([\s\S]*?)\n---\n\nYou review\.\n$/.exec(text);
    assert.ok(m, text);
    assert.deepEqual(parseYaml(m[1]!), { name: 'code-review-auditor', description: 'Reviews: "quotes", colons: and # hashes across lines', model: 'inherit', tools: ['Read', 'Grep'] });
  });
});
