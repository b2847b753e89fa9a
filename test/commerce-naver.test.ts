// Naver SmartStore through the gateway: sync, 발주확인, 발송처리 and throttling, against the sandbox's Naver.
import { NaverCommerceClient, type NaverProductOrderDetail } from '../providers/naver';
import { DEMO_NAVER_CREDENTIALS } from '../sandbox/naver/demo';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { syncOrders } from './helpers/orders';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { freshInvoice as freshInvoiceOf } from './helpers/sandbox';
import { subscribe, type Subscriber } from './helpers/subscriptions';

const TENANT = 'naver-tenant';
const DAY_MS = 86_400_000;
const QUERY_ROUTE = 'POST /v1/pay-order/seller/product-orders/query';
const CONFIRM_ROUTE = 'POST /v1/pay-order/seller/product-orders/confirm';

const CONFIRM = `mutation Confirm($ids: [ID!]!) { confirmOrders(ids: $ids) { orderId ok reason order { id status } } }`;
const CONFIRM_ADDRESS = `mutation Confirm($ids: [ID!]!) { confirmOrders(ids: $ids) { orderId ok order { status receiverAddressChanged } } }`;
const CLAIM_ACTION = `mutation Claim($action: ClaimAction!, $ids: [ID!]!, $reason: String) {
  claimAction(action: $action, ids: $ids, reason: $reason) { orderId ok reason order { id status total { amount } items { quantity } claims { type status marketplaceStatus } } }
}`;
const CLAIMS = `query Order($id: ID!) { order(id: $id) { id status receiverAddressChanged total { amount } claims { type status marketplaceStatus reason requestedAt externalLineId } } }`;
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

const sync = (token = admin) => syncOrders(stack, 'NAVER', token);

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
    expect(refused.reason).toMatch(/\(104442\)/);
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
    expect(result.errors?.[0].message).toMatch(/NAVER refused the dispatch: .*\(104442\)/);
    expect(await stack.request(ORDER, { id: delivered.id }, admin)).toMatchObject({ data: before.data });
  });
});

describe('Naver 발주확인 in calls of 30', () => {
  // syncOrders is limited to 10 a minute per user: the tests below sync as another user of the same tenant.
  beforeAll(async () => {
    admin = await stack.token(TENANT, undefined, 'naver-claims-tester');
  });

  test('35 new orders confirmed in one confirmOrders all end PREPARING, in two calls of at most 30', async () => {
    const { created } = await stack.sandboxControl('orders', { marketplace: 'NAVER', count: 35 });
    const orderIds = new Set((await details(created)).map((detail) => detail.order.orderId));
    await sync();
    const nodes = (await naverNodes()).filter((node) => orderIds.has(node.externalId));
    expect(nodes).toHaveLength(35);
    const before = (await stack.sandboxCalls()).naver.byEndpoint[CONFIRM_ROUTE] ?? 0;
    const result = await stack.request(CONFIRM, { ids: nodes.map((node) => node.id) }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.confirmOrders.map((r: any) => [r.ok, r.order.status])).toEqual(nodes.map(() => [true, 'PREPARING']));
    // The sandbox refuses more than 30 product orders per call (400, code 4000), so two calls went through.
    expect((await stack.sandboxCalls()).naver.byEndpoint[CONFIRM_ROUTE] - before).toBe(2);
    for (const detail of await details(created)) expect(detail.productOrder.placeOrderStatus).toBe('OK');
    expect(await sync()).toMatchObject({ created: 0 });
    const after = (await naverNodes()).filter((node) => orderIds.has(node.externalId));
    expect(after.map((node) => node.status)).toEqual(nodes.map(() => 'PREPARING'));
  });

  test('an address the buyer changed shows on the order, from the change feed and from 발주확인', async () => {
    const first = await newSyncedOrder();
    expect((await stack.request(CLAIMS, { id: first.node.id }, admin)).data!.order.receiverAddressChanged).toBe(false);
    const { changed } = await stack.sandboxControl('orders', { marketplace: 'NAVER', kind: 'address_change', count: 1 });
    expect(changed).toEqual([first.productOrderId]);
    const confirmed = await stack.request(CONFIRM_ADDRESS, { ids: [first.node.id] }, admin);
    expect(confirmed.data!.confirmOrders).toEqual([{ orderId: first.node.id, ok: true, order: { status: 'PREPARING', receiverAddressChanged: true } }]);

    const second = await newSyncedOrder();
    await stack.sandboxControl('orders', { marketplace: 'NAVER', kind: 'address_change', count: 1 });
    await sync();
    expect((await stack.request(CLAIMS, { id: second.node.id }, admin)).data!.order.receiverAddressChanged).toBe(true);
  });
});

