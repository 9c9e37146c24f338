import assert from 'node:assert/strict';
import { MAX_ENV_BYTES } from '../../../src/core/limits/inputSize';
import { parseEnvText } from '../../../src/core/env/parseEnv';

describe('env file size limit and unclosed quotes', () => {
  it('refuses an env file over 1 MiB with one diagnostic naming the file, its size, the limit and the fix', () => {
    const text = 'A=1\n'.repeat(MAX_ENV_BYTES / 4 + 1);
    const { values, diagnostics } = parseEnvText(text, '.env.local');
    assert.deepEqual(values, {});
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d!.code, 'file-too-large');
    assert.equal(d!.line, 1);
    assert.match(d!.message, /^\.env\.local line 1: the file is 1,048,580 bytes \(1\.0 MiB\), over the 1 MiB .* Fix: /);
  });

  it('judges the size the caller read, so a file read only in part is refused by its full size', () => {
    assert.deepEqual(parseEnvText('A=1\n', '.env', 3 * 1024 * 1024).diagnostics.map((d) => [d.code, d.line]), [['file-too-large', 1]]);
  });

  it('reports a quote left open in a 900 KB file on its own line with the fix, and still reads the lines after it', () => {
    // Nothing after line 2 closes its quote: the reader used to rescan the whole rest of the file once per line.
    const filler = Array.from({ length: 22_000 }, (_, i) => `FILLER_${i}=a plain value, number ${i}\n`).join('');
    const text = `GOOD=1\nOPENROUTER_API_KEY="sk-or-v1-secret\nAFTER=2\n${filler}LATE='also open\n`;
    assert.ok(text.length > 800_000 && text.length < MAX_ENV_BYTES, String(text.length));
    const { values, diagnostics } = parseEnvText(text);
    assert.equal(values.GOOD, '1');
    assert.equal(values.AFTER, '2');
    assert.equal(values.FILLER_21999, 'a plain value, number 21999');
    assert.equal(Object.keys(values).length, 22_002);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line]), [['unterminated-quote', 2], ['unterminated-quote', 22_004]]);
    assert.equal(diagnostics[0]!.message, '.env line 2: the value of OPENROUTER_API_KEY opens a " quote that is never closed. Fix: add the closing ".');
    assert.ok(!diagnostics.some((d) => d.message.includes('sk-or-v1-secret')));
  });

  it('still closes a quote on a later line after an escaped quote, and reads a backslash-escaped close as text', () => {
    const { values, diagnostics } = parseEnvText('A="one \\" two\nthree"\nB="x\\\\"\n');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(values, { A: 'one \\" two\nthree', B: 'x\\\\' });
  });
});
