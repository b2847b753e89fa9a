// AfterShip Tracking API (versioned), providers/aftership/README.md "Rate limit": one budget per endpoint and API key
// (since 2024-07), counted in one-second windows of the sandbox clock, reported on every reply through
// `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (the unix second the window ends).
import type { Reply } from '../http';
import type { SandboxState } from '../state';
import { metaError } from './envelope';
import { afterShipStore } from './store';

export type Endpoint = 'POST /trackings' | 'GET /trackings' | '/trackings/:id';

export const RATE_LIMITS: Readonly<Record<Endpoint, number>> = {
  'POST /trackings': 20,
  'GET /trackings': 6,
  '/trackings/:id': 5, // GET, PUT and DELETE share it
};

/** Which budget a call draws on; undefined for paths outside the throttled endpoints. */
export function endpointOf(method: string, path: string): Endpoint | undefined {
  if (/^\/tracking\/[^/]+\/trackings\/?$/.test(path)) {
    if (method === 'POST') return 'POST /trackings';
    if (method === 'GET') return 'GET /trackings';
    return undefined;
  }
  return /^\/tracking\/[^/]+\/trackings\/[^/]+$/.test(path) ? '/trackings/:id' : undefined;
}

function window(state: SandboxState, key: string, endpoint: Endpoint) {
  const second = Math.floor(state.clock.now() / 1000);
  const windows = afterShipStore(state).windows;
  const id = `${key}|${endpoint}`;
  let current = windows.get(id);
  if (!current || current.second !== second) {
    current = { second, count: 0 };
    windows.set(id, current);
  }
  return current;
}

/** Counts the call; false when the key already spent this second's budget for the endpoint. */
export function takeCall(state: SandboxState, key: string, endpoint: Endpoint): boolean {
  const current = window(state, key, endpoint);
  if (current.count >= RATE_LIMITS[endpoint]) return false;
  current.count += 1;
  return true;
}

export function rateLimitHeaders(state: SandboxState, key: string, endpoint: Endpoint): Record<string, string> {
  const current = window(state, key, endpoint);
  return {
    'X-RateLimit-Limit': String(RATE_LIMITS[endpoint]),
    'X-RateLimit-Remaining': String(Math.max(0, RATE_LIMITS[endpoint] - current.count)),
    'X-RateLimit-Reset': String(current.second + 1),
  };
}

/** The 429 AfterShip answers, with its headers saying the budget is spent until the next second. */
export function tooManyRequests(state: SandboxState, endpoint: Endpoint): Reply {
  const reply = metaError(429, 429, 'TooManyRequests', `You have exceeded the API call rate limit of ${RATE_LIMITS[endpoint]} requests per second for this endpoint.`);
  const reset = Math.floor(state.clock.now() / 1000) + 1;
  return {
    ...reply,
    headers: { 'X-RateLimit-Limit': String(RATE_LIMITS[endpoint]), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) },
  };
}
