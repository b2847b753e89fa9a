// The identity the gateway forwards to subgraphs cannot be replayed: it is bound to the subgraph it was sent to,
// to the exact body of its request and to a short lifetime. Subgraph sockets live no longer than their identity
// and carry subscriptions only; the gateway renews its upstream sockets before they expire, and subscribers notice
// nothing: every event arrives once, in order. Short lifetimes here (1 s per request, 2 s per socket).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../platform/identity';
import { openEventBus, type EventBus } from '../platform/events';
import { seedDemoKeys } from '../scripts/seed';
import { subgraphFetcher } from '../gateway/subgraph-source';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { subscribe, until, type Subscriber } from './helpers/subscriptions';

const TENANT = 'identity-tenant';
let stack: TestStack;
let bus: EventBus;
let admin: string;
const open: Array<{ stop(): Promise<void> }> = [];
const track = (subscriber: Subscriber) => (open.push(subscriber), subscriber);
const viewer: Identity = { sub: 'someone', tenant: TENANT, roles: ['viewer'] };

beforeAll(async () => {
  stack = await startTestStack({ env: { SUBGRAPH_IDENTITY_TTL_MS: '1000', SUBGRAPH_SOCKET_TTL_MS: '2000' } });
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT);
  bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
}, 180_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.stop()));
});

afterAll(async () => {
  await bus?.close();
  await stack?.close();
});

/** What a subgraph (or someone on the path) sees of one gateway call: the identity header and the body. */
async function captureGatewayCall(body: string): Promise<string> {
  let header = '';
  const server = http.createServer((req, res) => {
    header = String(req.headers[IDENTITY_HEADER]);
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const fetcher = subgraphFetcher({ name: 'commerce', url: '', subgraphSecret: stack.config.auth.subgraphSecret, identityTtlMs: stack.config.subgraphLink.identityTtlMs });
    const { port } = server.address() as AddressInfo;
    // As Apollo's data source hands a request to the fetcher: the identity unsigned, the body serialized.
    await fetcher(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-opsgraph-unsigned-identity': JSON.stringify(viewer) },
    });
  } finally {
    server.close();
  }
  return header;
}

async function replay(url: string, header: string, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: header }, body });
  return (await response.json()) as { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

test('a captured identity is refused by another subgraph, with another body, and once expired', async () => {
  // A query every subgraph validates, so that only the identity decides.
  const body = JSON.stringify({ query: '{ _entities(representations: []) { __typename } }' });
  const captured = await captureGatewayCall(body);
  const capturedAt = Date.now();
  // Where it was going, as it was: accepted.
  expect(await replay(stack.subgraphs.commerce.url, captured, body)).toEqual({ data: { _entities: [] } });
  for (const elsewhere of ['logistics', 'finance'] as const) {
    const refused = await replay(stack.subgraphs[elsewhere].url, captured, body);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(refused.errors?.[0].message).toMatch(new RegExp(`made for subgraph "commerce", not "${elsewhere}"`));
  }
  const otherBody = await replay(stack.subgraphs.commerce.url, captured, JSON.stringify({ query: '{ orders(first: 100) { totalCount edges { node { id buyerName } } } }' }));
  expect(otherBody.errors?.[0].message).toMatch(/another request body/);
  expect(otherBody.data?.orders).toBeFalsy();
  await until(async () => Boolean((await replay(stack.subgraphs.commerce.url, captured, body)).errors), 'the captured identity expires', 5000);
  const late = await replay(stack.subgraphs.commerce.url, captured, body);
  expect(late.errors?.[0].message).toMatch(/expired/);
  expect(Date.now() - capturedAt).toBeLessThan(3000);
});

test('a subgraph socket is closed when its identity expires, and serves subscriptions only', async () => {
  const connectionParams = () => ({
    [IDENTITY_HEADER]: signSubgraphIdentity(viewer, stack.config.auth.subgraphSecret, { audience: 'commerce', socket: true, ttlMs: 1500 }),
  });
  let closedWith: number | null = null;
  let connectedAt = 0;
  const client = createClient({
    url: stack.subgraphs.commerce.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined,
    on: { connected: () => (connectedAt = Date.now()), closed: (event) => (closedWith = (event as { code: number }).code) },
  });
  open.push({ stop: async () => void (await client.dispose()) });
  const query = await new Promise<unknown>((resolve) => {
    client.subscribe({ query: '{ orders(first: 1) { totalCount } }' }, { next: resolve, error: resolve, complete: () => undefined });
  });
  expect((query as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('FORBIDDEN');
  await until(() => closedWith !== null, 'the socket is closed at its identity expiry', 5000);
  expect(closedWith).toBe(4403);
  expect(Date.now() - connectedAt).toBeLessThan(2500);
  // An identity made for an HTTP request does not open a socket.
  let refusedWith: number | null = null;
  const withHttpIdentity = createClient({
    url: stack.subgraphs.commerce.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0,
    connectionParams: () => ({ [IDENTITY_HEADER]: signSubgraphIdentity(viewer, stack.config.auth.subgraphSecret, { audience: 'commerce', body: '', ttlMs: 10_000 }) }),
    on: { closed: (event) => (refusedWith = (event as { code: number }).code) },
  });
  open.push({ stop: async () => void (await withHttpIdentity.dispose()) });
  withHttpIdentity.subscribe({ query: 'subscription { orderStatusChanged { previousStatus } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
  await until(() => refusedWith !== null, 'the socket is refused');
  expect(refusedWith).toBe(4401);
});

test('a subscription through the gateway outlives several renewals of its upstream socket: every event once, in order', async () => {
  const started = await stack.request(operation('SendChatMessage'), { text: 'hello' }, admin);
  expect(started.errors).toBeUndefined();
  const conversationId = started.data!.sendChatMessage.conversation.id;
  const subscriber = track(subscribe(stack.gateway.url, admin, operation('ChatMessageAdded'), { conversationId }));
  await until(() => stack.subgraphs.ai.activeSubscriptions() === 1, 'subscribed at ai');
  const opened = stack.subgraphs.ai.socketsOpened();
  // Events keep coming while the gateway replaces its socket twice (its identity lives 2 s).
  let sent = 0;
  const publishOne = () =>
    bus.publish({ type: 'chat.message', tenantId: TENANT, conversationId, messageId: `m${sent++}`, role: 'ASSISTANT', text: 'x', createdAt: new Date().toISOString() });
  while (stack.subgraphs.ai.socketsOpened() < opened + 2) {
    await publishOne();
    await new Promise((resolve) => setImmediate(resolve));
    await until(() => subscriber.events.length >= sent || stack.subgraphs.ai.socketsOpened() >= opened + 2, 'the event arrives', 5000).catch(() => undefined);
  }
  for (let i = 0; i < 5; i++) await publishOne();
  await until(() => subscriber.events.length >= sent, `all ${sent} events arrive`, 10_000);
  expect(subscriber.events.map((event) => event.data!.chatMessageAdded.id)).toEqual(Array.from({ length: sent }, (_, i) => `m${i}`));
  expect(subscriber.events.every((event) => !event.errors)).toBe(true);
  expect(await Promise.race([subscriber.ended.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('open'), 10))])).toBe('open');
  // The old sockets were closed by the gateway, not left to expire: one socket, one subscription, at the end.
  await until(() => stack.subgraphs.ai.activeSubscriptions() === 1, 'one upstream subscription');
}, 30_000);
