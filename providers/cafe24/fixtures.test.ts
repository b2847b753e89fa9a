// Cafe24's documented examples (providers/cafe24/fixtures/) hold both sides: the client parses every documented
// answer, and the sandbox answers the same request with the documented shape (providers/test-support/fixtures.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { consentAsMallAdmin } from '../../sandbox/cafe24/browser';
import { expectDocumentedShape, fixture, loadFixtures, type Fixture } from '../test-support/fixtures';
import { recentRange, startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { Cafe24Client } from './client';
import { exchangeCafe24Code } from './oauth';
import { MemoryCafe24TokenStore } from './token-store';

const REDIRECT_URI = 'https://opsgraph.test/oauth/cafe24/callback';
const FIXTURES = [
  'cancellation-create', 'cancellationrequests-reject', 'carriers-list', 'inventory-update', 'orders-list-items', 'orders-list', 'products-list',
  'return-create', 'returnrequests-reject', 'shipments-create', 'token',
];
/** The claim writes: the client method that sends each, and the key its answer is under. */
const CLAIM_WRITES = [
  ['cancellation-create', 'createCancellations', 'cancellation'],
  ['cancellationrequests-reject', 'rejectCancellationRequests', 'cancellationrequests'],
  ['return-create', 'createReturns', 'return'],
  ['returnrequests-reject', 'rejectReturnRequests', 'returnrequests'],
] as const;
/** Item fields the sandbox prints null where the documented item has a value (no claim, not shipped yet). */
const ITEM_NULLABLE = ['claim_code', 'claim_reason_type', 'claim_reason', 'order_status_before_cs', 'tracking_no', 'shipping_company_name', 'shipping_company_code']
  .map((field) => `orders[].items[].${field}`);

test('every documented example the client relies on is stored, with its source', () => {
  expect(loadFixtures('cafe24').map((entry) => entry.name)).toEqual(FIXTURES);
});

describe('the client parses every documented answer', () => {
  let server: http.Server;
  let base: string;
  let answer: Fixture['response'] = { status: 500, body: {} };
  let seen: { method?: string; url?: string; body: string } = { body: '' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, body };
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => new Cafe24Client({
    baseUrl: `${base}/{mall_id}`, mallId: 'yourmall', clientId: 'cid', clientSecret: 'secret', redirectUri: REDIRECT_URI,
    tokens: new MemoryCafe24TokenStore({
      initial: { accessToken: 'at', accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(), refreshToken: 'rt', refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    }),
  });
  const serve = (name: string) => {
    answer = fixture('cafe24', name).response;
    return fixture('cafe24', name);
  };

  test('token', async () => {
    serve('token');
    const tokens = await exchangeCafe24Code({ mallBaseUrl: `${base}/yourmall`, clientId: 'cid', clientSecret: 'secret', redirectUri: REDIRECT_URI }, 'code');
    expect(tokens).toEqual({
      accessToken: '0iqR5nM5EJIq6SVp2NKzVP', accessTokenExpiresAt: '2021-03-01T05:00:00.000Z',
      refreshToken: 'JeTJ7XpnFC0P5ORXAqHyDv', refreshTokenExpiresAt: '2021-03-15T03:00:00.000Z',
    });
    expect(seen.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({ grant_type: 'authorization_code', code: 'code', redirect_uri: REDIRECT_URI });
  });

  test('orders-list', async () => {
    const documented = serve('orders-list');
    const { orders } = await client().listOrders({ startDate: '2017-01-01', endDate: '2017-03-31', dateType: 'updated_date', limit: 1 });
    expect(orders[0]).toMatchObject({ order_id: '20170710-0000013', order_date: '2018-07-04T11:21:35+09:00' });
    expect(Object.fromEntries(new URL(seen.url!, base).searchParams)).toEqual(documented.request!.query);
  });

  test('orders-list-items: the items with their claim fields', async () => {
    const documented = serve('orders-list-items');
    const { orders } = await client().listOrders({ startDate: '2019-06-01', endDate: '2019-06-30', dateType: 'updated_date', embed: 'items', limit: 1 });
    expect(orders[0].items![0]).toMatchObject({ order_item_code: '20190607-0000018-01', order_status: 'N40', claim_code: 'C20190107-0000001', order_status_before_cs: 'N20' });
    expect(Object.fromEntries(new URL(seen.url!, base).searchParams)).toEqual(documented.request!.query);
  });

  test.each(CLAIM_WRITES)('%s', async (name, method, key) => {
    const documented = serve(name);
    const { requests } = documented.request!.body as { requests: never[] };
    const results = await client()[method](requests);
    expect(results).toEqual((documented.response.body as Record<string, unknown>)[key]);
    expect(seen).toMatchObject({ method: documented.request!.method, url: `/yourmall${documented.request!.path}` });
    expect(JSON.parse(seen.body)).toEqual(documented.request!.body);
  });

  test('products-list', async () => {
    serve('products-list');
    const { products } = await client().listProducts({ limit: 1 });
    expect(products[0]).toMatchObject({ product_no: 24, product_name: 'iPhone X', price: '1100.00' });
  });

  test('carriers-list', async () => {
    serve('carriers-list');
    expect(await client().listCarriers()).toEqual([expect.objectContaining({ shipping_carrier_code: '0022', shipping_carrier: 'FASTBOX' })]);
  });

  test('shipments-create', async () => {
    const documented = serve('shipments-create');
    const shipment = await client().createShipment('20190101-0000001', { tracking_no: '1234567890', shipping_company_code: '0001', status: 'shipping' });
    expect(shipment).toMatchObject({ shipping_code: 'D-20190101-0000001-00', status: 'shipping' });
    expect(seen).toMatchObject({ method: 'POST', url: '/yourmall/api/v2/admin/orders/20190101-0000001/shipments' });
    expect(JSON.parse(seen.body)).toEqual(documented.request!.body);
  });

  test('inventory-update', async () => {
    const documented = serve('inventory-update');
    const inventory = await client().updateInventory(24, 'P00000GR000A', 3);
    expect(inventory).toMatchObject({ variant_code: 'P00000GR000A', quantity: 3, use_inventory: 'T' });
    expect(seen).toMatchObject({ method: 'PUT', url: '/yourmall/api/v2/admin/products/24/variants/P00000GR000A/inventories' });
    expect(JSON.parse(seen.body)).toEqual(documented.request!.body);
  });
});

describe('the sandbox answers the documented requests with the documented shape', () => {
  let sandbox: RunningSandbox;
  let accessToken: string;
  const app = { mallId: DEMO_CREDENTIALS.cafe24.mallId, clientId: `app-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
  const mallBase = () => `${sandbox.url}/cafe24/${app.mallId}`;
  const recent = () => ({ start_date: recentRange().startDate, end_date: recentRange().endDate });

  /** The administrator's consent on the sandbox's page, for a code to exchange. */
  async function code(): Promise<string> {
    const query = new URLSearchParams({ response_type: 'code', client_id: app.clientId, state: 's', redirect_uri: REDIRECT_URI, scope: 'mall.write_order,mall.read_product,mall.write_product,mall.read_shipping' });
    return (await consentAsMallAdmin(`${mallBase()}/api/v2/oauth/authorize?${query.toString()}`, { adminId: app.mallId })).searchParams.get('code')!;
  }
  async function call(request: { method: string; path: string; query?: Record<string, string>; body?: unknown }): Promise<{ status: number; body: unknown }> {
    const search = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
    const response = await fetch(`${mallBase()}${request.path}${search}`, {
      method: request.method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'x-cafe24-api-version': '2025-12-01' },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    await sandbox.control('credentials', { provider: 'cafe24', credentials: app });
    accessToken = (await exchangeCafe24Code({ mallBaseUrl: mallBase(), ...app, redirectUri: REDIRECT_URI }, await code())).accessToken;
  });
  afterAll(() => sandbox.close());

  test('token', async () => {
    const documented = fixture('cafe24', 'token');
    const response = await fetch(`${mallBase()}/api/v2/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT_URI }).toString(),
    });
    expect(response.status).toBe(documented.response.status);
    expectDocumentedShape(await response.json(), documented.response.body);
  });

  test('orders-list (over the last weeks, where the sandbox mall has orders)', async () => {
    const documented = fixture('cafe24', 'orders-list');
    const answer = await call({ ...documented.request!, query: { ...documented.request!.query, ...recent(), limit: '20' } });
    expect(answer.status).toBe(200);
    expect((answer.body as { orders: unknown[] }).orders.length).toBeGreaterThan(0);
    expectDocumentedShape(answer.body, documented.response.body, { nullable: ['orders[].payment_date'] });
  });

  /**
   * A buyer's claim of `kind` on one sandbox order; when the seeded mall has no order in the status it takes (random
   * seed), orders are moved on (at most four steps from 입금전 to 배송완료) until it has.
   */
  async function claimOne(kind: string): Promise<string> {
    for (let round = 0; round < 12; round += 1) {
      if (round > 0) await sandbox.control('orders', { marketplace: 'CAFE24', kind: 'status_change', count: 10 });
      const [orderId] = (await sandbox.control('orders', { marketplace: 'CAFE24', kind, count: 1 }) as { changed: string[] }).changed;
      if (orderId) return orderId;
    }
    throw new Error(`the sandbox mall has no order to file a ${kind} on`);
  }

  test('orders-list-items (with claims filed at the sandbox mall)', async () => {
    await claimOne('cancel_request');
    await claimOne('return_request');
    const documented = fixture('cafe24', 'orders-list-items');
    const answer = await call({ ...documented.request!, query: { ...documented.request!.query, ...recent(), limit: '200' } });
    expect(answer.status).toBe(200);
    const items = (answer.body as { orders: Array<{ items: Array<{ order_status: string }> }> }).orders.flatMap((o) => o.items);
    expect(items.some((i) => i.order_status === 'C00')).toBe(true);
    expect(items.some((i) => i.order_status === 'R00')).toBe(true);
    expectDocumentedShape(answer.body, documented.response.body, { nullable: ['orders[].payment_date', ...ITEM_NULLABLE] });
  });

  /** The documented request, for the items of a sandbox order the buyer just claimed (`kind`). */
  async function claimedRequest(name: string, kind: string): Promise<{ method: string; path: string; body: unknown }> {
    const orderId = await claimOne(kind);
    const { order } = (await call({ method: 'GET', path: `/api/v2/admin/orders/${orderId}`, query: { embed: 'items' } })).body as {
      order: { items: Array<{ order_item_code: string; quantity: number }> };
    };
    const request = fixture('cafe24', name).request! as { method: string; path: string; body: { shop_no: number; requests: Array<Record<string, unknown>> } };
    const [first] = request.body.requests;
    const items = 'items' in first ? { items: order.items.map((i) => ({ order_item_code: i.order_item_code, quantity: i.quantity })) } : { order_item_code: order.items.map((i) => i.order_item_code) };
    return { ...request, body: { ...request.body, requests: [{ ...first, order_id: orderId, ...items }] } };
  }

  test.each([
    ['cancellation-create', 'cancel_request'], ['cancellationrequests-reject', 'cancel_request'],
    ['return-create', 'return_request'], ['returnrequests-reject', 'return_request'],
  ])('%s (on a claim filed at the sandbox mall)', async (name, kind) => {
    const documented = fixture('cafe24', name);
    const answer = await call(await claimedRequest(name, kind));
    expect(answer.status).toBe(documented.response.status);
    expectDocumentedShape(answer.body, documented.response.body);
  });

  test('products-list', async () => {
    const documented = fixture('cafe24', 'products-list');
    const answer = await call(documented.request!);
    expect(answer.status).toBe(200);
    expectDocumentedShape(answer.body, documented.response.body);
  });

  test('carriers-list', async () => {
    const documented = fixture('cafe24', 'carriers-list');
    const answer = await call(documented.request!);
    expect(answer.status).toBe(200);
    expectDocumentedShape(answer.body, documented.response.body);
  });

  test('inventory-update (on a variant of the sandbox mall)', async () => {
    const documented = fixture('cafe24', 'inventory-update');
    const listed = await call({ method: 'GET', path: '/api/v2/admin/products', query: { limit: '1', embed: 'variants' } });
    const product = (listed.body as { products: Array<{ product_no: number; variants: Array<{ variant_code: string }> }> }).products[0];
    const path = documented.request!.path.replace('{product_no}', String(product.product_no)).replace('{variant_code}', product.variants[0].variant_code);
    const answer = await call({ ...documented.request!, path });
    expect(answer.status).toBe(documented.response.status);
    expectDocumentedShape(answer.body, documented.response.body);
    expect(answer.body).toMatchObject({ inventory: { variant_code: product.variants[0].variant_code, quantity: 3 } });
  });

  test('shipments-create (on a paid order of the sandbox mall)', async () => {
    const documented = fixture('cafe24', 'shipments-create');
    const listed = await call({ method: 'GET', path: '/api/v2/admin/orders', query: { ...recent(), limit: '200', embed: 'items', order_status: 'N10,N20' } });
    const order = (listed.body as { orders: Array<{ order_id: string }> }).orders[0];
    const answer = await call({ ...documented.request!, path: documented.request!.path.replace('{order_id}', order.order_id) });
    expect(answer.status).toBe(documented.response.status);
    expectDocumentedShape(answer.body, documented.response.body);
  });
});
