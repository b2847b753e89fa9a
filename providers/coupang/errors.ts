// Coupang WING Open API, providers/coupang/README.md (Rate limit, Error body): Coupang's replies as ProviderErrors.
// Gateway errors are `{code:"ERROR",message}`, business errors `{code:<status>,message}`, the throttle a bare 429.
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';
import type { ProviderResponse } from '../http';

/**
 * Coupang sends no Retry-After and unblocks a throttled vendor only after minutes, so a minute is the
 * least a caller should wait before trying this vendor again.
 */
export const COUPANG_THROTTLE_BACKOFF_MS = 60_000;

function bodyMessage(response: ProviderResponse): string | undefined {
  const message = (response.json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Akamai's edge answers bursts of failing calls with a 403 "Access Denied" page: a block, not a bad key. */
function isEdgeBlock(response: ProviderResponse): boolean {
  return response.status === 403 && /Access Denied/i.test(response.text);
}

function coupangKind(response: ProviderResponse): ProviderErrorKind {
  if (isEdgeBlock(response)) return 'rate_limited';
  return coupangErrorKind(response.status, bodyMessage(response));
}

export function coupangErrorKind(status: number, message: string | undefined): ProviderErrorKind {
  // A 400 that names no such box is Coupang's "not found" for lookups.
  if (status === 400 && /not found|존재하지/i.test(message ?? '')) return 'not_found';
  return kindForStatus(status);
}

export function coupangError(response: ProviderResponse, what: string, secrets: string[]): ProviderError {
  const kind = coupangKind(response);
  const code = (response.json as { code?: unknown } | undefined)?.code;
  const message = bodyMessage(response) ?? (response.text.length > 0 && response.text.length < 200 ? response.text : undefined);
  return new ProviderError({
    provider: 'coupang',
    kind,
    status: response.status,
    providerCode: code === undefined ? undefined : String(code),
    retryAfterMs: kind === 'rate_limited' ? COUPANG_THROTTLE_BACKOFF_MS : undefined,
    message: `${what} failed: Coupang answered ${response.status}${message ? ` (${message})` : ''}`,
    secrets,
  });
}
