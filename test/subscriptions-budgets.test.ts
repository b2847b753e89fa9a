// Budgets of live connections through the gateway: sockets per user and per tenant, subscriptions per tenant,
// counted in Redis so that two gateway replicas share one count, and each subscribe drawing on the tenant's request
// rate. Small budgets here (3 sockets per user, 5 per tenant, 6 subscriptions per tenant) so the edges are cheap.
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { createLogger } from '../platform/logger';
import { gatewayOptionsFrom, startGateway, type RunningGateway } from '../gateway/server';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { subscribe, until, wsUrl, type Subscriber } from './helpers/subscriptions';

let stack: TestStack;
let second: RunningGateway | undefined;
const open: Subscriber[] = [];
const track = (subscriber: Subscriber) => (open.push(subscriber), subscriber);
const ORDER_STATUS_CHANGED = operation('OrderStatusChanged');
const variants = ['NAVER', 'COUPANG', 'CAFE24', 'ELEVENST', null];

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WS_MAX_SOCKETS_PER_USER: '3',
      WS_MAX_SOCKETS_PER_TENANT: '5',
      WS_MAX_SUBSCRIPTIONS_PER_TENANT: '6',
      TENANT_RATE_LIMITS: JSON.stringify({ 'budget-slow-tenant': { perSecond: 0.05, burst: 3 } }),
    },
  });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.stop()));
});

afterAll(async () => {
  await second?.close();
  await stack?.close();
});

/** The close code and reason of a socket that says connection_init with this token. */
function connect(url: string, token: string): Promise<{ socket: WebSocket; code?: number; reason?: string }> {
  const socket = new WebSocket(wsUrl(url), 'graphql-transport-ws');
  return new Promise((resolve) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.once('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve({ socket });
    });
    socket.once('close', (code, reason) => resolve({ socket, code, reason: reason.toString() }));
  });
}

test('a user holds at most WS_MAX_SOCKETS_PER_USER sockets: the next one closes with 4429 and RATE_LIMITED; closing one frees its place', async () => {
  const token = await stack.token('budget-user-tenant', ['viewer'], 'one-user');
  const sockets = await Promise.all([1, 2, 3].map(() => connect(stack.gateway.url, token)));
  expect(sockets.map((s) => s.code)).toEqual([undefined, undefined, undefined]);
  const fourth = await connect(stack.gateway.url, token);
  expect(fourth.code).toBe(4429);
  expect(fourth.reason).toMatch(/^RATE_LIMITED: A user may hold at most 3 connections/);
  // Another user of the same tenant still gets in.
  const other = await connect(stack.gateway.url, await stack.token('budget-user-tenant', ['viewer'], 'another-user'));
  expect(other.code).toBeUndefined();
  sockets[0].socket.close();
  await until(async () => {
    const again = await connect(stack.gateway.url, token);
    again.socket.close();
    return again.code === undefined;
  }, 'the closed socket gives its place back');
  for (const { socket } of [...sockets, other]) socket.close();
});

test('a tenant holds at most WS_MAX_SOCKETS_PER_TENANT sockets, counted across gateway replicas in Redis', async () => {
  const tenant = 'budget-tenant-sockets';
  second = await startGateway({
    subgraphs: Object.values(stack.subgraphs).map(({ name, url }) => ({ name, url })),
    port: 0,
    ...gatewayOptionsFrom(stack.config, createLogger('test', 'silent')),
  });
  const tokens = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => stack.token(tenant, ['viewer'], `user-${i}`)));
  // Three on the first replica, two on the second: five, the tenant's budget.
  const held = await Promise.all(tokens.slice(0, 5).map((token, i) => connect(i < 3 ? stack.gateway.url : second!.url, token)));
  expect(held.map((s) => s.code)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  for (const url of [second.url, stack.gateway.url]) {
    const refused = await connect(url, tokens[5]);
    expect(refused.code).toBe(4429);
    expect(refused.reason).toMatch(/^RATE_LIMITED: A tenant may hold at most 5 connections/);
  }
  for (const { socket } of held) socket.close();
  await second.close();
  second = undefined;
});

