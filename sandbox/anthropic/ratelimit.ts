// The `anthropic-ratelimit-*` headers Anthropic sends on every response (providers/anthropic/README.md "Rate
// limits"): limit, remaining and reset (RFC 3339) per window, counted per key over one-minute windows of the
// sandbox clock; a 429 also carries `retry-after` in seconds.
import type { Reply } from '../http';
import type { SandboxState } from '../state';
import { anthropicStore } from './store';
import { anthropicError } from './errors';

export const REQUESTS_PER_MINUTE = 4_000;
export const INPUT_TOKENS_PER_MINUTE = 2_000_000;
export const OUTPUT_TOKENS_PER_MINUTE = 400_000;
const WINDOW_MS = 60_000;

function windowOf(state: SandboxState, key: string) {
  const now = state.clock.now();
  const windows = anthropicStore(state).windows;
  let window = windows.get(key);
  if (!window || now - window.start >= WINDOW_MS) {
    window = { start: now, requests: 0, inputTokens: 0, outputTokens: 0 };
    windows.set(key, window);
  }
  return window;
}

function headersOf(window: { start: number; requests: number; inputTokens: number; outputTokens: number }): Record<string, string> {
  const reset = new Date(window.start + WINDOW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entry = (name: string, limit: number, used: number) => ({
    [`anthropic-ratelimit-${name}-limit`]: String(limit),
    [`anthropic-ratelimit-${name}-remaining`]: String(Math.max(0, limit - used)),
    [`anthropic-ratelimit-${name}-reset`]: reset,
  });
  return {
    ...entry('requests', REQUESTS_PER_MINUTE, window.requests),
    ...entry('input-tokens', INPUT_TOKENS_PER_MINUTE, window.inputTokens),
    ...entry('output-tokens', OUTPUT_TOKENS_PER_MINUTE, window.outputTokens),
    ...entry('tokens', INPUT_TOKENS_PER_MINUTE + OUTPUT_TOKENS_PER_MINUTE, window.inputTokens + window.outputTokens),
  };
}

/** Counts this reply in the key's window and returns the headers describing what is left. */
export function rateLimitHeaders(state: SandboxState, key: string, reply: Reply): Record<string, string> {
  const window = windowOf(state, key);
  const usage = (reply.json as { usage?: { input_tokens?: number; output_tokens?: number } } | undefined)?.usage;
  window.requests += 1;
  window.inputTokens += usage?.input_tokens ?? 0;
  window.outputTokens += usage?.output_tokens ?? 0;
  return headersOf(window);
}

/** The window is spent: 429 rate_limit_error with `retry-after` and the spent window's headers. */
export function rateLimitReply(state: SandboxState, key: string, retryAfterSeconds = 1): Reply {
  const window = windowOf(state, key);
  const headers = {
    ...headersOf(window),
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-requests-reset': new Date(state.clock.now() + retryAfterSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'retry-after': String(retryAfterSeconds),
  };
  return anthropicError(429, 'rate_limit_error',
    `This request would exceed the rate limit for your organization of ${REQUESTS_PER_MINUTE} requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.`, headers);
}

/** Over the window's request limit before answering. */
export function overLimit(state: SandboxState, key: string): boolean {
  return windowOf(state, key).requests >= REQUESTS_PER_MINUTE;
}
