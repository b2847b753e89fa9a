// How the gateway calls a subgraph over HTTP: Apollo's data source, carrying the caller's identity bound to this
// subgraph, this request's body and a few seconds (subgraphs refuse anything else), and the request id that ties
// their log lines to the gateway's. Its connections are pooled by undici with an idle timeout shorter than the
// subgraphs' keep-alive, and a request that dies on a pooled socket before any answer is sent once more.
// The request goes out through undici's `request`, not its `fetch`: fetch wraps every answer in WHATWG streams
// and Headers, which the benchmark's profile showed as a third of the gateway's CPU (bench/federation-speed.ts).
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { Agent, request as undiciRequest } from 'undici';
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../platform/identity';
import { subgraphFetchDuration } from '../platform/metrics';

export interface SubgraphSourceOptions {
  name: string;
  url: string;
  subgraphSecret: string;
  /** How long the identity sent with one request stays valid (default 10 s). */
  identityTtlMs?: number;
  /** How long a pooled connection may sit idle; below the subgraphs' keep-alive (SERVER_KEEPALIVE_MS). Default 5 s. */
  idleMs?: number;
}

/** Set by willSendRequest, consumed by the fetcher: the body hash is only known once Apollo has serialized the body. */
const UNSIGNED = 'x-opsgraph-unsigned-identity';

/**
 * The socket errors of a connection the server closed while it sat idle (or was closing it as we wrote): the
 * request never reached the subgraph's handler, so one more try on a fresh connection is safe.
 */
const STALE_SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);
const isStaleSocket = (error: unknown) => STALE_SOCKET_CODES.has(String((error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code));

export function subgraphFetcher(options: SubgraphSourceOptions): Fetcher {
  const idleMs = options.idleMs ?? 5000;
  // keepAliveMaxTimeout caps the server's own `Keep-Alive: timeout=` hint as well.
  const agent = new Agent({ keepAliveTimeout: idleMs, keepAliveMaxTimeout: idleMs, keepAliveTimeoutThreshold: 1000 });
  const ttlMs = options.identityTtlMs ?? 10_000;
  return (async (url: string, init: { headers?: Record<string, string>; body?: string; method?: string }) => {
    const headers = { ...init.headers };
    const unsigned = headers[UNSIGNED];
    delete headers[UNSIGNED];
    if (unsigned) {
      const identity = JSON.parse(unsigned) as Identity;
      headers[IDENTITY_HEADER] = signSubgraphIdentity(identity, options.subgraphSecret, { audience: options.name, body: init.body ?? '', ttlMs });
    }
    const send = () => lightFetch(url, { method: init.method, headers, body: init.body }, agent);
    const started = performance.now();
    const observe = (outcome: 'ok' | 'http_error' | 'network_error') =>
      subgraphFetchDuration.observe({ subgraph: options.name, outcome }, (performance.now() - started) / 1000);
    try {
      let response;
      try {
        response = await send();
      } catch (error) {
        if (!isStaleSocket(error)) throw error;
        response = await send();
      }
      observe(response.ok ? 'ok' : 'http_error');
      return response;
    } catch (error) {
      observe('network_error');
      throw error;
    }
  }) as unknown as Fetcher;
}

/** The part of a fetch Response that Apollo's data source reads (ok, status, headers.get, json, text), over undici's `request`. */
export async function lightFetch(url: string, init: { method?: string; headers: Record<string, string>; body?: string }, agent: Agent) {
  const answer = await undiciRequest(url, { method: (init.method ?? 'POST') as 'POST', headers: init.headers, body: init.body, dispatcher: agent });
  const status = answer.statusCode;
  return {
    url,
    status,
    statusText: '',
    ok: status >= 200 && status < 300,
    headers: {
      get(name: string): string | null {
        const value = answer.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    json: () => answer.body.json(),
    text: () => answer.body.text(),
  };
}

export function signedSubgraphSource(options: SubgraphSourceOptions) {
  return new RemoteGraphQLDataSource<{ identity?: Identity; requestId?: string }>({
    url: options.url,
    fetcher: subgraphFetcher(options),
    willSendRequest({ request, context }) {
      // Typed again here: typescript-eslint reads this callback's context as `any`.
      const { identity, requestId } = context as { identity?: Identity; requestId?: string };
      if (!identity) return;
      const { sub, tenant, roles } = identity;
      request.http?.headers.set(UNSIGNED, JSON.stringify({ sub, tenant, roles }));
      if (requestId) request.http?.headers.set('x-request-id', requestId);
    },
  });
}
