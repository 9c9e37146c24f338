import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configJsonSchema } from '../../../src/core/config/jsonSchema';

const SCHEMA_FILE = resolve(__dirname, '../../../schemas/config.schema.json');

describe('schemas/config.schema.json', () => {
  it('is generated from the zod schema and up to date (LWC_UPDATE_SCHEMA=1 rewrites it)', () => {
    const expected = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (process.env.LWC_UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, expected);
    assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), expected, 'run: LWC_UPDATE_SCHEMA=1 npx mocha test/integration/config/schemaFile.test.ts');
  });

  it('describes every key and rejects unknown ones, as the TOML validation does', () => {
    const schema = configJsonSchema() as { additionalProperties: boolean; properties: Record<string, { additionalProperties: boolean; properties: Record<string, { description?: string }> }> };
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.properties), ['code', 'prompts', 'headless', 'fleet', 'prices']);
    assert.deepEqual(Object.keys(schema.properties.code!.properties), ['env_file', 'forward_env', 'docker_build_args', 'docker_run_args']);
    // [prices."<model>"]: any model id, each table strict like the others.
    const { prices, ...fixed } = schema.properties;
    const price = (prices as unknown as { additionalProperties: { additionalProperties: boolean; properties: Record<string, { description?: string }> } }).additionalProperties;
    assert.deepEqual(Object.keys(price.properties), ['input_per_mtok', 'output_per_mtok']);
    for (const table of [...Object.values(fixed), price]) {
      assert.equal(table.additionalProperties, false);
      for (const [k, v] of Object.entries(table.properties)) assert.ok(v.description, `${k} has a description`);
    }
  });
});
