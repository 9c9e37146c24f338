import { strict as assert } from 'node:assert';
import { parsePorcelainV2 } from '../../../src/core/worktree/status';

describe('parsePorcelainV2', () => {
  it('counts staged, unstaged, untracked and conflicted entries, skipping a rename\'s original path', () => {
    const sha = 'a'.repeat(40);
    const out = [
      `# branch.oid ${sha}`,
      '# branch.head plan-one',
      '1 M. N... 100644 100644 100644 aaa bbb staged.txt',
      '1 .M N... 100644 100644 100644 aaa bbb unstaged.txt',
      '1 MM N... 100644 100644 100644 aaa bbb both.txt',
      '2 R. N... 100644 100644 100644 aaa bbb R100 new name.txt',
      '? looks like 1 .M but is the old name',
      'u UU N... 100644 100644 100644 100644 aaa bbb ccc conflict.txt',
      '? untracked.txt',
      '! ignored.txt',
      '',
    ].join('\0');
    assert.deepEqual(parsePorcelainV2(out), { head: sha, branch: 'plan-one', staged: 3, unstaged: 2, untracked: 1, conflicted: 1 });
  });

  it('reports an unborn branch and a detached HEAD as undefined', () => {
    assert.deepEqual(parsePorcelainV2('# branch.oid (initial)\0# branch.head (detached)\0'), { head: undefined, branch: undefined, staged: 0, unstaged: 0, untracked: 0, conflicted: 0 });
  });
});
