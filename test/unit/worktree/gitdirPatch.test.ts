import { strict as assert } from 'node:assert';
import { buildJournalEntry, containerForwardPointer, isContainerPointer, parseGitdirPointer } from '../../../src/core/worktree/gitdirPatch';
import { unsafePlanIdReason } from '../../../src/core/worktree/layout';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));

describe('gitdir patch data', () => {
  const entry = buildJournalEntry({
    name: 'p1',
    worktreePath: '/r/.lw_coder/worktrees/p1',
    forwardPath: '/r/.lw_coder/worktrees/p1/.git',
    reversePath: '/r/.git/worktrees/p1/gitdir',
    lockPath: '/r/.git/worktrees/p1/locked',
    forwardOriginal: bytes('gitdir: /r/.git/worktrees/p1\n'),
    reverseOriginal: bytes('/r/.lw_coder/worktrees/p1/.git\n'),
    lockOriginal: undefined,
    pid: 42,
    hostname: 'h',
    now: new Date(0),
  });

  it('patches to the container paths /repo-git/worktrees/<name> and /workspace/.git', () => {
    assert.equal(Buffer.from(entry.forwardPatched, 'base64').toString(), 'gitdir: /repo-git/worktrees/p1\n');
    assert.equal(Buffer.from(entry.reversePatched, 'base64').toString(), '/workspace/.git\n');
    assert.equal(entry.lockOriginal, null);
  });

  it('reads gitdir pointers and recognises container pointers', () => {
    assert.equal(parseGitdirPointer('gitdir: /a b/.git/worktrees/x\r\n'), '/a b/.git/worktrees/x');
    assert.equal(parseGitdirPointer('ref: refs/heads/main\n'), undefined);
    assert.equal(isContainerPointer(containerForwardPointer('x')), true);
    assert.equal(isContainerPointer('gitdir: /r/.git/worktrees/x\n'), false);
  });

  it('refuses plan ids git cannot use as a branch or that escape the worktrees folder', () => {
    for (const bad of ['..', 'a..b', '.hidden', '-x', 'x.lock', 'ab', 'a/b']) assert.ok(unsafePlanIdReason(bad), bad);
    for (const good of ['plan-1', 'fix_bug.2', 'ABC']) assert.equal(unsafePlanIdReason(good), undefined, good);
  });
});
