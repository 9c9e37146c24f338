import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectHostPath } from '../../../src/adapters/fs/textFiles';

describe('inspectHostPath on the real file system', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'lwc-inspect-'));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('a folder created while it is looked at (another worker\'s git worktree add) is missing or a folder, never "a symlink that leads nowhere"', async () => {
    // Before the fix about 1 in 70 of these raced: realpath failed, the folder appeared, lstat found it, and the run was
    // refused. A fleet's third worker hit it on `.lw_coder/worktrees` while the first two created their worktrees.
    const kinds = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const dir = join(base, `w${i}`);
      const [facts] = await Promise.all([inspectHostPath(join(dir, 'plan-c')), mkdir(dir)]);
      kinds.add(facts.kind);
    }
    assert.deepEqual([...kinds].filter((k) => k !== 'missing'), []);
  });

  it('still calls a dangling symlink and a loop unresolvable', async () => {
    await symlink(join(base, 'nowhere'), join(base, 'dangling'));
    await symlink(join(base, 'loop-b'), join(base, 'loop-a'));
    await symlink(join(base, 'loop-a'), join(base, 'loop-b'));
    assert.equal((await inspectHostPath(join(base, 'dangling'))).kind, 'unresolvable');
    assert.equal((await inspectHostPath(join(base, 'loop-a'))).kind, 'unresolvable');
    assert.equal((await inspectHostPath(join(base, 'dangling', 'below'))).kind, 'unresolvable');
  });
});
