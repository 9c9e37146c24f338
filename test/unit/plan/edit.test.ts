import assert from 'node:assert/strict';
import {
  applyTextEdits,
  PlanEditError,
  removeKeyEdit,
  setFrontMatterValue,
  setValueEdit,
} from '../../../src/core/plan/edit';
import { parsePlan } from '../../../src/core/plan/parse';
import { validatePlanText } from '../../../src/core/plan/validate';
import { planText, SHA, ZERO_SHA } from './helpers';

/** A plan as people really write them: BOM, CRLF, comments, odd spacing, quoting, a body with its own '---'. */
const MESSY =
  '\ufeff---  \r\n' +
  '# lifecycle keys below\r\n' +
  'plan_id:   add-login    # keep me\r\n' +
  `git_sha: '${ZERO_SHA}'\r\n` +
  'status:    Draft   # was draft\r\n' +
  'evaluation_notes:\r\n' +
  '    - "one"   \r\n' +
  '    - two\r\n' +
  '---\r\n' +
  '\r\n' +
  '# Add login\r\n' +
  'status: not front matter\r\n' +
  '---\r\n' +
  'trailing spaces   \r\n';

/** Asserts `after` equals `before` with exactly `from` replaced by `to` once: no other byte moved. */
function assertOnlyChanged(before: string, after: string, from: string, to: string): void {
  const at = before.indexOf(from);
  assert.notEqual(at, -1, `${JSON.stringify(from)} is in the input`);
  assert.equal(after, before.slice(0, at) + to + before.slice(at + from.length));
}

describe('setFrontMatterValue', () => {
  it('changes only the status value in a CRLF + BOM file with comments and odd spacing', () => {
    const after = setFrontMatterValue(MESSY, 'status', 'coding');
    assertOnlyChanged(MESSY, after, 'status:    Draft   #', 'status:    coding   #');
    assert.equal(after.charCodeAt(0), 0xfeff);
  });

  it('changes only the git_sha bytes and keeps its single quotes', () => {
    const after = setFrontMatterValue(MESSY, 'git_sha', SHA);
    assertOnlyChanged(MESSY, after, `'${ZERO_SHA}'`, `'${SHA}'`);
  });

  it('quotes an all-digit sha written into a plain value so YAML readers keep it a string', () => {
    const digits = '1234567890'.repeat(4);
    const before = planText(['plan_id: abc', `git_sha: ${SHA}`, 'status: ready']);
    const after = setFrontMatterValue(before, 'git_sha', digits);
    assertOnlyChanged(before, after, SHA, `"${digits}"`);
    assert.equal(validatePlanText(after).fields.gitSha, digits);
  });

  it('writes a hex sha that is safe as plain text without quotes', () => {
    const before = planText(['plan_id: abc', `git_sha: ${ZERO_SHA}`, 'status: draft']);
    assertOnlyChanged(before, setFrontMatterValue(before, 'git_sha', SHA), ZERO_SHA, SHA);
  });

  it('inserts a missing status before the closing fence with the file line ending', () => {
    const before = planText(['plan_id: abc', `git_sha: ${SHA}`], 'Body\n', '\r\n');
    const after = setFrontMatterValue(before, 'status', 'ready');
    assertOnlyChanged(before, after, `${SHA}\r\n---`, `${SHA}\r\nstatus: ready\r\n---`);
    assert.equal(validatePlanText(after).valid, true);
  });

  it('fills an empty value after the colon, keeping a trailing comment', () => {
    const before = planText(['plan_id: abc', `git_sha: ${SHA}`, 'status: # todo']);
    assertOnlyChanged(before, setFrontMatterValue(before, 'status', 'ready'), 'status: # todo', 'status: ready # todo');
  });

  it('refuses invalid values and unreadable front matter with the fix in the message', () => {
    assert.throws(() => setFrontMatterValue(MESSY, 'status', 'Ready'), (e: unknown) => {
      return e instanceof PlanEditError && /one of draft, ready/.test(e.message);
    });
    assert.throws(() => setFrontMatterValue(MESSY, 'git_sha', 'HEAD'), /git rev-parse HEAD/);
    assert.throws(() => setFrontMatterValue('# no front matter\n', 'status', 'ready'), PlanEditError);
    assert.throws(
      () => setFrontMatterValue(planText(['status: "oops']), 'status', 'ready'),
      (e: unknown) => e instanceof PlanEditError && /Line 2: YAML syntax error/.test(e.message),
    );
  });

  it('refuses to edit a key that is set twice, naming both lines', () => {
    const text = planText(['status: draft', 'status: ready']);
    assert.throws(() => setFrontMatterValue(text, 'status', 'done'), /lines 2 and 3/);
  });
});

