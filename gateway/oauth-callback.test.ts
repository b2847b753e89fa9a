import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer, listen, closeServer } from '../platform/http';
import { createLogger } from '../platform/logger';
import { IDENTITY_HEADER, verifySubgraphIdentity } from '../platform/identity';
import { SourceRateLimiter } from '../platform/source-limit';
import { oauthCallbackRoute } from './oauth-callback';

const ROUTE = '/oauth/example/callback';
const INTERNAL = '/internal/oauth/example/callback';

const SECRET = 'subgraph-secret-for-the-callback-test';
let keys: http.Server;
let gateway: http.Server;
let gatewayUrl: string;
let outcome: unknown;
let forwarded: { path: string | undefined; identity: unknown; body: unknown } | null = null;

beforeAll(async () => {
  // A stand-in keys subgraph: checks the gateway's signature over the exact body, answers the outcome it is given.
  keys = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const identity = verifySubgraphIdentity(req.headers[IDENTITY_HEADER] as string, SECRET, { audience: 'keys', body: Buffer.from(body) });
      forwarded = { path: req.url, identity, body: JSON.parse(body) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(outcome));
    });
  });
  await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
  const keysUrl = `http://127.0.0.1:${(keys.address() as AddressInfo).port}/graphql`;
  gateway = createHttpServer({
    routes: {
      [ROUTE]: oauthCallbackRoute({
        subgraphUrl: keysUrl, audience: 'keys', internalPath: INTERNAL, subgraphSecret: SECRET, logger: createLogger('test', 'silent'),
        connected: ({ account }) => `The example account ${String(account)} is connected.`,
      }),
      '/oauth/plain/callback': oauthCallbackRoute({ subgraphUrl: keysUrl, audience: 'keys', internalPath: INTERNAL, subgraphSecret: SECRET, logger: createLogger('test', 'silent') }),
    },
  });
  gatewayUrl = `http://127.0.0.1:${await listen(gateway, 0)}`;
});
afterAll(async () => {
  await closeServer(gateway);
  await new Promise<void>((resolve) => keys.close(() => resolve()));
});

test("forwards code and state signed for the subgraph to its internal path, and shows the provider's sentence", async () => {
  outcome = { status: 200, account: 'yourmall' };
  const response = await fetch(`${gatewayUrl}${ROUTE}?code=c0de&state=st4te`);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('The example account yourmall is connected.');
  expect(forwarded).toEqual({ path: INTERNAL, identity: expect.objectContaining({ sub: 'gateway:oauth-callback' }), body: { state: 'st4te', code: 'c0de', error: null } });
});

test('without a sentence of its own, the page says the account is connected', async () => {
  outcome = { status: 200, account: 'yourmall' };
  const response = await fetch(`${gatewayUrl}/oauth/plain/callback?code=c&state=s`);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('The account is connected to opsgraph.');
});

test('escapes the reason it shows and keeps the refusal status', async () => {
  outcome = { status: 400, reason: '<script>alert("x")</script> & more' };
  const response = await fetch(`${gatewayUrl}${ROUTE}?code=c&state=s`);
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).not.toContain('<script>');
  expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; more');
  expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
});

test('answers 502 when the keys subgraph cannot be reached', async () => {
  const down = createHttpServer({
    routes: { [ROUTE]: oauthCallbackRoute({ subgraphUrl: 'http://127.0.0.1:1/graphql', audience: 'keys', internalPath: INTERNAL, subgraphSecret: SECRET, logger: createLogger('test', 'silent') }) },
  });
  const url = `http://127.0.0.1:${await listen(down, 0)}`;
  try {
    expect((await fetch(`${url}${ROUTE}?code=c&state=s`)).status).toBe(502);
  } finally {
    await closeServer(down);
  }
});

describe('the per-source limit', () => {
  let limited: http.Server;
  let limitedUrl: string;
  let calls = 0;
  let subgraph: http.Server;

  beforeAll(async () => {
    subgraph = http.createServer((req, res) => {
      calls += 1;
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 400, reason: 'This connection link is unknown.' }));
      });
    });
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const subgraphUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
    // A rate so slow that no slot frees up while the test runs: only the burst is admitted.
    const limiter = new SourceRateLimiter({ perSecond: 1 / 3600, burst: 3 });
    const route = (path: string) =>
      oauthCallbackRoute({ subgraphUrl, audience: 'keys', internalPath: path, subgraphSecret: SECRET, logger: createLogger('test', 'silent'), limiter });
    limited = createHttpServer({ routes: { '/oauth/one/callback': route('/internal/oauth/one/callback'), '/oauth/two/callback': route('/internal/oauth/two/callback') } });
    limitedUrl = `http://127.0.0.1:${await listen(limited, 0)}`;
  });
  afterAll(async () => {
    await closeServer(limited);
    await new Promise<void>((resolve) => subgraph.close(() => resolve()));
  });

  test('answers 429 with Retry-After once a source spent its burst, across providers, and forwards nothing then', async () => {
    const statuses: number[] = [];
    for (const path of ['/oauth/one/callback', '/oauth/two/callback', '/oauth/one/callback']) {
      statuses.push((await fetch(`${limitedUrl}${path}?code=c&state=s`)).status);
    }
    expect(statuses).toEqual([400, 400, 400]);
    expect(calls).toBe(3);
    const refused = await fetch(`${limitedUrl}/oauth/two/callback?code=c&state=s`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.text()).toContain('Too many connection attempts');
    expect(calls).toBe(3);
  });
});

test('the limiter admits a source again once its interval has passed, and counts sources apart', () => {
  let now = 1_000_000;
  const limiter = new SourceRateLimiter({ perSecond: 1, burst: 2 }, { now: () => now });
  expect([limiter.admit('a'), limiter.admit('a')]).toEqual([0, 0]);
  expect(limiter.admit('a')).toBeGreaterThan(0);
  expect(limiter.admit('b')).toBe(0);
  now += 1000;
  expect(limiter.admit('a')).toBe(0);
});
