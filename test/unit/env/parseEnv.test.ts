import assert from 'node:assert/strict';
import { parse as dotenvParse } from 'dotenv';
import { parseEnvText } from '../../../src/core/env/parseEnv';
import { mulberry32, pick } from '../config/prng';

describe('env file parsing', () => {
  it('reads KEY=VALUE lines with dotenv semantics', () => {
    const text = [
      '# OpenRouter',
      'OPENROUTER_API_KEY=sk-or-v1-abc',
      'export OPENROUTER_MODEL = test/model-a  # inline comment',
      'QUOTED="two\\nlines"',
      "SINGLE='kept \\n as is'",
      'MULTI="first',
      'second"',
      'EMPTY=',
      'HASH=a#b',
      '',
    ].join('\n');
    const { values, diagnostics, entries } = parseEnvText(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(values, {
      OPENROUTER_API_KEY: 'sk-or-v1-abc',
      OPENROUTER_MODEL: 'test/model-a',
      QUOTED: 'two\nlines',
      SINGLE: 'kept \\n as is',
      MULTI: 'first\nsecond',
      EMPTY: '',
      HASH: 'a',
    });
    assert.deepEqual(entries.map((e) => [e.key, e.line]), [['OPENROUTER_API_KEY', 2], ['OPENROUTER_MODEL', 3], ['QUOTED', 4], ['SINGLE', 5], ['MULTI', 6], ['EMPTY', 8], ['HASH', 9]]);
  });

  it('gives each line that is not KEY=VALUE a diagnostic with its line number and fix', () => {
    const { diagnostics, values } = parseEnvText('GOOD=1\njust some words\nBAD KEY=2\nOPEN="never closed\n', '.env.local');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line]), [['invalid-line', 2], ['invalid-line', 3], ['unterminated-quote', 4]]);
    assert.match(diagnostics[0]!.message, /^\.env\.local line 2: is not KEY=VALUE\. Fix: write it as NAME=value/);
    assert.match(diagnostics[2]!.message, /add the closing "/);
    assert.deepEqual(values, { GOOD: '1' });
  });

  it('never puts a value into a diagnostic (values are secrets)', () => {
    const secret = 'sk-or-v1-0123456789abcdef';
    const { diagnostics } = parseEnvText(`${secret}\nKEY="${secret}" trailing\nKEY2='${secret}\n`);
    assert.equal(diagnostics.length, 3);
    for (const d of diagnostics) assert.ok(!d.message.includes(secret), d.message);
  });

  it('warns about a key defined twice and keeps the later value, as dotenv does', () => {
    const { diagnostics, values } = parseEnvText('A=1\nA=2\n');
    assert.equal(values.A, '2');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.line]), [['duplicate-key', 'warning', 2]]);
  });

  it('agrees with dotenv.parse on generated valid files (2000 seeded cases)', () => {
    const random = mulberry32(42);
    const keyChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789';
    const valueChars = 'abcXYZ019 _-./:=@!$%^&*()[]{}';
    const word = (chars: string, min: number, max: number): string => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(random, [...chars])).join('');
    for (let i = 0; i < 2000; i++) {
      const lines: string[] = [];
      const used = new Set<string>();
      for (let n = Math.floor(random() * 8); n > 0; n--) {
        const r = random();
        if (r < 0.1) {
          lines.push(pick(random, ['', '# a comment', '   ', '#KEY=not a value']));
          continue;
        }
        let key = pick(random, ['A', 'OPENROUTER_', 'X_']) + word(keyChars, 0, 6);
        while (used.has(key)) key += 'Z';
        used.add(key);
        const value = word(valueChars, 0, 12);
        const style = pick(random, ['plain', 'double', 'single', 'backtick', 'export', 'spaced', 'comment']);
        if (style === 'plain') lines.push(`${key}=${value}`);
        else if (style === 'double') lines.push(`${key}="${value}${random() < 0.3 ? '\\n' : ''}"`);
        else if (style === 'single') lines.push(`${key}='${value}'`);
        else if (style === 'backtick') lines.push(`${key}=\`${value}\``);
        else if (style === 'export') lines.push(`export ${key}=${value}`);
        else if (style === 'spaced') lines.push(`${key} = ${value}`);
        else lines.push(`${key}=${value} # note`);
      }
      const text = lines.join('\n');
      const ours = parseEnvText(text);
      assert.deepEqual(ours.diagnostics.filter((d) => d.severity === 'error'), [], `case ${i}: ${JSON.stringify(text)}`);
      assert.deepEqual({ ...ours.values }, { ...dotenvParse(text) }, `case ${i}: ${JSON.stringify(text)}`);
    }
  });

  it('returns structured diagnostics for random input and never throws (3000 seeded cases)', () => {
    const random = mulberry32(7);
    const pieces = ['A=1', 'B="x', 'y"', "C='", '`', '=', 'export', 'export D=2', '# c', ' ', '\t', 'E F=3', 'G=4 # c', 'H="a"b', '\\', '\u00e9=1', '\r'];
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(random() * 10) }, () =>
        random() < 0.2 ? String.fromCharCode(Math.floor(random() * 0x3ff)) : pick(random, pieces),
      ).join(random() < 0.5 ? '\n' : '');
      let parsed;
      try {
        parsed = parseEnvText(text);
      } catch (error) {
        assert.fail(`case ${i} threw ${String(error)} for ${JSON.stringify(text)}`);
      }
      const lineCount = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).length;
      for (const d of parsed.diagnostics) {
        assert.ok(d.line >= 1 && d.line <= lineCount, `case ${i}: line ${d.line} of ${lineCount}`);
        assert.match(d.message, /^\.env line \d+: .*Fix: /, `case ${i}`);
      }
    }
  });
});
