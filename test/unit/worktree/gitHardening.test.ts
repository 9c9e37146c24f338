import { strict as assert } from 'node:assert';
import { blankFilterConfig, canRunFilters, gitTooOld, hardenedArgs, repositoryFilterDrivers, withConfigEnv } from '../../../src/adapters/git/hardening';
import { buildJournalEntry, entryLayoutProblem } from '../../../src/core/worktree/gitdirPatch';
import { configEntries, executionKeys } from '../../../src/core/worktree/gitdirVerify';
import { repoRootOfPlanWorktree } from '../../../src/core/worktree/layout';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));

describe('git hardening (pure parts)', () => {
  it('blanks filter drivers the repository defines, keeping ones the user defines identically in global or system config', () => {
    const out = [
      'global\0filter.lfs.process\ngit-lfs filter-process',
      'local\0filter.lfs.process\ngit-lfs filter-process',
      'local\0filter.evil.clean\nsh -c evil',
      'worktree\0filter.a=b.c.smudge\nx', // a name with '=' and dots: only env config can carry it
      'global\0filter.mine.clean\nmine',
      'local\0filter.lfs2.process\ngit-lfs filter-process --evil',
      '',
    ].join('\0');
    assert.deepEqual(repositoryFilterDrivers(out).sort(), ['a=b.c', 'evil', 'lfs2']);
    assert.deepEqual(blankFilterConfig(['a=b.c']).map(([k]) => k), ['filter.a=b.c.clean', 'filter.a=b.c.smudge', 'filter.a=b.c.process', 'filter.a=b.c.required']);
  });

  it('adds config as GIT_CONFIG_* entries after the user\'s own', () => {
    const env = withConfigEnv({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'me' }, [['core.fsmonitor', 'false']]);
    assert.equal(env.GIT_CONFIG_COUNT, '2');
    assert.equal(env.GIT_CONFIG_KEY_0, 'user.name');
    assert.deepEqual([env.GIT_CONFIG_KEY_1, env.GIT_CONFIG_VALUE_1], ['core.fsmonitor', 'false']);
  });

  it('turns off external diff, textconv and submodule scans on the command line, and lists which commands may filter', () => {
    assert.deepEqual(hardenedArgs(['diff', '--name-status', 'HEAD']), ['diff', '--no-ext-diff', '--no-textconv', '--ignore-submodules=dirty', '--name-status', 'HEAD']);
    assert.deepEqual(hardenedArgs(['status', '--porcelain=v2']), ['status', '--ignore-submodules=dirty', '--porcelain=v2']);
    assert.deepEqual(hardenedArgs(['rev-parse', 'HEAD']), ['rev-parse', 'HEAD']);
    for (const sub of [['status'], ['add', '-A'], ['read-tree', 'x'], ['write-tree'], ['checkout-index'], ['worktree', 'add', 'p']]) assert.equal(canRunFilters(sub), true, sub.join(' '));
    for (const sub of [['rev-parse'], ['cat-file'], ['update-ref'], ['worktree', 'list'], ['worktree', 'remove', 'p']]) assert.equal(canRunFilters(sub), false, sub.join(' '));
  });

  it('refuses a git older than 2.31, which would ignore GIT_CONFIG_COUNT and so the whole hardening', () => {
    assert.match(gitTooOld('git version 2.25.1\n') ?? '', /needs git 2\.31 or newer.*2\.25\.1/);
    assert.equal(gitTooOld('git version 2.31.0\n'), undefined);
    assert.equal(gitTooOld('git version 2.39.5\n'), undefined);
    assert.equal(gitTooOld('git version 3.0.0.windows.1\n'), undefined);
  });

  it('names execution keys in a git config text (subsections keep their case; one-line sections count)', () => {
    const text = '[core]\n\tfsmonitor = /x\n\tbare = false\n[filter "Evil"]\n\tclean = y\n[user] name = me\n[diff.tc] textconv = z\n[includeIf "gitdir:/a"]\n\tpath = /b\n';
    assert.deepEqual(executionKeys(text), ['core.fsmonitor', 'filter.Evil.clean', 'diff.tc.textconv', 'includeif.gitdir:/a.path']);
    assert.deepEqual(configEntries('[core]\n\thooksPath=/h\n')[0], { key: 'core.hookspath', value: '/h' });
  });

  it('finds the repository of a path in a plan worktree from the layout alone', () => {
    assert.equal(repoRootOfPlanWorktree('/r/.lw_coder/worktrees/p1'), '/r');
    assert.equal(repoRootOfPlanWorktree('/r/.lw_coder/worktrees/p1/src/.lw_coder/worktrees/x'), '/r');
    assert.equal(repoRootOfPlanWorktree('/r/.lw_coder/worktrees'), undefined);
    assert.equal(repoRootOfPlanWorktree('/r/src'), undefined);
  });

  it('trusts a journal entry for a forced restore only when its paths and bytes describe a worktree of this common dir', () => {
    const entry = buildJournalEntry({
      name: 'p1',
      worktreePath: '/r/.lw_coder/worktrees/p1',
      forwardPath: '/r/.lw_coder/worktrees/p1/.git',
      reversePath: '/r/.git/worktrees/p1/gitdir',
      lockPath: '/r/.git/worktrees/p1/locked',
      forwardOriginal: bytes('gitdir: /r/.git/worktrees/p1\n'),
      reverseOriginal: bytes('/r/.lw_coder/worktrees/p1/.git\n'),
      lockOriginal: undefined,
      pid: 1,
      hostname: 'h',
      now: new Date(0),
    });
    assert.equal(entryLayoutProblem(entry, '/r/.git'), undefined);
    assert.match(entryLayoutProblem(entry, '/other/.git') ?? '', /not in \/other\/\.git\/worktrees\/p1/);
    assert.match(entryLayoutProblem({ ...entry, forwardPath: '/home/u/.bashrc' }, '/r/.git') ?? '', /forward pointer/);
    assert.match(entryLayoutProblem({ ...entry, forwardOriginal: Buffer.from('gitdir: /elsewhere\n').toString('base64') }, '/r/.git') ?? '', /does not name/);
    assert.match(entryLayoutProblem({ ...entry, id: '..' }, '/r/.git') ?? '', /not a directory name/);
  });
});