describe('Naver claims', () => {
  let subscriber: Subscriber | undefined;
  afterEach(async () => {
    await subscriber?.stop();
    subscriber = undefined;
  });

  test('a cancellation request is synced as a claim, published as a claim event, and approved with claimAction', async () => {
    const { productOrderId, node } = await newSyncedOrder();
    expect((await stack.request(CONFIRM, { ids: [node.id] }, admin)).data!.confirmOrders[0].ok).toBe(true);
    subscriber = subscribe(stack.gateway.url, admin, 'subscription { orderStatusChanged(marketplace: NAVER) { cause previousStatus order { id status claims { type status } } } }');
    await subscriber.connected;
    expect((await stack.sandboxControl('orders', { marketplace: 'NAVER', kind: 'cancel_request', count: 1 })).changed).toEqual([productOrderId]);
    await sync();

    const event = await subscriber.event(0);
    expect(event.data!.orderStatusChanged).toEqual({
      cause: 'CLAIM', previousStatus: 'PREPARING', order: { id: node.id, status: 'CANCEL_REQUESTED', claims: [{ type: 'CANCEL', status: 'REQUESTED' }] },
    });
    const requested = (await stack.request(CLAIMS, { id: node.id }, admin)).data!.order;
    expect(requested).toMatchObject({ status: 'CANCEL_REQUESTED', total: { amount: node.total.amount } });
    expect(requested.claims).toEqual([{
      type: 'CANCEL', status: 'REQUESTED', marketplaceStatus: 'CANCEL_REQUEST', reason: expect.stringMatching(/^[A-Z_]+: .+/),
      requestedAt: expect.any(String), externalLineId: productOrderId,
    }]);

    const approved = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.claimAction).toEqual([{
      orderId: node.id, ok: true, reason: null,
      order: { id: node.id, status: 'CANCELLED', total: { amount: 0 }, items: [{ quantity: 0 }], claims: [{ type: 'CANCEL', status: 'COMPLETED', marketplaceStatus: 'CANCEL_DONE' }] },
    }]);
    expect((await details([productOrderId]))[0].productOrder.productOrderStatus).toBe('CANCELED');
    const done = await subscriber.event(1);
    expect(done.data!.orderStatusChanged).toMatchObject({ cause: 'CLAIM', previousStatus: 'CANCEL_REQUESTED', order: { status: 'CANCELLED' } });
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
  });

  test('a return is synced as the carrier collects it, and approved with claimAction once collected', async () => {
    admin = await stack.token(TENANT, undefined, 'naver-returns-tester');
    const { productOrderId, node } = await newSyncedOrder();
    await naver.dispatchProductOrders([{ productOrderId, deliveryCompanyCode: 'CJGLS', trackingNumber: freshInvoice() }]);
    await stack.sandboxControl('orders', { marketplace: 'NAVER', kind: 'status_change', count: 1000 });
    expect((await details([productOrderId]))[0].productOrder.productOrderStatus).toBe('DELIVERED');
    expect((await stack.sandboxControl('orders', { marketplace: 'NAVER', kind: 'return_request', count: 1 })).changed).toEqual([productOrderId]);
    await sync();
    expect((await stack.request(CLAIMS, { id: node.id }, admin)).data!.order).toMatchObject({ status: 'RETURN_REQUESTED', claims: [{ type: 'RETURN', status: 'REQUESTED' }] });

    const early = await stack.request(CLAIM_ACTION, { action: 'APPROVE_RETURN', ids: [node.id] }, admin);
    expect(early.data!.claimAction[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/COLLECT_DONE/), order: { status: 'RETURN_REQUESTED' } });
    for (let i = 0; i < 2; i++) await stack.sandboxControl('orders', { marketplace: 'NAVER', kind: 'status_change', count: 1000 });
    await sync();
    expect((await stack.request(CLAIMS, { id: node.id }, admin)).data!.order).toMatchObject({ status: 'RETURN_REQUESTED', claims: [{ status: 'COLLECTED', marketplaceStatus: 'COLLECT_DONE' }] });

    const approved = await stack.request(CLAIM_ACTION, { action: 'APPROVE_RETURN', ids: [node.id] }, admin);
    expect(approved.data!.claimAction[0]).toMatchObject({
      ok: true, order: { status: 'RETURNED', total: { amount: 0 }, claims: [{ type: 'RETURN', status: 'COMPLETED', marketplaceStatus: 'RETURN_DONE' }] },
    });
  });

  test("claimAction reports per order what Naver does not allow or has no claim for, and needs a reason to reject", async () => {
    const { node } = await newSyncedOrder();
    const refused = await stack.request(CLAIM_ACTION, { action: 'REJECT_CANCELLATION', ids: [node.id, 'no-such-order'], reason: '이미 출고했습니다' }, admin);
    expect(refused.data!.claimAction).toEqual([
      { orderId: node.id, ok: false, reason: 'NAVER does not allow REJECT_CANCELLATION', order: expect.objectContaining({ id: node.id, status: 'PAID' }) },
      { orderId: 'no-such-order', ok: false, reason: 'no such order', order: null },
    ]);
    const none = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(none.data!.claimAction[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/no cancel claim/) });
    const noReason = await stack.request(CLAIM_ACTION, { action: 'REJECT_RETURN', ids: [node.id], reason: '  ' }, admin);
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
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
