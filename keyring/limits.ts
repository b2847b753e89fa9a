// Each provider's real limits as defaults (providers.md; seed 003 §13), overridable per key.
// Rates are GCRA: `perSecond` sustained, bursts of up to `burst` calls.
import type { Provider } from './credentials';

export interface RateLimit { perSecond: number; burst: number }
export interface ProviderDefaults {
  rate: RateLimit | null;
  /** Per-operation rates, where the provider limits some APIs harder (Naver: order changes). */
  operations?: Record<string, RateLimit>;
  /** The daily quota a key has when it sets none (Sweet Tracker's free plan), or null: unlimited. */
  dailyQuota: number | null;
  /** LLM providers count tokens from each response's `usage`. */
  llm?: boolean;
}

export const PROVIDER_DEFAULTS: Record<Provider, ProviderDefaults> = {
  // 30 calls/s per API and application, 10/s for order changes; burst capacity is twice the rate.
  NAVER: { rate: { perSecond: 30, burst: 60 }, operations: { changeOrders: { perSecond: 10, burst: 20 } }, dailyQuota: null },
  // A leaky bucket of 40 calls per mall draining 2 per second.
  CAFE24: { rate: { perSecond: 2, burst: 40 }, dailyQuota: null },
  // About 10 calls/s per vendor, counted in any one second; going over blocks the vendor for minutes. Limits
  // counted per second window allow no burst on top of the rate (a burst b plus rate r admits b + r in a second).
  COUPANG: { rate: { perSecond: 10, burst: 1 }, dailyQuota: null },
  ELEVENST: { rate: { perSecond: 5, burst: 1 }, dailyQuota: null },
  // A plan of calls per day (100 on the free plan), no documented per-second limit.
  SWEETTRACKER: { rate: null, dailyQuota: 100 },
  // The strictest of AfterShip's per-endpoint limits (GET /trackings/:id, 5 rps), counted per second.
  AFTERSHIP: { rate: { perSecond: 5, burst: 1 }, dailyQuota: null },
  // No published numbers: conservative defaults below what the providers are known to accept.
  PORTONE: { rate: { perSecond: 10, burst: 10 }, dailyQuota: null },
  // Toss documents only its "consecutive requests" refusal: allow a dashboard page of lookups in one burst.
  TOSS: { rate: { perSecond: 30, burst: 60 }, dailyQuota: null },
  POPBILL: { rate: { perSecond: 10, burst: 10 }, dailyQuota: null },
  OPENBANKING: { rate: { perSecond: 5, burst: 5 }, dailyQuota: null },
  // Tier-1 request limits (500 RPM OpenAI, 50 RPM Anthropic); token windows are set per key.
  OPENAI: { rate: { perSecond: 500 / 60, burst: 20 }, dailyQuota: null, llm: true },
  ANTHROPIC: { rate: { perSecond: 50 / 60, burst: 5 }, dailyQuota: null, llm: true },
};

/**
 * Defaults run at 90% of the provider's published rate and 75% of its burst: the provider's clock and ours,
 * and the network and event loop between, never agree to the millisecond (calls granted apart can arrive
 * together), and a 429 costs more than the share given up.
 */
export const DEFAULT_RATE_SHARE = 0.9;
export const DEFAULT_BURST_SHARE = 0.75;

export function effectiveRate(
  provider: Provider,
  operation: string,
  key: { ratePerSecond: number | null; rateBurst: number | null },
): { intervalMs: number; burst: number } | null {
  const defaults = PROVIDER_DEFAULTS[provider];
  const base = defaults.operations?.[operation] ?? defaults.rate;
  const perSecond = key.ratePerSecond ?? (base ? base.perSecond * DEFAULT_RATE_SHARE : null);
  if (!perSecond) return null;
  const burst = key.rateBurst ?? (base ? Math.max(1, Math.floor(base.burst * DEFAULT_BURST_SHARE)) : 1);
  return { intervalMs: 1000 / perSecond, burst };
}
