// Cafe24 through the gateway: the sync asks for orders CHANGED since the last sync (date_type=updated_date) in
// windows Cafe24 accepts, and dispatchOrder registers the shipment with Cafe24's shipments API.
import { randomUUID } from 'node:crypto';
import { Cafe24Client, MemoryCafe24TokenStore, type Cafe24Order } from '../providers/cafe24';
import { connectInSandbox } from '../providers/test-support/cafe24';
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { kstDate } from '../subgraphs/commerce/sync/cafe24';
import { syncOrders } from './helpers/orders';
import { startTestStack, type TestStack } from './helpers/stack';

const DAY_MS = 86_400_000;
const ORDERS = 'GET /api/v2/admin/orders';
const SHIPMENTS = 'POST /api/v2/admin/orders/{order_id}/shipments';
const NODES = `query($after: String) { orders(first: 100, after: $after, filter: { marketplace: CAFE24 }) { pageInfo { hasNextPage endCursor } edges { node { id externalId status } } } }`;
const DISPATCH = `mutation D($id: ID!, $carrier: Carrier!, $trackingNumber: String!) { dispatchOrder(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { id status } }`;

let stack: TestStack;
let admin: string;
let mall: Cafe24Client;
const TENANT = `cafe24-shop-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT, ['admin']);
  // The mall as its administrator sees it, through Cafe24's own API.
  mall = new Cafe24Client({
    baseUrl: `${stack.sandbox!.url}/cafe24/{mall_id}`, ...DEMO_CREDENTIALS.cafe24, redirectUri: 'http://localhost:4000/oauth/cafe24/callback', tokens: new MemoryCafe24TokenStore(),
  });
  await connectInSandbox(mall, DEMO_CREDENTIALS.cafe24.mallId);
});
afterAll(async () => {
  await stack?.close();
});

const ordersCalls = async () => (await stack.sandboxCalls()).cafe24.byEndpoint[ORDERS] ?? 0;
const sync = () => syncOrders(stack, 'CAFE24', admin);
async function stored(): Promise<Map<string, { id: string; status: string }>> {
  const all = new Map<string, { id: string; status: string }>();
  for (let after: string | null = null; ;) {
    const result = await stack.request(NODES, { after }, admin);
    expect(result.errors).toBeUndefined();
    for (const { node } of result.data!.orders.edges as Array<{ node: { id: string; externalId: string; status: string } }>) all.set(node.externalId, node);
    if (!result.data!.orders.pageInfo.hasNextPage) return all;
    after = result.data!.orders.pageInfo.endCursor as string;
  }
}
async function atMall(orderId: string): Promise<Cafe24Order> {
  const now = Date.now();
  const { orders } = await mall.listOrders({ startDate: kstDate(new Date(now - 80 * DAY_MS)), endDate: kstDate(new Date(now)), limit: 1000, embed: 'items' });
  return orders.find((order) => order.order_id === orderId)!;
}

test('a status change to an order placed long before the last sync is seen by the next sync', async () => {
  await sync();
  // The sandbox moves the order whose last change is oldest: placed days before the sync's one-day overlap.
  const { changed } = (await stack.sandboxControl('orders', { marketplace: 'CAFE24', kind: 'status_change', count: 1 })) as { changed: string[] };
  const [orderId] = changed;
  const before = (await stored()).get(orderId)!;
  expect(Date.now() - Date.parse((await atMall(orderId)).order_date)).toBeGreaterThan(DAY_MS);
  const result = await sync();
  expect(result.updated).toBeGreaterThanOrEqual(1);
  expect((await stored()).get(orderId)!.status).not.toBe(before.status);
});

test('a last sync older than Cafe24 allows is read in windows Cafe24 accepts, every page of each', async () => {
  await stack.commerceDb.query(`UPDATE order_sync_state SET synced_until = $3 WHERE tenant_id = $1 AND marketplace = $2`, [TENANT, 'CAFE24', new Date(Date.now() - 200 * DAY_MS)]);
  const before = await ordersCalls();
  const result = await sync(); // one window wider than 3 months would be a 422 from the sandbox, as from Cafe24
  expect(result.fetched).toBeGreaterThan(0);
  // 201 days in windows of at most 86 days: three windows, at least one page each.
  expect((await ordersCalls()) - before).toBeGreaterThanOrEqual(3);
  expect(result.created).toBe(0);
});

test('the sandbox refuses a window wider than three months, as Cafe24 does', async () => {
  const now = Date.now();
  const error = await mall.listOrders({ startDate: kstDate(new Date(now - 100 * DAY_MS)), endDate: kstDate(new Date(now)), dateType: 'updated_date' }).catch((e) => e);
  expect(error).toMatchObject({ provider: 'cafe24', kind: 'bad_request', status: 422 });
});

describe('dispatchOrder', () => {
  test("registers the shipment at Cafe24 with the mall's code of the carrier, and the order ships", async () => {
    await sync();
    const orders = await stored();
    const ready = [...orders.entries()].find(([, node]) => node.status === 'PAID' || node.status === 'PREPARING');
    expect(ready).toBeDefined();
    const [orderId, node] = ready!;
    const before = (await stack.sandboxCalls()).cafe24.byEndpoint[SHIPMENTS] ?? 0;
    const result = await stack.request(DISPATCH, { id: node.id, carrier: 'HANJIN', trackingNumber: '4201-2345-6789' }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.dispatchOrder).toMatchObject({ id: node.id, status: 'SHIPPING' });
    expect(((await stack.sandboxCalls()).cafe24.byEndpoint[SHIPMENTS] ?? 0) - before).toBe(1);
    const shipped = await atMall(orderId);
    expect(shipped.items!.every((item) => item.order_status === 'N30' && item.tracking_no === '420123456789')).toBe(true);
    expect(shipped.items![0]).toMatchObject({ shipping_company_code: '0002', shipping_company_name: '한진택배' });
    await sync();
    expect((await stored()).get(orderId)!.status).toBe('SHIPPING');
  });

  test("Cafe24's refusal leaves the order unchanged and says why", async () => {
    const orders = await stored();
    const [orderId, node] = [...orders.entries()].find(([, n]) => n.status === 'DELIVERED')!;
    const refused = await stack.request(DISPATCH, { id: node.id, carrier: 'CJ', trackingNumber: '512345678901' }, admin);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toMatch(/CAFE24 refused the dispatch: .*cannot be shipped in status N40/);
    expect((await stored()).get(orderId)!.status).toBe('DELIVERED');
    const noCarrier = await stack.request(DISPATCH, { id: node.id, carrier: 'DHL', trackingNumber: '512345678901' }, admin);
    expect(noCarrier.errors?.[0].message).toMatch(/no registered carrier for DHL/);
  });
});
