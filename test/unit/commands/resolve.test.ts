import { strict as assert } from 'node:assert';
import { resolveCatalog } from '../../../src/core/commands/resolve';
import { parsedOk, yaml } from './helpers';

const lw = (name: string, ...lines: string[]) => parsedOk(yaml(`name: ${name}`, ...lines), `.lw_coder/commands/${name}.yaml`, 'lw_coder');
const prj = (name: string, ...lines: string[]) => parsedOk(yaml(`name: ${name}`, ...lines), `.prj/commands/${name}.yaml`, 'prunejuice');

const BASE = [
  'description: Base workflow',
  'category: base',
  'timeout: 600',
  'prompt_file: prompts/base.md',
  'arguments:',
  '  - name: feature',
  '    required: true',
  '  - name: mode',
  '    choices: [fast, slow]',
  '    default: fast',
  'environment:',
  '  A: from-parent',
  '  B: parent',
  'pre_steps: [validate-prerequisites]',
  'steps: [create-worktree, run-agent]',
  'post_steps: [store-artifacts]',
  'cleanup_on_failure: [cleanup]',
];

describe('extends: merging, unknown parents and cycles', () => {
  it('merges arguments and environment by name, inherits lists not given and replaces lists given', () => {
    const child = lw(
      'child',
      'extends: base',
      'description: Child',
      'arguments:',
      '  - name: mode',
      '    choices: [fast, slow, careful]',
      '    default: careful',
      '  - name: extra',
      'environment:',
      '  B: child',
      '  C: new',
      'steps:',
      '  - create-worktree',
      '  - name: test',
      '    type: shell',
      '    action: npm test',
      'post_steps: []',
    );
    const { commands, problems } = resolveCatalog([child, lw('base', ...BASE)]);
    assert.deepEqual(problems, []);
    const c = commands.find((x) => x.name === 'child')!;
    assert.equal(c.description, 'Child');
    assert.equal(c.category, 'base', 'a scalar not given is inherited');
    assert.equal(c.timeoutSeconds, 600);
    assert.equal(c.promptFile, 'prompts/base.md');
    assert.deepEqual(c.extendsChain, ['base']);
    assert.deepEqual(c.arguments.map((a) => `${a.name}:${String(a.default ?? '')}`), ['feature:', 'mode:careful', 'extra:'], "the child's argument replaces the parent's in place; new ones are appended");
    assert.deepEqual(c.environment, { A: 'from-parent', B: 'child', C: 'new' });
    assert.deepEqual(c.preSteps.map((s) => s.name), ['validate-prerequisites'], 'pre_steps inherited');
    assert.deepEqual(c.steps.map((s) => s.name), ['create-worktree', 'test'], 'steps replaced');
    assert.deepEqual(c.postSteps, [], 'an empty list given removes the parent steps');
    assert.deepEqual(c.cleanupOnFailure.map((s) => s.name), ['cleanup']);
    assert.equal(c.lifecycle, 'worktree');
  });

  it('follows a chain of parents (nearest first) and applies defaults at the end', () => {
    const { commands } = resolveCatalog([lw('a', 'extends: b'), lw('b', 'extends: c', 'environment: { X: b }'), lw('c', 'steps: [start-session]', 'environment: { X: c, Y: c }')]);
    const a = commands.find((x) => x.name === 'a')!;
    assert.deepEqual(a.extendsChain, ['b', 'c']);
    assert.deepEqual(a.environment, { X: 'b', Y: 'c' });
    assert.equal(a.timeoutSeconds, 1800);
    assert.equal(a.category, 'workflow');
    assert.equal(a.lifecycle, 'session');
  });

  it('an unknown parent is an error at the extends line naming the known commands; the command is not offered', () => {
    const { commands, problems } = resolveCatalog([lw('child', 'description: x', 'extends: nope'), lw('other')]);
    assert.deepEqual(commands.map((c) => c.name), ['other']);
    assert.equal(problems.length, 1);
    assert.deepEqual([problems[0]!.line, problems[0]!.column], [3, 10]);
    assert.match(problems[0]!.message, /extends 'nope', which is not defined/);
    assert.match(problems[0]!.fix, /other/);
  });

  it('a cycle is an error naming the chain, on every command in it, and none of them is offered', () => {
    const { commands, problems } = resolveCatalog([lw('a', 'extends: b'), lw('b', 'extends: c'), lw('c', 'extends: a'), lw('d', 'extends: a')]);
    assert.deepEqual(commands, []);
    const cycle = problems.find((p) => /cycle/.test(p.message))!;
    assert.match(cycle.message, /a → b → c → a/);
    assert.equal(cycle.line, 2);
    assert.ok(problems.some((p) => p.file.endsWith('d.yaml') && /has problems of its own/.test(p.message)), 'a child of a broken chain says so');
  });

  it('a command extending itself is a cycle', () => {
    const { problems } = resolveCatalog([lw('a', 'extends: a')]);
    assert.match(problems[0]!.message, /cycle: a → a/);
  });

  it('ours wins a name clash with .prj/commands, with a warning at the prunejuice file', () => {
    const { commands, problems } = resolveCatalog([lw('deploy', 'description: ours'), prj('deploy', 'description: theirs')]);
    assert.equal(commands.length, 1);
    assert.equal(commands[0]!.description, 'ours');
    assert.equal(commands[0]!.source.origin, 'lw_coder');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'warning');
    assert.equal(problems[0]!.file, '.prj/commands/deploy.yaml');
    assert.match(problems[0]!.message, /\.lw_coder\/commands\/deploy\.yaml, which wins/);
  });

  it('the same name twice in one folder is an error on the second file', () => {
    const first = parsedOk(yaml('name: x'), '.lw_coder/commands/a.yaml');
    const second = parsedOk(yaml('name: x'), '.lw_coder/commands/b.yaml');
    const { commands, problems } = resolveCatalog([first, second]);
    assert.equal(commands[0]!.source.file, '.lw_coder/commands/a.yaml');
    assert.equal(problems[0]!.severity, 'error');
    assert.equal(problems[0]!.file, '.lw_coder/commands/b.yaml');
  });

  it('a prunejuice command may extend one of ours', () => {
    const { commands, problems } = resolveCatalog([lw('base', ...BASE), prj('feature', 'extends: base')]);
    assert.deepEqual(problems, []);
    assert.equal(commands.find((c) => c.name === 'feature')!.steps.length, 2);
  });

  it('a condition or placeholder naming an undeclared argument is an error where the step was written', () => {
    const { commands, problems } = resolveCatalog([
      lw('x', 'arguments: [{ name: known }]', 'steps:', '  - name: s', '    type: shell', '    action: "true"', '    when: args.unknown == 1 && shared.anything', '  - name: t', '    type: script', '    action: scripts/t.sh', '    args: ["{{ args.known }}", "{{ args.missing }}"]'),
    ]);
    assert.deepEqual(commands, []);
    assert.deepEqual(problems.map((p) => [p.line, p.column]), [[7, 11], [11, 32]]);
    assert.match(problems[0]!.message, /args\.unknown/);
    assert.match(problems[1]!.message, /\{\{ args\.missing \}\}/);
    assert.match(problems[0]!.fix, /known/);
  });

  it('an inherited step is checked against the child arguments but located in the parent file', () => {
    const { problems } = resolveCatalog([lw('base', 'arguments: [{ name: a }]', 'steps:', '  - type: shell', '    action: "true"', '    when: args.a'), lw('child', 'extends: base', 'arguments: [{ name: b }]')]);
    assert.deepEqual(problems, [], "the child keeps the parent's arguments, so the reference holds");
  });
});
