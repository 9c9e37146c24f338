import type { ModelPrice } from '../config/types';
import type { UsageBucket } from './runEvents';

/**
 * Token usage and its cost, per task and in total (issue 13 item 4). A bucket's cost comes from `[prices."<key>"]` when
 * the table prices its model; else from what the agent reported, when it reported a cost for every event; else it is
 * unknown. Unknown is never counted as zero: a total with an unpriced part says so (`$1.20 + unknown`). Pure.
 */
export interface UsageView {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  /** Dollars of the priced part. */
  readonly costUsd: number;
  /** Tokens no price and no agent report covers; 0 means costUsd is the whole cost. */
  readonly unpricedTokens: number;
  /** The models (price-table keys) of those tokens, sorted: what `[prices]` is missing. */
  readonly unpricedModels: readonly string[];
}

export const EMPTY_USAGE: UsageView = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, unpricedTokens: 0, unpricedModels: [] };

export type PriceTable = Readonly<Record<string, ModelPrice>>;

export function usageOf(buckets: readonly UsageBucket[], prices: PriceTable): UsageView {
  let inputTokens = 0;
  let outputTokens = 0;
  let cachedInputTokens = 0;
  let costUsd = 0;
  let unpricedTokens = 0;
  const unpriced = new Set<string>();
  for (const b of buckets) {
    inputTokens += b.inputTokens;
    outputTokens += b.outputTokens;
    cachedInputTokens += b.cachedInputTokens;
    const price = Object.prototype.hasOwnProperty.call(prices, b.key) ? prices[b.key] : undefined;
    if (price) costUsd += (b.inputTokens * price.inputPerMtok + b.outputTokens * price.outputPerMtok) / 1_000_000;
    else {
      costUsd += b.reportedUsd;
      if (b.unreportedTokens > 0) {
        unpricedTokens += b.unreportedTokens;
        unpriced.add(b.key);
      }
    }
  }
  return { inputTokens, outputTokens, cachedInputTokens, costUsd, unpricedTokens, unpricedModels: [...unpriced].sort() };
}

export function sumUsage(views: readonly UsageView[]): UsageView {
  const models = new Set<string>();
  let acc = { ...EMPTY_USAGE };
  for (const v of views) {
    acc = {
      inputTokens: acc.inputTokens + v.inputTokens,
      outputTokens: acc.outputTokens + v.outputTokens,
      cachedInputTokens: acc.cachedInputTokens + v.cachedInputTokens,
      costUsd: acc.costUsd + v.costUsd,
      unpricedTokens: acc.unpricedTokens + v.unpricedTokens,
      unpricedModels: [],
    };
    for (const m of v.unpricedModels) models.add(m);
  }
  return { ...acc, unpricedModels: [...models].sort() };
}

/** `$0.42`, `unknown` (nothing priced), `$1.20 + unknown` (part priced); `—` when there was no usage at all. */
export function costText(u: UsageView): string {
  if (u.inputTokens + u.outputTokens === 0 && u.costUsd === 0) return '—';
  const dollars = `$${u.costUsd < 10 ? u.costUsd.toFixed(2) : u.costUsd.toFixed(0)}`;
  if (u.unpricedTokens === 0) return dollars;
  return u.costUsd > 0 ? `${dollars} + unknown` : 'unknown';
}

/** `950`, `12.3k`, `4.1M`. */
export function tokensText(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
