// The same sync-and-query path on the embedded default (PGlite over the Postgres wire protocol), as `npm start`
// runs it without DATABASE_URL — including a restart on the same data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDemoKeys } from '../scripts/seed';
import { consentAsMallAdmin } from '../sandbox/cafe24/browser';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { newNaverOrder } from './helpers/orders';
import { subscribe, until } from './helpers/subscriptions';

// PGlite runs every query on one thread; on a busy machine two stack starts and a full sync take minutes, not
// seconds. The waits below are on conditions, with budgets sized for that, never on the clock.
const SLOW_MACHINE_MS = 180_000;
const CONDITION_MS = 60_000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-embedded-test-'));
let stack: TestStack | null = null;

afterAll(async () => {
  await stack?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('syncs from the sandbox and serves OrdersDashboard and OrderDetail on embedded storage, across a restart', async () => {
  stack = await startTestStack({ embedded: true, env: { DATA_DIR: dataDir }, keepData: true });
  expect(stack.database.mode).toBe('embedded');
  await seedDemoKeys(stack, 'demo');
  const admin = await stack.token('demo');
  const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  expect(sync.errors).toBeUndefined();
  expect(sync.data!.syncOrders.created).toBeGreaterThanOrEqual(30);

  const page = await stack.request(operation('OrdersDashboard'), { first: 50 }, admin);
  expect(page.errors).toBeUndefined();
  const nodes = page.data!.orders.edges.map((edge: any) => edge.node);
  expect(nodes.length).toBe(sync.data!.syncOrders.created);
  expect(nodes.some((node: any) => node.payment?.provider === 'TOSS')).toBe(true);
  expect(nodes.some((node: any) => node.shipments?.length > 0)).toBe(true);
  const detail = await stack.request(operation('OrderDetail'), { id: nodes[0].id }, admin);
  expect(detail.errors).toBeUndefined();
  expect(detail.data!.order.insight.summary).toEqual(expect.any(String));

  const [cafe24Key] = await stack.keyring.listKeys('demo', 'CAFE24');
  const session = await stack.keyring.readSession(cafe24Key.id);
  expect(session).not.toBeNull();
  await stack.close();
  stack = await startTestStack({ embedded: true, env: { DATA_DIR: dataDir }, keepData: true });
  const again = await stack.request(operation('OrdersDashboard'), { first: 1 }, await stack.token('demo'));
  expect(again.data!.orders.totalCount).toBe(nodes.length);
  // The sealed Cafe24 session survived the restart. The restarted sandbox is a new Cafe24 that issued none of
  // those tokens, so the mall is connected again (a new consent, through the gateway's callback) before it syncs.
  expect(await stack.keyring.readSession(cafe24Key.id)).toEqual(session);
  await stack.keyring.requireConsent(cafe24Key.id, 'the sandbox restarted');
  const reconnect = await stack.request(`mutation R($id: ID!) { reconnectCafe24(keyId: $id) { authorizeUrl } }`, { id: cafe24Key.id }, admin);
  expect(reconnect.errors).toBeUndefined();
  const redirect = await consentAsMallAdmin(reconnect.data!.reconnectCafe24.authorizeUrl, { adminId: DEMO_CREDENTIALS.cafe24.mallId });
  expect((await fetch(new URL(`${redirect.pathname}${redirect.search}`, stack.gateway.url))).status).toBe(200);
  const resync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, await stack.token('demo'));
  expect(resync.errors).toBeUndefined();
  expect(resync.data!.syncOrders.created).toBe(0);
}, SLOW_MACHINE_MS);

test('subscriptions work on the embedded default too: events over the in-process pub/sub', async () => {
  stack ??= await startTestStack({ embedded: true, env: { DATA_DIR: dataDir }, keepData: true });
  expect(stack.config.pubsub.mode).toBe('memory');
  await seedDemoKeys(stack, 'demo', { everyMarketplace: true });
  const admin = await stack.token('demo');
  const subscriber = subscribe(stack.gateway.url, admin, operation('OrderStatusChanged'), { marketplace: 'NAVER' });
  try {
    await until(() => stack!.subgraphs.commerce.activeSubscriptions() === 1, 'subscribed', CONDITION_MS);
    const id = await newNaverOrder(stack, admin);
    await until(() => subscriber.events.some((event) => event.data?.orderStatusChanged.order.id === id), 'the new order arrives', CONDITION_MS);
    const event = subscriber.events.find((e) => e.data?.orderStatusChanged.order.id === id)!;
    expect(event.errors).toBeUndefined();
    expect(event.data!.orderStatusChanged).toMatchObject({ previousStatus: null, order: { id, marketplace: 'NAVER', payment: { status: expect.any(String) } } });
  } finally {
    await subscriber.stop();
  }
}, SLOW_MACHINE_MS);
