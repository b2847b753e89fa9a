// Cafe24 throttles each mall with a leaky bucket (providers/cafe24/README.md "Rate limit"): 40 calls deep,
// draining 2 calls per second of sandbox clock, so tests can drain it by advancing the clock.
import type { SandboxState } from '../state';
import { cafe24Store } from './store';

export const BUCKET_CAPACITY = 40;
const DRAIN_PER_MS = 2 / 1000;

function drained(state: SandboxState, mallId: string): { level: number; at: number } {
  const now = state.clock.now();
  const bucket = cafe24Store(state).buckets.get(mallId) ?? { level: 0, at: now };
  const level = Math.max(0, bucket.level - (now - bucket.at) * DRAIN_PER_MS);
  const next = { level, at: now };
  cafe24Store(state).buckets.set(mallId, next);
  return next;
}

/** Pours one call into the mall's bucket; false when it would overflow (the call is refused). */
export function pourCall(state: SandboxState, mallId: string): boolean {
  const bucket = drained(state, mallId);
  if (bucket.level + 1 > BUCKET_CAPACITY) return false;
  bucket.level += 1;
  return true;
}

/** The `X-Api-Call-Limit` value: calls currently in the bucket / capacity. */
export function callLimitHeader(state: SandboxState, mallId: string): string {
  return `${Math.ceil(drained(state, mallId).level - 1e-9)}/${BUCKET_CAPACITY}`;
}
