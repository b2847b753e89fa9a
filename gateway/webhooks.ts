// Provider webhooks on the gateway's public port: `POST /webhooks/<provider>?tenant=…` is relayed as it came (raw
// body, the headers the receiver reads, query) to the same path on the subgraph that owns them, which checks the
// signature and applies the event. Which providers, which subgraph and which headers come from the provider
// registry (gateway/provider-routes.ts). The gateway never parses or trusts the body: one signature check, in one place.
import type { IncomingMessage } from 'node:http';
import { FORWARDED_SOURCE_HEADER, signForwardedSource } from '../platform/forwarded-source';
import { sendJson, type Route } from '../platform/http';
import type { Logger } from '../platform/logger';

/** Relayed for every provider; the descriptor adds its own (signature, id, timestamp). Nothing else (cookies, authorization). */
const ALWAYS_RELAYED = ['content-type', 'user-agent'];
/** The receiver's headers the sender needs (providers back off on retry-after). */
const RETURNED_HEADERS = ['content-type', 'retry-after', 'allow'];
const RELAY_TIMEOUT_MS = 10_000;

export interface WebhookRelayOptions {
  /** The subgraph route's URL without a query, e.g. http://127.0.0.1:4002/webhooks/<provider>. */
  target: string;
  /** The headers the receiver reads, besides content-type and user-agent (lower case). */
  headers: readonly string[];
  subgraphSecret: string;
  logger: Logger;
}

const firstHeader = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function webhookRelayRoute(options: WebhookRelayOptions): Route {
  const relayed = [...new Set([...ALWAYS_RELAYED, ...options.headers.map((name) => name.toLowerCase())])];
  return async (req, res, body) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'webhooks are POSTed' }, { allow: 'POST' });
    const query = new URL(req.url ?? '/', 'http://localhost').search;
    const headers: Record<string, string> = {};
    for (const name of relayed) {
      const value = firstHeader(req, name);
      if (value !== undefined) headers[name] = value;
    }
    headers[FORWARDED_SOURCE_HEADER] = signForwardedSource(req.socket.remoteAddress ?? 'unknown', body, options.subgraphSecret);
    let answer: Response;
    try {
      answer = await fetch(`${options.target}${query}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(RELAY_TIMEOUT_MS) });
    } catch (error) {
      options.logger.warn({ target: options.target, error: (error as Error).message }, 'webhook relay failed');
      // A 5xx makes the provider retry later, which is what a receiver that cannot be reached needs.
      return sendJson(res, 502, { error: 'the webhook receiver is unavailable; retry later' });
    }
    const payload = Buffer.from(await answer.arrayBuffer());
    const returned: Record<string, string> = {};
    for (const name of RETURNED_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) returned[name] = value;
    }
    res.writeHead(answer.status, returned);
    res.end(payload);
  };
}

/** The relay target of a subgraph route: the subgraph's origin and the route's path. */
export function subgraphRouteUrl(subgraphs: ReadonlyArray<{ name: string; url: string }>, name: string, path: string): string | null {
  const subgraph = subgraphs.find((s) => s.name === name);
  return subgraph ? new URL(path, subgraph.url).toString() : null;
}
