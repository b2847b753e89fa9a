// The assistant's reads of the tenant's data, made as the caller: each one is a GraphQL request to the subgraph that
// owns the data (commerce, logistics, finance), with the caller's identity signed for that subgraph and that body,
// exactly as the gateway forwards it. The owning subgraph scopes and authorises the read, so a tool can see no more
// than the caller could through the gateway, and no other tenant's rows.
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../../../platform/identity';

export type PeerName = 'commerce' | 'logistics' | 'finance';

export interface PeerOptions {
  urls: Record<PeerName, string>;
  subgraphSecret: string;
  /** Lifetime of each signed identity (the gateway's SUBGRAPH_IDENTITY_TTL_MS). */
  identityTtlMs: number;
}

export class PeerError extends Error {}

/** A query to one owning subgraph as `identity`; GraphQL errors become a PeerError naming the first one. */
export async function queryPeer<T>(
  options: PeerOptions, identity: Identity, peer: PeerName, query: string, variables: Record<string, unknown>, signal?: AbortSignal,
): Promise<T> {
  const body = JSON.stringify({ query, variables });
  const response = await fetch(options.urls[peer], {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: signSubgraphIdentity(identity, options.subgraphSecret, { audience: peer, body, ttlMs: options.identityTtlMs }),
    },
    body,
    signal,
  });
  const result = (await response.json().catch(() => null)) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
  if (!result) throw new PeerError(`${peer} answered HTTP ${response.status} without a GraphQL result`);
  if (result.errors?.length) {
    const [first] = result.errors;
    throw new PeerError(`${peer}: ${first.extensions?.code ?? 'ERROR'}: ${first.message}`);
  }
  if (!result.data) throw new PeerError(`${peer} answered without data`);
  return result.data;
}
