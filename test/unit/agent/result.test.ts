import assert from 'node:assert/strict';
import { CodingResultSchema, summarizeIssues } from '../../../src/core/agent/result';
import { validResult } from './streams';

describe('coding result schema', () => {
  it('accepts a complete result with feedback', () => {
    const parsed = CodingResultSchema.parse(validResult());
    assert.equal(parsed.step_results[0]!.status, 'COMPLETED');
    assert.equal(parsed.feedback.plan_alignment.verdict, 'aligned');
  });

  it('accepts null commit message and finding file', () => {
    const r = validResult();
    const ok = CodingResultSchema.safeParse({ ...r, commit_message: null, feedback: { ...r.feedback, review_findings: [{ severity: 'info', file: null, message: 'general' }] } });
    assert.equal(ok.success, true);
  });

  it('rejects an unknown step status and names the path', () => {
    const r = validResult();
    const bad = CodingResultSchema.safeParse({ ...r, step_results: [{ ...r.step_results[0]!, status: 'DONE' }] });
    assert.equal(bad.success, false);
    assert.match(summarizeIssues(bad.error!).join('\n'), /^step_results\.0\.status: /m);
  });

  it('rejects a missing feedback section and an empty implementation summary', () => {
    const { feedback: _f, ...rest } = validResult();
    const bad = CodingResultSchema.safeParse({ ...rest, implementation_summary: '' });
    assert.equal(bad.success, false);
    const lines = summarizeIssues(bad.error!);
    assert.ok(lines.some((l) => l.startsWith('feedback:')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('implementation_summary:')), lines.join('\n'));
  });

  it('rejects a finding with an unknown severity', () => {
    const r = validResult();
    const bad = CodingResultSchema.safeParse({ ...r, feedback: { ...r.feedback, review_findings: [{ severity: 'blocker', file: null, message: 'x' }] } });
    assert.equal(bad.success, false);
  });

  it('summarises at most the given number of issues and says how many more', () => {
    const bad = CodingResultSchema.safeParse({});
    assert.equal(bad.success, false);
    const lines = summarizeIssues(bad.error!, 2);
    assert.equal(lines.length, 3);
    assert.match(lines[2]!, /^…and \d+ more$/);
  });
});
