import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/core/config/parse';
import { mulberry32, pick } from './prng';

const FRAGMENTS = [
  '[code]', '[prompts]', '[code.x]', '[[code]]', '[', ']', 'env_file = ".env"', 'env_file = ', 'forward_env = ["OPENROUTER_*"]',
  'forward_env = [', '"A",', '7,', ']', 'docker_run_args = ["--x"]', 'docker_build_args = 3', 'source = "templates"',
  'model = "m"', 'timeout_seconds = 1e400', 'max_retries = -1', 'x = { a = 1 }', 'a.b.c = true', '"quoted key" = 1',
  'date = 1979-05-27T07:32:00Z', 'ml = """', '"""', "lit = '''", "'''", '# comment', '', '=', '==', '\\u0000', '\t', 'key = "unterminated',
  'inf = inf', 'nan = nan', 'hex = 0xDEADBEEF', 'arr = [[1,2],[3]]', 'code = 1', 'prompts = []',
];

function randomDocument(random: () => number): string {
  const lines: string[] = [];
  const n = Math.floor(random() * 12);
  for (let i = 0; i < n; i++) {
    if (random() < 0.15) {
      // Raw noise, including control and non-ASCII characters.
      lines.push(Array.from({ length: Math.floor(random() * 20) }, () => String.fromCharCode(Math.floor(random() * 0x2ff))).join(''));
    } else lines.push(pick(random, FRAGMENTS));
  }
  return lines.join(random() < 0.2 ? '\r\n' : '\n');
}

describe('config.toml parser under random input', () => {
  it('returns structured diagnostics and never throws (3000 seeded cases)', () => {
    const random = mulberry32(0xc0ffee);
    for (let i = 0; i < 3000; i++) {
      const text = randomDocument(random);
      let result;
      try {
        result = parseConfigText(text);
      } catch (error) {
        assert.fail(`case ${i} threw ${String(error)} for ${JSON.stringify(text)}`);
      }
      const lineCount = text.split(/\r?\n/).length;
      for (const d of result.diagnostics) {
        assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= lineCount + 1, `case ${i}: line ${d.line} out of range`);
        assert.ok(Number.isInteger(d.column) && d.column >= 1, `case ${i}: column ${d.column}`);
        assert.ok(d.message.includes(`line ${d.line}`), `case ${i}: message lacks its line: ${d.message}`);
        if (d.key) assert.ok(d.message.includes(d.key), `case ${i}: message lacks key ${d.key}: ${d.message}`);
      }
      const hasError = result.diagnostics.some((d) => d.severity === 'error');
      assert.equal(result.config === undefined, hasError, `case ${i}: config presence must match absence of errors`);
    }
  });
});
