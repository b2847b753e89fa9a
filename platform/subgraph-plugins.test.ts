// What every subgraph's Apollo Server runs per field. No subgraph sets cache hints (no @cacheControl, no
// setCacheHint) and the gateway does not cache answers, so Apollo's cache-control plugin, installed by default,
// only wrapped every resolver of every request (bench/own-workload.ts's profile of commerce: willResolveField and
// its wrapper, ~4.5%). It is off: a resolver sees no `info.cacheControl`, and answers carry no cache-control header.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLResolveInfo } from 'graphql';
import { IDENTITY_HEADER, signSubgraphIdentity } from './identity';
import { createLogger } from './logger';
import { startSubgraphServer, type RunningSubgraph } from './subgraph';

const SECRET = 'a-subgraph-secret-for-this-test-only-0123456789';
let subgraph: RunningSubgraph;

beforeAll(async () => {
  const schema = buildSubgraphSchema({
    typeDefs: parse('type Query { cacheControl: String }'),
    resolvers: { Query: { cacheControl: (_source: unknown, _args: unknown, _context: unknown, info: GraphQLResolveInfo & { cacheControl?: unknown }) => typeof info.cacheControl } },
  });
  subgraph = await startSubgraphServer({
    name: 'probe', schema, port: 0, host: '127.0.0.1', subgraphSecret: SECRET, logger: createLogger('probe', 'silent'), createContext: (base) => base,
  });
});

afterAll(async () => {
  await subgraph?.close();
});

it('resolves fields without the cache-control plugin', async () => {
  const body = JSON.stringify({ query: '{ cacheControl }' });
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: signSubgraphIdentity({ sub: 'someone', tenant: 'probe-tenant', roles: ['viewer'] }, SECRET, { audience: 'probe', body, ttlMs: 10_000 }),
    },
    body,
  });
  expect(await response.json()).toEqual({ data: { cacheControl: 'undefined' } });
  expect(response.headers.get('cache-control')).toBeNull();
});
