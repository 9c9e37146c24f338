import { strict as assert } from 'node:assert';
import { BUILTIN_STEPS } from '../../../src/core/commands/schema';
import { only, parse, parsedOk, yaml } from './helpers';

describe('command files: parsing and validation errors name the line, column and fix', () => {
  it('normalises a valid file: bare strings are built-in steps, objects get their defaults', () => {
    const parsed = parsedOk(
      yaml(
        'name: feature-branch',
        'description: Start a feature',
        'arguments:',
        '  - name: size',
        '    choices: [small, large]',
        'pre_steps:',
        '  - validate-prerequisites',
        'steps:',
        '  - name: test',
        '    type: shell',
        '    action: npm test',
        '    retry: { count: 2, delay: 5 }',
        '    continue_on_error: true',
        '  - type: script',
        '    action: scripts/go.sh',
        '    args: { mode: fast }',
      ),
    );
    assert.deepEqual(parsed.steps.pre_steps?.map((s) => s.step), [{ name: 'validate-prerequisites', type: 'builtin', action: 'validate-prerequisites', args: [], retry: { count: 0, delaySeconds: 0 }, continueOnError: false }]);
    assert.deepEqual(parsed.steps.steps?.[0]?.step, { name: 'test', type: 'shell', action: 'npm test', args: [], retry: { count: 2, delaySeconds: 5 }, continueOnError: true });
    assert.deepEqual(parsed.steps.steps?.[1]?.step.args, ['mode=fast'], "prunejuice's args mapping becomes key=value items");
    assert.equal(parsed.steps.steps?.[1]?.step.name, 'script-2');
    assert.equal(parsed.steps.post_steps, undefined, 'a list not given stays undefined (extends inherits it)');
    assert.equal(parsed.arguments?.[0]?.type, 'choice', 'choices without a type make a choice argument');
  });

  it('a YAML syntax error is located and nothing else is judged', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - a: b: c')).problems);
    assert.equal(p.line, 3);
    assert.match(p.message, /YAML syntax error/);
    assert.match(p.fix, /indentation/);
  });

  it('a file that is not a mapping says what to write', () => {
    const p = only(parse(yaml('- just', '- a list')).problems);
    assert.equal(p.line, 1);
    assert.match(p.message, /must be a YAML mapping.*a list/);
    assert.match(p.fix, /name: my-command/);
  });

  it('a missing name is an error with the example to add', () => {
    const p = only(parse(yaml('description: no name', 'steps: [cleanup]')).problems);
    assert.equal(p.line, 1);
    assert.match(p.message, /^name is missing/);
    assert.match(p.fix, /name: feature-branch/);
  });

  it('an unknown key is located at the key, with a did-you-mean', () => {
    const p = only(parse(yaml('name: x', 'steps: [cleanup]', 'post_step:', '  - cleanup')).problems);
    assert.deepEqual([p.line, p.column], [3, 1]);
    assert.match(p.message, /Unknown key 'post_step'/);
    assert.match(p.fix, /Did you mean 'post_steps'\?/);
  });

  it('an unknown key inside a step is located in the step', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - name: a', '    type: shell', '    action: "true"', '    timout: 5')).problems);
    assert.deepEqual([p.line, p.column], [6, 5]);
    assert.match(p.fix, /Did you mean 'timeout'\?/);
  });

  it('a wrong step type lists the allowed ones', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - name: a', '    type: bash', '    action: ls')).problems);
    assert.deepEqual([p.line, p.column], [4, 11]);
    assert.match(p.message, /steps\[0\]\.type is 'bash'/);
    assert.match(p.fix, /builtin, shell, script, agent/);
  });

  it('a step that is neither a name nor a mapping is explained', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - 42')).problems);
    assert.equal(p.line, 3);
    assert.match(p.message, /neither a built-in step name nor a step mapping/);
  });

  it('a step without action is an error at the step', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - name: a', '    type: shell')).problems);
    assert.equal(p.line, 3);
    assert.match(p.message, /steps\[0\]\.action is missing/);
  });

  it('a timeout that is not a positive integer is an error at its value', () => {
    const p = only(parse(yaml('name: x', 'timeout: -5', 'steps: [cleanup]')).problems);
    assert.deepEqual([p.line, p.column], [2, 10]);
    assert.match(p.message, /at least 1/);
  });

  it('an invalid command name and an invalid environment variable name are both reported', () => {
    const problems = parse(yaml('name: "bad name"', 'environment:', '  bad-var: 1', 'steps: [cleanup]')).problems;
    assert.deepEqual(problems.map((p) => p.line), [1, 3]);
    assert.match(problems[0]!.fix, /feature-branch/);
    assert.match(problems[1]!.message, /Environment variable name 'bad-var'/);
  });

  it('an unknown built-in is an error listing every valid one, with a did-you-mean', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - create-worktree', '  - run-test')).problems);
    assert.deepEqual([p.line, p.column], [4, 5]);
    assert.match(p.message, /'run-test' is not a built-in step/);
    assert.match(p.fix, /Did you mean 'run-tests'\?/);
    for (const b of BUILTIN_STEPS) assert.ok(p.fix.includes(b), `the fix lists ${b}`);
  });

  it('an unknown built-in in a step mapping is located at its action', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - name: a', '    action: frobnicate')).problems);
    assert.deepEqual([p.line, p.column], [4, 13]);
  });

  it('a when syntax error points at the column inside the condition', () => {
    const p = only(parse(yaml('name: x', 'steps:', '  - name: a', '    type: shell', '    action: "true"', '    when: args.a && || args.b')).problems);
    assert.equal(p.line, 6);
    assert.equal(p.column, 11 + 'args.a && '.length);
    assert.match(p.message, /expected a value/);
    assert.match(p.fix, /args.skip_tests != true/);
  });

  it('argument rules: choice without choices, choices on a string, a default of the wrong type, duplicates', () => {
    const problems = parse(
      yaml(
        'name: x',
        'arguments:',
        '  - name: a',
        '    type: choice',
        '  - name: b',
        '    type: string',
        '    choices: [x]',
        '  - name: c',
        '    type: number',
        '    default: many',
        '  - name: d',
        '    choices: [x, y]',
        '    default: z',
        '  - name: a',
        'steps: [cleanup]',
      ),
    ).problems;
    assert.deepEqual(problems.map((p) => p.line), [4, 7, 10, 13, 14]);
    assert.match(problems[0]!.message, /choice but lists no choices/);
    assert.match(problems[2]!.fix, /a number/);
    assert.match(problems[3]!.message, /one of x, y/);
    assert.match(problems[4]!.message, /declared twice/);
  });

  it('arguments that would share one LWC_ARG_ variable are refused', () => {
    const p = only(parse(yaml('name: x', 'arguments:', '  - name: my-arg', '  - name: my_arg', 'steps: [cleanup]')).problems);
    assert.equal(p.line, 4);
    assert.match(p.message, /LWC_ARG_MY_ARG/);
  });

  it('paths out of the repository are refused: prompt_file, working_directory, script and agent actions', () => {
    const problems = parse(
      yaml('name: x', 'prompt_file: /etc/passwd', 'working_directory: ../elsewhere', 'steps:', '  - type: script', '    action: ../../bin/evil.sh', '  - type: agent', '    action: ~/prompt.md'),
    ).problems;
    assert.deepEqual(problems.map((p) => p.line), [2, 3, 6, 8]);
    for (const p of problems) assert.match(p.message, /outside the repository/);
  });

  it('duplicate keys are a syntax error at the second one', () => {
    const problems = parse(yaml('name: x', 'steps: [cleanup]', 'name: y')).problems;
    assert.equal(problems[0]!.line, 3);
  });

  it('refuses a placeholder inside a shell command string, with the environment variable as the fix (injection safety)', () => {
    const p = only(parse(yaml('name: x', 'arguments: [{ name: feature-name }]', 'steps:', '  - name: greet', '    type: shell', '    action: echo {{ args.feature-name }}')).problems);
    assert.deepEqual([p.line, p.column], [6, 13]);
    assert.match(p.message, /placeholder \{\{ args\.feature-name \}\}.*refused in shell steps/);
    assert.match(p.fix, /"\$LWC_ARG_FEATURE_NAME"/);
    const shared = only(parse(yaml('name: x', 'steps:', '  - type: shell', '    action: "git checkout {{shared.branch}}"')).problems);
    assert.match(shared.message, /refused in shell steps/);
  });

  it('accepts placeholders in the args list of a script step and in an agent prompt path, which never reach a shell', () => {
    const parsed = parsedOk(yaml('name: x', 'arguments: [{ name: f }]', 'steps:', '  - type: script', '    action: scripts/go.sh', '    args: ["--feature", "{{ args.f }}"]', '  - type: agent', '    action: prompts/{{ args.f }}.md'));
    assert.deepEqual(parsed.steps.steps?.[0]?.step.args, ['--feature', '{{ args.f }}']);
  });
});
