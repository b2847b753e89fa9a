// AfterShip Tracking API (versioned), providers/aftership/README.md "Error body" and "Rate limit": reads the
// `{"meta":{"code","message","type"},"data":{}}` envelope and the X-RateLimit-* headers into a ProviderError.
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';
import { secondsHeaderMs, type ProviderResponse } from '../http';
import type { AfterShipMeta } from './types';

/** One window of the per-second budget: the wait when the reset header is missing or unusable. */
export const RATE_WINDOW_MS = 1000;
/** A reset further away than this says more about clock skew than about AfterShip's one-second windows. */
const MAX_RESET_WAIT_MS = 60_000;

export function metaOf(response: ProviderResponse): AfterShipMeta | undefined {
  const meta = (response.json as { meta?: Partial<AfterShipMeta> } | undefined)?.meta;
  return meta && typeof meta.code === 'number' ? (meta as AfterShipMeta) : undefined;
}

/** Milliseconds until `X-RateLimit-Reset` (a unix second), else Retry-After, else one window. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number {
  const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset) && reset > 0) {
    const wait = reset * 1000 - now;
    if (wait > 0 && wait <= MAX_RESET_WAIT_MS) return wait;
  }
  return secondsHeaderMs(headers, 'retry-after') || RATE_WINDOW_MS;
}

export function afterShipKind(status: number, meta: Pick<AfterShipMeta, 'code' | 'type'> | undefined): ProviderErrorKind {
  if (status === 429 || meta?.type === 'TooManyRequests') return 'rate_limited';
  if (meta?.code === 4004) return 'not_found';
  if (status === 401 || meta?.type === 'Unauthorized') return 'auth';
  return kindForStatus(status);
}

export function afterShipError(response: ProviderResponse, what: string, secrets: ReadonlyArray<string>, now?: number): ProviderError {
  const meta = metaOf(response);
  const kind = afterShipKind(response.status, meta);
  const detail = meta ? ` meta ${meta.code}${meta.type ? ` ${meta.type}` : ''}${meta.message ? ` (${meta.message})` : ''}` : '';
  return new ProviderError({
    provider: 'aftership',
    kind,
    status: response.status,
    providerCode: meta ? String(meta.code) : undefined,
    retryAfterMs: kind === 'rate_limited' ? retryAfterMs(response.headers, now) : undefined,
    message: `${what} failed: AfterShip answered ${response.status}${detail}`,
    secrets,
  });
}
