// Naver SmartStore through the gateway: sync, 발주확인, 발송처리 and throttling, against the sandbox's Naver.
import { NaverCommerceClient, type NaverProductOrderDetail } from '../providers/naver';
import { DEMO_NAVER_CREDENTIALS } from '../sandbox/naver/demo';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { freshInvoice as freshInvoiceOf } from './helpers/sandbox';

const TENANT = 'naver-tenant';
const DAY_MS = 86_400_000;
const QUERY_ROUTE = 'POST /v1/pay-order/seller/product-orders/query';

const CONFIRM = `mutation Confirm($ids: [ID!]!) { confirmOrders(ids: $ids) { orderId ok reason order { id status } } }`;
const DISPATCH = `mutation Dispatch($id: ID!, $carrier: Carrier!, $trackingNumber: String!) {
  dispatchOrder(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { id status shipments { carrier trackingNumber status } }
}`;
const ORDER = `query Order($id: ID!) { order(id: $id) { id status shipments { carrier trackingNumber } } }`;

/** Naver's productOrderStatus as the order's status, for orders whose lines all share one status. */
const MAPPED: Record<string, string> = { DELIVERING: 'SHIPPING', DELIVERED: 'DELIVERED', PURCHASE_DECIDED: 'PURCHASE_CONFIRMED' };

let stack: TestStack;
let admin: string;
let naver: NaverCommerceClient;

/**
 * What the sandbox holds, read through Naver's own API: orderId → its product order ids. This reader is not
 * paced by the key resolver, so it starts from full throttle buckets (reset also clears counters and faults).
 */
async function sandboxOrders(): Promise<Map<string, string[]>> {
  await stack.sandboxControl('reset');
  const orders = new Map<string, string[]>();
  for await (const change of naver.allLastChangedStatuses({ from: new Date(Date.now() - 30 * DAY_MS) })) {
    orders.set(change.orderId, [...new Set([...(orders.get(change.orderId) ?? []), change.productOrderId])]);
  }
  return orders;
}

async function details(ids: string[]): Promise<NaverProductOrderDetail[]> {
  return naver.queryProductOrders(ids);
}

async function sync(token = admin) {
  const result = await stack.request(operation('SyncOrders'), { marketplace: 'NAVER' }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.syncOrders as { fetched: number; created: number; updated: number };
}

async function naverNodes(token = admin): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await stack.request(operation('OrdersDashboard'), { first: 100, after, marketplace: 'NAVER' }, token);
    expect(page.errors).toBeUndefined();
    nodes.push(...page.data.orders.edges.map((edge: any) => edge.node));
    if (!page.data.orders.pageInfo.hasNextPage) return nodes;
    after = page.data.orders.pageInfo.endCursor;
  }
}

async function nodeOf(orderId: string): Promise<any> {
  return (await naverNodes()).find((node) => node.externalId === orderId);
}

/** A new paid order at the sandbox, synced: its Naver ids and its opsgraph node. */
async function newSyncedOrder(): Promise<{ productOrderId: string; orderId: string; node: any }> {
  const { created } = await stack.sandboxControl('orders', { marketplace: 'NAVER', count: 1 });
  const [detail] = await details(created);
  await sync();
  return { productOrderId: created[0], orderId: detail.order.orderId, node: await nodeOf(detail.order.orderId) };
}

/** An invoice number in CJ's format that no sandbox parcel uses yet. */
const freshInvoice = () => freshInvoiceOf('6');

beforeAll(async () => {
  stack = await startTestStack();
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'NAVER', label: 'sandbox naver', credentials: DEMO_NAVER_CREDENTIALS });
  // Shipments of Naver orders are tracked at Sweet Tracker.
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'SWEETTRACKER', label: 'sandbox sweettracker', credentials: DEMO_CREDENTIALS.sweettracker });
  admin = await stack.token(TENANT);
  naver = new NaverCommerceClient({ baseUrl: `${stack.sandbox!.url}/naver`, ...DEMO_NAVER_CREDENTIALS });
});

afterAll(async () => {
  await stack?.close();
});

