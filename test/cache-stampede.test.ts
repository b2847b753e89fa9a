// No stampedes (issue 13): when a cached provider answer expires, concurrent requests for it make one provider call,
// counted by the sandbox. Through the gateway (one logistics and one finance process share their caches' single
// flight), and across replicas: two finance caches over two Redis connections, as two finance processes have.
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { seedDemoKeys } from '../scripts/seed';
import { RedisStore } from '../platform/kv';
import { PaymentCache } from '../subgraphs/finance/cache';
import { createLoaders } from '../subgraphs/finance/loaders';
import { OwnMallPayments } from '../subgraphs/finance/own-mall';
import { TEST_REDIS_URL } from './helpers/database';
import { startTestStack, operation, type TestStack } from './helpers/stack';

const TENANT = 'tenant-stampede';
let stack: TestStack;
let admin: string;
let order: { id: string; externalId: string; shipments: Array<{ trackingNumber: string }> };
const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });

/** Expires every cached payment and parcel of the stack, as their time to live would. */
async function expireCaches(): Promise<void> {
  for (const kind of ['payment', 'tracking']) {
    const keys = await redis.keys(`${stack.config.redisKeyPrefix}${kind}:*`);
    if (keys.length) await redis.del(...keys);
  }
}

const ORDER = `query Order($id: ID!) { order(id: $id) { id shipments { trackingNumber status } payment { provider status } } }`;

beforeAll(async () => {
  await redis.connect();
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT);
  const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  expect(sync.errors).toBeUndefined();
  const page = await stack.request(`{ orders(first: 50) { edges { node { id externalId shipments { trackingNumber } payment { status } } } } }`, {}, admin);
  expect(page.errors).toBeUndefined();
  order = page.data!.orders.edges.map((edge: any) => edge.node).find((node: any) => node.payment && node.shipments?.length === 1);
  expect(order).toBeDefined();
});

afterAll(async () => {
  await stack?.close();
  await redis.quit();
});

test('50 concurrent requests for an expired payment and parcel make one Toss and one Sweet Tracker call', async () => {
  const warm = await stack.request(ORDER, { id: order.id }, admin);
  expect(warm.errors).toBeUndefined();
  await expireCaches();
  await stack.sandboxControl('reset');

  const results = await Promise.all(Array.from({ length: 50 }, () => stack.request(ORDER, { id: order.id }, admin)));
  for (const result of results) {
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(warm.data);
  }
  const calls = await stack.sandboxCalls();
  expect(calls.toss?.total).toBe(1);
  expect(calls.sweettracker?.total).toBe(1);
});

test('two finance replicas sharing Redis, 25 concurrent requests each for an expired payment: one Toss call', async () => {
  const stores = await Promise.all([0, 1].map(() => new RedisStore(TEST_REDIS_URL, stack.config.redisKeyPrefix).connect()));
  try {
    const replicas = stores.map((store) => ({
      db: null as unknown as DataSource, // tax invoices are not asked here
      ownMall: new OwnMallPayments({
        keyring: stack.keyring, tossBaseUrl: stack.config.providers.baseUrls.toss, portoneBaseUrl: stack.config.providers.baseUrls.portone,
      }),
      cache: new PaymentCache(store),
    }));
    await expireCaches();
    await stack.sandboxControl('reset');
    // Each request has its own loaders, as each GraphQL request does.
    const payments = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createLoaders(replicas[i % 2], TENANT).ownMallPayment.load(order.externalId)),
    );
    expect(new Set(payments.map((payment) => JSON.stringify(payment))).size).toBe(1);
    expect(payments[0]).toMatchObject({ provider: 'TOSS' });
    expect((await stack.sandboxCalls()).toss?.total).toBe(1);
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
});
