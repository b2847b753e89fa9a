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

/** A data source the executor may call without Apollo's `process` (the request body already serialized). */
export interface DirectSubgraphSource {
  fetchDirect(body: string, context: unknown, incoming: GatewayGraphQLRequestContext): Promise<GatewayGraphQLResponse>;
}

export const isDirectSource = (source: unknown): source is DirectSubgraphSource =>
  typeof (source as Partial<DirectSubgraphSource>).fetchDirect === 'function';

export class SignedSubgraphSource extends RemoteGraphQLDataSource<LinkContext> implements DirectSubgraphSource {
  readonly link: SubgraphLink;

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
   */
  async fetchDirect(body: string, context: unknown, incoming: GatewayGraphQLRequestContext): Promise<GatewayGraphQLResponse> {
    const headers = this.link.identityHeaders({ 'content-type': 'application/json' }, body, context as LinkContext);
    const answer = (await this.link.post(body, headers)) as unknown as FetcherResponse;
    if (!answer.ok) throw await this.errorFromResponse(answer);
    const parsed = await this.parseBody(answer);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    }
    const policy = this.honorSubgraphCacheControlHeader ? (incoming.overallCachePolicy as { restrict?(hint: GatewayCacheHint): void } | undefined) : undefined;
    if (policy?.restrict) policy.restrict(cacheHint(answer.headers.get('cache-control')));
    return parsed;
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
