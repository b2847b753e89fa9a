// KFTC Open Banking refusals (providers/openbanking/README.md "Response codes"): the HTTP status and the API's own
// `rsp_code` (A0000 success; O-codes are the OAuth gateway's, A-codes the API's) onto the key resolver's kinds.
import { ProviderError, type ProviderErrorKind } from '../errors';
import type { ProviderResponse } from '../http';

/** The gateway's codes for a token that is unknown, expired or revoked (README "Response codes", UNVERIFIED list). */
const TOKEN_CODES = new Set(['O0001', 'O0002', 'O0003']);
/** The user's registration is gone (README): only a new consent helps. */
export const CONSENT_CODES = new Set(['O0004']);

export function openbankingErrorKind(status: number, code?: string): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403 || (code && TOKEN_CODES.has(code))) return 'auth';
  if (status >= 500) return 'server';
  if (code === 'A0001' || code === 'A0002') return 'server';
  return 'bad_request';
}

export function openbankingError(response: ProviderResponse, what: string, secrets: string[] = []): ProviderError {
  const body = response.json as { rsp_code?: unknown; rsp_message?: unknown } | undefined;
  const code = typeof body?.rsp_code === 'string' ? body.rsp_code : undefined;
  const words = typeof body?.rsp_message === 'string' ? body.rsp_message : '';
  const message = `${what} failed: Open Banking answered ${response.status}${code ? ` ${code}` : ''}${words ? ` (${words})` : ''}`;
  const consent = code !== undefined && CONSENT_CODES.has(code);
  return new ProviderError({
    provider: 'openbanking',
    kind: openbankingErrorKind(response.status, code),
    status: response.status,
    providerCode: consent ? 'consent_required' : code,
    message,
    secrets,
    retryAfterMs: retryAfter(response),
  });
}

function retryAfter(response: ProviderResponse): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
