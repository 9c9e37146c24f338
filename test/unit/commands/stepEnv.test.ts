import { strict as assert } from 'node:assert';
import { envNamePart, lineSplitter, parseOutputFile, parseSetCommand, sessionEnv, sessionEnvNames } from '../../../src/core/commands/stepEnv';

describe('core/commands/stepEnv', () => {
  it('parses ::set lines, refusing keys that are not names', () => {
    assert.deepEqual(parseSetCommand('::set branch=feature/x=y'), { key: 'branch', value: 'feature/x=y' });
    assert.deepEqual(parseSetCommand('  ::set empty=\r'), { key: 'empty', value: '' });
    assert.deepEqual(parseSetCommand('::set ../x=1'), { invalid: '../x' });
    assert.equal(parseSetCommand('echo ::set a=b'), undefined);
    assert.equal(parseSetCommand('::setx a=b'), undefined);
  });

  it('parses $LWC_OUTPUT files: key=value lines, heredoc values, comments; bad keys reported', () => {
    const { values, invalid } = parseOutputFile('# comment\na=1\nb=x=y\n\nnotes<<EOF\nline 1\nline 2\nEOF\nbad key=2\nnoequals\n');
    assert.deepEqual(values, { a: '1', b: 'x=y', notes: 'line 1\nline 2' });
    assert.deepEqual(invalid, ['bad key', 'noequals']);
  });

  it('builds LWC_* variables: args and shared data upper-cased, values verbatim', () => {
    const env = sessionEnv({ sessionId: 'id', artifactDir: '/a', worktree: '/w', projectPath: '/p', outputFile: '/o', tmpDir: '/t', args: { 'target-branch': '$(rm -rf ~)', n: 3, yes: true }, shared: { 'build.id': '7' } });
    assert.equal(env.LWC_ARG_TARGET_BRANCH, '$(rm -rf ~)');
    assert.equal(env.LWC_ARG_N, '3');
    assert.equal(env.LWC_ARG_YES, 'true');
    assert.equal(env.LWC_SHARED_BUILD_ID, '7');
    assert.equal(envNamePart('a-b.c'), 'A_B_C');
    assert.deepEqual(sessionEnvNames(['x'], ['CI', 'LWC_TMP']).slice(0, 2), ['CI', 'LWC_SESSION_ID']);
  });

  it('splits streamed text into whole lines', () => {
    const lines: string[] = [];
    const s = lineSplitter((l) => lines.push(l));
    s.push('a\nb');
    s.push('c\n::set');
    s.end();
    assert.deepEqual(lines, ['a', 'bc', '::set']);
  });
});
