// Subscriptions across replicas and through faults: an order changed through gateway 1 reaches a subscriber of
// gateway 2 (its own process, sharing only Redis) with fields from three subgraphs; a chat message and the
// assistant's reply arrive in order; the owning subgraph restarting mid-subscription does not end it; a subscriber
// that stops reading is dropped while the others receive everything.
import WebSocket from 'ws';
import { createLogger } from '../platform/logger';
import { openEventBus, type EventBus } from '../platform/events';
import { startCommerce } from '../subgraphs/commerce/server';
import { DEMO_NAVER_CREDENTIALS } from '../sandbox/naver/demo';
import { seedDemoKeys } from '../scripts/seed';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { startGatewayProcess, type GatewayProcess } from './helpers/gateway-process';
import { freshInvoice, newNaverOrder } from './helpers/orders';
import { subscribe, sleep, until, wsUrl, type Subscriber } from './helpers/subscriptions';

const TENANT = 'replicas-tenant';
let stack: TestStack;
let second: GatewayProcess;
let bus: EventBus;
let admin: string;
let restartedCommerce: { close(): Promise<void> } | null = null;
let restartedEvents: EventBus | null = null;
const open: Subscriber[] = [];
const track = (subscriber: Subscriber) => (open.push(subscriber), subscriber);


const newOrder = (token = admin) => newNaverOrder(stack, token);

const eventFor = (subscriber: Subscriber, id: string, status: string) =>
  subscriber.events.find((event) => event.data?.orderStatusChanged?.order.id === id && event.data.orderStatusChanged.order.status === status);

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'NAVER', label: 'naver', credentials: DEMO_NAVER_CREDENTIALS });
  admin = await stack.token(TENANT);
  second = await startGatewayProcess(stack);
  // A publisher on the same Redis channels as the subgraphs, standing in for one when a test needs many events fast.
  bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  await stack.request(operation('SyncOrders'), { marketplace: 'NAVER' }, admin);
}, 180_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.stop()));
});

afterAll(async () => {
  await second?.stop();
  await restartedCommerce?.close();
  await restartedEvents?.close();
  await bus?.close();
  await stack?.close();
});

test('an order dispatched through gateway 1 reaches a subscriber of gateway 2 with fields from three subgraphs', async () => {
  const subscriber = track(subscribe(second.url, admin, operation('OrderStatusChanged'), { marketplace: 'NAVER' }));
  await until(() => stack.subgraphs.commerce.activeSubscriptions() === 1, 'gateway 2 subscribed at commerce');
  const id = await newOrder();
  const trackingNumber = freshInvoice();
  const dispatched = await stack.request(operation('DispatchOrder'), { id, carrier: 'CJ', trackingNumber }, admin);
  expect(dispatched.errors).toBeUndefined();
  await until(() => Boolean(eventFor(subscriber, id, 'SHIPPING')), 'the dispatch reaches gateway 2');
  const event = eventFor(subscriber, id, 'SHIPPING')!;
  expect(event.errors).toBeUndefined();
  expect(event.data!.orderStatusChanged).toEqual({
    previousStatus: 'PAID',
    order: {
      id, status: 'SHIPPING', marketplace: 'NAVER',
      shipments: [{ carrier: 'CJ', trackingNumber, status: expect.any(String) }],
      payment: { status: expect.any(String) },
    },
  });
  // The order's creation by the sync came first, in order.
  const created = subscriber.events.findIndex((e) => e.data?.orderStatusChanged?.order.id === id && e.data.orderStatusChanged.previousStatus === null);
  expect(created).toBeGreaterThanOrEqual(0);
  expect(created).toBeLessThan(subscriber.events.indexOf(event));
});

test("a chat message and the assistant's reply arrive in order at a subscriber of the other gateway", async () => {
  const started = await stack.request(operation('SendChatMessage'), { text: '배송은 언제 시작되나요?' }, admin);
  expect(started.errors).toBeUndefined();
  const conversationId = started.data!.sendChatMessage.conversation.id;
  const subscriber = track(subscribe(second.url, admin, operation('ChatMessageAdded'), { conversationId }));
  await until(() => stack.subgraphs.ai.activeSubscriptions() === 1, 'gateway 2 subscribed at ai');
  const sent = await stack.request(operation('SendChatMessage'), { conversationId, text: '주문한 상품을 교환하고 싶어요' }, admin);
  expect(sent.errors).toBeUndefined();
  await subscriber.event(1);
  const [user, assistant] = subscriber.events.map((event) => event.data!.chatMessageAdded);
  expect(user).toMatchObject({ role: 'USER', text: '주문한 상품을 교환하고 싶어요' });
  expect(assistant).toEqual(sent.data!.sendChatMessage.message);
  expect(assistant.role).toBe('ASSISTANT');
  // What a reconnecting client would fetch: the same two, after the first exchange.
  const history = await stack.request(
    `query History($id: ID!) { conversation(id: $id) { messages { id role text createdAt } } }`, { id: conversationId }, admin,
  );
  expect(history.data!.conversation.messages.slice(-2)).toEqual([user, assistant]);
});

