// Coupang WING through the gateway: sync, 발주확인, 송장 등록 and throttling, against the Coupang sandbox.
import { MemoryEventBus } from '../platform/events';
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_COUPANG_CREDENTIALS } from '../sandbox/coupang';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { CoupangClient, type CoupangOrderSheetStatus } from '../providers/coupang';
import { COUPANG_STATUS, COUPANG_STATUSES } from '../subgraphs/commerce/sync/coupang-mapping';
import { dateRanges, syncCoupang } from '../subgraphs/commerce/sync/coupang';
import { syncOrders } from './helpers/orders';
import { startTestStack, operation, type TestStack } from './helpers/stack';

const TENANT = 'coupang-tenant';
const DAY_MS = 86_400_000;
let stack: TestStack;
let admin: string;

const CONFIRM = `mutation Confirm($ids: [ID!]!) {
  confirmOrders(ids: $ids) { orderId ok reason order { id status } }
}`;
const DISPATCH = `mutation Dispatch($id: ID!, $carrier: Carrier!, $trackingNumber: String!) {
  dispatchOrder(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { id status shipments { carrier trackingNumber status } }
}`;

/**
 * The key is paced at 9 calls a second without bursts: the default (10/s with bursts of 10, keyring/limits.ts)
 * lets an 11th call into one second, which Coupang answers by blocking the vendor for a minute.
 */
async function addCoupangKey(tenantId: string, credentials: Record<string, string> = DEMO_COUPANG_CREDENTIALS): Promise<void> {
  const key = await stack.keyring.addKey({ tenantId, provider: 'COUPANG', label: `sandbox coupang ${credentials.accessKey}`, credentials });
  await stack.keyring.updateKey(key.id, { tenantId, platform: false }, { ratePerSecond: 9, rateBurst: 1 });
}

/** What the sandbox holds, read through Coupang's own listing: orderId → box status. */
async function coupangOrderStatuses(baseUrl = stack.config.providers.baseUrls.coupang): Promise<Map<string, CoupangOrderSheetStatus>> {
  // The direct calls bypass the key resolver's pacing: clear the vendor's throttle window before and after.
  await stack.sandboxControl('reset');
  const client = new CoupangClient({ baseUrl, ...DEMO_COUPANG_CREDENTIALS });
  const statuses = new Map<string, CoupangOrderSheetStatus>();
  const [range] = dateRanges(new Date(Date.now() - 30 * DAY_MS), new Date());
  for (const status of COUPANG_STATUSES) {
    for await (const sheet of client.allOrderSheets({ ...range, status })) statuses.set(String(sheet.orderId), status);
  }
  await stack.sandboxControl('reset');
  return statuses;
}

const sync = (token = admin) => syncOrders(stack, 'COUPANG', token);

async function dashboard(token = admin) {
  const result = await stack.request(operation('OrdersDashboard'), { first: 100, marketplace: 'COUPANG' }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.orders.edges.map((edge: any) => edge.node) as any[];
}

const byExternalId = (nodes: any[]) => new Map(nodes.map((node) => [node.externalId, node]));
const freshInvoice = () => `77${String(Date.now()).slice(-10)}`;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT); // Sweet Tracker, for shipments
  await addCoupangKey(TENANT);
  admin = await stack.token(TENANT);
});

afterAll(async () => {
  await stack?.close();
});

