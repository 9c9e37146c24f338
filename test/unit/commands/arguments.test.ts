import { strict as assert } from 'node:assert';
import { argumentEnvironment, argumentEnvName, checkArguments, substitutePlaceholders } from '../../../src/core/commands/arguments';
import { resolveCatalog } from '../../../src/core/commands/resolve';
import { chooseLifecycle } from '../../../src/core/commands/lifecycle';
import { parsedOk, yaml } from './helpers';
import type { CommandArgument } from '../../../src/core/commands/types';

const command = (args: CommandArgument[]) => ({ name: 'deploy', arguments: args, source: { file: '.lw_coder/commands/deploy.yaml', origin: 'lw_coder' as const } });
const arg = (a: Partial<CommandArgument> & { name: string }): CommandArgument => ({ description: '', required: false, type: 'string', ...a });

describe('arguments: checking, environment names, placeholders', () => {
  const deploy = command([
    arg({ name: 'target', required: true, description: 'where to' }),
    arg({ name: 'replicas', type: 'number', default: 1 }),
    arg({ name: 'dry-run', type: 'boolean', default: false }),
    arg({ name: 'size', type: 'choice', choices: ['small', 'large'] }),
  ]);

  it('types the values and fills defaults', () => {
    const r = checkArguments(deploy, { target: 'prod', replicas: '3', 'dry-run': 'yes', size: 'large' });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.values, { target: 'prod', replicas: 3, 'dry-run': true, size: 'large' });
    assert.deepEqual(checkArguments(deploy, { target: 'x' }).values, { target: 'x', replicas: 1, 'dry-run': false });
  });

  it('refuses a missing required argument, wrong types, a value outside the choices and unknown names', () => {
    const r = checkArguments(deploy, { replicas: 'many', 'dry-run': 'perhaps', size: 'huge', colour: 'red' });
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        "Command 'deploy' has no argument 'colour'.",
        "Argument 'target' is required (where to).",
        "Argument 'replicas' must be a number, got 'many'.",
        "Argument 'dry-run' must be true or false, got 'perhaps'.",
        "Argument 'size' must be one of small, large, got 'huge'.",
      ],
    );
    for (const p of r.problems) assert.ok(p.fix.length > 0);
    assert.match(r.problems[0]!.fix, /target, replicas, dry-run, size/);
  });

  it('places a bad value at the declaration it breaks, in the file that declares it (a parent brought in by extends)', () => {
    const parent = parsedOk(yaml('name: base', 'arguments:', '  - name: feature', '    required: true', 'steps: [cleanup]'), '.prj/commands/base.yaml', 'prunejuice');
    const child = parsedOk(yaml('name: child', 'extends: base', 'arguments:', '  - name: mode', '    choices: [a, b]', 'steps: [cleanup]'), '.lw_coder/commands/child.yaml');
    const command = resolveCatalog([parent, child]).commands.find((c) => c.name === 'child')!;
    const r = checkArguments(command, { mode: 'c', extra: 'x' });
    assert.deepEqual(r.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`), [
      ".lw_coder/commands/child.yaml:0:0 Command 'child' has no argument 'extra'.",
      ".prj/commands/base.yaml:3:11 Argument 'feature' is required.",
      ".lw_coder/commands/child.yaml:4:11 Argument 'mode' must be one of a, b, got 'c'.",
    ]);
  });

  it('passes a hostile value through verbatim as data', () => {
    const hostile = '$(touch /tmp/pwned); rm -rf ~';
    const r = checkArguments(deploy, { target: hostile });
    assert.equal(r.values.target, hostile);
    assert.deepEqual(argumentEnvironment(r.values), { LWC_ARG_TARGET: hostile, LWC_ARG_REPLICAS: '1', LWC_ARG_DRY_RUN: 'false' });
  });

  it('names the environment variable LWC_ARG_<NAME>', () => {
    assert.equal(argumentEnvName('feature-name'), 'LWC_ARG_FEATURE_NAME');
    assert.equal(argumentEnvName('skip_tests'), 'LWC_ARG_SKIP_TESTS');
  });

  it('substitutes args and shared placeholders, leaving unknown ones as written', () => {
    const out = substitutePlaceholders('Build {{ args.target }} ({{args.replicas}}) after {{ shared.commit }}; {{ args.nope }} {{ env.HOME }}', { target: 'prod', replicas: 2 }, { commit: 'abc' });
    assert.equal(out, 'Build prod (2) after abc; {{ args.nope }} {{ env.HOME }}');
    assert.equal(substitutePlaceholders('{{ args.x }}', { x: '$1 $& {{ args.x }}' }, {}), '$1 $& {{ args.x }}', 'a value is inserted once, literally');
  });
});

describe('lifecycle choice (seed create_command)', () => {
  const s = (name: string, action = name) => ({ name, action });
  it('create-worktree (by action or name) → worktree, even with a session step', () => {
    assert.equal(chooseLifecycle([s('start-session'), s('create-worktree')]), 'worktree');
    assert.equal(chooseLifecycle([s('create-worktree', 'scripts/wt.sh')]), 'worktree');
  });
  it('start-session or session-create → session', () => {
    assert.equal(chooseLifecycle([s('start-session')]), 'session');
    assert.equal(chooseLifecycle([s('open', 'session-create')]), 'session');
  });
  it('anything else → standard', () => {
    assert.equal(chooseLifecycle([s('run-tests'), s('x', 'npm test')]), 'standard');
    assert.equal(chooseLifecycle([]), 'standard');
  });
});
