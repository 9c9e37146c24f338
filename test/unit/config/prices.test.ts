import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/core/config/parse';

const errorsOf = (text: string) => parseConfigText(text).diagnostics.filter((d) => d.severity === 'error');

describe('config.toml [prices] (issue 13: cost per model)', () => {
  it('reads one table per model id, quoted ids with slashes included', () => {
    const { config, diagnostics } = parseConfigText(['[code]', '', '[prices."openai/gpt-5.2"]', 'input_per_mtok = 1.25', 'output_per_mtok = 10', '', '[prices.local-model]', 'input_per_mtok = 0', 'output_per_mtok = 0', ''].join('\n'));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config?.prices, { 'openai/gpt-5.2': { inputPerMtok: 1.25, outputPerMtok: 10 }, 'local-model': { inputPerMtok: 0, outputPerMtok: 0 } });
  });

  it('no [prices] table is an empty price list, not an error', () => {
    assert.deepEqual(parseConfigText('[code]\n').config?.prices, {});
  });

  it('a negative price is an error on its line, with the key quoted as TOML spells it and the fix', () => {
    const errors = errorsOf('[code]\n[prices."openai/gpt-5.2"]\ninput_per_mtok = -1\noutput_per_mtok = 10\n');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.line, 3);
    assert.equal(errors[0]!.key, 'prices."openai/gpt-5.2".input_per_mtok');
    assert.match(errors[0]!.message, /^prices\."openai\/gpt-5\.2"\.input_per_mtok \(line 3\) is -1; it must be a number of dollars from 0 to 100000\. Fix: input_per_mtok = 1\.25$/);
  });

  it('a missing price is located at its model\'s table header', () => {
    const errors = errorsOf('[code]\n\n[prices.m1]\ninput_per_mtok = 2\n');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.line, 3);
    assert.match(errors[0]!.message, /prices\.m1\.output_per_mtok \(line 3\) must be a number of dollars from 0 to 100000, but is missing\. Fix: output_per_mtok = 10/);
  });

  it('a price given as text is a wrong type, named with what was found', () => {
    const errors = errorsOf('[code]\n[prices.m1]\ninput_per_mtok = "1.25"\noutput_per_mtok = 1\n');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /prices\.m1\.input_per_mtok \(line 3\) must be a number of dollars from 0 to 100000, but is a string\./);
  });

  it('an unknown key in a model\'s table suggests the known one', () => {
    const errors = errorsOf('[code]\n[prices.m1]\ninput_per_mtok = 1\noutput_per_mtok = 1\noutput_per_mtoks = 2\n');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.line, 5);
    assert.match(errors[0]!.message, /prices\.m1\.output_per_mtoks \(line 5\) is not a known key in \[prices\.m1\]\. Did you mean output_per_mtok\? Fix: remove it or use one of: input_per_mtok, output_per_mtok\./);
  });

  it('a model given a number instead of a table says what the table holds', () => {
    const errors = errorsOf('[code]\n[prices]\nm1 = 3\n');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.line, 3);
    assert.match(errors[0]!.message, /prices\.m1 \(line 3\) must be a table with input_per_mtok and output_per_mtok, but is an integer\./);
  });

  it('a model id with a space is refused as not a model id, on its header line', () => {
    const errors = errorsOf('[code]\n\n[prices."gpt 5"]\ninput_per_mtok = 1\noutput_per_mtok = 1\n');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.line, 3);
    assert.match(errors[0]!.message, /^prices\."gpt 5" \(line 3\) is not a model id .*Fix: \[prices\."openai\/gpt-5\.2"\]/s);
  });
});
