// How OpenAI failures become ProviderErrors, following providers/openai/README.md (OpenAI API):
// 429 is either a rate limit (wait) or insufficient_quota (do not retry: the key is spent).
import OpenAI from 'openai';
import { kindForStatus, retryAfterHeaderMs, type ProviderError } from '../errors';
import { sdkError, type SdkErrorMapping } from '../sdk-errors';

const OPENAI_ERRORS: SdkErrorMapping = {
  provider: 'openai',
  display: 'OpenAI',
  classes: OpenAI,
  readRefusal(error) {
    const code = typeof error.code === 'string' ? error.code : undefined;
    const kind = kindForStatus(error.status);
    const providerMessage = readableMessage(error);
    // insufficient_quota will not heal by waiting, so it carries no retry hint.
    const retryAfterMs = kind === 'rate_limited' && code !== 'insufficient_quota' ? openAIRetryAfterMs(error.headers as Headers | undefined, providerMessage) : undefined;
    return { kind, providerCode: code, retryAfterMs, providerMessage, accountSpent: code === 'insufficient_quota' };
  },
};

export function openAIError(error: unknown, what: string, apiKey: string): ProviderError {
  return sdkError(OPENAI_ERRORS, error, what, apiKey);
}

function readableMessage(error: { error?: unknown }): string | undefined {
  const body: unknown = error.error;
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}

/** retry-after-ms, then retry-after (seconds or an HTTP date), then the "Please try again in 1.5s." of the message. */
export function openAIRetryAfterMs(headers: Headers | undefined, message: string | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const fromHeader = retryAfterHeaderMs(headers, now);
  if (fromHeader !== undefined) return fromHeader;
  const match = /try again in ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(message ?? '');
  return match ? parseGoDurationMs(match[1]) : undefined;
}

/** OpenAI writes waits the Go way: "1.5s", "20ms", "6m0s", "1h2m3.5s". */
export function parseGoDurationMs(text: string): number | undefined {
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let matched = false;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(value) * unitMs[unit];
    matched = true;
  }
  return matched ? Math.round(total) : undefined;
}