describe('syncing Coupang orders', () => {
  test('the first sync stores every order the sandbox holds, once, and a second sync changes nothing', async () => {
    const atCoupang = await coupangOrderStatuses();
    const first = await sync();
    expect(first).toMatchObject({ fetched: atCoupang.size, created: atCoupang.size, updated: 0 });
    const nodes = await dashboard();
    expect(nodes.map((n) => n.externalId).sort()).toEqual([...atCoupang.keys()].sort());
    for (const node of nodes) expect(node.status).toBe(COUPANG_STATUS[atCoupang.get(node.externalId)!]);

    // Incremental: delivered orders placed before the last sync are not read again; open ones are.
    const again = await sync();
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect(again.fetched).toBeGreaterThan(0);
    expect(again.fetched).toBeLessThanOrEqual(atCoupang.size);
  });

  test('new orders and status changes at Coupang are picked up by the next sync, with the mapped status', async () => {
    await sync();
    const { created } = await stack.sandboxControl('orders', { marketplace: 'COUPANG', count: 2 });
    // Coupang moves the least recently changed boxes first: orders placed days before the last sync.
    const { changed } = await stack.sandboxControl('orders', { marketplace: 'COUPANG', kind: 'status_change', count: 3 });
    const result = await sync();
    expect(result).toMatchObject({ created: 2, updated: 3 });
    const atCoupang = await coupangOrderStatuses();
    const nodes = byExternalId(await dashboard());
    for (const id of [...created, ...changed]) expect(nodes.get(id)?.status).toBe(COUPANG_STATUS[atCoupang.get(id)!]);
    for (const id of created) expect(nodes.get(id)?.status).toBe('PAID');
  });

  test('OrdersDashboard lists Coupang orders with the payment Coupang took and the parcels it shipped', async () => {
    const nodes = await dashboard();
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.marketplace).toBe('COUPANG');
      expect(node.externalId).toMatch(/^\d+$/);
      expect(node.payment).toMatchObject({ provider: 'COUPANG', status: 'PAID', amount: { amount: node.total.amount, currency: 'KRW' } });
      expect(node.total.amount).toBe(Math.round(node.total.amount));
    }
    const shipped = nodes.filter((node) => ['SHIPPING', 'DELIVERED'].includes(node.status));
    expect(shipped.length).toBeGreaterThan(0);
    for (const node of shipped) expect(node.shipments[0]).toMatchObject({ carrier: 'CJ', trackingNumber: expect.any(String), status: expect.any(String) });
  });
});

describe('acting on Coupang orders', () => {
  test('confirmOrders acknowledges a new order at Coupang, which then lists it as INSTRUCT', async () => {
    await sync();
    const paid = (await dashboard()).find((node) => node.status === 'PAID');
    const result = await stack.request(CONFIRM, { ids: [paid.id] }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.confirmOrders).toEqual([{ orderId: paid.id, ok: true, reason: null, order: { id: paid.id, status: 'PREPARING' } }]);
    expect((await coupangOrderStatuses()).get(paid.externalId)).toBe('INSTRUCT');
    await sync();
    expect(byExternalId(await dashboard()).get(paid.externalId).status).toBe('PREPARING');
  });

  test("confirmOrders reports Coupang's refusal per order and lets the others go ahead", async () => {
    await sync();
    const nodes = await dashboard();
    const preparing = nodes.find((node) => node.status === 'PREPARING');
    const paid = nodes.find((node) => node.status === 'PAID');
    const result = await stack.request(CONFIRM, { ids: [preparing.id, paid.id] }, admin);
    expect(result.errors).toBeUndefined();
    const [refused, accepted] = result.data!.confirmOrders;
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining('INVALID_STATUS'), order: { status: 'PREPARING' } });
    expect(accepted).toMatchObject({ ok: true, reason: null, order: { status: 'PREPARING' } });
  });

  test('dispatchOrder registers the invoice at Coupang and the order shows the parcel', async () => {
    await sync();
    const preparing = (await dashboard()).find((node) => node.status === 'PREPARING');
    const trackingNumber = freshInvoice();
    const result = await stack.request(DISPATCH, { id: preparing.id, carrier: 'HANJIN', trackingNumber }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.dispatchOrder).toMatchObject({
      status: 'SHIPPING', shipments: [{ carrier: 'HANJIN', trackingNumber, status: expect.any(String) }],
    });
    expect((await coupangOrderStatuses()).get(preparing.externalId)).toBe('DEPARTURE');
    // The next sync reads the same parcel back from Coupang's order sheet.
    await sync();
    const synced = byExternalId(await dashboard()).get(preparing.externalId);
    expect(synced).toMatchObject({ status: 'SHIPPING', shipments: [{ carrier: 'HANJIN', trackingNumber }] });
  });

  test("a dispatch Coupang refuses leaves the order unchanged and says Coupang's reason", async () => {
    await sync();
    const paid = (await dashboard()).find((node) => node.status === 'PAID');
    const result = await stack.request(DISPATCH, { id: paid.id, carrier: 'CJ', trackingNumber: freshInvoice() }, admin);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/COUPANG refused the dispatch: .*INVALID_STATUS/);
    const after = byExternalId(await dashboard()).get(paid.externalId);
    expect(after).toMatchObject({ status: 'PAID', shipments: [] });
    expect((await coupangOrderStatuses()).get(paid.externalId)).toBe('ACCEPT');
  });
});

