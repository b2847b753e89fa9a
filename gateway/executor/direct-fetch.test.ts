// The executor's direct subgraph calls (SignedSubgraphSource.fetchDirect) against the stock executor going through
// the same data source's `process`: what reaches the subgraph (headers, body, identity) and what the client gets
// back for every way a subgraph can fail (HTTP errors with and without JSON, answers that are not a JSON object,
// a connection cut before any answer, a subgraph that is not there) are the same, byte for byte.
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
const identity: Identity = { sub: 'user-1', tenant: 'tenant-1', roles: ['viewer'] };

/** How the fake subgraph answers the next requests: status, content type, body (or `cut`: the socket is destroyed). */
type Answer = { status: number; type?: string; body: string; cacheControl?: string } | 'cut';
let answer: Answer = { status: 200, body: '' };
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

/** Counts the calls that went through Apollo's `process` rather than the direct path. */
class CountingSource extends SignedSubgraphSource {
  processCalls = 0;
  override process(options: Parameters<SignedSubgraphSource['process']>[0]) {
    this.processCalls += 1;
    return super.process(options);
  }
}

const sources: CountingSource[] = [];
let stock: ApolloServer;
let ours: ApolloServer;
let subgraph: http.Server;

beforeAll(async () => {
  subgraph = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (answer === 'cut') return void req.socket.destroy();
      const headers: http.OutgoingHttpHeaders = answer.type ? { 'content-type': answer.type } : {};
      if (answer.cacheControl) headers['cache-control'] = answer.cacheControl;
      res.writeHead(answer.status, headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  // A port nobody listens on: taken, then released.
  const gone = http.createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const gonePort = (gone.address() as AddressInfo).port;
  await new Promise((resolve) => gone.close(resolve));
  const supergraphSdl = composeSupergraph([
    { name: 'main', sdl: `${LINK} type Query { thing(id: ID!): Thing } type Thing { id: ID! name: String }`, url: `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql` },
    { name: 'gone', sdl: `${LINK} type Query { elsewhere: String }`, url: `http://127.0.0.1:${gonePort}/graphql` },
  ]);
  const gateway = () => new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new CountingSource({ name, url: url!, subgraphSecret: SECRET });
      sources.push(source);
      return source;
    },
  });
  stock = new ApolloServer({ gateway: gateway(), includeStacktraceInErrorResponses: false });
  ours = new ApolloServer({ gateway: withOpsgraphExecutor(gateway(), { cacheSize: 10 }), includeStacktraceInErrorResponses: false });
  await stock.start();
  await ours.start();
});

afterAll(async () => {
  await stock?.stop();
  await ours?.stop();
  await Promise.all(sources.map((source) => source.link.close()));
  subgraph?.closeAllConnections();
  await new Promise((resolve) => subgraph?.close(resolve));
});

const QUERY = 'query Thing($id: ID!) { thing(id: $id) { id name } }';

async function ask(server: ApolloServer, query = QUERY) {
  const response = await server.executeOperation({ query, variables: { id: '7' } }, { contextValue: { identity, requestId: 'req-42' } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.stringify({ status: response.http.status, cacheControl: response.http.headers.get('cache-control'), body: response.body.singleResult });
}

/** What the subgraph saw of one call, without what differs by nature (the identity's expiry, the socket). */
function seen(call: { headers: http.IncomingHttpHeaders; body: string }) {
  const { [IDENTITY_HEADER]: header, host: _host, connection: _connection, ...rest } = call.headers;
  const verified = verifySubgraphIdentity(String(header), SECRET, { audience: 'main', body: call.body });
  return { headers: rest, body: call.body, identity: { sub: verified.sub, tenant: verified.tenant, roles: verified.roles } };
}

const ANSWERS: Array<[string, Answer]> = [
  ['a JSON answer', { status: 200, type: 'application/json; charset=utf-8', body: '{"data":{"thing":{"id":"7","name":"seven"}}}' }],
  ['a cacheable answer', { status: 200, type: 'application/json', body: '{"data":{"thing":{"id":"7","name":"seven"}}}', cacheControl: 'max-age=60, public' }],
  ['a graphql-response+json answer with errors', { status: 200, type: 'application/graphql-response+json', body: '{"data":{"thing":null},"errors":[{"message":"no thing","path":["thing"],"extensions":{"code":"NOT_FOUND"}}]}' }],
  ['HTTP 500 with a JSON body', { status: 500, type: 'application/json', body: '{"errors":[{"message":"boom"}]}' }],
  ['HTTP 401 with a text body', { status: 401, type: 'text/plain', body: 'who are you' }],
  ['HTTP 403 without a content type', { status: 403, body: 'no' }],
  ['HTTP 502 with broken JSON', { status: 502, type: 'application/json', body: '{"errors":' }],
  ['a 200 that is HTML', { status: 200, type: 'text/html', body: '<html>maintenance</html>' }],
  ['a 200 that is a JSON array', { status: 200, type: 'application/json', body: '[1,2]' }],
  ['a 200 that is JSON null', { status: 200, type: 'application/json', body: 'null' }],
  ['a 200 with broken JSON', { status: 200, type: 'application/json', body: '{"data":' }],
  ['a connection cut before any answer', 'cut'],
];

describe('the direct path answers as the data source does', () => {
  it.each(ANSWERS)('%s', async (_name, given) => {
    answer = given;
    const processCalls = () => sources.reduce((sum, source) => sum + source.processCalls, 0);
    received.length = 0;
    const before = processCalls();
    const expected = await ask(stock);
    const fromStock = received.splice(0);
    expect(processCalls() - before).toBe(1);
    const served = await ask(ours);
    const fromOurs = received.splice(0);
    expect(served).toBe(expected);
    // Ours never went through `process`; a cut connection is sent once more on both paths.
    expect(processCalls() - before).toBe(1);
    expect(fromOurs.length).toBe(fromStock.length);
    expect(fromOurs.map(seen)).toEqual(fromStock.map(seen));
    expect(seen(fromOurs[0])).toMatchObject({ headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' }, identity });
  });

  it('a subgraph that is not there fails the same way', async () => {
    const expected = await ask(stock, '{ elsewhere }');
    expect(expected).toMatch(/ECONNREFUSED/);
    expect(await ask(ours, '{ elsewhere }')).toBe(expected);
  });
});