describe('syncing Naver orders', () => {
  test('the first sync creates every sandbox order once, querying details in ceil(n/300) calls', async () => {
    const expected = await sandboxOrders();
    const productOrders = [...expected.values()].flat().length;
    await stack.sandboxControl('reset');
    const result = await sync();
    expect(result).toMatchObject({ fetched: expected.size, created: expected.size, updated: 0 });
    expect((await stack.sandboxCalls()).naver.byEndpoint[QUERY_ROUTE]).toBe(Math.ceil(productOrders / 300));
    const nodes = await naverNodes();
    expect(nodes.map((node) => node.externalId).sort()).toEqual([...expected.keys()].sort());
    const twoLines = nodes.find((node) => expected.get(node.externalId)!.length > 1);
    if (twoLines) expect(twoLines.items).toHaveLength(expected.get(twoLines.externalId)!.length);
  });

  test('a second sync of unchanged orders creates and updates nothing', async () => {
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
  });

  test('new orders at the sandbox are picked up by the next sync as PAID, once', async () => {
    const { created } = await stack.sandboxControl('orders', { marketplace: 'NAVER', count: 3 });
    const orderIds = (await details(created)).map((detail) => detail.order.orderId);
    expect(await sync()).toMatchObject({ created: 3, updated: 0 });
    const nodes = await naverNodes();
    for (const orderId of orderIds) expect(nodes.filter((node) => node.externalId === orderId).map((node) => node.status)).toEqual(['PAID']);
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
  });

  test('a status change at the sandbox is picked up by the next sync with the mapped status', async () => {
    const { changed } = await stack.sandboxControl('orders', { marketplace: 'NAVER', kind: 'status_change', count: 2 });
    const changedOrders = new Set((await details(changed)).map((detail) => detail.order.orderId));
    expect(await sync()).toMatchObject({ created: 0, updated: changedOrders.size });
    const all = await sandboxOrders();
    let checked = 0;
    for (const orderId of changedOrders) {
      const statuses = new Set((await details(all.get(orderId)!)).map((detail) => detail.productOrder.productOrderStatus));
      if (statuses.size !== 1) continue;
      expect((await nodeOf(orderId)).status).toBe(MAPPED[[...statuses][0]]);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('OrdersDashboard lists Naver orders with the payment Naver Pay took, and parcels of shipped ones', async () => {
    const nodes = await naverNodes();
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.marketplace).toBe('NAVER');
      expect(node.payment).toMatchObject({ provider: 'NAVER', status: 'PAID', amount: { amount: node.total.amount, currency: 'KRW' } });
      expect(node.payment.paidAt).toEqual(expect.any(String));
    }
    const shipping = nodes.filter((node) => node.status === 'SHIPPING');
    expect(shipping.length).toBeGreaterThan(0);
    for (const node of shipping) expect(node.shipments[0]).toMatchObject({ carrier: expect.any(String), trackingNumber: expect.any(String), status: expect.any(String) });
  });
});

describe('Naver order actions', () => {
  test('confirmOrders acknowledges a new order at Naver (발주확인) and marks it PREPARING', async () => {
    const { productOrderId, node } = await newSyncedOrder();
    expect(node.status).toBe('PAID');
    const result = await stack.request(CONFIRM, { ids: [node.id] }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.confirmOrders).toEqual([{ orderId: node.id, ok: true, reason: null, order: { id: node.id, status: 'PREPARING' } }]);
    const [detail] = await details([productOrderId]);
    expect(detail.productOrder.placeOrderStatus).toBe('OK');
  });

  test('confirmOrders reports the order Naver refuses with its reason, and confirms the others', async () => {
    const fresh = await newSyncedOrder();
    const shipped = (await naverNodes()).find((node) => node.status === 'SHIPPING');
    const result = await stack.request(CONFIRM, { ids: [shipped.id, fresh.node.id] }, admin);
    expect(result.errors).toBeUndefined();
    const [refused, confirmed] = result.data!.confirmOrders;
    expect(refused).toMatchObject({ orderId: shipped.id, ok: false, order: { status: 'SHIPPING' } });
    expect(refused.reason).toMatch(/INVALID_PRODUCT_ORDER_STATUS/);
    expect(confirmed).toMatchObject({ ok: true, order: { status: 'PREPARING' } });
  });

  test('dispatchOrder registers the invoice at Naver and the order shows the tracked parcel', async () => {
    const { productOrderId, orderId, node } = await newSyncedOrder();
    const trackingNumber = freshInvoice();
    const result = await stack.request(DISPATCH, { id: node.id, carrier: 'CJ', trackingNumber }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.dispatchOrder).toMatchObject({ id: node.id, status: 'SHIPPING', shipments: [{ carrier: 'CJ', trackingNumber, status: expect.any(String) }] });
    const [detail] = await details([productOrderId]);
    expect(detail.productOrder.productOrderStatus).toBe('DELIVERING');
    expect(detail.delivery).toMatchObject({ deliveryCompany: 'CJGLS', trackingNumber });
    // Naver's own data agrees on the next sync: still shipping, the one parcel.
    await sync();
    const synced = await nodeOf(orderId);
    expect(synced.status).toBe('SHIPPING');
    expect(synced.shipments.map((s: any) => [s.carrier, s.trackingNumber])).toEqual([['CJ', trackingNumber]]);
  });

  test("a dispatch Naver refuses leaves the order unchanged and says Naver's reason", async () => {
    const delivered = (await naverNodes()).find((node) => node.status === 'DELIVERED' || node.status === 'PURCHASE_CONFIRMED');
    const before = await stack.request(ORDER, { id: delivered.id }, admin);
    const result = await stack.request(DISPATCH, { id: delivered.id, carrier: 'CJ', trackingNumber: freshInvoice() }, admin);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/NAVER refused the dispatch: .*INVALID_PRODUCT_ORDER_STATUS/);
    expect(await stack.request(ORDER, { id: delivered.id }, admin)).toMatchObject({ data: before.data });
  });
});

describe('throttling', () => {
  afterEach(async () => {
    await stack.sandboxControl('reset');
  });

  test('a sync that Naver throttles twice still stores every order exactly once', async () => {
    const tenant = 'naver-tenant-throttled';
    // Two keys: after a 429 the key resolver backs off 1 s, then 2 s, whatever cool-down Naver asked for, so
    // one key cannot outlast two 429s in a row within its 2 s budget (reported; keyring/resolver.ts).
    for (const label of ['sandbox naver', 'sandbox naver 2']) {
      await stack.keyring.addKey({ tenantId: tenant, provider: 'NAVER', label, credentials: DEMO_NAVER_CREDENTIALS });
    }
    await stack.keyring.addKey({ tenantId: tenant, provider: 'SWEETTRACKER', label: 'sandbox sweettracker', credentials: DEMO_CREDENTIALS.sweettracker });
    const token = await stack.token(tenant);
    const expected = await sandboxOrders();
    await stack.sandboxControl('reset');
    await stack.sandboxControl('faults', { provider: 'naver', kind: 'rate_limit', count: 2 });
    expect(await sync(token)).toMatchObject({ created: expected.size, updated: 0 });
    expect((await stack.sandboxCalls()).naver.byEndpoint['POST /v1/oauth2/token']).toBeGreaterThanOrEqual(3);
    const nodes = await naverNodes(token);
    expect(nodes.map((node) => node.externalId).sort()).toEqual([...expected.keys()].sort());
  });
});
