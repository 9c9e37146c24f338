import assert from 'node:assert/strict';
import { createRedactor, REDACTED, redactError } from '../../../src/core/env/redact';

describe('secret redaction', () => {
  const key = 'my-secret-key-123"/+';
  const redact = createRedactor([key, undefined, 'abc']);

  it('scrubs a known secret in raw, JSON-escaped and URL-encoded spellings', () => {
    const text = `raw ${key} json ${JSON.stringify({ key })} url ?k=${encodeURIComponent(key)}`;
    const out = redact(text);
    assert.ok(!out.includes('my-secret-key-123'), out);
    assert.equal(out.split(REDACTED).length - 1, 3);
  });

  it('scrubs bearer tokens and OpenRouter-style keys it was never told about', () => {
    const out = createRedactor([])('Authorization: Bearer abcdefghijklmnop and sk-or-v1-0123456789abcdef');
    assert.equal(out, `Authorization: Bearer ${REDACTED} and ${REDACTED}`);
  });

  it('leaves very short values alone (they would shred the text and hide nothing)', () => {
    assert.equal(redact('abc is a word'), 'abc is a word');
  });

  it('redacts an error message and stack in place', () => {
    const error = new Error(`401 bad key ${key}`);
    const out = redactError(error, redact);
    assert.equal(out, error);
    assert.ok(!out.message.includes(key));
    assert.ok(!(out.stack ?? '').includes(key));
    assert.match(redactError('plain string my-secret-key-123"/+', redact).message, /\[REDACTED\]/);
  });
});
