import { strict as assert } from 'node:assert';
import { createContextMatcher, parseDockerignore } from '../../../src/core/container/dockerignore';

/** [rules, path, ignored?] — Docker's semantics, where they differ from gitignore's. */
const TABLE: readonly [readonly string[], string, boolean][] = [
  [['*.tmp'], 'x.tmp', true],
  [['*.tmp'], 'sub/x.tmp', false], // anchored at the root, unlike gitignore
  [['**/*.tmp'], 'sub/deep/x.tmp', true],
  [['**/*.tmp'], 'x.tmp', true],
  [['/build'], 'build', true], // a leading slash is the root
  [['/build'], 'build/out.js', true], // a matched directory covers its contents
  [['build'], 'src/build', false],
  [['docs/*.md', '!docs/keep.md'], 'docs/a.md', true],
  [['docs/*.md', '!docs/keep.md'], 'docs/keep.md', false], // exception
  [['!docs/keep.md', 'docs/*.md'], 'docs/keep.md', true], // the last matching rule wins
  [['a/**/b'], 'a/x/y/b', true],
  [['a/**/b'], 'a/b', true],
  [['.git'], '.git/HEAD', true],
  [['.git'], '.gitignore', false],
  [['node_modules'], 'pkg/node_modules/x', false],
  [['**/node_modules'], 'pkg/node_modules/x', true],
  [['secret?.txt'], 'secret1.txt', true],
  [['*', '!src'], 'src/main.ts', false],
];

describe('Docker ignore rules for build contexts', () => {
  for (const [rules, path, ignored] of TABLE) {
    it(`${rules.join(' ')} ${ignored ? 'ignores' : 'keeps'} ${path}`, () => {
      assert.equal(createContextMatcher(rules).ignores(path), ignored);
    });
  }

  it('drops comments and blank lines and notes exceptions', () => {
    assert.deepEqual(parseDockerignore('# c\n\n  .git  \r\n!keep\n'), ['.git', '!keep']);
    assert.equal(createContextMatcher(['.git']).hasExceptions, false);
    assert.equal(createContextMatcher(['*', '!src']).hasExceptions, true);
  });
});
