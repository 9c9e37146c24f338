import { strict as assert } from 'node:assert';
import { activityOf, emptyFold, foldEventLines, UNTAGGED_USAGE_KEY } from '../../../src/core/fleet/runEvents';
import { queueViewOf } from '../../../src/core/fleet/queueView';
import { costText, sumUsage, tokensText, usageOf } from '../../../src/core/fleet/usage';
import type { QueueTask } from '../../../src/core/queue/types';

const line = (o: Record<string, unknown>): string => JSON.stringify({ attempt: 1, at: '2026-01-02T03:04:05.000Z', ...o });
const usage = (model: string | undefined, input: number, output: number, extra: Record<string, unknown> = {}): string =>
  line({ kind: 'usage', inputTokens: input, outputTokens: output, agent: 'codex', ...(model ? { model } : {}), ...extra });

const bucketsOf = (...lines: string[]) => {
  const fold = emptyFold();
  foldEventLines(fold, lines.join('\n'));
  return activityOf('20260102T030405.000Z', fold);
};

describe('fleet usage and cost (issue 13 item 4)', () => {
  const prices = { 'openai/gpt-5.2': { inputPerMtok: 1.25, outputPerMtok: 10 }, 'cheap/model': { inputPerMtok: 0.1, outputPerMtok: 0.4 } };

  it('sums usage per model, keeps the last event as one line and skips torn or foreign lines', () => {
    const a = bucketsOf(
      line({ kind: 'started' }),
      usage('openai/gpt-5.2', 1000, 200, { cachedInputTokens: 300 }),
      '{"kind":"usage","inputTok',
      'not json',
      usage('openai/gpt-5.2', 500, 100),
      line({ kind: 'command', command: 'npm   test', status: 'completed' }),
    );
    assert.equal(a.events, 4);
    assert.deepEqual(a.buckets, [{ key: 'openai/gpt-5.2', inputTokens: 1500, outputTokens: 300, cachedInputTokens: 300, reportedUsd: 0, unreportedTokens: 1800 }]);
    assert.deepEqual(a.lastEvent, { at: '2026-01-02T03:04:05.000Z', kind: 'command', text: '$ npm test — completed' });
  });

  it('a priced model costs tokens × price per million', () => {
    const u = usageOf(bucketsOf(usage('openai/gpt-5.2', 2_000_000, 100_000)).buckets, prices);
    assert.equal(u.costUsd, 2 * 1.25 + 0.1 * 10);
    assert.equal(u.unpricedTokens, 0);
    assert.equal(costText(u), '$3.50');
  });

  it('no price set: the cost is unknown, never zero, and the model is named', () => {
    const u = usageOf(bucketsOf(usage('other/model', 1000, 10)).buckets, {});
    assert.equal(u.costUsd, 0);
    assert.equal(u.unpricedTokens, 1010);
    assert.deepEqual(u.unpricedModels, ['other/model']);
    assert.equal(costText(u), 'unknown');
  });

  it('mixed models: the priced part is counted and the rest marked unknown', () => {
    const u = usageOf(bucketsOf(usage('cheap/model', 1_000_000, 1_000_000), usage('other/model', 5, 5), usage(undefined, 7, 0)).buckets, prices);
    assert.ok(Math.abs(u.costUsd - 0.5) < 1e-9);
    assert.deepEqual(u.unpricedModels, ['codex', 'other/model']);
    assert.equal(costText(u), '$0.50 + unknown');
    assert.equal(u.inputTokens, 1_000_012);
  });

  it('a run on the agent\'s default model is priced by the agent\'s name; an untagged line by nothing', () => {
    const u = usageOf(bucketsOf(usage(undefined, 1_000_000, 0)).buckets, { codex: { inputPerMtok: 3, outputPerMtok: 0 } });
    assert.equal(costText(u), '$3.00');
    const untagged = bucketsOf(line({ kind: 'usage', inputTokens: 4, outputTokens: 1 }));
    assert.equal(untagged.buckets[0]!.key, UNTAGGED_USAGE_KEY);
  });

  it('a cost the agent reported covers its events when no price is set; a price wins over it', () => {
    const a = bucketsOf(usage('claude-x', 100, 10, { costUsd: 0.25 }), usage('claude-x', 100, 10, { costUsd: 0.5 }));
    assert.equal(costText(usageOf(a.buckets, {})), '$0.75');
    assert.equal(costText(usageOf(a.buckets, { 'claude-x': { inputPerMtok: 1_000, outputPerMtok: 0 } })), '$0.20');
  });

  it('totals add tokens and costs and keep every unpriced model once', () => {
    const one = usageOf(bucketsOf(usage('openai/gpt-5.2', 1_000_000, 0), usage('x', 1, 1)).buckets, prices);
    const two = usageOf(bucketsOf(usage('x', 2, 2), usage('y', 3, 3)).buckets, prices);
    const total = sumUsage([one, two]);
    assert.equal(total.costUsd, 1.25);
    assert.equal(total.unpricedTokens, 12);
    assert.deepEqual(total.unpricedModels, ['x', 'y']);
    assert.equal(costText(sumUsage([])), '—');
    assert.deepEqual([tokensText(950), tokensText(12_345), tokensText(4_100_000)], ['950', '12k', '4.1M']);
  });

  it('a task row: its runs\' usage, blocked dependencies, duration of its latest claim', () => {
    const task = (planId: string, over: Partial<QueueTask>): QueueTask => ({ planId, priority: 2, seq: 1, addedAt: 1000, dependsOn: [], state: 'open', attempts: 0, maxAttempts: 3, history: [], ...over });
    const done = task('done-one', { state: 'done', attempts: 2, history: [
      { at: 1000, by: 'cli', from: null, to: 'open' }, { at: 2000, by: 'w1', from: 'open', to: 'claimed' }, { at: 3000, by: 'lease', from: 'claimed', to: 'open' },
      { at: 5000, by: 'w2', from: 'open', to: 'claimed' }, { at: 65_000, by: 'w2', from: 'claimed', to: 'done' },
    ] });
    const running = task('running-one', { state: 'claimed', attempts: 1, lease: { worker: 'w1@h:1', claimedAt: 90_000, expiresAt: 1e9 } });
    const blocked = task('blocked-one', { dependsOn: ['running-one', 'done-one'] });
    const activity = new Map([['done-one', [bucketsOf(usage('openai/gpt-5.2', 1_000_000, 0))]]]);
    const view = queueViewOf({ version: 1, tasks: [done, running, blocked], ready: [], blocked: [{ planId: 'blocked-one', waitsFor: [{ planId: 'running-one', state: 'claimed' }] }] }, 100_000, { activity, prices });
    const views = view.tasks;
    const total = view.usage;
    assert.deepEqual(views.map((v) => [v.planId, v.group, v.durationMs, v.worker, v.waitsFor?.map((w) => w.planId), costText(v.usage)]), [
      ['running-one', 'inProgress', 10_000, 'w1@h:1', undefined, '—'],
      ['blocked-one', 'blocked', undefined, undefined, ['running-one'], '—'],
      ['done-one', 'done', 60_000, undefined, undefined, '$1.25'],
    ]);
    assert.equal(views[2]!.runs.length, 1);
    assert.equal(costText(total), '$1.25');
  });
});
