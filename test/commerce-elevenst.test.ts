// 11st (11번가) through the gateway: sync, confirm (발주확인) and dispatch (발송처리) against the 11st sandbox,
// checked against what 11st itself lists.
import { ElevenstClient, type ElevenstOrderState } from '../providers/elevenst';
import { DEMO_ELEVENST_CREDENTIALS } from '../sandbox/elevenst/demo';
import { seedDemoKeys } from '../scripts/seed';
import { syncOrders } from './helpers/orders';
import { operation, startTestStack, type TestStack } from './helpers/stack';

const TENANT = 'elevenst-tenant';
const DAY_MS = 86_400_000;
const STATES: readonly ElevenstOrderState[] = ['complete', 'packaging', 'shipping', 'dlvcompleted'];
/** A key of its own per state, so that reading 11st's lists here never spends the synced key's 5 calls/s. */
const counterKey = (state: ElevenstOrderState) => `elevenstCounter-${state}-0001`;

const ORDERS = `
  query ElevenstOrders {
    orders(first: 100, filter: { marketplace: ELEVENST }) {
      totalCount
      edges { node { id externalId status total { amount } items { sku quantity } } }
    }
  }`;
const ORDER = `
  query ElevenstOrder($id: ID!) {
    order(id: $id) { id status shipments { carrier trackingNumber status } }
  }`;
const CONFIRM = `
  mutation Confirm($ids: [ID!]!) {
    confirmOrders(ids: $ids) { orderId ok reason order { id status } }
  }`;
const DISPATCH = `
  mutation Dispatch($id: ID!, $carrier: Carrier!, $trackingNumber: String!) {
    dispatchOrder(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { id status shipments { carrier trackingNumber status } }
  }`;

interface Node { id: string; externalId: string; status: string; total: { amount: number }; items: Array<{ sku: string; quantity: number }> }

let stack: TestStack;
let admin: string;

const sync = () => syncOrders(stack, 'ELEVENST', admin);

async function stored(): Promise<Node[]> {
  const result = await stack.request(ORDERS, {}, admin);
  expect(result.errors).toBeUndefined();
  return result.data!.orders.edges.map((edge: { node: Node }) => edge.node);
}

const byExternalId = async (externalId: string) => (await stored()).find((node) => node.externalId === externalId)!;

/** Every ordNo 11st lists, by state, over the sandbox's whole history (its seed spans 10 days). */
async function atElevenst(): Promise<Map<string, ElevenstOrderState>> {
  const now = Date.now();
  const found = new Map<string, ElevenstOrderState>();
  for (const state of STATES) {
    const client = new ElevenstClient({ baseUrl: `${stack.sandbox!.url}/elevenst`, apiKey: counterKey(state) });
    for (const line of await client.listOrders(state, new Date(now - 11 * DAY_MS), new Date(now + 60_000))) found.set(line.ordNo, state);
  }
  return found;
}

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'ELEVENST', label: 'sandbox 11st', credentials: DEMO_ELEVENST_CREDENTIALS });
  for (const state of STATES) await stack.sandboxControl('credentials', { provider: 'elevenst', credentials: { apiKey: counterKey(state) } });
  admin = await stack.token(TENANT);
});

afterAll(async () => {
  await stack?.close();
});

describe('11st sync', () => {
  test('the first sync stores every order 11st lists, once, with its lines as items', async () => {
    const result = await sync();
    const listed = await atElevenst();
    const nodes = await stored();
    expect(listed.size).toBeGreaterThan(0);
    expect(result).toMatchObject({ fetched: listed.size, created: listed.size, updated: 0 });
    expect(nodes.map((node) => node.externalId).sort()).toEqual([...listed.keys()].sort());
    expect(nodes.some((node) => node.items.length === 2)).toBe(true);
    const expected = { complete: 'PAID', packaging: 'PREPARING', shipping: 'SHIPPING', dlvcompleted: 'DELIVERED' };
    for (const node of nodes) expect(node.status).toBe(expected[listed.get(node.externalId)!]);
  });

  test('a second sync of unchanged orders creates and updates nothing', async () => {
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
  });

  test('new orders and a status change at 11st are picked up by the next sync, mapped', async () => {
    const { created } = await stack.sandboxControl('orders', { marketplace: 'ELEVENST', count: 2 });
    const { changed } = await stack.sandboxControl('orders', { marketplace: 'ELEVENST', count: 1, kind: 'status_change' });
    const before = await byExternalId(changed[0]);
    expect(await sync()).toMatchObject({ created: 2, updated: 1 });
    for (const ordNo of created) expect((await byExternalId(ordNo)).status).toBe('PAID');
    const next: Record<string, string> = { PAID: 'PREPARING', PREPARING: 'SHIPPING', SHIPPING: 'DELIVERED' };
    expect((await byExternalId(changed[0])).status).toBe(next[before.status]);
  });

  test('OrdersDashboard lists 11st orders with the payment 11st took', async () => {
    const result = await stack.request(operation('OrdersDashboard'), { first: 100, marketplace: 'ELEVENST' }, admin);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.orders.edges.map((edge: any) => edge.node);
    expect(nodes.length).toBe((await atElevenst()).size);
    for (const node of nodes) {
      expect(node.marketplace).toBe('ELEVENST');
      expect(node.externalId).toMatch(/^\d{17}$/);
      expect(node.payment).toMatchObject({ provider: 'ELEVENST', status: 'PAID', amount: { amount: node.total.amount, currency: 'KRW' } });
    }
    const shipped = nodes.filter((node: any) => node.status === 'SHIPPING' || node.status === 'DELIVERED');
    expect(shipped.length).toBeGreaterThan(0);
    for (const node of shipped) expect(node.shipments[0]).toMatchObject({ carrier: expect.any(String), trackingNumber: expect.stringMatching(/^\d+$/) });
  });
});

