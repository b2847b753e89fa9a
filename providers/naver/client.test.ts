import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { ProviderError } from '../errors';
import { sandboxControl } from '../../test/helpers/sandbox';
import { NaverCommerceClient } from './client';
import { NaverTokenSource } from './token';

const TOKEN = 'POST /v1/oauth2/token';
const FEED = 'GET /v1/pay-order/seller/product-orders/last-changed-statuses';
const QUERY = 'POST /v1/pay-order/seller/product-orders/query';
const CONFIRM = 'POST /v1/pay-order/seller/product-orders/confirm';
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-15T12:00:00+09:00');

/** One clock for the sandbox and the client: the signature timestamp must fall in Naver's 5-minute window. */
let now = T0;
const clock = () => now;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: clock });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  now = T0;
});
afterEach(() => control('reset', {}));

const control = async (path: string, body?: unknown): Promise<any> => (await sandboxControl(sandbox.url, path, body)).body;

const calls = async () => (await control('calls')).naver as { total: number; byEndpoint: Record<string, number>; byCredential: Record<string, number> };

/** A fresh application per test, so tokens, buckets and per-credential counters never meet another test's. */
async function newApp(overrides: { clientSecret?: string; now?: () => number } = {}) {
  const app = { clientId: `app-${randomUUID()}`, clientSecret: bcrypt.genSaltSync(4) };
  await control('credentials', { provider: 'naver', credentials: app });
  const client = new NaverCommerceClient({
    baseUrl: `${sandbox.url}/naver`, clientId: app.clientId, clientSecret: overrides.clientSecret ?? app.clientSecret, now: overrides.now ?? clock,
  });
  return { app, client };
}

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

describe('NaverCommerceClient tokens', () => {
  it('signs for a token, then reuses it until less than 30 minutes remain', async () => {
    const { client } = await newApp();
    await client.lastChangedStatuses({ from: new Date(now - DAY) });
    await client.lastChangedStatuses({ from: new Date(now - DAY) });
    expect((await calls()).byEndpoint[TOKEN]).toBe(1);
    now += 2 * 3_600_000 + 31 * 60_000;
    await client.lastChangedStatuses({ from: new Date(now - DAY) });
    expect((await calls()).byEndpoint[TOKEN]).toBe(2);
  });

  it('is handed the same token by Naver when another process asks while more than 30 minutes remain', async () => {
    const { app } = await newApp();
    const source = () => new NaverTokenSource({ baseUrl: `${sandbox.url}/naver`, ...app, now: clock });
    const first = await source().get();
    now += 60 * 60_000;
    expect(await source().get()).toBe(first);
    now += 91 * 60_000;
    expect(await source().get()).not.toBe(first);
  });

  it('fails as auth, without the secret in the message, when the secret is wrong', async () => {
    const { client } = await newApp({ clientSecret: bcrypt.genSaltSync(4) });
    const error = await caught(client.lastChangedStatuses({ from: new Date(now - DAY) }));
    expect(error).toMatchObject({ kind: 'auth', status: 403 });
    expect((await calls()).byEndpoint[FEED]).toBeUndefined();
  });

  it('fails as auth when its clock is more than 5 minutes off Naver\'s', async () => {
    const { client } = await newApp({ now: () => now - 6 * 60_000 });
    expect(await caught(client.queryProductOrders(['1']))).toMatchObject({ kind: 'auth', status: 403 });
  });

  it('gets a new token once on 401 GW.AUTHN and retries the call', async () => {
    const { client } = await newApp();
    await client.lastChangedStatuses({ from: new Date(now - DAY) });
    await control('faults', { provider: 'naver', kind: 'auth_failure', count: 1 });
    const page = await client.lastChangedStatuses({ from: new Date(now - DAY) });
    expect(page.lastChangeStatuses.length).toBeGreaterThan(0);
    expect((await calls()).byEndpoint[TOKEN]).toBe(2);
    await control('faults', { provider: 'naver', kind: 'auth_failure', count: 2 });
    const error = await caught(client.lastChangedStatuses({ from: new Date(now - DAY) }));
    expect(error).toMatchObject({ kind: 'auth', status: 401, providerCode: 'GW.AUTHN' });
  });
});

