// A dashboard page over all four marketplaces: every marketplace's orders in one list, and a bounded number
// of provider calls per page, stated and counted with the sandbox's counters.
import { seedDemoKeys, DEMO_MARKETPLACES } from '../scripts/seed';
import { startTestStack, operation, type TestStack } from './helpers/stack';

let stack: TestStack;
let admin: string;
const TENANT = 'four-marketplaces';

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT, { everyMarketplace: true });
  admin = await stack.token(TENANT);
  for (const marketplace of DEMO_MARKETPLACES) {
    const sync = await stack.request(operation('SyncOrders'), { marketplace }, admin);
    expect(sync.errors).toBeUndefined();
    expect(sync.data!.syncOrders.created).toBeGreaterThan(0);
  }
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

// First: the caches are cold only until a page has been read.
test('a page of 50 orders over four marketplaces: one tracking call per distinct parcel, none when polled again', async () => {
  await stack.sandboxControl('reset');
  const page = await stack.request(operation('OrdersDashboard'), { first: 50 }, admin);
  expect(page.errors).toBeUndefined();
  const nodes = page.data!.orders.edges.map((e: any) => e.node);
  const parcels = new Set(nodes.flatMap((n: any) => (n.shipments ?? []).map((s: any) => `${s.carrier}:${s.trackingNumber}`)));
  const ownMallOrders = nodes.filter((n: any) => n.marketplace === 'CAFE24').length;
  const paidThroughPortOne = nodes.filter((n: any) => n.marketplace === 'CAFE24' && n.payment?.provider === 'PORTONE').length;
  const calls = await stack.sandboxCalls();
  // Bound: Sweet Tracker ≤ distinct parcels on the page; the tenant has a PortOne key, so PortOne = own-mall (Cafe24)
  // orders on the page and Toss = those PortOne does not have, since the marketplaces carry their payments; no
  // marketplace call at all to read the page.
  expect(parcels.size).toBeGreaterThan(0);
  expect(paidThroughPortOne).toBeGreaterThan(0);
  expect(calls.sweettracker.total).toBe(parcels.size);
  expect(calls.portone.total).toBe(ownMallOrders);
  expect(calls.toss.total).toBe(ownMallOrders - paidThroughPortOne);
  for (const marketplace of ['naver', 'cafe24', 'coupang', 'elevenst']) expect(calls[marketplace].total).toBe(0);
  expect(nodes.filter((n: any) => n.marketplace !== 'CAFE24' && n.payment).every((n: any) => n.payment.provider === n.marketplace)).toBe(true);

  await stack.sandboxControl('reset');
  const again = await stack.request(operation('OrdersDashboard'), { first: 50 }, admin);
  expect(again.errors).toBeUndefined();
  const callsAgain = await stack.sandboxCalls();
  expect(callsAgain.sweettracker.total).toBe(0);
  expect(callsAgain.toss.total).toBe(0);
  expect(callsAgain.portone.total).toBe(0);
});

test('one list holds the orders of every marketplace, each with its own filter', async () => {
  const all = await stack.request(operation('OrdersDashboard'), { first: 100 }, admin);
  expect(new Set(all.data!.orders.edges.map((e: any) => e.node.marketplace))).toEqual(new Set(DEMO_MARKETPLACES));
  let sum = 0;
  for (const marketplace of DEMO_MARKETPLACES) {
    const one = await stack.request(operation('OrdersDashboard'), { first: 1, marketplace }, admin);
    sum += one.data!.orders.totalCount;
  }
  expect(sum).toBe(all.data!.orders.totalCount);
});
