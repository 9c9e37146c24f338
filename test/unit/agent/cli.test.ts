import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/types';
import { strictSchemaViolations, type JsonSchema } from '../../../src/core/agent/strictSchema';

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd: process.cwd(), env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false, signal: new AbortController().signal, out, err };
}

describe('lwc agent schema', () => {
  it('prints the strict coding-result schema as JSON and exits 0', async () => {
    const cli = io();
    assert.equal(await runCli(['agent', 'schema'], cli), 0);
    const schema = JSON.parse(cli.out.join('')) as JsonSchema;
    assert.deepEqual(strictSchemaViolations(schema), []);
    assert.ok((schema.required as string[]).includes('feedback'));
  });

  it('rejects an extra argument as a usage error (exit 2)', async () => {
    const cli = io();
    assert.equal(await runCli(['agent', 'schema', 'extra'], cli), 2);
    assert.match(cli.err.join(''), /unexpected argument 'extra'/);
  });
});
