import { strict as assert } from 'node:assert';
import { unreadablePlan } from '../../../src/core/plan/fileProblem';
import { parsePlan } from '../../../src/core/plan/parse';

describe('a plan file that was not read', () => {
  it('validates as the empty plan parsePlan makes (its parse is spelled out so the YAML parser stays off the activation path)', () => {
    const validated = unreadablePlan('big.md', { kind: 'too-large', size: 2 * 1024 * 1024, limit: 1024 * 1024 });
    assert.deepEqual(validated.parsed, { ...parsePlan(''), syntaxDiagnostics: [] });
    assert.deepEqual(validated.diagnostics.map((d) => [d.code, d.range.start.line]), [['plan-file-too-large', 0]]);
    assert.equal(validated.valid, false);
  });
});
