// How the gateway calls a subgraph over HTTP: Apollo's data source, carrying the caller's identity bound to this
// subgraph, this request's body and a few seconds (subgraphs refuse anything else), and the request id that ties
// their log lines to the gateway's, over one pooled link per subgraph (gateway/subgraph-link.ts).
// The request goes out through undici's `request`, not its `fetch`: fetch wraps every answer in WHATWG streams
// and Headers, which the benchmark's profile showed as a third of the gateway's CPU (bench/federation-speed.ts).
// opsgraph's executor skips the data source's `process` (`fetchDirect`): that builds node-fetch Headers and a
// node-fetch `Request` per call only for its overridable hooks, and has the identity serialized into a header for
// the fetcher to read back. The answer is still read by the data source's own `parseBody` and `errorFromResponse`,
// so both paths fail with the same errors.
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import type { GatewayCacheHint, GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { IDENTITY_HEADER, type Identity } from '../platform/identity';
import { subgraphFetchesJoined } from '../platform/metrics';
import { SubgraphLink, type SubgraphLinkOptions } from './subgraph-link';

export type SubgraphSourceOptions = SubgraphLinkOptions;
type LinkContext = { identity?: Identity; requestId?: string };

/** Set by willSendRequest, consumed by the fetcher: the body hash is only known once Apollo has serialized the body. */
const UNSIGNED = 'x-opsgraph-unsigned-identity';

/** The fetcher Apollo's data source calls: signs the identity willSendRequest left unsigned, then sends. */
export function subgraphFetcher(options: SubgraphSourceOptions, link = new SubgraphLink(options)): Fetcher {
  return (async (url: string, init: { headers?: Record<string, string>; body?: string; method?: string }) => {
    const headers = { ...init.headers };
    const unsigned = headers[UNSIGNED];
    delete headers[UNSIGNED];
    if (unsigned) headers[IDENTITY_HEADER] = link.sign(JSON.parse(unsigned) as Identity, init.body ?? '');
    return link.send(url, { method: init.method, headers, body: init.body });
  }) as unknown as Fetcher;
}

export interface DirectFetchOptions {
  /**
   * Join an identical call (same body, same identity) another request already has in flight, and let later ones
   * join this one: for queries only (GATEWAY_SHARE_FETCHES). Each request parses the shared answer for itself.
   */
  share?: boolean;
}

/** A data source the executor may call without Apollo's `process` (the request body already serialized). */
export interface DirectSubgraphSource {
  fetchDirect(body: string, context: unknown, incoming: GatewayGraphQLRequestContext, options?: DirectFetchOptions): Promise<GatewayGraphQLResponse>;
}

/** A subgraph's answer as it arrived, not yet parsed: what requests sharing one call share. */
interface ReceivedAnswer {
  url: string;
  status: number;
  statusText: string;
  ok: boolean;
  headers: { get(name: string): string | null };
  body: string;
}

/** Who a call is made for: sharing never crosses tenants, users or roles. */
const identityKey = (identity: Identity | undefined) =>
  identity ? `${identity.tenant}\n${identity.sub}\n${identity.roles.join(',')}` : '';

export const isDirectSource = (source: unknown): source is DirectSubgraphSource =>
  typeof (source as Partial<DirectSubgraphSource>).fetchDirect === 'function';

export class SignedSubgraphSource extends RemoteGraphQLDataSource<LinkContext> implements DirectSubgraphSource {
  readonly link: SubgraphLink;
  /** Calls in flight that other requests may join, by identity, then by body; an entry leaves when it settles. */
  private readonly shared = new Map<string, Map<string, Promise<ReceivedAnswer>>>();
  /** How many calls joined one already in flight (tests, metrics). */
  joinedCalls = 0;

  constructor(options: SubgraphSourceOptions) {
    const link = new SubgraphLink(options);
    super({ url: options.url, fetcher: subgraphFetcher(options, link) });
    this.link = link;
  }

  override willSendRequest: RemoteGraphQLDataSource<LinkContext>['willSendRequest'] = ({ request, context }) => {
    // Typed again here: typescript-eslint reads this callback's context as `any`.
    const { identity, requestId } = context as LinkContext;
    if (!identity) return;
    const { sub, tenant, roles } = identity;
    request.http?.headers.set(UNSIGNED, JSON.stringify({ sub, tenant, roles }));
    if (requestId) request.http?.headers.set('x-request-id', requestId);
  };

  /**
   * What `process` does for a plain query (no APQ, no incoming headers to forward, no hooks overridden): the same
   * headers and body, the same answer checks, and the subgraph's Cache-Control restricting the request's policy.
   * With `share`, a call identical to one in flight for the same identity joins it instead of going out.
   */
  async fetchDirect(body: string, context: unknown, incoming: GatewayGraphQLRequestContext, options: DirectFetchOptions = {}): Promise<GatewayGraphQLResponse> {
    const received = options.share ? await this.receiveShared(body, context as LinkContext) : await this.receive(body, context as LinkContext);
    // Parsed per request: the executor merges into (mutates) what it is given.
    const answer = {
      ...received,
      json: () => Promise.resolve(JSON.parse(received.body) as unknown),
      text: () => Promise.resolve(received.body),
    } as unknown as FetcherResponse;
    if (!answer.ok) throw await this.errorFromResponse(answer);
    const parsed = await this.parseBody(answer);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    }
    const policy = this.honorSubgraphCacheControlHeader ? (incoming.overallCachePolicy as { restrict?(hint: GatewayCacheHint): void } | undefined) : undefined;
    if (policy?.restrict) policy.restrict(cacheHint(answer.headers.get('cache-control')));
    return parsed;
  }

  /** One call, its answer read to the end (the identity signed for this body, the first request's id). */
  private async receive(body: string, context: LinkContext | undefined): Promise<ReceivedAnswer> {
    const headers = this.link.identityHeaders({ 'content-type': 'application/json' }, body, context);
    const answer = await this.link.post(body, headers);
    const { url, status, statusText, ok, headers: answerHeaders } = answer;
    return { url, status, statusText, ok, headers: answerHeaders, body: await answer.text() };
  }

  private receiveShared(body: string, context: LinkContext | undefined): Promise<ReceivedAnswer> {
    const who = identityKey(context?.identity);
    let calls = this.shared.get(who);
    const inFlight = calls?.get(body);
    if (inFlight) {
      this.joinedCalls += 1;
      subgraphFetchesJoined.inc({ subgraph: this.link.name });
      return inFlight;
    }
    if (!calls) this.shared.set(who, (calls = new Map<string, Promise<ReceivedAnswer>>()));
    const byIdentity = calls;
    const call = this.receive(body, context).finally(() => {
      byIdentity.delete(body);
      if (byIdentity.size === 0 && this.shared.get(who) === byIdentity) this.shared.delete(who);
    });
    byIdentity.set(body, call);
    return call;
  }
}

/** RemoteGraphQLDataSource's reading of a subgraph's Cache-Control: no max-age means uncacheable. */
function cacheHint(header: string | null): GatewayCacheHint {
  const parsed = parseCacheControlHeader(header);
  const hint: GatewayCacheHint = { maxAge: 0 };
  const maxAge = parsed['max-age'];
  if (typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge)) hint.maxAge = +maxAge;
  if (parsed.private === true) hint.scope = 'PRIVATE';
  if (parsed.public === true) hint.scope = 'PUBLIC';
  return hint;
}

export function signedSubgraphSource(options: SubgraphSourceOptions): SignedSubgraphSource {
  return new SignedSubgraphSource(options);
}