test('a sync window longer than Coupang allows is read as consecutive ranges of at most 31 days', () => {
  const ranges = dateRanges(new Date('2026-01-01T00:00:00+09:00'), new Date('2026-03-05T12:00:00+09:00'));
  expect(ranges).toEqual([
    { createdAtFrom: '2026-01-01', createdAtTo: '2026-01-31' },
    { createdAtFrom: '2026-02-01', createdAtTo: '2026-03-03' },
    { createdAtFrom: '2026-03-04', createdAtTo: '2026-03-05' },
  ]);
});

describe('Coupang failures', () => {
  afterEach(async () => {
    await stack.sandboxControl('reset');
  });

  test('under two throttle replies the sync rotates to the next key and stores every order exactly once', async () => {
    const tenant = 'coupang-tenant-throttled';
    // Three API keys of the one vendor: each throttle reply rests one key and the call moves to the next.
    for (const n of [2, 3]) {
      const credentials = { ...DEMO_COUPANG_CREDENTIALS, accessKey: `coupang-test-access-000${n}`, secretKey: `coupang-test-secret-000${n}` };
      await stack.sandboxControl('credentials', { provider: 'coupang', credentials });
      await addCoupangKey(tenant, credentials);
    }
    await addCoupangKey(tenant);
    await seedDemoKeys(stack, tenant);
    const token = await stack.token(tenant);
    const atCoupang = await coupangOrderStatuses();
    await stack.sandboxControl('faults', { provider: 'coupang', kind: 'rate_limit', count: 2 });
    const result = await sync(token);
    expect(result).toMatchObject({ fetched: atCoupang.size, created: atCoupang.size, updated: 0 });
    expect(Object.keys((await stack.sandboxCalls()).coupang.byCredential).sort()).toEqual(['0001', '0002', '0003']);
    const nodes = await dashboard(token);
    expect(nodes.map((n) => n.externalId).sort()).toEqual([...atCoupang.keys()].sort());
  });

  test('an order Coupang cancels for want of acknowledgement is CANCELLED after the next sync', async () => {
    // A Coupang of its own whose clock this test sets: the order is paid just under 48 hours before the first
    // sync and is past them two minutes later (within the signature's allowed clock skew).
    let shiftMs = 0;
    const sandbox: Sandbox = await startSandbox({ port: 0, now: () => Date.now() + shiftMs });
    try {
      const tenant = 'coupang-tenant-cancel';
      await addCoupangKey(tenant);
      const deps = { db: stack.commerceDb, events: new MemoryEventBus(), keyring: stack.keyring, baseUrls: { ...stack.config.providers.baseUrls, coupang: `${sandbox.url}/coupang` } };
      shiftMs = -(48 * 3600_000 - 60_000);
      const created = await fetch(`${sandbox.url}/__sandbox/orders`, { method: 'POST', body: JSON.stringify({ marketplace: 'COUPANG', count: 1 }) });
      const [orderId] = ((await created.json()) as { created: string[] }).created;
      shiftMs = 0;
      await syncCoupang(deps, tenant);
      const stored = async () => {
        const [row] = await stack.commerceDb.query(
          `SELECT status, payment FROM orders WHERE tenant_id = $1 AND marketplace = 'COUPANG' AND external_id = $2`, [tenant, orderId]);
        return row;
      };
      expect(await stored()).toMatchObject({ status: 'PAID', payment: { status: 'PAID' } });

      shiftMs = 120_000;
      const result = await syncCoupang(deps, tenant);
      expect(result).toMatchObject({ created: 0, updated: 1 });
      expect(await stored()).toMatchObject({ status: 'CANCELLED', payment: { status: 'CANCELLED' } });
      expect(await syncCoupang(deps, tenant)).toMatchObject({ created: 0, updated: 0 });
    } finally {
      await sandbox.close();
    }
  });
});
