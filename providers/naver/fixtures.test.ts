// The documented Naver examples (providers/naver/fixtures/) hold both sides: the client parses each documented answer
// (served as is by a stub), sending the documented request, and the sandbox answers the same request with the
// same shape (providers/test-support/fixtures.ts). A drift on either side fails here.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectDocumentedShape, fixture, loadFixtures, type Fixture } from '../test-support/fixtures';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { DEMO_NAVER_CREDENTIALS as app } from '../../sandbox/naver/demo';
import { NaverCommerceClient } from './client';
import { signNaverClientSecret } from './sign';
import { NaverTokenSource } from './token';

const DOC_ID = '2023011612345679';
const T = '2023-01-16T17:14:51.794+09:00';
const data = (name: string) => (fixture('naver', name).response.body as { data: unknown }).data;

/** Each fixture's call through the client, and what the client must make of the documented answer. */
const CLIENT_CALLS: Record<string, { call: (client: NaverCommerceClient) => Promise<unknown>; expected: () => unknown }> = {
  'last-changed-statuses': {
    call: (client) => client.lastChangedStatuses({ from: '2023-01-16T17:00:00.000+09:00', limitCount: 1 }),
    expected: () => data('last-changed-statuses'),
  },
  'product-orders-query': { call: (client) => client.queryProductOrders([DOC_ID]), expected: () => data('product-orders-query') },
  'product-orders-query-claim': { call: (client) => client.queryProductOrders([DOC_ID]), expected: () => data('product-orders-query-claim') },
  confirm: { call: (client) => client.confirmProductOrders([DOC_ID, '2023011612345680']), expected: () => data('confirm') },
  dispatch: {
    call: (client) => client.dispatchProductOrders(['612345678901', '612345678902'].map((trackingNumber, i) => ({
      productOrderId: i === 0 ? DOC_ID : '2023011612345680', deliveryCompanyCode: 'CJGLS', trackingNumber, dispatchDate: T,
    }))),
    expected: () => data('dispatch'),
  },
  'cancel-approve': { call: (client) => client.approveCancellation(DOC_ID), expected: () => data('cancel-approve') },
  'return-approve': { call: (client) => client.approveReturn(DOC_ID), expected: () => data('return-approve') },
};

describe('the client reads every documented Naver answer and sends the documented request', () => {
  let server: http.Server;
  let baseUrl: string;
  let answer: Fixture;
  const sent: Array<{ method: string; path: string; body: unknown }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0];
        const isToken = path === '/v1/oauth2/token';
        if (!isToken) sent.push({ method: req.method ?? '', path, body: raw ? JSON.parse(raw) : undefined });
        const reply = isToken ? fixture('naver', 'token') : answer;
        res.writeHead(reply.response.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.response.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('there is a fixture for every call, and a call for every fixture but the token', () => {
    // The product fixtures are held to by providers/naver/products.test.ts.
    const elsewhere = ['token', 'products-search', 'settle-daily', 'origin-product-read', 'option-stock', 'origin-product-update'];
    expect(loadFixtures('naver').map((f) => f.name).filter((name) => !elsewhere.includes(name)).sort()).toEqual(Object.keys(CLIENT_CALLS).sort());
  });

  test('token: the documented answer gives the access token', async () => {
    const tokens = new NaverTokenSource({ baseUrl, clientId: app.clientId, clientSecret: app.clientSecret, now: Date.now });
    expect(await tokens.get()).toBe((fixture('naver', 'token').response.body as { access_token: string }).access_token);
  });

  test.each(Object.keys(CLIENT_CALLS))('%s', async (name) => {
    answer = fixture('naver', name);
    sent.length = 0;
    const parsed = await CLIENT_CALLS[name].call(new NaverCommerceClient({ baseUrl, ...app }));
    expect(parsed).toEqual(CLIENT_CALLS[name].expected());
    expect(sent).toHaveLength(1);
    const documented = answer.request!;
    expect(sent[0]).toMatchObject({ method: documented.method, path: documented.path });
    if (documented.body !== undefined) expectDocumentedShape(sent[0].body, documented.body);
    else expect(sent[0].body).toBeUndefined();
  });
});

