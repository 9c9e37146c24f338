import { strict as assert } from 'node:assert';
import { chmodSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyHooksDir } from '../../../src/adapters/git/emptyHooksDir';

describe('the empty hooks directory LW Coder points core.hooksPath at', () => {
  it('is private and empty, and is replaced when something appears in it', () => {
    const dir = emptyHooksDir();
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(statSync(dir).mode & 0o077, 0);
    assert.equal(emptyHooksDir(), dir, 'the same one while it stays safe');
    const hook = join(dir, 'post-checkout');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    chmodSync(hook, 0o755);
    try {
      const next = emptyHooksDir();
      assert.notEqual(next, dir);
      assert.deepEqual(readdirSync(next), []);
    } finally {
      rmSync(hook, { force: true });
    }
  });
});
