import { strict as assert } from 'node:assert';
import { configVariesByWorktree, repositoryFilterDrivers } from '../../../src/adapters/git/hardening';

const listing = (...records: string[]): string => [...records, ''].join('\0');

describe('one filter-driver read for every worktree of a repository (pure part)', () => {
  it('shares a read with filters, unconditional and hasconfig includes, in any scope', () => {
    const out = listing('local\0filter.evil.clean\nsh -c evil', 'global\0includeif.hasconfig:remote.*.url:git@host:*/**.path\n~/work.gitconfig');
    assert.equal(configVariesByWorktree(out), false);
    assert.deepEqual(repositoryFilterDrivers(out), ['evil']);
    assert.equal(configVariesByWorktree(''), false);
  });

  it('reads per worktree with worktree config (even a bare key) or an include that depends on the git dir or branch', () => {
    for (const record of [
      'local\0extensions.worktreeconfig\ntrue',
      'local\0extensions.worktreeconfig', // `[extensions] worktreeConfig` with no value is true
      'local\0includeif.gitdir:/repo/.git/worktrees/plan-two.path\n/tmp/evil',
      'global\0includeif.gitdir/i:~/Work/.path\n~/.gitconfig-work', // the user's own: still location-dependent
      'local\0includeif.onbranch:plan-*.path\nevil',
      'local\0includeif.futurecondition:x.path\nevil', // a condition git adds later counts as location-dependent
    ]) {
      assert.equal(configVariesByWorktree(listing('local\0filter.a.clean\na', record)), true, record);
    }
  });
});
