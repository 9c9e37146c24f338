import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandJsonSchema } from '../../../src/core/commands/jsonSchema';
import { BUILTIN_STEPS } from '../../../src/core/commands/schema';

const ROOT = resolve(__dirname, '../../..');
const SCHEMA_FILE = resolve(ROOT, 'schemas/command.schema.json');

describe('schemas/command.schema.json', () => {
  it('is generated from the zod schema and up to date (LWC_UPDATE_SCHEMA=1 rewrites it)', () => {
    const expected = `${JSON.stringify(commandJsonSchema(), null, 2)}\n`;
    if (process.env.LWC_UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, expected);
    assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), expected, 'run: LWC_UPDATE_SCHEMA=1 npx mocha test/integration/commands/schemaFile.test.ts');
  });

  it('describes every top-level key, rejects unknown ones and lists the step types', () => {
    const schema = commandJsonSchema() as { additionalProperties: boolean; required: string[]; properties: Record<string, { description?: string }> };
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['name']);
    for (const [k, v] of Object.entries(schema.properties)) assert.ok(v.description, `${k} has a description`);
    const text = JSON.stringify(schema);
    for (const t of ['builtin', 'shell', 'script', 'agent', 'continue_on_error', 'retry', 'when']) assert.ok(text.includes(`"${t}"`), t);
    assert.equal(BUILTIN_STEPS.length, 9);
  });

  it('is contributed to the YAML extension for both command folders', () => {
    const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation?: { fileMatch: string[]; url: string }[] } };
    const entry = manifest.contributes.yamlValidation?.find((v) => v.url === './schemas/command.schema.json');
    assert.ok(entry, 'package.json contributes.yamlValidation names ./schemas/command.schema.json');
    for (const m of ['.lw_coder/commands/*.yaml', '.prj/commands/*.yaml']) assert.ok(entry.fileMatch.some((f) => f.endsWith(m)), m);
    assert.ok(readFileSync(resolve(ROOT, '.vscodeignore'), 'utf8').includes('!schemas/command.schema.json'), 'the schema is packaged');
  });
});
