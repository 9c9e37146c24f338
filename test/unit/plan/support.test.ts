import assert from 'node:assert/strict';
import { closestMatch, KEY_DOCS, PLAN_KEYS } from '../../../src/core/plan/keys';
import { computeLineStarts, offsetAt, positionAt } from '../../../src/core/plan/lsp';
import { isSafePlain } from '../../../src/core/plan/scalar';
import { renderNewPlan } from '../../../src/core/plan/template';
import { OPTIONAL_KEYS, REQUIRED_KEYS } from '../../../src/core/plan/types';
import { findDuplicatePlanIds, validatePlanText } from '../../../src/core/plan/validate';
import { SHA, ZERO_SHA } from './helpers';

describe('closestMatch', () => {
  it('finds typos within two edits, counting a swap of neighbours as one', () => {
    assert.equal(closestMatch('stauts', PLAN_KEYS), 'status');
    assert.equal(closestMatch('git-sha', PLAN_KEYS), 'git_sha');
    assert.equal(closestMatch('planid', PLAN_KEYS), 'plan_id');
    assert.equal(closestMatch('Status', PLAN_KEYS), 'status');
    assert.equal(closestMatch('evaluation_note', PLAN_KEYS), 'evaluation_notes');
  });

  it('suggests nothing for words more than two edits away or too short to judge', () => {
    assert.equal(closestMatch('priority', PLAN_KEYS), undefined);
    assert.equal(closestMatch('x', PLAN_KEYS), undefined);
    assert.equal(closestMatch('', PLAN_KEYS), undefined);
  });
});

describe('KEY_DOCS', () => {
  it('documents every key a plan may hold with a summary and a value hint', () => {
    assert.deepEqual(Object.keys(KEY_DOCS).sort(), [...REQUIRED_KEYS, ...OPTIONAL_KEYS].sort());
    for (const doc of Object.values(KEY_DOCS)) {
      assert.ok(doc.summary.length > 10 && doc.valueHint.length > 3);
      assert.doesNotMatch(doc.summary, /\n/);
    }
  });
});

describe('findDuplicatePlanIds', () => {
  it('maps each path to the other paths with the same or case-folded plan_id', () => {
    const dupes = findDuplicatePlanIds([
      { path: 'a.md', planId: 'login' },
      { path: 'b.md', planId: 'login' },
      { path: 'c.md', planId: 'Login' },
      { path: 'd.md', planId: 'other' },
      { path: 'e.md', planId: null },
      { path: 'f.md', planId: null },
    ]);
    assert.deepEqual(Object.fromEntries(dupes), {
      'a.md': ['b.md', 'c.md'],
      'b.md': ['a.md', 'c.md'],
      'c.md': ['a.md', 'b.md'],
    });
  });

  it('feeds validatePlan so a case-only collision is an error', () => {
    const dupes = findDuplicatePlanIds([
      { path: 'x/Fix-Bug.md', planId: 'Fix-Bug' },
      { path: 'x/fix-bug.md', planId: 'fix-bug' },
    ]);
    const text = renderNewPlan({ planId: 'fix-bug', gitSha: ZERO_SHA });
    const plan = validatePlanText(text, { duplicatePaths: dupes.get('x/fix-bug.md') ?? [] });
    assert.deepEqual(
      plan.diagnostics.map((d) => [d.code, d.severity]),
      [['plan-id-duplicate', 'error']],
    );
    assert.match(plan.diagnostics[0]?.message ?? '', /x\/Fix-Bug\.md/);
  });
});

describe('renderNewPlan', () => {
  it('renders a valid draft with Goal, Context, Steps and Acceptance sections', () => {
    const text = renderNewPlan({ planId: 'add-login', gitSha: ZERO_SHA, title: 'Add a login page' });
    const plan = validatePlanText(text, { fileName: 'add-login.md' });
    assert.deepEqual(plan.diagnostics, []);
    assert.equal(plan.fields.status, 'draft');
    for (const section of ['# Add a login page', '## Goal', '## Context', '## Steps', '## Acceptance']) {
      assert.ok(text.includes(`\n${section}\n`), section);
    }
  });

  it('quotes values YAML readers would retype and honours CRLF', () => {
    const digits = '1234567890'.repeat(4);
    const text = renderNewPlan({
      planId: '2024',
      gitSha: digits,
      status: 'ready',
      createdBy: 'ada: lovelace',
      createdAt: '2025-01-02',
      eol: '\r\n',
    });
    assert.ok(text.includes(`git_sha: "${digits}"\r\n`));
    assert.ok(text.includes('created_at: "2025-01-02"\r\n'));
    assert.doesNotMatch(text, /[^\r]\n/);
    const plan = validatePlanText(text);
    assert.equal(plan.valid, true);
    assert.deepEqual([plan.fields.planId, plan.fields.gitSha, plan.fields.createdBy], ['2024', digits, 'ada: lovelace']);
    assert.equal(validatePlanText(renderNewPlan({ planId: 'abc', gitSha: SHA, status: 'coding' })).valid, true);
  });
});

describe('isSafePlain', () => {
  it('allows ids, statuses and hex shas, and refuses what YAML 1.1 or 1.2 would retype', () => {
    // Shas that start like a radix prefix but are not numbers (0b + hex letters, 0o…) stay plain.
    for (const ok of ['draft', SHA, 'add-login', 'v1.2-x', 'ENG-123', '0baba695d7ec7eb683847f3d1d22ef0518f475dd', '0b1ab', '0ea1']) assert.equal(isSafePlain(ok), true, ok);
    for (const bad of [ZERO_SHA, '123', '1e5', '1.2.3', '0x1f', '0b1010', '0o17', '017', '2025-01-02', 'yes', 'Off', 'null', '~', '', 'a b', '-x', 'a:b']) {
      assert.equal(isSafePlain(bad), false, bad);
    }
  });
});

describe('offset and position conversion', () => {
  it('round-trips offsets on CRLF text and clamps positions past a line end before the CR', () => {
    const text = 'ab\r\ncd\r\n\r\ne';
    const starts = computeLineStarts(text);
    for (const offset of [0, 1, 2, 4, 5, 8, 10]) assert.equal(offsetAt(text, starts, positionAt(starts, offset)), offset);
    assert.deepEqual(positionAt(starts, 10), { line: 3, character: 0 });
    assert.equal(offsetAt(text, starts, { line: 0, character: 99 }), 2);
    assert.equal(offsetAt(text, starts, { line: 9, character: 0 }), text.length);
  });
});