describe('the sandbox answers every documented Naver request with the documented shape', () => {
  let sandbox: RunningSandbox;
  let accessToken: string;
  const naver = (path: string) => `${sandbox.url}/naver${path}`;
  const post = (path: string, body?: unknown) => fetch(naver(path), {
    method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const newOrder = async (): Promise<string> => ((await sandbox.control('orders', { marketplace: 'NAVER', count: 1 })) as { created: string[] }).created[0];
  const confirmed = async () => {
    const id = await newOrder();
    await post('/v1/pay-order/seller/product-orders/confirm', { productOrderIds: [id] });
    return id;
  };
  const cancelRequested = async () => {
    const id = await confirmed();
    await sandbox.control('orders', { marketplace: 'NAVER', kind: 'cancel_request', count: 1 });
    return id;
  };
  const dispatched = async () => {
    const id = await confirmed();
    await post('/v1/pay-order/seller/product-orders/dispatch', {
      dispatchProductOrders: [{ productOrderId: id, deliveryMethod: 'DELIVERY', deliveryCompanyCode: 'CJGLS', trackingNumber: `6${String(Date.now()).slice(-11)}`, dispatchDate: new Date().toISOString() }],
    });
    return id;
  };
  /** The sandbox product order each fixture's documented id stands for (null: the request is sent as documented). */
  const SETUP: Record<string, () => Promise<string | null>> = {
    'last-changed-statuses': async () => null,
    'product-orders-query': dispatched,
    'product-orders-query-claim': cancelRequested,
    confirm: newOrder,
    dispatch: newOrder,
    'cancel-approve': cancelRequested,
    'return-approve': newOrder,
  };
  /** Values the documentation shows that a product order without them answers as null. */
  const NULLABLE = ['data[].productOrder.productOption', 'data[].productOrder.optionCode', 'data[].productOrder.placeOrderDate', 'data[].delivery.deliveredDate'];

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const timestamp = Date.now();
    const form = new URLSearchParams({
      ...(fixture('naver', 'token').request!.body as Record<string, string>),
      client_id: app.clientId, timestamp: String(timestamp), client_secret_sign: signNaverClientSecret(app.clientId, app.clientSecret, timestamp),
    });
    const res = await fetch(naver('/v1/oauth2/token'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    const body = await res.json();
    expect(res.status).toBe(fixture('naver', 'token').response.status);
    expectDocumentedShape(body, fixture('naver', 'token').response.body);
    accessToken = (body as { access_token: string }).access_token;
  });
  afterAll(() => sandbox?.close());

  test.each(Object.keys(SETUP))('%s', async (name) => {
    const documented = fixture('naver', name);
    const id = await SETUP[name]();
    const request = JSON.parse(id ? JSON.stringify(documented.request).replaceAll(DOC_ID, id) : JSON.stringify(documented.request)) as Fixture['request'] & object;
    // The feed is asked over the last 10 days, where the sandbox's seeded changes are: more than the one asked for.
    const query = name === 'last-changed-statuses' ? { ...request.query, lastChangedFrom: new Date(Date.now() - 10 * 86_400_000).toISOString(), lastChangedTo: new Date().toISOString() } : request.query;
    const url = `${request.path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
    const res = request.method === 'GET' ? await fetch(naver(url), { headers: { authorization: `Bearer ${accessToken}` } }) : await post(url, request.body);
    expect(res.status).toBe(documented.response.status);
    const body = await res.json();
    expectDocumentedShape(body, documented.response.body, { nullable: NULLABLE });
    // Naver's numeric failure codes, not only their shape.
    const codes = (b: unknown) => ((b as { data?: { failProductOrderInfos?: Array<{ code: string }> } }).data?.failProductOrderInfos ?? []).map((f) => f.code);
    expect(codes(body)).toEqual(codes(documented.response.body));
  });
});
