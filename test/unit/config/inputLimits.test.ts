import assert from 'node:assert/strict';
import { createKeyLocator } from '../../../src/core/config/locate';
import { parseConfigText } from '../../../src/core/config/parse';
import { MAX_CONFIG_BYTES, describeSize, utf8ByteLength } from '../../../src/core/limits/inputSize';

describe('config.toml size limit', () => {
  it('refuses a config.toml over 1 MiB with one diagnostic on line 1 naming the file, its size, the limit and the fix', () => {
    // Valid TOML throughout: without the limit this would be parsed (and every table reported as unknown).
    const table = '[t]\nk = 1\n';
    let text = '[code]\n';
    let i = 0;
    while (text.length <= MAX_CONFIG_BYTES) text += table.replace('t', `t${i++}`);
    const { config, diagnostics } = parseConfigText(text);
    assert.equal(config, undefined);
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d!.code, 'file-too-large');
    assert.equal(d!.severity, 'error');
    assert.deepEqual([d!.line, d!.column], [1, 1]);
    assert.ok(d!.message.includes('.lw_coder/config.toml (line 1)'), d!.message);
    assert.ok(d!.message.includes(`${text.length.toLocaleString('en-US')} bytes`), d!.message);
    assert.ok(d!.message.includes('1 MiB'), d!.message);
    assert.match(d!.message, /Fix: keep only the \[code\], \[prompts\], \[headless\], \[fleet\] and \[prices\] settings/);
  });

  it('judges the size the caller read, so a file read only in part is still refused by its full size', () => {
    const { diagnostics } = parseConfigText('[code]\n', 5 * 1024 * 1024);
    assert.deepEqual(diagnostics.map((d) => d.code), ['file-too-large']);
    assert.match(diagnostics[0]!.message, /is 5 MiB, over the 1 MiB/);
  });

  it('accepts a file of exactly the limit', () => {
    const text = `[code]\n${'#'.repeat(MAX_CONFIG_BYTES - 8)}\n`;
    assert.equal(utf8ByteLength(text), MAX_CONFIG_BYTES);
    assert.deepEqual(parseConfigText(text).diagnostics, []);
  });

  it('counts UTF-8 bytes, not characters', () => {
    assert.equal(utf8ByteLength('aé€😀'), 1 + 2 + 3 + 4);
    assert.equal(utf8ByteLength('\ud800'), 3);
    assert.equal(describeSize(2_411_724), '2,411,724 bytes (2.3 MiB)');
  });
});

describe('placing many config errors', () => {
  it('puts each of 3,000 unknown tables on its own line', () => {
    const text = `[code]\n${Array.from({ length: 3000 }, (_, i) => `[extra${i}]\nk = 1\n`).join('')}`;
    const unknown = parseConfigText(text).diagnostics.filter((d) => d.code === 'unknown-key');
    assert.equal(unknown.length, 3000);
    for (const d of unknown) assert.equal(d.line, 2 + 2 * Number(d.key.slice('extra'.length)), d.message);
  });

  it('skips a whole multi-line array, multi-line strings inside it included, in the same pass', () => {
    const src = '[code]\nforward_env = [\n  """A\n]""",\n  "B", {x = [1]},\n]\nenv_file = ".env"\n';
    const locator = createKeyLocator(src);
    assert.deepEqual(locator.locate(['code', 'forward_env', 1]), { line: 5, column: 3 });
    assert.deepEqual(locator.locate(['code', 'forward_env', 2]), { line: 5, column: 8 });
    assert.deepEqual(locator.locate(['code', 'env_file']), { line: 7, column: 1 });
    assert.deepEqual(locator.lastBefore(7)?.path, ['code', 'forward_env']);
  });
});
