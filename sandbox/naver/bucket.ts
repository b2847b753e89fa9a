// Naver Commerce API, providers/naver/README.md (Rate limit): a token bucket per API × application, refilled on the
// sandbox clock so tests can drain and refill it without sleeping.
import type { SandboxState } from '../state';
import { naverState } from './store';

export interface BucketLimit {
  /** Tokens added per second (GNCP-GW-RateLimit-Replenish-Rate). */
  rate: number;
  /** Bucket size (GNCP-GW-RateLimit-Burst-Capacity): Naver documents it as twice the rate. */
  burst: number;
}

/** Per-API defaults: reads are allowed more often than order changes (UNVERIFIED figures, configurable here). */
export const QUERY_LIMIT: BucketLimit = { rate: 30, burst: 60 };
export const CHANGE_LIMIT: BucketLimit = { rate: 10, burst: 20 };

export interface BucketTake {
  allowed: boolean;
  headers: Record<string, string>;
}

export function rateLimitHeaders(limit: BucketLimit, remaining: number): Record<string, string> {
  return {
    'GNCP-GW-RateLimit-Replenish-Rate': String(limit.rate),
    'GNCP-GW-RateLimit-Burst-Capacity': String(limit.burst),
    'GNCP-GW-RateLimit-Remaining': String(Math.max(0, Math.floor(remaining + 1e-9))),
  };
}

/** Takes one token from the bucket of `key`; a refused call takes nothing. */
export function takeToken(state: SandboxState, key: string, limit: BucketLimit): BucketTake {
  const buckets = naverState(state).buckets;
  const now = state.clock.now();
  const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now };
  const tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) * limit.rate) / 1000);
  const allowed = tokens >= 1 - 1e-9;
  const left = allowed ? tokens - 1 : tokens;
  buckets.set(key, { tokens: left, at: now });
  return { allowed, headers: rateLimitHeaders(limit, left) };
}
