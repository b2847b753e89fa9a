// How Anthropic failures become ProviderErrors, following providers/anthropic/README.md ("Errors", "Rate limits"):
// 429 rate_limit_error waits (retry-after, else the anthropic-ratelimit-*-reset of a spent window); 529
// overloaded_error and 500 api_error are the provider failing; 401/403 are the key's.
import Anthropic from '@anthropic-ai/sdk';
import type { ProviderFailure } from '../descriptor';
import { kindForStatus, retryAfterHeaderMs, type ProviderError, type ProviderErrorKind } from '../errors';
import { sdkError, type SdkErrorMapping } from '../sdk-errors';

/** The descriptor's and the client's one reading of a refusal (docs/adding-a-provider.md, step 3). */
export function anthropicErrorKind({ status, code }: ProviderFailure): ProviderErrorKind {
  // An error event in the middle of a stream (Messages API "Streaming": e.g. overloaded_error) has no HTTP status:
  // its type says what it is.
  if (!status) return code === 'rate_limit_error' ? 'rate_limited' : code === 'invalid_request_error' ? 'bad_request' : 'server';
  // 529 overloaded_error is Anthropic's own "the API is busy for everyone": a server failure, not a throttle.
  if (status === 529) return 'server';
  // 413 request_too_large is the request's fault.
  if (status === 413) return 'bad_request';
  return kindForStatus(status);
}

const ANTHROPIC_ERRORS: SdkErrorMapping = {
  provider: 'anthropic',
  display: 'Anthropic',
  classes: Anthropic,
  readRefusal(error) {
    const body = errorBody(error.error);
    const kind = anthropicErrorKind({ status: error.status, code: body.type });
    // A spend limit reached is a 429 too, but waiting does not heal it before next month: no retry hint.
    const spendLimit = body.errorCode === 'enforced_spend_limit_reached';
    return {
      kind,
      providerCode: spendLimit ? 'enforced_spend_limit_reached' : body.type,
      retryAfterMs: kind === 'rate_limited' && !spendLimit ? anthropicRetryAfterMs(error.headers as Headers | undefined) : undefined,
      providerMessage: body.message,
      accountSpent: spendLimit,
    };
  },
};

export function anthropicError(error: unknown, what: string, apiKey: string): ProviderError {
  return sdkError(ANTHROPIC_ERRORS, error, what, apiKey);
}

/** `{type: "error", error: {type, message, details?: {error_code}}, request_id}` (README "Errors"). */
function errorBody(body: unknown): { type?: string; message?: string; errorCode?: string } {
  const inner = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof inner !== 'object' || inner === null) return {};
  const { type, message, details } = inner as { type?: unknown; message?: unknown; details?: { error_code?: unknown } };
  return {
    type: typeof type === 'string' ? type : undefined,
    message: typeof message === 'string' ? message : undefined,
    errorCode: typeof details?.error_code === 'string' ? details.error_code : undefined,
  };
}

const WINDOWS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/**
 * retry-after (seconds, or an HTTP date), then the latest reset (RFC 3339) of the anthropic-ratelimit-* windows
 * whose remaining count is 0 (README "Rate limits").
 */
export function anthropicRetryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const fromHeader = retryAfterHeaderMs(headers, now);
  if (fromHeader !== undefined) return fromHeader;
  let latest: number | undefined;
  for (const window of WINDOWS) {
    if (headers?.get(`anthropic-ratelimit-${window}-remaining`) !== '0') continue;
    const at = Date.parse(headers.get(`anthropic-ratelimit-${window}-reset`) ?? '');
    if (!Number.isNaN(at)) latest = Math.max(latest ?? 0, at - now);
  }
  return latest === undefined ? undefined : Math.max(0, latest);
}
