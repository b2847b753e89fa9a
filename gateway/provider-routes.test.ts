// The gateway's provider routes come from the registry: every descriptor with a webhook part gets
// POST /webhooks/<name> relayed to its subgraph, every one with an oauthCallback part gets GET /oauth/<name>/callback
// handed to its subgraph's internal path, and nothing else is routed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPH_NAMES } from '../platform/config';
import { FORWARDED_SOURCE_HEADER, verifyForwardedSource } from '../platform/forwarded-source';
import { closeServer, createHttpServer, listen } from '../platform/http';
import { IDENTITY_HEADER, verifySubgraphIdentity } from '../platform/identity';
import { createLogger } from '../platform/logger';
import { PROVIDER_REGISTRY } from '../providers/registry';
import { providerRoutes, type RoutedProvider } from './provider-routes';

const SECRET = 'subgraph-secret-for-the-provider-routes-test';
const logger = createLogger('test', 'silent');
const routed = PROVIDER_REGISTRY as readonly RoutedProvider[];
const withWebhook = routed.filter((d) => d.webhook);
const withCallback = routed.filter((d) => d.oauthCallback);

interface Received { subgraph: string; method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }
let received: Received[] = [];
const subgraphs: Array<{ name: string; url: string; server: http.Server }> = [];
let gateway: http.Server;
let gatewayUrl: string;

beforeAll(async () => {
  // One stand-in per subgraph: records what reached it and answers like a receiver that accepted it.
  for (const name of SUBGRAPH_NAMES) {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ subgraph: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.method === 'GET' || req.url?.startsWith('/webhooks/') ? { received: true } : { status: 200, mallId: 'm', account: 'a' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    subgraphs.push({ name, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server });
  }
  gateway = createHttpServer({ routes: providerRoutes({ subgraphs, subgraphSecret: SECRET, logger }) });
  gatewayUrl = `http://127.0.0.1:${await listen(gateway, 0)}`;
});
afterAll(async () => {
  await closeServer(gateway);
  for (const { server } of subgraphs) await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received = [];
});

test('the registry has webhook and OAuth callback parts to route (AfterShip and PortOne webhooks, the Cafe24 callback)', () => {
  expect(withWebhook.map((d) => d.name)).toEqual(expect.arrayContaining(['AFTERSHIP', 'PORTONE']));
  expect(withCallback.map((d) => d.name)).toEqual(expect.arrayContaining(['CAFE24']));
  const owner = (name: string) => routed.find((d) => d.name === name);
  expect(owner('AFTERSHIP')?.webhook?.subgraph).toBe('logistics');
  expect(owner('PORTONE')?.webhook?.subgraph).toBe('finance');
  expect(owner('CAFE24')?.oauthCallback?.subgraph).toBe('keys');
});

test('exactly one route per webhook and OAuth callback part', () => {
  const paths = Object.keys(providerRoutes({ subgraphs, subgraphSecret: SECRET, logger })).sort();
  expect(paths).toEqual([
    ...withWebhook.map((d) => `/webhooks/${d.name.toLowerCase()}`),
    ...withCallback.map((d) => `/oauth/${d.name.toLowerCase()}/callback`),
  ].sort());
});

test.each(withWebhook.map((d) => [d.name, d] as const))(
  "%s's webhooks are relayed raw to its subgraph's same path, with its headers, the query and a signed source",
  async (name, descriptor) => {
    const lower = name.toLowerCase();
    const body = `{"event":"raw ${lower}"}  `;
    const own = Object.fromEntries(descriptor.webhook!.headers.map((header) => [header, `value of ${header}`]));
    const response = await fetch(`${gatewayUrl}/webhooks/${lower}?tenant=t-1`, {
      method: 'POST',
      headers: { ...own, 'content-type': 'application/json', cookie: 'session=secret', authorization: 'Bearer secret', 'x-other': 'no' },
      body,
    });
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got).toMatchObject({ subgraph: descriptor.webhook!.subgraph, method: 'POST', url: `/webhooks/${lower}?tenant=t-1` });
    expect(got.body.toString()).toBe(body);
    expect(got.headers).toMatchObject({ ...own, 'content-type': 'application/json' });
    for (const header of ['cookie', 'authorization', 'x-other']) expect(got.headers[header]).toBeUndefined();
    expect(verifyForwardedSource(got.headers[FORWARDED_SOURCE_HEADER] as string, got.body, SECRET)).toBe('127.0.0.1');
  },
);

test.each(withCallback.map((d) => [d.name, d] as const))(
  "%s's OAuth callback is handed, signed for its subgraph, to /internal/oauth/<name>/callback",
  async (name, descriptor) => {
    const lower = name.toLowerCase();
    const response = await fetch(`${gatewayUrl}/oauth/${lower}/callback?code=c0de&state=st4te`);
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    const [got] = received;
    const subgraph = descriptor.oauthCallback!.subgraph;
    expect(got).toMatchObject({ subgraph, method: 'POST', url: `/internal/oauth/${lower}/callback` });
    expect(JSON.parse(got.body.toString())).toEqual({ state: 'st4te', code: 'c0de', error: null });
    const identity = verifySubgraphIdentity(got.headers[IDENTITY_HEADER] as string, SECRET, { audience: subgraph, body: got.body });
    expect(identity.sub).toBe('gateway:oauth-callback');
  },
);

test("a route whose subgraph is not among the gateway's is left out", () => {
  const provider: RoutedProvider = { name: 'EXAMPLE', webhook: { subgraph: 'finance', headers: ['x-sig'] }, oauthCallback: { subgraph: 'keys' } };
  const without = subgraphs.filter((s) => s.name !== 'finance' && s.name !== 'keys');
  expect(Object.keys(providerRoutes({ subgraphs: without, subgraphSecret: SECRET, logger, providers: [provider] }))).toEqual([]);
  expect(Object.keys(providerRoutes({ subgraphs, subgraphSecret: SECRET, logger, providers: [provider] })).sort()).toEqual(['/oauth/example/callback', '/webhooks/example']);
});
