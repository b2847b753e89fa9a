// How Cafe24 answers failures, following providers/cafe24/README.md (Cafe24 Admin API):
// Admin calls `{"error":{"code","message"}}`, OAuth calls `{"error":"invalid_grant","error_description"}`.
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';
import { secondsHeaderMs, type ProviderResponse } from '../http';

/**
 * OAuth refusals that mean "this grant or app is dead, reconnect": Cafe24 sends invalid_grant as a 400,
 * but retrying or fixing the request cannot help, so callers must see it as an auth failure.
 */
const OAUTH_AUTH_CODES = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied']);

/** The leaky bucket drains 2 calls per second. */
const BUCKET_DRAIN_MS_PER_CALL = 500;

export function cafe24ErrorKind(status: number, code: string | undefined): ProviderErrorKind {
  return code && OAUTH_AUTH_CODES.has(code) ? 'auth' : status === 422 ? 'bad_request' : kindForStatus(status);
}

export function cafe24Error(response: ProviderResponse, what: string, secrets: ReadonlyArray<string | undefined>): ProviderError {
  const { code, detail } = readErrorBody(response.json);
  const status = response.status;
  const kind = cafe24ErrorKind(status, code);
  return new ProviderError({
    provider: 'cafe24',
    kind,
    status,
    providerCode: code,
    retryAfterMs: kind === 'rate_limited' ? cafe24RetryAfterMs(response.headers) : undefined,
    message: `${what} failed: Cafe24 answered ${status}${code ? ` ${code}` : ''}${detail ? ` (${detail})` : ''}`,
    secrets,
  });
}

function readErrorBody(json: unknown): { code?: string; detail?: string } {
  const error = (json as { error?: unknown; error_description?: unknown } | undefined)?.error;
  if (typeof error === 'string') {
    const description = (json as { error_description?: unknown }).error_description;
    return { code: error, detail: typeof description === 'string' ? description : undefined };
  }
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: code === undefined || code === null ? undefined : String(code),
      detail: typeof message === 'string' ? message : undefined,
    };
  }
  return {};
}

/**
 * Cafe24 sends no Retry-After. When the usage-based limit is hit it says how many seconds remain
 * (X-Cafe24-Call-Remain / X-Cafe24-Time-Remain); otherwise the per-mall bucket is full and one call
 * drains every 500 ms, so wait for the calls we are over by (plus the one we want to make).
 */
export function cafe24RetryAfterMs(headers: Headers): number {
  const remain = [secondsHeaderMs(headers, 'x-cafe24-call-remain'), secondsHeaderMs(headers, 'x-cafe24-time-remain')]
    .filter((ms): ms is number => ms !== undefined && ms > 0);
  if (remain.length > 0) return Math.max(...remain);
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(headers.get('x-api-call-limit') ?? '');
  const over = match ? Number(match[1]) - Number(match[2]) : 0;
  return Math.max(1, over + 1) * BUCKET_DRAIN_MS_PER_CALL;
}
