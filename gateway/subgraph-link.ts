// One subgraph's HTTP link, shared by both ways the gateway calls it: Apollo's RemoteGraphQLDataSource (the stock
// executor, subscription events) through a fetcher, and opsgraph's executor directly (gateway/subgraph-source.ts).
// Both go through the same keep-alive pool, the same identity signing, the same retry of a request that died on a
// stale pooled socket and the same fetch-duration metric, so the two paths differ only in what Apollo builds around
// the call. Connections idle out before the subgraphs' keep-alive (SERVER_KEEPALIVE_MS) closes them.
import { Agent, Pool, type Dispatcher } from 'undici';
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../platform/identity';
import { subgraphFetchDuration } from '../platform/metrics';

export interface SubgraphLinkOptions {
  name: string;
  url: string;
  subgraphSecret: string;
  /** How long the identity sent with one request stays valid (default 10 s). */
  identityTtlMs?: number;
  /** How long a pooled connection may sit idle; below the subgraphs' keep-alive (SERVER_KEEPALIVE_MS). Default 5 s. */
  idleMs?: number;
}

/** The part of a fetch Response that Apollo's data source reads (ok, status, headers.get, json, text). */
export interface SubgraphAnswer {
  url: string;
  status: number;
  statusText: string;
  ok: boolean;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/**
 * The socket errors of a connection the server closed while it sat idle (or was closing it as we wrote): the
 * request never reached the subgraph's handler, so one more try on a fresh connection is safe.
 */
const STALE_SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);
const isStaleSocket = (error: unknown) => STALE_SOCKET_CODES.has(String((error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code));

export class SubgraphLink {
  readonly name: string;
  readonly url: string;
  /** Any URL (tests hand the fetcher others); the subgraph's own origin is served by `pool`. */
  readonly agent: Agent;
  private readonly pool: Pool;
  private readonly origin: string;
  /** The subgraph URL's path and query, as undici wants them next to a pool. */
  private readonly path: string;
  private readonly secret: string;
  private readonly ttlMs: number;

  constructor(options: SubgraphLinkOptions) {
    this.name = options.name;
    this.url = options.url;
    this.secret = options.subgraphSecret;
    this.ttlMs = options.identityTtlMs ?? 10_000;
    const idleMs = options.idleMs ?? 5000;
    // keepAliveMaxTimeout caps the server's own `Keep-Alive: timeout=` hint as well.
    const poolOptions = { keepAliveTimeout: idleMs, keepAliveMaxTimeout: idleMs, keepAliveTimeoutThreshold: 1000 };
    const parsed = URL.canParse(options.url) ? new URL(options.url) : undefined;
    this.origin = parsed?.origin ?? '';
    this.path = parsed ? `${parsed.pathname}${parsed.search}` : '/';
    this.pool = new Pool(parsed?.origin ?? 'http://localhost', poolOptions);
    this.agent = new Agent({ ...poolOptions, factory: (origin, opts) => (String(origin) === this.origin ? this.pool : new Pool(origin, opts)) });
  }

  /** The identity header for one call: bound to this subgraph, this exact body and a few seconds. */
  sign(identity: Identity, body: string): string {
    return signSubgraphIdentity(identity, this.secret, { audience: this.name, body, ttlMs: this.ttlMs });
  }

  /** The headers opsgraph adds to a call: the signed identity and the request id that ties the logs together. */
  identityHeaders(headers: Record<string, string>, body: string, context: { identity?: Identity; requestId?: string } | undefined) {
    const identity = context?.identity;
    if (!identity) return headers;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    headers[IDENTITY_HEADER] = this.sign({ sub: identity.sub, tenant: identity.tenant, roles: identity.roles }, body);
    return headers;
  }

  /** POSTs to the subgraph's own URL through its pool. */
  post(body: string, headers: Record<string, string>): Promise<SubgraphAnswer> {
    return this.timed(() => this.pool.request({ method: 'POST', path: this.path, headers, body }), this.url);
  }

  /** Sends to any URL (as Apollo's fetcher is asked to); the subgraph's own origin still goes through its pool. */
  send(url: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<SubgraphAnswer> {
    const { origin, pathname, search } = new URL(url);
    const request = { origin, path: `${pathname}${search}`, method: (init.method ?? 'POST') as Dispatcher.HttpMethod, headers: init.headers, body: init.body };
    return this.timed(() => this.agent.request(request), url);
  }

  /** One more try when a pooled socket turns out stale; the duration by outcome goes to the metrics. */
  private async timed(call: () => Promise<Dispatcher.ResponseData>, url: string): Promise<SubgraphAnswer> {
    const started = performance.now();
    const observe = (outcome: 'ok' | 'http_error' | 'network_error') =>
      subgraphFetchDuration.observe({ subgraph: this.name, outcome }, (performance.now() - started) / 1000);
    try {
      let response;
      try {
        response = await call();
      } catch (error) {
        if (!isStaleSocket(error)) throw error;
        response = await call();
      }
      const answer = asAnswer(url, response);
      observe(answer.ok ? 'ok' : 'http_error');
      return answer;
    } catch (error) {
      observe('network_error');
      throw error;
    }
  }

  /** Closes the pool, whether or not the agent ever handed it out, and whatever else the agent opened. */
  async close(): Promise<void> {
    await Promise.all([this.agent.close(), this.pool.close()]);
  }
}

function asAnswer(url: string, response: Dispatcher.ResponseData): SubgraphAnswer {
  const status = response.statusCode;
  return {
    url,
    status,
    // undici's `request` does not report the reason phrase; both paths say '' alike.
    statusText: '',
    ok: status >= 200 && status < 300,
    headers: {
      get(name: string): string | null {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    json: () => response.body.json(),
    text: () => response.body.text(),
  };
}
