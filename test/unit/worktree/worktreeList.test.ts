import { strict as assert } from 'node:assert';
import { countReachable } from '../../../src/adapters/git/worktreeGit';
import { parseWorktreeList } from '../../../src/adapters/git/worktreeList';

describe('parseWorktreeList', () => {
  it('reads branch, detached, locked (with and without reason) and prunable worktrees from -z output', () => {
    const sha = 'c'.repeat(40);
    const out = [
      'worktree /r', `HEAD ${sha}`, 'branch refs/heads/main', '',
      'worktree /r/.lw_coder/worktrees/p1', `HEAD ${sha}`, 'branch refs/heads/p1', 'locked why\nnot', '',
      'worktree /tmp/lwc-author-x', `HEAD ${sha}`, 'detached', 'locked', 'prunable gitdir file points to non-existent location', '',
      '',
    ].join('\0');
    const list = parseWorktreeList(out);
    assert.deepEqual(list.map((e) => [e.path, e.branch, e.detached, e.locked, e.prunable]), [
      ['/r', 'main', false, undefined, undefined],
      ['/r/.lw_coder/worktrees/p1', 'p1', false, 'why\nnot', undefined],
      ['/tmp/lwc-author-x', undefined, true, '', 'gitdir file points to non-existent location'],
    ]);
  });
});

describe('countReachable', () => {
  it("counts each head's commits beyond the base, through merges, without double counting", () => {
    // a <- b <- d (merge of b and c) ; a <- c ; e alone. Everything listed is beyond the base.
    const out = ['d b c', 'c a', 'b a', 'a base', 'e base', ''].join('\n');
    const counts = countReachable(out, ['d', 'c', 'e', 'unknown']);
    assert.deepEqual([...counts], [['d', 4], ['c', 2], ['e', 1], ['unknown', 0]]);
  });
});
