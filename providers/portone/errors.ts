// PortOne REST API V2, providers/portone/README.md ("Errors"): the SDK throws one error class per operation whose
// `data` is the documented body `{ type, message }`; the HTTP status is not exposed, so kinds are read from `type`.
import { PortOneError } from '@portone/server-sdk';
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';

/** The statuses Portone's OpenAPI documents for each error `type` (v2.openapi.yml, getPayment and cancelPayment). */
export const PORTONE_ERROR_STATUS: Readonly<Record<string, number>> = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYMENT_NOT_FOUND: 404,
  PAYMENT_NOT_PAID: 409,
  PAYMENT_ALREADY_CANCELLED: 409,
  CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: 409,
  CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT: 409,
  MAX_CANCEL_COUNT_REACHED: 409,
  PG_PROVIDER: 502,
  // Not in the OpenAPI (UNVERIFIED, README "Rate limit"): the sandbox's 429 body.
  TOO_MANY_REQUESTS: 429,
};

/** Retry-After is not readable through the SDK: a second, then the key resolver's own pacing. */
const RATE_LIMIT_BACKOFF_MS = 1000;

export function portoneKind(status: number, code: string | undefined): ProviderErrorKind {
  if (code === 'TOO_MANY_REQUESTS' || status === 429) return 'rate_limited';
  if (code === 'UNAUTHORIZED') return 'auth';
  if (code === 'PAYMENT_NOT_FOUND') return 'not_found';
  // FORBIDDEN is "요청이 거절된 경우": a refusal of this request (another store's payment), not of the key.
  if (code === 'FORBIDDEN') return 'bad_request';
  if (code === 'PG_PROVIDER') return 'server';
  return kindForStatus(status);
}

/** Any failure of an SDK call as a ProviderError; the secret never reaches the message. */
export function portoneError(error: unknown, what: string, secret: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof PortOneError && 'data' in error) {
    const data = (error as PortOneError & { data: { type?: unknown; message?: unknown } }).data;
    const code = typeof data?.type === 'string' ? data.type : undefined;
    const status = (code && PORTONE_ERROR_STATUS[code]) || 500;
    const kind = portoneKind(status, code);
    const message = typeof data?.message === 'string' ? ` (${data.message})` : '';
    return new ProviderError({
      provider: 'portone', kind, status, providerCode: code,
      retryAfterMs: kind === 'rate_limited' ? RATE_LIMIT_BACKOFF_MS : undefined,
      message: `${what} failed: PortOne answered ${code ?? 'an unknown error'}${message}`,
      secrets: [secret],
    });
  }
  // The SDK reads every error body as JSON: a body that is not JSON (a proxy's 502 page) is a server failure.
  if (error instanceof SyntaxError) {
    return new ProviderError({ provider: 'portone', kind: 'server', message: `${what} failed: PortOne answered a body that is not JSON`, secrets: [secret] });
  }
  return new ProviderError({
    provider: 'portone', kind: 'network', cause: error,
    message: `${what} failed: ${(error as Error)?.message ?? String(error)}`, secrets: [secret],
  });
}
