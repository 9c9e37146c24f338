import { strict as assert } from 'node:assert';
import { envNamePart, lineSplitter, parseOutputFile, parseSetCommand, sessionEnv, sessionEnvNames } from '../../../src/core/commands/stepEnv';
import { checkArguments, evaluateWhen, substitutePlaceholders } from '../../../src/app/commands/stepScope';
import { commandOf } from '../../support/commandDefs';

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

describe('app/commands/stepScope fallbacks (replaced by the parser stream at merge)', () => {
  it('evaluates when expressions over args and shared', () => {
    const scope = { args: { skip_tests: true, n: 2, env: 'prod' }, shared: { ok: 'yes' } };
    assert.equal(evaluateWhen('args.skip_tests != true', scope), false);
    assert.equal(evaluateWhen("args.env == 'prod' && shared.ok == \"yes\"", scope), true);
    assert.equal(evaluateWhen('args.missing || args.n == 2', scope), true);
    assert.equal(evaluateWhen('!args.skip_tests', scope), false);
    assert.throws(() => evaluateWhen('rm -rf', scope));
  });

  it('checks arguments: required, defaults, types, choices, unknown names', () => {
    const c = commandOf({ name: 'c', arguments: [{ name: 'n', description: '', required: true, type: 'number' }, { name: 'b', description: '', required: false, type: 'boolean', default: false }, { name: 'k', description: '', required: false, type: 'choice', choices: ['x', 'y'] }] });
    assert.deepEqual(checkArguments(c, { n: '4' }), { ok: true, values: { n: 4, b: false } });
    const bad = checkArguments(c, { b: 'maybe', k: 'z', extra: '1' });
    assert.equal(bad.ok, false);
    assert.equal(bad.ok ? 0 : bad.problems.length, 4);
  });

  it('substitutes placeholders as plain text', () => {
    assert.equal(substitutePlaceholders('{{ args.a }}/{{shared.b}}/{{ args.none }}', { a: '$(x)' }, { b: 'y' }), '$(x)/y/');
  });
});