describe('NaverCommerceClient product orders', () => {
  it('returns `more` on a short page and follows it to the next page', async () => {
    const { client } = await newApp();
    const range = { from: new Date(now - 10 * DAY), to: new Date(now + 1), limitCount: 4 };
    const first = await client.lastChangedStatuses(range);
    expect(first.count).toBe(4);
    expect(first.more).toEqual({ moreFrom: expect.stringMatching(/\+09:00$/), moreSequence: expect.any(String) });
    const second = await client.lastChangedStatuses({ ...range, from: first.more!.moreFrom, moreSequence: first.more!.moreSequence });
    const ids = [...first.lastChangeStatuses, ...second.lastChangeStatuses].map((c) => c.productOrderId);
    expect(new Set(ids).size).toBe(8);
  });

  it('walks every change since a date across pages and 24-hour windows', async () => {
    const { client } = await newApp();
    const changes = [];
    for await (const change of client.allLastChangedStatuses({ from: new Date(now - 10 * DAY), limitCount: 2 })) changes.push(change);
    expect(changes).toHaveLength(25);
    expect(new Set(changes.map((c) => c.productOrderId)).size).toBe(25);
    const times = changes.map((c) => Date.parse(c.lastChangedDate));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // 10 windows, and more pages than windows: `more` was followed.
    expect((await calls()).byEndpoint[FEED]).toBeGreaterThan(10);
  });

  it('queries 301 ids with exactly 2 calls', async () => {
    const { client } = await newApp();
    const seeded = [];
    for await (const change of client.allLastChangedStatuses({ from: new Date(now - 10 * DAY) })) seeded.push(change.productOrderId);
    const ids = [...seeded, ...Array.from({ length: 301 - seeded.length }, (_, i) => `2099010199${String(i).padStart(6, '0')}`)];
    const details = await client.queryProductOrders(ids);
    expect((await calls()).byEndpoint[QUERY]).toBe(2);
    expect(details.map((d) => d.productOrder.productOrderId).sort()).toEqual([...seeded].sort());
    expect(details[0].order).toMatchObject({ orderId: expect.any(String), paymentMeans: expect.any(String), generalPaymentAmount: expect.any(Number) });
    expect(await client.queryProductOrders([])).toEqual([]);
  });

  it('dispatches a paid product order, which then shows DELIVERING with its tracking number', async () => {
    const { client } = await newApp();
    const [id] = (await control('orders', { marketplace: 'NAVER', count: 1 })).created;
    expect(await client.confirmProductOrders([id])).toEqual({ successProductOrderInfos: [{ productOrderId: id, isReceiverAddressChanged: false }], failProductOrderInfos: [] });
    const result = await client.dispatchProductOrders([{ productOrderId: id, deliveryCompanyCode: 'CJGLS', trackingNumber: '612345678901' }]);
    expect(result).toEqual({ successProductOrderIds: [id], failProductOrderInfos: [] });
    const [detail] = await client.queryProductOrders([id]);
    expect(detail.productOrder.productOrderStatus).toBe('DELIVERING');
    expect(detail.delivery).toMatchObject({ deliveryCompany: 'CJGLS', trackingNumber: '612345678901' });
    const bad = await client.dispatchProductOrders([{ productOrderId: id, deliveryCompanyCode: 'CJGLS', trackingNumber: '612345678901' }]);
    expect(bad.failProductOrderInfos).toEqual([{ productOrderId: id, code: '104442', message: expect.any(String) }]);
  });

  it('confirms 35 product orders in two calls of at most 30, keeping every per-item result', async () => {
    const { client } = await newApp();
    const created: string[] = (await control('orders', { marketplace: 'NAVER', count: 35 })).created;
    const before = (await calls()).byEndpoint[CONFIRM] ?? 0;
    const result = await client.confirmProductOrders([...created, 'missing']);
    expect((await calls()).byEndpoint[CONFIRM] - before).toBe(2);
    expect(result.successProductOrderInfos.map((info) => info.productOrderId).sort()).toEqual([...created].sort());
    expect(result.failProductOrderInfos).toEqual([{ productOrderId: 'missing', code: '100001', message: expect.any(String) }]);
  });

  it('reads isReceiverAddressChanged from 발주확인 for a buyer who changed the address', async () => {
    const { client } = await newApp();
    const [id] = (await control('orders', { marketplace: 'NAVER', count: 1 })).created;
    expect((await control('orders', { marketplace: 'NAVER', kind: 'address_change', count: 1 })).changed).toEqual([id]);
    expect((await client.confirmProductOrders([id])).successProductOrderInfos).toEqual([{ productOrderId: id, isReceiverAddressChanged: true }]);
  });

  it('approves a cancellation request: the product order is CANCELED with nothing remaining', async () => {
    const { client } = await newApp();
    const [id] = (await control('orders', { marketplace: 'NAVER', count: 1 })).created;
    await client.confirmProductOrders([id]);
    expect((await control('orders', { marketplace: 'NAVER', kind: 'cancel_request', count: 1 })).changed).toEqual([id]);
    const [requested] = await client.queryProductOrders([id]);
    expect(requested.productOrder).toMatchObject({ claimType: 'CANCEL', claimStatus: 'CANCEL_REQUEST' });
    expect(requested.currentClaim?.cancel).toMatchObject({ claimStatus: 'CANCEL_REQUEST', cancelReason: expect.any(String) });
    expect(await client.approveCancellation(id)).toEqual({ successProductOrderIds: [id], failProductOrderInfos: [] });
    const [done] = await client.queryProductOrders([id]);
    expect(done.productOrder).toMatchObject({ productOrderStatus: 'CANCELED', claimStatus: 'CANCEL_DONE', remainQuantity: 0, remainPaymentAmount: 0 });
    expect((await client.approveCancellation(id)).failProductOrderInfos).toEqual([{ productOrderId: id, code: '104442', message: expect.any(String) }]);
  });
});

describe('NaverCommerceClient failures', () => {
  it('maps 429 GW.RATE_LIMIT to rate_limited with the wait the bucket headers imply', async () => {
    const { client } = await newApp();
    for (let i = 0; i < 60; i++) await client.lastChangedStatuses({ from: new Date(now - DAY) });
    const error = await caught(client.lastChangedStatuses({ from: new Date(now - DAY) }));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, providerCode: 'GW.RATE_LIMIT', retryAfterMs: 34 });
    await control('faults', { provider: 'naver', kind: 'rate_limit', count: 1 });
    const change = await caught(client.confirmProductOrders(['1']));
    expect(change).toMatchObject({ kind: 'rate_limited', retryAfterMs: 100 });
  });

  it('maps a gateway 500 to server and keeps credentials out of the message', async () => {
    const { app, client } = await newApp();
    await control('faults', { provider: 'naver', kind: 'server_error', count: 1 });
    const error = await caught(client.queryProductOrders(['1']));
    expect(error).toMatchObject({ kind: 'server', status: 500, providerCode: 'GW.INTERNAL_SERVER_ERROR' });
    expect(error.message).not.toContain(app.clientSecret);
    expect(error.message).toContain('trace');
  });
});
