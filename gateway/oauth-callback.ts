// GET /oauth/<provider>/callback on the gateway's public port: where a provider sends the administrator's browser
// after consent (OAuth authorization code). The gateway holds no keys, so it forwards code and state to the owning
// subgraph's internal route (`/internal/oauth/<provider>/callback`), signed as it signs every subgraph request (a
// short-lived identity bound to the exact body), and shows the browser a small page: connected, or why not
// (escaped). Which providers and which subgraph come from the provider registry (gateway/provider-routes.ts).
import type { Route } from '../platform/http';
import type { Logger } from '../platform/logger';
import { IDENTITY_HEADER, signSubgraphIdentity } from '../platform/identity';
import type { SourceRate, SourceRateLimiter } from '../platform/source-limit';

const CALLBACK_IDENTITY = { sub: 'gateway:oauth-callback', tenant: 'gateway', roles: ['viewer' as const] };
const FORWARD_TIMEOUT_MS = 15_000;
const CONNECTED = 'The account is connected to opsgraph.';
/** A person consenting makes one call: only floods of forged callbacks are refused (OAUTH_CALLBACK_RATE_PER_SECOND, _BURST). */
export const DEFAULT_OAUTH_CALLBACK_RATE: SourceRate = { perSecond: 1, burst: 20 };

type Outcome = ({ status: 200 } & Record<string, unknown>) | { status: 400 | 502; reason: string };

export interface OAuthCallbackOptions {
  /** The receiving subgraph's URL (its /graphql or any path: only the origin is used). */
  subgraphUrl: string;
  /** The subgraph's name, the audience of the signed identity. */
  audience: string;
  /** Its internal route, e.g. /internal/oauth/<provider>/callback. */
  internalPath: string;
  /** The sentence shown once connected, from the subgraph's outcome. */
  connected?: (outcome: Readonly<Record<string, unknown>>) => string;
  subgraphSecret: string;
  logger: Logger;
  /** Callbacks per source IP (shared by every provider's callback); over it: 429 with Retry-After, nothing forwarded. */
  limiter?: SourceRateLimiter;
}

export function oauthCallbackRoute(options: OAuthCallbackOptions): Route {
  return async (req, res) => {
    if (req.method !== 'GET') return page(res, 405, 'Not connected', "This address only receives a provider's consent redirect.");
    const waitMs = options.limiter?.admit(req.socket.remoteAddress ?? 'unknown') ?? 0;
    if (waitMs > 0) {
      return page(res, 429, 'Not connected', 'Too many connection attempts from this address. Wait a moment, then start again from opsgraph.', {
        'retry-after': String(Math.ceil(waitMs / 1000)),
      });
    }
    const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
    const body = JSON.stringify({ state: (query.get('state') ?? '').slice(0, 200), code: query.get('code')?.slice(0, 500) ?? null, error: query.get('error')?.slice(0, 200) ?? null });
    let outcome: Outcome;
    try {
      const response = await fetch(new URL(options.internalPath, options.subgraphUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: signSubgraphIdentity(CALLBACK_IDENTITY, options.subgraphSecret, { audience: options.audience, body, ttlMs: FORWARD_TIMEOUT_MS }),
        },
        body,
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the ${options.audience} subgraph answered ${response.status}`);
      outcome = (await response.json()) as Outcome;
    } catch (error) {
      options.logger.error({ err: error, path: options.internalPath }, 'forwarding an OAuth callback to its subgraph failed');
      return page(res, 502, 'Not connected', 'opsgraph could not complete the connection just now. Start again from opsgraph.');
    }
    if (outcome.status === 200) {
      // The subgraph's own words when it has them (it knows the account), else the descriptor's or a generic one.
      if (typeof outcome.message === 'string') return page(res, 200, 'Connected', outcome.message);
      const sentence = options.connected ? options.connected(outcome) : CONNECTED;
      return page(res, 200, 'Connected', `${sentence} You can close this window.`);
    }
    return page(res, outcome.status === 400 ? 400 : 502, 'Not connected', outcome.reason);
  };
}

function page(res: Parameters<Route>[1], status: number, title: string, message: string, headers: Record<string, string> = {}): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · opsgraph</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // The page shows only text: nothing may run, load or frame it.
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    ...headers,
  });
  res.end(html);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
