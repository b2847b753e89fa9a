// How the gateway calls a subgraph over HTTP: Apollo's data source, carrying the caller's identity signed with the
// subgraph secret (subgraphs refuse anything else) and the request id that ties their log lines to the gateway's.
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../platform/identity';

export function signedSubgraphSource(url: string, subgraphSecret: string) {
  return new RemoteGraphQLDataSource<{ identity?: Identity; requestId?: string }>({
    url,
    async willSendRequest({ request, context }) {
      if (!context.identity) return;
      request.http?.headers.set(IDENTITY_HEADER, await signSubgraphIdentity(context.identity, subgraphSecret));
      if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
    },
  });
}