test('a tenant runs at most WS_MAX_SUBSCRIPTIONS_PER_TENANT subscriptions across its sockets: the next is RATE_LIMITED, a completed one frees its place', async () => {
  const tenant = 'budget-tenant-subscriptions';
  // Two users, one socket each, three subscriptions on each: six, the tenant's budget.
  const clients = await Promise.all(['u1', 'u2'].map(async (sub) =>
    createClient({ url: wsUrl(stack.gateway.url), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await stack.token(tenant, ['viewer'], sub)}` }, retryAttempts: 0 })));
  const errors: unknown[] = [];
  const sink = { next: () => undefined, error: (error: unknown) => errors.push(error), complete: () => undefined };
  const start = (client: (typeof clients)[number], i: number) => client.subscribe({ query: ORDER_STATUS_CHANGED, variables: { marketplace: variants[i % 5] } }, sink);
  try {
    const running = Array.from({ length: 6 }, (_, i) => start(clients[i % 2], i));
    await until(() => stack.gateway.subscriptions.subscribers === 6, 'six subscriptions run');
    start(clients[0], 6);
    await until(() => errors.length === 1, 'the seventh is refused');
    const [refusal] = errors[0] as Array<{ message: string; extensions: { code: string } }>;
    expect(refusal.extensions.code).toBe('RATE_LIMITED');
    expect(refusal.message).toMatch(/A tenant may hold at most 6 subscriptions/);
    expect(stack.gateway.subscriptions.subscribers).toBe(6);
    // Another tenant is not touched by this one's budget.
    track(subscribe(stack.gateway.url, await stack.token('budget-other-tenant', ['viewer']), ORDER_STATUS_CHANGED));
    await until(() => stack.gateway.subscriptions.subscribers === 7, "another tenant's subscription runs");
    running[0]();
    await until(() => stack.gateway.subscriptions.subscribers === 6, 'one completed');
    start(clients[1], 7);
    await until(() => stack.gateway.subscriptions.subscribers === 7, 'its place is taken again');
    expect(errors).toHaveLength(1);
  } finally {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
  }
});

test("each subscribe draws on the tenant's request rate: past the burst it is RATE_LIMITED with retryAfter", async () => {
  const token = await stack.token('budget-slow-tenant', ['viewer']);
  const client = createClient({ url: wsUrl(stack.gateway.url), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const errors: unknown[] = [];
  const disposers = variants.slice(0, 4).map((marketplace) =>
    client.subscribe({ query: ORDER_STATUS_CHANGED, variables: { marketplace } }, { next: () => undefined, error: (error) => errors.push(error), complete: () => undefined }),
  );
  try {
    await until(() => errors.length === 1, 'the fourth subscribe is refused');
    const [refusal] = errors[0] as Array<{ message: string; extensions: { code: string; retryAfter: number } }>;
    expect(refusal.extensions.code).toBe('RATE_LIMITED');
    expect(refusal.extensions.retryAfter).toBeGreaterThan(0);
    expect(refusal.message).toMatch(/Tenant budget-slow-tenant is rate limited/);
    // And it is the same bucket as HTTP: the tenant's next query is refused too.
    const query = await stack.request('{ orders(first: 1) { totalCount } }', {}, token);
    expect(query.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  } finally {
    disposers.forEach((dispose) => dispose());
    await client.dispose();
  }
});

test('a subscription over the cost limit is refused over graphql-ws with OPERATION_TOO_COMPLEX and reaches no subgraph', async () => {
  const { operationCost } = await import('../gateway/plugins/operation-limits');
  const { buildSchema, parse, getOperationAST } = await import('graphql');
  const schema = buildSchema(fs.readFileSync(path.resolve(__dirname, '..', 'schema', 'api.graphql'), 'utf8'));
  const options = gatewayOptionsFrom(stack.config, createLogger('test', 'silent'));
  const document = parse(ORDER_STATUS_CHANGED);
  const cost = operationCost({ schema, document, operation: getOperationAST(document)!, variables: {}, defaultFirst: options.limits!.defaultFirst });
  // A replica whose cost limit sits just under this subscription's cost.
  const strict = await startGateway({
    subgraphs: Object.values(stack.subgraphs).map(({ name, url }) => ({ name, url })),
    port: 0,
    ...options,
    limits: { ...options.limits!, maxCost: cost - 1 },
  });
  try {
    const token = await stack.token('budget-cost-tenant', ['viewer']);
    const refused = track(subscribe(strict.url, token, ORDER_STATUS_CHANGED, { marketplace: 'NAVER' }));
    const { error } = await refused.ended;
    expect((error as Array<{ extensions: { code: string }; message: string }>)[0]).toMatchObject({
      extensions: { code: 'OPERATION_TOO_COMPLEX' },
    });
    // Today no field under Subscription takes `first`, so the static field count (validation) refuses it before the
    // cost with variables would; either way nothing runs after the refusal.
    expect((error as Array<{ message: string }>)[0].message).toMatch(new RegExp(`more than ${cost - 1} fields|costs ${cost}, more than the limit of ${cost - 1}`));
    expect(strict.subscriptions.subscribers).toBe(0);
    // The same subscription within the limit runs on the regular replica.
    const admitted = track(subscribe(stack.gateway.url, token, ORDER_STATUS_CHANGED, { marketplace: 'NAVER' }));
    await until(() => stack.gateway.subscriptions.subscribers >= 1, 'the subscription within the limit runs');
    expect(await Promise.race([admitted.ended.then(() => 'ended'), Promise.resolve('open')])).toBe('open');
  } finally {
    await strict.close();
  }
});
