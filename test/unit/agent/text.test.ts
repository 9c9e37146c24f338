import assert from 'node:assert/strict';
import { extractJsonResult, stripCodeFences, truncateText } from '../../../src/core/agent/text';

describe('agent text helpers', () => {
  it('strips one enclosing code fence with or without a language tag', () => {
    assert.equal(stripCodeFences('```json\n{"a":1}\n```'), '{"a":1}');
    assert.equal(stripCodeFences('  ```\n{"a":1}\n```  '), '{"a":1}');
    assert.equal(stripCodeFences('no fence here'), 'no fence here');
  });

  it('extracts JSON from plain text, a fence, or prose around an object', () => {
    assert.deepEqual(extractJsonResult('{"a":1}'), { ok: true, value: { a: 1 } });
    assert.deepEqual(extractJsonResult('```json\n{"a":2}\n```'), { ok: true, value: { a: 2 } });
    assert.deepEqual(extractJsonResult('Here it is: {"a":"}"} — done'), { ok: true, value: { a: '}' } });
  });

  it('explains why there is no JSON: no message, or text that is not an object', () => {
    const none = extractJsonResult('   ');
    assert.equal(none.ok, false);
    assert.match((none as { reason: string }).reason, /no final message/);
    const prose = extractJsonResult('All done, tests pass.');
    assert.match((prose as { reason: string }).reason, /not a JSON object .*All done/);
    assert.equal(extractJsonResult('[1,2,3]').ok, false);
  });

  it('leaves text within the limit untouched', () => {
    assert.equal(truncateText('short', 10), 'short');
  });

  it('keeps head and tail around a visible marker counting the removed characters', () => {
    const text = 'a'.repeat(50) + 'b'.repeat(50);
    const out = truncateText(text, 20);
    assert.equal(out, `${'a'.repeat(10)}…[truncated 80 chars]…${'b'.repeat(10)}`);
  });

  it('keeps only the tail for logs and only the head when asked', () => {
    assert.equal(truncateText('0123456789', 3, 'tail'), '…[truncated 7 chars]…789');
    assert.equal(truncateText('0123456789', 3, 'head'), '012…[truncated 7 chars]…');
  });
});