test('the owning subgraph restarting mid-subscription does not end it', async () => {
  const subscriber = track(subscribe(second.url, admin, operation('OrderStatusChanged'), { marketplace: 'NAVER' }));
  await until(() => stack.subgraphs.commerce.activeSubscriptions() === 1, 'subscribed at commerce');
  const { port } = stack.subgraphs.commerce;
  await stack.subgraphs.commerce.close();
  // The same subgraph again, on the same port (as a restarted container would be).
  restartedEvents = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  const restarted = await startCommerce({
    keyring: stack.keyring, events: restartedEvents, host: stack.config.host, subgraphSecret: stack.config.auth.subgraphSecret,
    logger: createLogger('test', 'silent'), databaseUrl: stack.database.url, port, baseUrls: stack.config.providers.baseUrls,
    cafe24RedirectUri: stack.config.providers.cafe24RedirectUri, syncIntervalMs: 0,
  });
  // It serves the rest of this file; afterAll closes it (the stack's own closer has the old one, closed already).
  restartedCommerce = restarted;
  stack.subgraphs.commerce = restarted;
  // Gateway 2 reconnects and subscribes again by itself; the client did nothing.
  await until(() => restarted.activeSubscriptions() === 1, 'gateway 2 re-subscribed at the restarted commerce', 15_000);
  const id = await newOrder();
  await stack.request(operation('DispatchOrder'), { id, carrier: 'CJ', trackingNumber: freshInvoice() }, admin);
  await until(() => Boolean(eventFor(subscriber, id, 'SHIPPING')), 'an event after the restart arrives');
  expect(eventFor(subscriber, id, 'SHIPPING')!.errors).toBeUndefined();
  expect(await Promise.race([subscriber.ended.then(() => 'ended'), sleep(10).then(() => 'open')])).toBe('open');
}, 30_000);

test('a gateway replica restarting (a rolling update) stops gracefully; clients reconnect and subscribe again', async () => {
  // An earlier test's subscription may still be ending at commerce: counting it would stop the replica before this
  // client has even connected, and a socket cut mid-handshake closes 1006, not 1001.
  await until(() => stack.subgraphs.commerce.activeSubscriptions() === 0, "an earlier test's subscription has ended");
  const subscriber = track(subscribe(second.url, admin, operation('OrderStatusChanged'), { marketplace: 'NAVER' }, { retry: true }));
  await subscriber.connected;
  await until(() => stack.subgraphs.commerce.activeSubscriptions() === 1, 'subscribed through gateway 2');
  const port = Number(new URL(second.url).port);
  // The close that the stop causes (not one before it, which a retrying client would have got over already).
  const before = subscriber.closes.length;
  await second.stop();
  await until(() => subscriber.closes.length > before, 'the socket closes');
  // The replica stopped on its graceful path: exit code 0 after closing its sockets with 1001 ("going away"), which
  // graphql-ws clients answer by reconnecting.
  expect(second.child.exitCode).toBe(0);
  if (subscriber.closes[before] !== 1001) console.log(`closes ${JSON.stringify(subscriber.closes)}; the gateway said:\n${second.output().slice(-4000)}`);
  expect(subscriber.closes[before]).toBe(1001);
  await until(() => stack.subgraphs.commerce.activeSubscriptions() === 0, "the old replica's upstream subscription ends");
  second = await startGatewayProcess(stack, {}, { port });
  // The client's own retry finds the new replica and subscribes again: nothing was completed.
  await until(() => stack.subgraphs.commerce.activeSubscriptions() === 1, 'subscribed again through the new gateway 2', 60_000);
  const id = await newOrder();
  await until(() => subscriber.events.some((event) => event.data?.orderStatusChanged?.order.id === id), 'an event after the restart arrives');
  expect(await Promise.race([subscriber.ended.then(() => 'ended'), sleep(10).then(() => 'open')])).toBe('open');
}, 150_000);

test('a subscriber that stops reading is dropped; the others receive every event', async () => {
  const started = await stack.request(operation('SendChatMessage'), { text: 'hello' }, admin);
  const conversationId = started.data!.sendChatMessage.conversation.id;
  const reader = track(subscribe(stack.gateway.url, admin, operation('ChatMessageAdded'), { conversationId }));
  // The slow one speaks graphql-ws by hand, then stops reading its socket.
  const slow = new WebSocket(wsUrl(stack.gateway.url), 'graphql-transport-ws');
  await new Promise((resolve) => slow.once('open', resolve));
  slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}` } }));
  await new Promise((resolve) => slow.once('message', resolve));
  slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: operation('ChatMessageAdded'), variables: { conversationId } } }));
  await until(() => stack.gateway.subscriptions.subscribers === 2 && stack.subgraphs.ai.activeSubscriptions() === 1, 'both subscribed');
  let slowClosed: number | null = null;
  slow.on('close', (code) => (slowClosed = code));
  (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
  // 3,000 messages of 4 KB (12 MB): far more than the sockets' buffers hold, and than the 1,000 unread the
  // gateway allows one subscriber.
  const text = 'x'.repeat(4000);
  const count = 3000;
  for (let i = 0; i < count; i += 1) {
    await bus.publish({
      type: 'chat.message', tenantId: TENANT, conversationId, messageId: `m${i}`, role: 'ASSISTANT', text, createdAt: new Date().toISOString(),
    });
  }
  await until(() => reader.events.length >= count, `the reading subscriber gets all ${count}`, 60_000);
  expect(reader.events.map((event) => event.data!.chatMessageAdded.id)).toEqual(Array.from({ length: count }, (_, i) => `m${i}`));
  await until(() => stack.gateway.subscriptions.subscribers === 1, 'the slow subscriber is dropped', 20_000);
  (slow as unknown as { _socket: { resume(): void } })._socket.resume();
  await until(() => slowClosed !== null, 'the slow socket is closed', 20_000);
  expect([4408, 1006]).toContain(slowClosed);
}, 120_000);