describe('11st actions', () => {
  let fresh: Node;
  beforeAll(async () => {
    const { created } = await stack.sandboxControl('orders', { marketplace: 'ELEVENST', count: 2 });
    await sync();
    fresh = await byExternalId(created[0]);
  });

  test('dispatching an order 11st has not confirmed is refused with 11st’s reason and leaves the order unchanged', async () => {
    const refused = await stack.request(DISPATCH, { id: fresh.id, carrier: 'CJ', trackingNumber: '512345678901' }, admin);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toMatch(/ELEVENST refused the dispatch: .*발주확인/);
    const order = await stack.request(ORDER, { id: fresh.id }, admin);
    expect(order.data!.order).toMatchObject({ status: 'PAID', shipments: [] });
    expect((await atElevenst()).get(fresh.externalId)).toBe('complete');
  });

  test('confirmOrders acknowledges a new order at 11st, and the next sync reads it back as PREPARING', async () => {
    const result = await stack.request(CONFIRM, { ids: [fresh.id] }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.confirmOrders).toEqual([{ orderId: fresh.id, ok: true, reason: null, order: { id: fresh.id, status: 'PREPARING' } }]);
    expect((await atElevenst()).get(fresh.externalId)).toBe('packaging');
    expect(await sync()).toMatchObject({ created: 0, updated: 1 });
    expect((await byExternalId(fresh.externalId)).status).toBe('PREPARING');
  });

  test('confirming an order twice is refused by 11st for that order only', async () => {
    const other = (await stored()).find((node) => node.status === 'PAID' && node.id !== fresh.id)!;
    const result = await stack.request(CONFIRM, { ids: [fresh.id, other.id] }, admin);
    expect(result.errors).toBeUndefined();
    const [again, first] = result.data!.confirmOrders;
    expect(again).toMatchObject({ ok: false, reason: expect.stringMatching(/result_code -\d+ .*결제완료/), order: { status: 'PREPARING' } });
    expect(first).toMatchObject({ ok: true, reason: null, order: { status: 'PREPARING' } });
    expect(await sync()).toMatchObject({ created: 0, updated: 1 });
  });

  test('a carrier 11st has no code for is refused without calling 11st', async () => {
    await stack.sandboxControl('reset');
    const refused = await stack.request(DISPATCH, { id: fresh.id, carrier: 'DHL', trackingNumber: '512345678901' }, admin);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toMatch(/no carrier code for DHL/);
    expect((await stack.sandboxCalls()).elevenst.total).toBe(0);
  });

  test('dispatchOrder registers the invoice at 11st, and Sweet Tracker tracks the parcel', async () => {
    const result = await stack.request(DISPATCH, { id: fresh.id, carrier: 'CJ', trackingNumber: '5123-4567-8901' }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.dispatchOrder).toMatchObject({
      status: 'SHIPPING',
      shipments: [{ carrier: 'CJ', trackingNumber: '512345678901', status: expect.any(String) }],
    });
    expect((await atElevenst()).get(fresh.externalId)).toBe('shipping');
    expect(await sync()).toMatchObject({ created: 0, updated: 1 });
    const order = await stack.request(ORDER, { id: fresh.id }, admin);
    expect(order.data!.order).toMatchObject({ status: 'SHIPPING', shipments: [{ carrier: 'CJ', trackingNumber: '512345678901' }] });
  });
});

describe('11st throttling', () => {
  afterEach(async () => {
    await stack.sandboxControl('reset');
  });

  test('a sync under two throttle replies in a row still stores every order exactly once', async () => {
    const { created } = await stack.sandboxControl('orders', { marketplace: 'ELEVENST', count: 3 });
    await stack.sandboxControl('faults', { provider: 'elevenst', kind: 'rate_limit', count: 2 });
    expect(await sync()).toMatchObject({ created: 3, updated: 0 });
    const nodes = await stored();
    const ids = nodes.map((node) => node.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(created));
    expect(ids.sort()).toEqual([...(await atElevenst()).keys()].sort());
  });
});
