// Redis restarting mid-stream: the stack runs on a Redis of its own (so the restart disturbs no other test file),
// a dashboard subscribes, Redis is killed and started again, and the subscriber keeps receiving events without
// resubscribing (ioredis reconnects and re-subscribes the subgraphs' channels).
import type { ChildProcess } from 'node:child_process';
import { DEMO_NAVER_CREDENTIALS } from '../sandbox/naver/demo';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { freePort } from './helpers/gateway-process';
import { killRedisServer, startRedisServer } from './helpers/redis-server';
import { freshInvoice, newNaverOrder } from './helpers/orders';
import { subscribe, sleep, until, type Subscriber } from './helpers/subscriptions';

const TENANT = 'redis-restart-tenant';
let redis: ChildProcess;
let port: number;
let stack: TestStack;
let admin: string;
let subscriber: Subscriber | undefined;

const startRedis = () => startRedisServer(port);
const stopRedis = () => killRedisServer(redis);

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis();
  stack = await startTestStack({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'NAVER', label: 'naver', credentials: DEMO_NAVER_CREDENTIALS });
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'SWEETTRACKER', label: 'st', credentials: DEMO_CREDENTIALS.sweettracker });
  admin = await stack.token(TENANT);
  await stack.request(operation('SyncOrders'), { marketplace: 'NAVER' }, admin);
}, 180_000);

afterAll(async () => {
  await subscriber?.stop();
  await stack?.close();
  if (redis) await stopRedis();
});

test('a Redis restart mid-stream is survived: events keep arriving without resubscribing', async () => {
  subscriber = subscribe(stack.gateway.url, admin, operation('OrderStatusChanged'), { marketplace: 'NAVER' });
  await until(() => stack.subgraphs.commerce.activeSubscriptions() === 1, 'subscribed');
  const before = await newNaverOrder(stack, admin);
  await until(() => subscriber!.events.some((event) => event.data?.orderStatusChanged.order.id === before), 'an event before the restart');

  await stopRedis();
  redis = await startRedis();
  // ioredis retries within a second; give every client (events, counters, rate limits) time to reconnect.
  await sleep(1500);

  const after = await newNaverOrder(stack, admin);
  const dispatched = await stack.request(operation('DispatchOrder'), { id: after, carrier: 'CJ', trackingNumber: freshInvoice() }, admin);
  expect(dispatched.errors).toBeUndefined();
  await until(
    () => subscriber!.events.some((event) => event.data?.orderStatusChanged.order.id === after && event.data.orderStatusChanged.order.status === 'SHIPPING'),
    'events after the restart arrive',
    15_000,
  );
  expect(await Promise.race([subscriber.ended.then(() => 'ended'), sleep(10).then(() => 'open')])).toBe('open');
}, 180_000);
