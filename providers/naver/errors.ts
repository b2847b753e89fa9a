// How Naver answers failures, following providers/naver/README.md (Rate limit, Error body): gateway codes GW.* in
// `{code, message, timestamp, traceId}`, and a token bucket described by GNCP-GW-RateLimit-* headers.
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';
import type { ProviderResponse } from '../http';
import type { NaverErrorBody } from './types';

/** Naver sends no Retry-After; with no bucket headers either, a second is a safe wait. */
const FALLBACK_RETRY_MS = 1000;

export function naverErrorKind(status: number, code: string | undefined): ProviderErrorKind {
  if (code === 'GW.RATE_LIMIT' || code === 'GW.QUOTA_LIMIT') return 'rate_limited';
  if (code === 'GW.AUTHN' || code === 'GW.IP_NOT_ALLOWED') return 'auth';
  if (code?.startsWith('GW.TIMEOUT')) return 'timeout';
  if (code?.startsWith('GW.PROXY') || code?.startsWith('GW.BLOCK') || code === 'GW.INTERNAL_SERVER_ERROR') return 'server';
  return kindForStatus(status);
}

const headerNumber = (headers: Headers, name: string): number | undefined => {
  const raw = headers.get(name);
  const value = raw === null || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
};

/**
 * The wait until the bucket holds one token again: it refills at Replenish-Rate tokens per second, so from
 * Remaining r it takes (1 - r) / rate seconds (1000 / rate ms from empty). A spent per-second quota refills
 * within a second; a per-round quota's end is not told, so the fallback applies.
 */
export function naverRetryAfterMs(headers: Headers): number {
  if (headers.get('gncp-gw-quota-period')?.toUpperCase() === 'SECONDS' && headerNumber(headers, 'gncp-gw-quota-remaining') === 0) {
    return 1000;
  }
  const rate = headerNumber(headers, 'gncp-gw-ratelimit-replenish-rate');
  if (!rate) return FALLBACK_RETRY_MS;
  const remaining = headerNumber(headers, 'gncp-gw-ratelimit-remaining') ?? 0;
  return Math.ceil((Math.max(1, 1 - remaining) * 1000) / rate);
}

export function naverErrorCode(response: ProviderResponse): string | undefined {
  const code = (response.json as NaverErrorBody | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function naverError(response: ProviderResponse, what: string, secrets: ReadonlyArray<string | undefined>): ProviderError {
  const body = (response.json ?? {}) as NaverErrorBody;
  const code = naverErrorCode(response);
  const kind = naverErrorKind(response.status, code);
  const inputs = (body.invalidInputs ?? []).map((i) => i.name).filter(Boolean).join(', ');
  const traceId = body.traceId ?? response.headers.get('gncp-gw-trace-id') ?? undefined;
  return new ProviderError({
    provider: 'naver',
    kind,
    status: response.status,
    providerCode: code,
    retryAfterMs: kind === 'rate_limited' ? naverRetryAfterMs(response.headers) : undefined,
    // The trace id is what Naver's support asks for.
    message:
      `${what} failed: Naver answered ${response.status}${code ? ` ${code}` : ''}` +
      `${body.message ? ` (${body.message})` : ''}${inputs ? ` [invalid: ${inputs}]` : ''}${traceId ? ` trace ${traceId}` : ''}`,
    secrets,
  });
}
