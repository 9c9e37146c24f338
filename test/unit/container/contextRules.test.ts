import assert from 'node:assert/strict';
import { isExcludedFromContext, normalizeContextPath, repoContextExclusions } from '../../../src/core/container/contextRules';

describe('what a repository build context never holds (issue 10 item 4)', () => {
  const rules = repoContextExclusions(['config/./app.env']);

  it('excludes git dirs and .env at any depth, LW Coder state and the env file, with everything below them', () => {
    for (const p of ['.git', '.git/config', 'vendor/lib/.git', 'vendor/lib/.git/HEAD', '.env', 'apps/web/.env', '.lw_coder/runs', '.lw_coder/runs/p/r/agent/droid-settings.json', '.lw_coder/state/locks/x', '.lw_coder/cache/k.json', '.lw_coder/worktrees/p/.git', 'config/app.env']) {
      assert.ok(isExcludedFromContext(p, rules), p);
    }
  });

  it('keeps everything else, including look-alikes', () => {
    for (const p of ['.gitignore', '.github/workflows/ci.yml', '.envrc', '.env.example', '.lw_coder/code.Dockerfile', '.lw_coder/tasks/a.md', '.lw_coder/runsheet', 'config/app.env.sample', 'src/.environment']) {
      assert.ok(!isExcludedFromContext(p, rules), p);
    }
  });

  it('normalises env_file spellings and refuses paths that leave the context', () => {
    assert.equal(normalizeContextPath('./a//b/../c'), 'a/c');
    assert.equal(normalizeContextPath('a\\b'), 'a/b');
    assert.equal(normalizeContextPath('../secrets.env'), undefined);
    assert.equal(normalizeContextPath('/etc/passwd'), undefined);
    assert.equal(normalizeContextPath('.'), undefined);
    assert.deepEqual(repoContextExclusions(['../outside.env', 'sub/../.env.local']).paths.slice(-1), ['.env.local']);
  });
});
