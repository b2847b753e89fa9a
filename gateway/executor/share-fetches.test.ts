// GATEWAY_SHARE_FETCHES (issue 13): a query's subgraph call identical to one another request of the same identity
// has in flight joins it; each request still gets its own answer. The fake subgraph holds its answers until the test
// has seen every request either join or arrive, so the requests really overlap (no sleeps).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { composeSupergraph } from '../compose';
import { SignedSubgraphSource } from '../subgraph-source';
import { IDENTITY_HEADER, verifySubgraphIdentity, type Identity } from '../../platform/identity';
import { withOpsgraphExecutor } from './index';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const SECRET = 's'.repeat(32);
const alice: Identity = { sub: 'alice', tenant: 'tenant-1', roles: ['viewer'] };

/** Requests the subgraph holds, each answered when the test releases them. */
const held: Array<{ body: string; identity: Identity; respond(status: number, body: string): void }> = [];

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Answers each held request as the subgraph would: a thing named after the caller, or a bump's count. */
function releaseAll(status = 200) {
  for (const request of held.splice(0)) {
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: { id: string } };
    const data = query.includes('bump') ? { bump: 1 } : { thing: { id: variables.id, name: `${variables.id} for ${request.identity.sub}@${request.identity.tenant}` } };
    request.respond(status, status === 200 ? JSON.stringify({ data }) : '{"errors":[{"message":"down"}]}');
  }
}

let subgraph: http.Server;
const sources: SignedSubgraphSource[] = [];
const servers: ApolloServer[] = [];

async function gateway(shareFetches: boolean): Promise<ApolloServer> {
  const url = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
  const supergraphSdl = composeSupergraph([
    { name: 'main', sdl: `${LINK} type Query { thing(id: ID!): Thing } type Mutation { bump: Int } type Thing { id: ID! name: String }`, url },
  ]);
  const apollo = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url: at }) => {
      const source = new SignedSubgraphSource({ name, url: at!, subgraphSecret: SECRET });
      sources.push(source);
      return source;
    },
  });
  const server = new ApolloServer({ gateway: withOpsgraphExecutor(apollo, { cacheSize: 10, shareFetches }) });
  await server.start();
  servers.push(server);
  return server;
}

let sharing: ApolloServer;
let notSharing: ApolloServer;

beforeAll(async () => {
  subgraph = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const identity = verifySubgraphIdentity(String(req.headers[IDENTITY_HEADER]), SECRET, { audience: 'main', body });
      held.push({ body, identity, respond: (status, answer) => res.writeHead(status, { 'content-type': 'application/json' }).end(answer) });
    });
  });
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  sharing = await gateway(true);
  notSharing = await gateway(false);
});

afterAll(async () => {
  releaseAll();
  for (const server of servers) await server.stop();
  await Promise.all(sources.map((source) => source.link.close()));
  subgraph?.closeAllConnections();
  await new Promise((resolve) => subgraph?.close(resolve));
});

const joined = () => sources.reduce((sum, source) => sum + source.joinedCalls, 0);

async function ask(server: ApolloServer, identity: Identity, query = 'query Thing($id: ID!) { thing(id: $id) { id name } }', id = '7') {
  const response = await server.executeOperation({ query, variables: { id } }, { contextValue: { identity, requestId: `req-${identity.sub}` } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

describe('identical subgraph calls in flight are made once', () => {
  it('three overlapping requests of one identity: one call, three whole answers of their own', async () => {
    const before = joined();
    const answers = Promise.all([ask(sharing, alice), ask(sharing, alice), ask(sharing, alice)]);
    await until(() => held.length === 1 && joined() - before === 2, 'one call and two joiners');
    releaseAll();
    const results = await answers;
    expect(held).toHaveLength(0);
    for (const result of results) expect(result).toEqual({ data: { thing: { id: '7', name: '7 for alice@tenant-1' } } });
    // Parsed per request: no two answers share an object.
    expect(results[0].data!.thing).not.toBe(results[1].data!.thing);
  });

  it('never across tenants, users or roles, nor for different variables', async () => {
    const others: Identity[] = [
      { ...alice, tenant: 'tenant-2' }, { ...alice, sub: 'bob' }, { ...alice, roles: ['viewer', 'operator'] },
    ];
    const before = joined();
    const answers = Promise.all([ask(sharing, alice), ...others.map((identity) => ask(sharing, identity)), ask(sharing, alice, undefined, '8')]);
    await until(() => held.length === 5, 'five calls');
    expect(joined()).toBe(before);
    // Each call carries its own caller's identity to the subgraph.
    expect(held.map((request) => `${request.identity.sub}@${request.identity.tenant}/${request.identity.roles.join('+')}`).sort()).toEqual([
      'alice@tenant-1/viewer', 'alice@tenant-1/viewer', 'alice@tenant-1/viewer+operator', 'alice@tenant-2/viewer', 'bob@tenant-1/viewer',
    ]);
    releaseAll();
    const results = await answers;
    expect(results.map((result) => (result.data as { thing: { name: string } }).thing.name)).toEqual([
      '7 for alice@tenant-1', '7 for alice@tenant-2', '7 for bob@tenant-1', '7 for alice@tenant-1', '8 for alice@tenant-1',
    ]);
  });

  it('mutations are never shared', async () => {
    const before = joined();
    const answers = Promise.all([ask(sharing, alice, 'mutation { bump }'), ask(sharing, alice, 'mutation { bump }')]);
    await until(() => held.length === 2, 'two calls');
    expect(joined()).toBe(before);
    releaseAll();
    expect(await answers).toEqual([{ data: { bump: 1 } }, { data: { bump: 1 } }]);
  });

  it('GATEWAY_SHARE_FETCHES=off: every request makes its own call', async () => {
    const before = joined();
    const answers = Promise.all([ask(notSharing, alice), ask(notSharing, alice), ask(notSharing, alice)]);
    await until(() => held.length === 3, 'three calls');
    expect(joined()).toBe(before);
    releaseAll();
    expect(new Set((await answers).map((result) => JSON.stringify(result))).size).toBe(1);
  });

  it('a failed call fails every request that joined it, and the next request calls again', async () => {
    const before = joined();
    const answers = Promise.all([ask(sharing, alice), ask(sharing, alice)]);
    await until(() => held.length === 1 && joined() - before === 1, 'one call and one joiner');
    releaseAll(500);
    for (const result of await answers) {
      expect(result.data).toEqual({ thing: null });
      expect(result.errors?.[0]).toMatchObject({ message: '500: ', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
    const again = ask(sharing, alice);
    await until(() => held.length === 1, 'a new call');
    releaseAll();
    expect((await again).data).toEqual({ thing: { id: '7', name: '7 for alice@tenant-1' } });
  });
});
