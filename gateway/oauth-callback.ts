// GET /oauth/cafe24/callback on the gateway's public port (providers/cafe24/README.md "Auth code"): where Cafe24
// sends the mall administrator's browser after consent. The gateway holds no keys, so it forwards code and state to
// the keys subgraph's internal route, signed as it signs every subgraph request (a short-lived identity bound to
// the exact body), and shows the browser a small page: connected, or why not (escaped).
import type { Route } from '../platform/http';
import type { Logger } from '../platform/logger';
import { IDENTITY_HEADER, signSubgraphIdentity } from '../platform/identity';

export const CAFE24_CALLBACK_ROUTE = '/oauth/cafe24/callback';
/** KFTC Open Banking's consent redirect (providers/openbanking/README.md "Authorize"), handed over the same way. */
export const OPENBANKING_CALLBACK_ROUTE = '/oauth/openbanking/callback';
// The keys subgraph's side of the hand-over (subgraphs/keys/cafe24-consent.ts, oauth-consent.ts): `/internal/oauth/<provider>/callback`.
const CALLBACK_IDENTITY = { sub: 'gateway:oauth-callback', tenant: 'gateway', roles: ['viewer' as const] };
const FORWARD_TIMEOUT_MS = 15_000;

type Outcome = { status: 200; mallId?: string; message?: string } | { status: 400 | 502; reason: string };
type CallbackOptions = { keysUrl: string; subgraphSecret: string; logger: Logger };

export function cafe24CallbackRoute(options: CallbackOptions): Route {
  return oauthCallbackRoute('cafe24', 'Cafe24', options);
}

export function openbankingCallbackRoute(options: CallbackOptions): Route {
  return oauthCallbackRoute('openbanking', 'Open Banking', options);
}

function oauthCallbackRoute(provider: string, label: string, options: CallbackOptions): Route {
  const KEYS_CALLBACK_PATH = `/internal/oauth/${provider}/callback`;
  return async (req, res) => {
    if (req.method !== 'GET') return page(res, 405, 'Not connected', `This address only receives ${label}'s redirect.`);
    const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
    const body = JSON.stringify({ state: (query.get('state') ?? '').slice(0, 200), code: query.get('code')?.slice(0, 500) ?? null, error: query.get('error')?.slice(0, 200) ?? null });
    let outcome: Outcome;
    try {
      const response = await fetch(new URL(KEYS_CALLBACK_PATH, options.keysUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: signSubgraphIdentity(CALLBACK_IDENTITY, options.subgraphSecret, { audience: 'keys', body, ttlMs: FORWARD_TIMEOUT_MS }),
        },
        body,
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the keys subgraph answered ${response.status}`);
      outcome = (await response.json()) as Outcome;
    } catch (error) {
      options.logger.error({ err: error, provider }, 'forwarding an OAuth callback to the keys subgraph failed');
      return page(res, 502, 'Not connected', 'opsgraph could not complete the connection just now. Start again from opsgraph.');
    }
    if (outcome.status === 200 && outcome.message) return page(res, 200, 'Connected', outcome.message);
    if (outcome.status === 200) return page(res, 200, 'Mall connected', `The Cafe24 mall ${outcome.mallId} is connected to opsgraph. You can close this window.`);
    return page(res, outcome.status === 400 ? 400 : 502, 'Not connected', outcome.reason);
  };
}

function page(res: Parameters<Route>[1], status: number, title: string, message: string): void {
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
  });
  res.end(html);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
