import assert from 'node:assert/strict';
import { parsePlan } from '../../../src/core/plan/parse';
import { planIdOf, validatePlan, validatePlanText } from '../../../src/core/plan/validate';
import { codes, frontMatter, only, planText, SHA, span, ZERO_SHA } from './helpers';

const validate = (overrides: Record<string, string | undefined>, ctx = {}) =>
  validatePlanText(planText(frontMatter(overrides)), ctx);

describe('validatePlan', () => {
  it('accepts a complete plan and fills its fields', () => {
    const plan = validatePlanText(
      planText([
        ...frontMatter(),
        'evaluation_notes:',
        '  - Login works',
        'linear_issue_id: ENG-1',
        'created_by: ada',
        'created_at: 2025-01-02',
        'notes: "short"',
      ]),
      { fileName: 'add-login.md', duplicatePaths: [], commitExists: () => true },
    );
    assert.deepEqual(plan.diagnostics, []);
    assert.equal(plan.valid, true);
    assert.deepEqual(plan.fields, {
      planId: 'add-login',
      gitSha: SHA,
      status: 'ready',
      evaluationNotes: ['Login works'],
      linearIssueId: 'ENG-1',
      createdBy: 'ada',
      createdAt: '2025-01-02',
      notes: 'short',
    });
  });

  it('reports each missing required key on the opening fence, naming the key', () => {
    const plan = validatePlanText(planText(['notes: hi']), { fileName: 'my-plan.md' });
    const missing = plan.diagnostics.filter((d) => d.code === 'missing-key');
    assert.deepEqual(
      missing.map((d) => [d.data?.key, span(d)]),
      [
        ['plan_id', [0, 0, 3]],
        ['git_sha', [0, 0, 3]],
        ['status', [0, 0, 3]],
      ],
    );
    assert.match(missing[0]?.message ?? '', /plan_id: my-plan/);
    assert.match(missing[1]?.message ?? '', /git rev-parse HEAD/);
    assert.equal(plan.valid, false);
  });

  it('reports an unknown key on the key with a typo suggestion and names the required key it hides', () => {
    const plan = validatePlanText(planText(['plan_id: add-login', `git_sha: ${SHA}`, 'stauts: ready']));
    const d = only(plan, 'unknown-key');
    assert.deepEqual(span(d), [3, 0, 6]);
    assert.deepEqual(d.data, { key: 'stauts', suggestion: 'status' });
    assert.match(d.message, /Did you mean 'status'\?/);
    assert.match(only(plan, 'missing-key').message, /rename 'stauts' to 'status'/);
  });

  it('offers no suggestion for an unknown key that resembles nothing', () => {
    const d = only(validate({ priority: 'high' }), 'unknown-key');
    assert.deepEqual(d.data, { key: 'priority' });
    assert.doesNotMatch(d.message, /Did you mean/);
  });

  it('reads a numeric plan_id as text and accepts it', () => {
    const plan = validate({ plan_id: '123' }, { fileName: '123.md' });
    assert.deepEqual(plan.diagnostics, []);
    assert.equal(plan.fields.planId, '123');
  });

  it('rejects a plan_id that is a list, with plan-id-type', () => {
    const plan = validatePlanText(planText(['plan_id: [a, b]', `git_sha: ${SHA}`, 'status: ready']));
    const d = only(plan, 'plan-id-type');
    assert.deepEqual(span(d), [1, 9, 15]);
    assert.match(d.message, /a list/);
  });

  it('rejects plan_ids outside the pattern with the reason and an example', () => {
    assert.match(only(validate({ plan_id: 'ab' }), 'plan-id-pattern').message, /2 characters long; use at least 3/);
    const spaced = only(validate({ plan_id: '"add login"' }), 'plan-id-pattern');
    assert.match(spaced.message, /contains " "/);
    assert.match(spaced.message, /'add-login'/);
    assert.match(only(validate({ plan_id: 'x'.repeat(101) }), 'plan-id-pattern').message, /at most 100/);
  });

  for (const [id, reason] of [
    ['..x', /'\.\.'|starts with '\.'/],
    ['a..b', /contains '\.\.'/],
    ['a.lock', /\.lock/],
    ['-abc', /starts with '-'/],
    ['.hidden', /starts with '\.'/],
    ['abc.', /ends with '\.'/],
    ['HEAD', /HEAD/],
    ['con', /Windows/],
  ] as const) {
    it(`rejects plan_id '${id}' as unsafe for a directory or branch`, () => {
      const plan = validate({ plan_id: `'${id}'` });
      const d = only(plan, 'plan-id-unsafe');
      assert.match(d.message, reason);
      assert.equal(plan.fields.planId, null);
      assert.equal(plan.valid, false);
    });
  }

  it('reports plan-id-duplicate from the context with the other paths', () => {
    const plan = validate({}, { duplicatePaths: ['.lw_coder/tasks/other.md'] });
    const d = only(plan, 'plan-id-duplicate');
    assert.equal(d.severity, 'error');
    assert.deepEqual(span(d), [1, 9, 18]);
    assert.match(d.message, /other\.md/);
  });

  it('warns when the file name is not <plan_id>.md, without making the plan invalid', () => {
    const plan = validate({}, { fileName: 'login.md' });
    const d = only(plan, 'plan-id-filename');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.data, { expected: 'add-login.md' });
    assert.equal(plan.valid, true);
    assert.deepEqual(codes(validate({}, { fileName: '/repo/.lw_coder/tasks/add-login.md' })), []);
  });

  it('gives no file-name advice for a plan_id that is itself invalid (no "rename to ../evil.md")', () => {
    const plan = validate({ plan_id: '../evil' }, { fileName: 'evil.md' });
    assert.deepEqual(codes(plan), ['plan-id-pattern']);
  });

  it('accepts the all-zero sha, quoted or not, while the plan is a draft', () => {
    assert.deepEqual(codes(validate({ git_sha: ZERO_SHA, status: 'draft' })), []);
    assert.deepEqual(codes(validate({ git_sha: `"${ZERO_SHA}"`, status: 'Draft' })), ['status-not-normalized']);
  });

  it('rejects the all-zero sha, quoted or not, once the plan is not a draft', () => {
    for (const sha of [ZERO_SHA, `'${ZERO_SHA}'`]) {
      const d = only(validate({ git_sha: sha, status: 'ready' }), 'git-sha-zero-not-draft');
      assert.equal(d.range.start.line, 2);
      assert.match(d.message, /git rev-parse HEAD/);
    }
  });

  it('reads an unquoted sha that YAML would take for a float as text', () => {
    const sha = `1234e56${'7'.repeat(33)}`;
    const plan = validate({ git_sha: sha });
    assert.deepEqual(plan.diagnostics, []);
    assert.equal(plan.fields.gitSha, sha);
  });

  it('rejects an upper-case sha with its lower-case form for the quick fix', () => {
    const d = only(validate({ git_sha: SHA.toUpperCase() }), 'git-sha-format');
    assert.deepEqual(d.data, { normalized: SHA });
    assert.deepEqual(span(d), [2, 9, 49]);
  });

  it('rejects 39- and 41-character shas and non-hex characters, saying how to get a sha', () => {
    assert.match(only(validate({ git_sha: SHA.slice(1) }), 'git-sha-format').message, /has 39 characters.*git rev-parse HEAD/);
    assert.match(only(validate({ git_sha: `${SHA}a` }), 'git-sha-format').message, /has 41 characters/);
    assert.match(only(validate({ git_sha: `g${SHA.slice(1)}` }), 'git-sha-format').message, /contains "g"/);
  });

  it('rejects an empty git_sha with git-sha-type on the key', () => {
    const d = only(validate({ git_sha: '' }), 'git-sha-type');
    assert.deepEqual(span(d), [2, 0, 7]);
    assert.match(d.message, /empty/);
  });

  it('reports git-sha-unresolved only when git says the commit is missing', () => {
    assert.match(only(validate({}, { commitExists: () => false }), 'git-sha-unresolved').message, /does not name a commit/);
    assert.deepEqual(codes(validate({}, { commitExists: () => undefined })), []);
    assert.deepEqual(codes(validate({}, { commitExists: () => true })), []);
    let asked = false;
    validate({ git_sha: ZERO_SHA, status: 'draft' }, { commitExists: () => ((asked = true), false) });
    assert.equal(asked, false, 'the zero sha is never looked up');
  });

  it('accepts every status case-insensitively and hints to normalise', () => {
    const plan = validate({ status: 'Implemented' });
    const d = only(plan, 'status-not-normalized');
    assert.equal(d.severity, 'hint');
    assert.deepEqual(d.data, { normalized: 'implemented' });
    assert.equal(plan.fields.status, 'implemented');
    assert.equal(plan.valid, true);
  });

  it('rejects an unknown status, listing the allowed values and suggesting the closest', () => {
    const d = only(validate({ status: 'redy' }), 'status-invalid');
    assert.match(d.message, /draft, ready, coding, implemented, done, abandoned/);
    assert.deepEqual(d.data, { suggestion: 'ready' });
    assert.deepEqual(span(d), [3, 8, 12]);
  });

  it('rejects a status that is a list with status-type', () => {
    const plan = validatePlanText(planText(['plan_id: add-login', `git_sha: ${SHA}`, 'status:', '  - ready']));
    assert.match(only(plan, 'status-type').message, /a list/);
  });

  it('rejects evaluation_notes that is not a list', () => {
    const d = only(validate({ evaluation_notes: 'check it' }), 'evaluation-notes-type');
    assert.deepEqual(span(d), [4, 18, 26]);
    assert.match(d.message, /'  - note'/);
  });

  it('rejects empty, blank and number items of evaluation_notes on the item', () => {
    const plan = validatePlanText(
      planText([...frontMatter(), 'evaluation_notes:', '  - fine', '  - ""', "  - '   '", '  - 42', '  -']),
    );
    const items = plan.diagnostics.filter((d) => d.code === 'evaluation-notes-item');
    assert.deepEqual(
      items.map((d) => [d.data?.index, d.range.start.line]),
      [
        ['1', 6],
        ['2', 7],
        ['3', 8],
        ['4', 9],
      ],
    );
    assert.match(items[2]?.message ?? '', /a number.*"42"/);
    assert.deepEqual(plan.fields.evaluationNotes, ['fine']);
  });

  it('rejects optional keys that are not strings and reads plain dates and numbers as text', () => {
    const plan = validatePlanText(planText([...frontMatter(), 'notes:', '  a: b', 'linear_issue_id: 42']));
    const d = only(plan, 'optional-field-type');
    assert.deepEqual(d.data, { key: 'notes' });
    assert.equal(plan.fields.linearIssueId, '42');
  });

  it('rejects an empty and a whitespace-only body right after the closing fence', () => {
    const empty = only(validatePlanText(planText(frontMatter(), '')), 'body-empty');
    assert.deepEqual(empty.range.start, { line: 5, character: 0 });
    const blank = only(validatePlanText(planText(frontMatter(), '  \n\t\n', '\r\n')), 'body-empty');
    assert.deepEqual(blank.range, { start: { line: 5, character: 0 }, end: { line: 7, character: 0 } });
    const noNewline = only(validatePlanText('---\nplan_id: abc\n---'), 'body-empty');
    assert.deepEqual(noNewline.range.start, { line: 2, character: 3 });
  });

  it('keeps syntax diagnostics and skips key rules when the YAML is broken', () => {
    const plan = validatePlanText(planText(['plan_id: abc', 'notes: a: b']));
    assert.deepEqual([...new Set(codes(plan))], ['yaml-syntax']);
    assert.equal(plan.valid, false);
  });

  it('reports duplicate keys as errors and judges the first occurrence', () => {
    const plan = validatePlanText(planText([...frontMatter(), 'status: bogus']));
    assert.deepEqual(codes(plan), ['duplicate-key']);
    assert.equal(plan.fields.status, 'ready');
  });

  it('returns diagnostics in file order with line-accurate ranges on CRLF + BOM files', () => {
    const text = `\ufeff${planText(['plan_id: ab', `git_sha: ${SHA}`, 'status: nope', 'extra: 1'], 'Body\n', '\r\n')}`;
    const plan = validatePlanText(text);
    assert.deepEqual(
      plan.diagnostics.map((d) => [d.code, ...span(d)]),
      [
        ['plan-id-pattern', 1, 9, 11],
        ['status-invalid', 3, 8, 12],
        ['unknown-key', 4, 0, 5],
      ],
    );
  });
});

describe('planIdOf', () => {
  it('returns the plan_id as written, numeric ids as text, and null when absent or not a string', () => {
    assert.equal(planIdOf(parsePlan(planText(['plan_id: 007']))), '007');
    assert.equal(planIdOf(parsePlan(planText(['plan_id: "-bad id"']))), '-bad id');
    assert.equal(planIdOf(parsePlan(planText(['status: draft']))), null);
    assert.equal(planIdOf(parsePlan(planText(['plan_id: [a]']))), null);
    assert.equal(planIdOf(parsePlan('no front matter')), null);
  });

  it('matches what validatePlan reports for the same parse', () => {
    const parsed = parsePlan(planText(frontMatter()));
    assert.equal(planIdOf(parsed), validatePlan(parsed).fields.planId);
  });
});
