// The `x-ratelimit-*` headers OpenAI puts on every response (providers/openai/README.md "Rate limit"), counted per key
// over one-minute windows of the sandbox clock so a client's budget logic sees numbers that move.
import type { Reply } from '../http';
import type { SandboxState } from '../state';
import { openaiStore } from './store';

export const REQUESTS_PER_MINUTE = 5_000;
export const TOKENS_PER_MINUTE = 4_000_000;
const WINDOW_MS = 60_000;

/** Go-style durations as OpenAI writes them: "12ms", "1.5s", "6m0s". */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.round(ms) / 1000;
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${Math.round((seconds % 60) * 1000) / 1000}s`;
}

/** Counts this reply in the key's window and returns the headers describing what is left. */
export function rateLimitHeaders(state: SandboxState, key: string, reply: Reply): Record<string, string> {
  const now = state.clock.now();
  let window = openaiStore(state).windows.get(key);
  if (!window || now - window.start >= WINDOW_MS) {
    window = { start: now, requests: 0, tokens: 0 };
    openaiStore(state).windows.set(key, window);
  }
  const usage = (reply.json as { usage?: { total_tokens?: number } } | undefined)?.usage;
  window.requests += 1;
  window.tokens += usage?.total_tokens ?? 0;
  const resetIn = goDuration(window.start + WINDOW_MS - now);
  return {
    'x-ratelimit-limit-requests': String(REQUESTS_PER_MINUTE),
    'x-ratelimit-limit-tokens': String(TOKENS_PER_MINUTE),
    'x-ratelimit-remaining-requests': String(Math.max(0, REQUESTS_PER_MINUTE - window.requests)),
    'x-ratelimit-remaining-tokens': String(Math.max(0, TOKENS_PER_MINUTE - window.tokens)),
    'x-ratelimit-reset-requests': resetIn,
    'x-ratelimit-reset-tokens': resetIn,
  };
}