describe('setValueEdit', () => {
  it('keeps double quotes and escapes inside them', () => {
    const before = planText(['notes: "old"']);
    const after = applyTextEdits(before, [setValueEdit(parsePlan(before), 'notes', 'say "hi"')]);
    assertOnlyChanged(before, after, '"old"', '"say \\"hi\\""');
    assert.equal(validatePlanText(after).fields.notes, 'say "hi"');
  });

  it('replaces a block list with a scalar on the key line', () => {
    const before = planText(['status:', '  - a', '  - b', 'plan_id: abc']);
    const after = applyTextEdits(before, [setValueEdit(parsePlan(before), 'status', 'ready')]);
    assert.equal(after, planText(['status: ready', 'plan_id: abc']));
  });

  it('inserts into an empty front matter', () => {
    const before = '---\n---\nBody\n';
    const after = applyTextEdits(before, [setValueEdit(parsePlan(before), 'plan_id', 'abc')]);
    assert.equal(after, '---\nplan_id: abc\n---\nBody\n');
  });
});

describe('removeKeyEdit', () => {
  it('removes a multi-line list entry whole and leaves the comment after it', () => {
    const before = planText(['plan_id: abc', 'evaluation_notes:   # why', '  - one', '  - two', '# next', 'status: draft'], 'B\n', '\r\n');
    const edit = removeKeyEdit(parsePlan(before), 'evaluation_notes');
    assert.ok(edit);
    const after = applyTextEdits(`\ufeff${before}`, [edit]);
    assert.equal(after, `\ufeff${planText(['plan_id: abc', '# next', 'status: draft'], 'B\n', '\r\n')}`);
  });

  it('removes the chosen occurrence of a duplicated key and nothing when the key is absent', () => {
    const before = planText(['status: draft', 'plan_id: abc', 'status: ready']);
    const parsed = parsePlan(before);
    const edit = removeKeyEdit(parsed, 'status', 3);
    assert.ok(edit);
    assert.equal(applyTextEdits(before, [edit]), planText(['status: draft', 'plan_id: abc']));
    assert.equal(removeKeyEdit(parsed, 'notes'), undefined);
  });
});

describe('applyTextEdits', () => {
  it('applies several edits from one parse, inserts at one position in array order', () => {
    const text = 'abc\r\ndef\r\n';
    const at = (line: number, character: number) => ({ line, character });
    const out = applyTextEdits(text, [
      { range: { start: at(1, 0), end: at(1, 3) }, newText: 'XYZ' },
      { range: { start: at(0, 1), end: at(0, 1) }, newText: '1' },
      { range: { start: at(0, 1), end: at(0, 1) }, newText: '2' },
    ]);
    assert.equal(out, 'a12bc\r\nXYZ\r\n');
  });

  it('refuses overlapping edits', () => {
    const r = (a: number, b: number) => ({ start: { line: 0, character: a }, end: { line: 0, character: b } });
    assert.throws(() => applyTextEdits('abcdef', [{ range: r(0, 3), newText: '' }, { range: r(2, 4), newText: '' }]), /Overlapping/);
  });
});
