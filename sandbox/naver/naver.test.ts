import bcrypt from 'bcryptjs';
import { DEMO_CREDENTIALS } from '../demo';
import { startSandbox, type Sandbox } from '../server';
import { control, fixedClock, readJson, T0 } from '../testing';
import { DEMO_NAVER_CREDENTIALS as app } from './demo';

let sandbox: Sandbox;
let now = T0;

beforeEach(async () => {
  now = T0;
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterEach(() => sandbox.close());

const base = () => `${sandbox.url}/naver`;
const FEED = '/v1/pay-order/seller/product-orders/last-changed-statuses';
const QUERY = '/v1/pay-order/seller/product-orders/query';
const kst = (ms: number) => `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 23)}+09:00`;

/** Written from providers/naver/README.md here, independently of any client: base64(bcrypt(id_timestamp, secret)). */
function sign(clientId: string, secret: string, timestamp: number, alphabet: 'base64' | 'base64url' = 'base64'): string {
  return Buffer.from(bcrypt.hashSync(`${clientId}_${timestamp}`, secret)).toString(alphabet);
}

function tokenCall(fields: Record<string, string>) {
  return fetch(`${base()}/v1/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

function tokenFields(timestamp = now, overrides: Record<string, string> = {}) {
  return {
    client_id: app.clientId, timestamp: String(timestamp), grant_type: 'client_credentials',
    client_secret_sign: sign(app.clientId, app.clientSecret, timestamp), type: 'SELF', ...overrides,
  };
}

async function token(): Promise<string> {
  return (await readJson(await tokenCall(tokenFields()))).access_token;
}

async function advance(ms: number) {
  now = (await control(sandbox, 'clock', { advanceMs: ms })).body.now;
}

function feed(accessToken: string, params: Record<string, string>) {
  return fetch(`${base()}${FEED}?${new URLSearchParams(params).toString()}`, { headers: { authorization: `Bearer ${accessToken}` } });
}

function post(path: string, accessToken: string, body: unknown) {
  return fetch(`${base()}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function allChanges(accessToken: string, from: number, to: number, limitCount: number): Promise<{ pages: number; items: any[] }> {
  const items: any[] = [];
  let params: Record<string, string> = { lastChangedFrom: kst(from), lastChangedTo: kst(to), limitCount: String(limitCount) };
  for (let pages = 1; ; pages++) {
    const body = await readJson(await feed(accessToken, params));
    items.push(...body.data.lastChangeStatuses);
    if (!body.data.more) return { pages, items };
    params = { ...params, lastChangedFrom: body.data.more.moreFrom, moreSequence: body.data.more.moreSequence };
  }
}

describe('Naver token', () => {
  it('issues a 3-hour bearer token for a bcrypt signature in either base64 alphabet', async () => {
    const res = await tokenCall(tokenFields());
    expect(res.status).toBe(200);
    expect(res.headers.get('gncp-gw-trace-id')).toEqual(expect.any(String));
    expect(await readJson(res)).toEqual({ access_token: expect.any(String), expires_in: 10800, token_type: 'Bearer' });
    const urlSafe = await tokenCall(tokenFields(now, { client_secret_sign: sign(app.clientId, app.clientSecret, now, 'base64url') }));
    expect(urlSafe.status).toBe(200);
  });

  it('refuses a signature made with another secret, and a timestamp older than 5 minutes, with 403', async () => {
    const otherSalt = bcrypt.genSaltSync(4);
    const wrong = await tokenCall(tokenFields(now, { client_secret_sign: sign(app.clientId, otherSalt, now) }));
    expect(wrong.status).toBe(403);
    const body = await readJson(wrong);
    expect(body).toEqual({ code: expect.any(String), message: expect.any(String), timestamp: expect.stringMatching(/\+09:00$/), traceId: expect.any(String) });
    expect(wrong.headers.get('gncp-gw-trace-id')).toBe(body.traceId);

    const stale = now - 5 * 60_000 - 1;
    expect((await tokenCall(tokenFields(stale))).status).toBe(403);
    expect((await tokenCall(tokenFields(now - 4 * 60_000))).status).toBe(200);
  });

  it('answers 400 for a missing field and for a SELLER token without account_id', async () => {
    const { client_secret_sign: _omitted, ...noSign } = tokenFields();
    expect((await tokenCall(noSign)).status).toBe(400);
    expect((await tokenCall(tokenFields(now, { type: 'SELLER' }))).status).toBe(400);
    expect((await tokenCall(tokenFields(now, { type: 'SELLER', account_id: 'seller-1' }))).status).toBe(200);
  });

  it('hands back the same token while more than 30 minutes remain, then a new one; the old one works until expiry', async () => {
    const first = await token();
    await advance(2 * 3_600_000);
    const again = await readJson(await tokenCall(tokenFields()));
    expect(again.access_token).toBe(first);
    expect(again.expires_in).toBe(3600);
    await advance(31 * 60_000);
    const second = await token();
    expect(second).not.toBe(first);
    const range = { lastChangedFrom: kst(now - 3_600_000) };
    expect((await feed(first, range)).status).toBe(200);
    await advance(30 * 60_000);
    const expired = await feed(first, range);
    expect(expired.status).toBe(401);
    expect((await readJson(expired)).code).toBe('GW.AUTHN');
    expect((await feed(second, range)).status).toBe(200);
  });

  it('refuses to register a client secret that is not a bcrypt salt', async () => {
    const res = await control(sandbox, 'credentials', { provider: 'naver', credentials: { clientId: 'x', clientSecret: 'plain-secret' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(res.body)).toContain('bcrypt salt');
  });
});

describe('Naver product orders', () => {
  let accessToken: string;
  beforeEach(async () => {
    accessToken = await token();
  });

  it('pages the change feed with `more`, sorted by change date then product order id, 25 seeded changes in 10 days', async () => {
    const { pages, items } = await allChanges(accessToken, T0 - 10 * 86_400_000, T0 + 1, 4);
    expect(pages).toBe(7);
    expect(items).toHaveLength(25);
    const keys = items.map((i) => `${Date.parse(i.lastChangedDate)}:${i.productOrderId}`);
    expect(new Set(keys).size).toBe(25);
    expect([...keys].sort()).toEqual(keys);
    const statuses = new Set(items.map((i) => i.productOrderStatus));
    expect([...statuses].sort()).toEqual(['DELIVERED', 'DELIVERING', 'PAYED', 'PURCHASE_DECIDED']);
    const last = await readJson(await feed(accessToken, { lastChangedFrom: kst(T0 - 10 * 86_400_000), lastChangedTo: kst(T0 + 1) }));
    expect(last.data.count).toBe(25);
    expect(last.data.more).toBeUndefined();
  });

  it('keeps paging exact when many changes share one instant', async () => {
    await advance(60_000);
    const created = (await control(sandbox, 'orders', { marketplace: 'NAVER', count: 7 })).body.created;
    const { pages, items } = await allChanges(accessToken, now, now + 1, 3);
    expect(pages).toBe(3);
    expect(items.map((i) => i.productOrderId)).toEqual([...created].sort());
    expect(items.every((i) => i.lastChangedDate === kst(now) && i.productOrderStatus === 'PAYED')).toBe(true);
  });

  it('refuses a lastChangedFrom without offset and a limitCount above 300', async () => {
    const noOffset = await feed(accessToken, { lastChangedFrom: '2026-01-15T10:00:00.000' });
    expect(noOffset.status).toBe(400);
    expect(await readJson(noOffset)).toMatchObject({ code: expect.any(String), traceId: expect.any(String) });
    expect((await feed(accessToken, { lastChangedFrom: kst(T0 - 3_600_000), limitCount: '301' })).status).toBe(400);
  });

  it('details up to 300 product orders with order, productOrder and delivery parts, refusing 301', async () => {
    const { items } = await allChanges(accessToken, T0 - 10 * 86_400_000, T0 + 1, 300);
    const res = await post(QUERY, accessToken, { productOrderIds: [...items.map((i) => i.productOrderId), 'nope'], quantityClaimCompatibility: true });
    expect(res.status).toBe(200);
    const { data } = await readJson(res);
    expect(data).toHaveLength(25);
    const shipped = data.find((d: any) => d.productOrder.productOrderStatus === 'DELIVERING');
    expect(shipped.order).toMatchObject({ orderId: expect.stringMatching(/^\d{16}$/), ordererName: expect.any(String), generalPaymentAmount: expect.any(Number) });
    expect(Number.isInteger(shipped.productOrder.totalPaymentAmount)).toBe(true);
    expect(shipped.delivery).toMatchObject({ deliveryMethod: 'DELIVERY', trackingNumber: expect.stringMatching(/^\d+$/), deliveredDate: null });
    expect(data.find((d: any) => d.productOrder.productOrderStatus === 'PAYED').delivery).toBeUndefined();
    const tooMany = await post(QUERY, accessToken, { productOrderIds: Array.from({ length: 301 }, (_, i) => String(i)) });
    expect(tooMany.status).toBe(400);
  });

  it('dispatches a paid product order: DELIVERING with the tracking number, and a parcel Sweet Tracker can track', async () => {
    const [id] = (await control(sandbox, 'orders', { marketplace: 'NAVER', count: 1 })).body.created;
    const confirmed = await readJson(await post('/v1/pay-order/seller/product-orders/confirm', accessToken, { productOrderIds: [id, 'missing'] }));
    expect(confirmed.data.successProductOrderInfos).toEqual([{ productOrderId: id, isReceiverAddressChanged: false }]);
    expect(confirmed.data.failProductOrderInfos).toEqual([{ productOrderId: 'missing', code: '100001', message: expect.any(String) }]);
    await advance(60_000);
    const dispatched = await readJson(await post('/v1/pay-order/seller/product-orders/dispatch', accessToken, {
      dispatchProductOrders: [{ productOrderId: id, deliveryMethod: 'DELIVERY', deliveryCompanyCode: 'HANJIN', trackingNumber: '412345678901', dispatchDate: kst(now) }],
    }));
    expect(dispatched.data).toEqual({ successProductOrderIds: [id], failProductOrderInfos: [] });

    const [detail] = (await readJson(await post(QUERY, accessToken, { productOrderIds: [id] }))).data;
    expect(detail.productOrder).toMatchObject({ productOrderStatus: 'DELIVERING', placeOrderStatus: 'OK' });
    expect(detail.delivery).toMatchObject({ deliveryCompany: 'HANJIN', trackingNumber: '412345678901', sendDate: kst(now) });
    const change = (await readJson(await feed(accessToken, { lastChangedFrom: kst(now), lastChangedType: 'DISPATCHED' }))).data.lastChangeStatuses;
    expect(change.map((c: any) => c.productOrderId)).toEqual([id]);

    const tracking = await fetch(`${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=${DEMO_CREDENTIALS.sweettracker.apiKey}&t_code=05&t_invoice=412345678901`);
    expect(await readJson(tracking)).toMatchObject({ invoiceNo: '412345678901', complete: false });

    const again = await readJson(await post('/v1/pay-order/seller/product-orders/dispatch', accessToken, {
      dispatchProductOrders: [{ productOrderId: id, deliveryMethod: 'DELIVERY', deliveryCompanyCode: 'HANJIN', trackingNumber: '412345678901', dispatchDate: kst(now) }],
    }));
    expect(again.data.failProductOrderInfos[0]).toMatchObject({ productOrderId: id });
  });

  it('walks a product order through DELIVERING, DELIVERED and PURCHASE_DECIDED on status_change', async () => {
    await advance(60_000);
    const [id] = (await control(sandbox, 'orders', { marketplace: 'NAVER', count: 1 })).body.created;
    const detail = async () => (await readJson(await post(QUERY, accessToken, { productOrderIds: [id] }))).data[0];
    // 30 exceeds the product orders not yet decided, so every step moves the new one too.
    const seen: string[] = [];
    for (let step = 0; step < 4 && seen.at(-1) !== 'PURCHASE_DECIDED'; step++) {
      await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'status_change', count: 30 });
      seen.push((await detail()).productOrder.productOrderStatus);
    }
    expect(seen).toEqual(['DELIVERING', 'DELIVERED', 'PURCHASE_DECIDED']);
    const final = await detail();
    expect(final.delivery).toMatchObject({ deliveryCompany: 'CJGLS', deliveryStatus: 'DELIVERY_COMPLETION', deliveredDate: kst(now) });
    const tracking = await readJson(await fetch(`${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=${DEMO_CREDENTIALS.sweettracker.apiKey}&t_code=04&t_invoice=${final.delivery.trackingNumber}`));
    expect(tracking.complete).toBe(true);
  });
});

describe('Naver gateway limits', () => {
  it('throttles each API per application with a token bucket of twice the rate, refilled by the clock', async () => {
    const accessToken = await token();
    const range = { lastChangedFrom: kst(T0 - 3_600_000) };
    for (let i = 1; i <= 60; i++) {
      const res = await feed(accessToken, range);
      expect(res.status).toBe(200);
      expect(res.headers.get('gncp-gw-ratelimit-remaining')).toBe(String(60 - i));
    }
    const over = await feed(accessToken, range);
    expect(over.status).toBe(429);
    expect((await readJson(over)).code).toBe('GW.RATE_LIMIT');
    expect(over.headers.get('gncp-gw-ratelimit-replenish-rate')).toBe('30');
    expect(over.headers.get('gncp-gw-ratelimit-burst-capacity')).toBe('60');
    expect(over.headers.get('gncp-gw-ratelimit-remaining')).toBe('0');
    // Another API has its own bucket, with the slower order-change rate.
    const confirm = await post('/v1/pay-order/seller/product-orders/confirm', accessToken, { productOrderIds: ['x'] });
    expect(confirm.headers.get('gncp-gw-ratelimit-replenish-rate')).toBe('10');
    await advance(100); // 3 tokens at 30/s
    for (let i = 0; i < 3; i++) expect((await feed(accessToken, range)).status).toBe(200);
    expect((await feed(accessToken, range)).status).toBe(429);
    await control(sandbox, 'reset', {});
    expect((await feed(accessToken, range)).status).toBe(200);
  });

  it('answers injected faults in the gateway shape and counts calls by the application secret', async () => {
    const accessToken = await token();
    await control(sandbox, 'faults', { provider: 'naver', kind: 'rate_limit', count: 1 });
    const limited = await feed(accessToken, { lastChangedFrom: kst(T0 - 3_600_000) });
    expect(limited.status).toBe(429);
    const body = await readJson(limited);
    expect(body).toEqual({ code: 'GW.RATE_LIMIT', message: expect.any(String), timestamp: expect.any(String), traceId: limited.headers.get('gncp-gw-trace-id') });
    expect(limited.headers.get('gncp-gw-ratelimit-remaining')).toBe('0');
    await control(sandbox, 'faults', { provider: 'naver', kind: 'auth_failure', count: 1 });
    expect((await readJson(await feed(accessToken, { lastChangedFrom: kst(T0) }))).code).toBe('GW.AUTHN');
    await control(sandbox, 'faults', { provider: 'naver', kind: 'server_error', count: 1 });
    expect((await feed(accessToken, { lastChangedFrom: kst(T0) })).status).toBe(500);
    const calls = (await control(sandbox, 'calls')).body.naver;
    expect(calls.byCredential[app.clientSecret.slice(-4)]).toBe(calls.total);
    expect(calls.byEndpoint[`GET ${FEED}`]).toBe(3);
    expect((await readJson(await fetch(`${base()}/v1/nowhere`))).code).toBe('GW.NOT_FOUND');
  });
});

describe('Naver order changes and claims', () => {
  const PO = '/v1/pay-order/seller/product-orders';
  let accessToken: string;
  beforeEach(async () => {
    accessToken = await token();
  });
  const detail = async (id: string) => (await readJson(await post(QUERY, accessToken, { productOrderIds: [id] }))).data[0];

  it('refuses more than 30 product orders per 발주확인 or 발송처리 with a 400 of code 4000 naming the field', async () => {
    const ids = (await control(sandbox, 'orders', { marketplace: 'NAVER', count: 31 })).body.created as string[];
    const confirm = await post(`${PO}/confirm`, accessToken, { productOrderIds: ids });
    expect(confirm.status).toBe(400);
    expect(await readJson(confirm)).toMatchObject({ code: '4000', traceId: expect.any(String), invalidInputs: [{ name: 'productOrderIds' }] });
    const items = ids.map((productOrderId) => ({ productOrderId, deliveryMethod: 'DIRECT_DELIVERY', dispatchDate: kst(now) }));
    const dispatch = await post(`${PO}/dispatch`, accessToken, { dispatchProductOrders: items });
    expect(dispatch.status).toBe(400);
    expect((await readJson(dispatch)).invalidInputs).toEqual([expect.objectContaining({ name: 'dispatchProductOrders' })]);
    expect((await detail(ids[0])).productOrder.placeOrderStatus).toBe('NOT_YET');
    const thirty = await readJson(await post(`${PO}/confirm`, accessToken, { productOrderIds: ids.slice(0, 30) }));
    expect(thirty.data.successProductOrderInfos).toHaveLength(30);
  });

  it('cancels at once what the seller has not confirmed, and waits for approval of what it has', async () => {
    const [unconfirmed] = (await control(sandbox, 'orders', { marketplace: 'NAVER', count: 1 })).body.created;
    await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'cancel_request', count: 1 });
    expect((await detail(unconfirmed)).productOrder).toMatchObject({ productOrderStatus: 'CANCELED', claimType: 'CANCEL', claimStatus: 'CANCEL_DONE' });
    const [confirmed] = (await control(sandbox, 'orders', { marketplace: 'NAVER', count: 1 })).body.created;
    await post(`${PO}/confirm`, accessToken, { productOrderIds: [confirmed] });
    await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'cancel_request', count: 1 });
    const requested = await detail(confirmed);
    expect(requested.productOrder).toMatchObject({ productOrderStatus: 'PAYED', claimStatus: 'CANCEL_REQUEST', remainQuantity: requested.productOrder.quantity });
    expect(requested.currentClaim.cancel).toEqual(requested.cancel);
    const dispatched = await readJson(await post(`${PO}/dispatch`, accessToken, {
      dispatchProductOrders: [{ productOrderId: confirmed, deliveryMethod: 'DIRECT_DELIVERY', dispatchDate: kst(now) }],
    }));
    expect(dispatched.data.failProductOrderInfos).toEqual([{ productOrderId: confirmed, code: '104442', message: expect.stringContaining('CANCEL_REQUEST') }]);
    const approved = await readJson(await post(`${PO}/${confirmed}/claim/cancel/approve`, accessToken, undefined));
    expect(approved.data).toEqual({ successProductOrderIds: [confirmed], failProductOrderInfos: [] });
    expect((await detail(confirmed)).productOrder).toMatchObject({ productOrderStatus: 'CANCELED', remainQuantity: 0, remainPaymentAmount: 0 });
  });

  it('collects a return on status_change, then approves it (반품 승인) or refuses one only with a reason', async () => {
    const decided = async () => {
      const [id] = (await control(sandbox, 'orders', { marketplace: 'NAVER', count: 1 })).body.created;
      await post(`${PO}/dispatch`, accessToken, { dispatchProductOrders: [{ productOrderId: id, deliveryMethod: 'DIRECT_DELIVERY', dispatchDate: kst(now) }] });
      return id as string;
    };
    const id = await decided();
    await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'status_change', count: 100 });
    expect((await detail(id)).productOrder.productOrderStatus).toBe('DELIVERED');
    expect((await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'return_request', count: 1 })).body.changed).toEqual([id]);
    const early = await readJson(await post(`${PO}/${id}/claim/return/approve`, accessToken, undefined));
    expect(early.data.failProductOrderInfos[0]).toMatchObject({ productOrderId: id, code: '104442' });
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      await advance(1000);
      await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'status_change', count: 100 });
      seen.push((await detail(id)).productOrder.claimStatus);
    }
    expect(seen).toEqual(['COLLECTING', 'COLLECT_DONE']);
    expect((await readJson(await post(`${PO}/${id}/claim/return/approve`, accessToken, undefined))).data.successProductOrderIds).toEqual([id]);
    expect((await detail(id)).productOrder).toMatchObject({ productOrderStatus: 'RETURNED', claimStatus: 'RETURN_DONE', remainQuantity: 0 });

    const other = await decided();
    await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'status_change', count: 100 });
    await control(sandbox, 'orders', { marketplace: 'NAVER', kind: 'return_request', count: 1 });
    const noReason = await readJson(await post(`${PO}/${other}/claim/return/reject`, accessToken, {}));
    expect(noReason.data.failProductOrderInfos[0]).toMatchObject({ code: '4000' });
    const refused = await readJson(await post(`${PO}/${other}/claim/return/reject`, accessToken, { rejectReturnReason: '착용 흔적이 있습니다.' }));
    expect(refused.data.successProductOrderIds).toEqual([other]);
    expect((await detail(other)).productOrder).toMatchObject({ productOrderStatus: 'DELIVERED', claimStatus: 'RETURN_REJECT' });
  });
});
