import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { buildPortOneWebhook, signStandardWebhook, type WebhookPayment } from '../../sandbox/portone/webhooks';
import { ProviderError } from '../errors';
import { expectDocumentedShape, loadFixtures, type Fixture } from '../test-support/fixtures';
import { sandboxOrders } from '../test-support/orders';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { PortOneClient } from './client';
import { verifyPortOneWebhook } from './webhook';

const { apiSecret, webhookSecret } = DEMO_CREDENTIALS.portone;
const FIXTURES = loadFixtures('portone');
const EXAMPLE_ID = 'example-payment-id';

/** Answers each documented request with its documented response, as PortOne would: the client must read them all. */
async function serveFixtures(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const found = FIXTURES.find(({ fixture }) => fixture.request && fixture.request.method === req.method
        && fixture.request.path === req.url?.split('?')[0]
        && (fixture.request.body === undefined || (body !== '' && (JSON.parse(body) as { amount?: number }).amount === (fixture.request.body as { amount?: number }).amount)));
      res.writeHead(found?.fixture.response.status ?? 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(found?.fixture.response.body ?? { type: 'NOT_FOUND' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('PortOneClient reads the documented examples', () => {
  let served: { url: string; server: Server };
  let client: PortOneClient;
  beforeAll(async () => {
    served = await serveFixtures();
    client = new PortOneClient({ baseUrl: served.url, apiSecret: 'documented-secret' });
  });
  afterAll(() => new Promise<void>((resolve) => served.server.close(() => resolve())));

  it('parses the documented paid payment', async () => {
    await expect(client.getPayment(EXAMPLE_ID)).resolves.toMatchObject({ status: 'PAID', id: EXAMPLE_ID, amount: { total: 58000 } });
  });

  it('reads the documented 404 PAYMENT_NOT_FOUND as "no payment"', async () => {
    await expect(client.getPayment('no-such-payment-id')).resolves.toBeNull();
  });

  it('parses the documented cancellation and names the documented refusal', async () => {
    await expect(client.cancelPayment({ paymentId: EXAMPLE_ID, amount: 1000, reason: '고객 요청' })).resolves.toMatchObject({ status: 'SUCCEEDED', totalAmount: 1000 });
    const refusal = await client.cancelPayment({ paymentId: EXAMPLE_ID, amount: 100000000, reason: '고객 요청' }).catch((e) => e);
    expect(refusal).toBeInstanceOf(ProviderError);
    expect(refusal).toMatchObject({ provider: 'portone', kind: 'bad_request', status: 409, providerCode: 'CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT' });
  });

  it('verifies the documented webhook body once signed, and refuses it signed with another secret', async () => {
    const documented = FIXTURES.find((f) => f.name === 'webhook-transaction-cancelled')!.fixture.response.body as { data: Record<string, string> };
    const body = JSON.stringify(documented);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'msg_documented_0001', 'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(webhookSecret, 'msg_documented_0001', timestamp, body),
    };
    await expect(verifyPortOneWebhook([webhookSecret], body, headers)).resolves.toMatchObject({
      webhookId: headers['webhook-id'], type: 'Transaction.Cancelled', paymentId: EXAMPLE_ID,
    });
    const other = `whsec_${Buffer.from('another-secret-entirely').toString('base64')}`;
    await expect(verifyPortOneWebhook([other], body, headers)).resolves.toBeNull();
  });
});

describe('the sandbox answers the documented requests in the documented shapes', () => {
  let sandbox: RunningSandbox;
  let paymentId: string;
  /** Another one, for the cancels: the lookups must find the first one untouched. */
  let cancelledId: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    [paymentId, cancelledId] = await portonePayments(sandbox);
  });
  afterAll(() => sandbox.close());

  const send = (fixture: Fixture) => {
    const request = fixture.request!;
    return fetch(`${sandbox.url}${request.path.replace(EXAMPLE_ID, encodeURIComponent(request.method === 'POST' ? cancelledId : paymentId))}`, {
      method: request.method,
      headers: { authorization: `PortOne ${apiSecret}` },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  };

  for (const { name, fixture } of FIXTURES.filter((f) => f.fixture.request)) {
    it(`${name}: ${fixture.request!.method} ${fixture.request!.path}`, async () => {
      const response = await send(fixture);
      expect(response.status).toBe(fixture.response.status);
      expectDocumentedShape(await response.json(), fixture.response.body);
    });
  }

  it('webhook-transaction-cancelled: the webhooks the sandbox builds have the documented body', async () => {
    // The payment the cancel fixture cancelled part of (the cases above run first, in order).
    const payment = await (await fetch(`${sandbox.url}/payments/${encodeURIComponent(cancelledId)}`, { headers: { authorization: `PortOne ${apiSecret}` } })).json();
    const built = buildPortOneWebhook(payment as WebhookPayment, 'Transaction.Cancelled', webhookSecret);
    expectDocumentedShape(JSON.parse(built.body), FIXTURES.find((f) => f.name === 'webhook-transaction-cancelled')!.fixture.response.body);
    await expect(verifyPortOneWebhook([webhookSecret], built.body, built.headers)).resolves.toMatchObject({ paymentId: cancelledId, type: 'Transaction.Cancelled' });
  });
});

/** The seeded PortOne payments: paid orders of the shared mall that Toss does not have. */
async function portonePayments(sandbox: RunningSandbox): Promise<string[]> {
  const ids: string[] = [];
  for (const order of (await sandboxOrders(sandbox)).filter((o) => o.paid === 'T')) {
    const response = await fetch(`${sandbox.url}/payments/${encodeURIComponent(order.order_id)}`, { headers: { authorization: `PortOne ${apiSecret}` } });
    if (response.status === 200) ids.push(order.order_id);
  }
  if (ids.length < 2) throw new Error('the sandbox has fewer than two PortOne payments');
  return ids;
}

describe('PortOneClient against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: PortOneClient;
  let paymentId: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = new PortOneClient({ baseUrl: sandbox.url, apiSecret });
    [paymentId] = await portonePayments(sandbox);
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.control('reset', {}));

  it('looks a payment up, cancels part of it, and refuses a cancel whose cancellable amount is stale', async () => {
    const payment = await client.getPayment(paymentId);
    expect(payment).toMatchObject({ status: 'PAID', id: paymentId });
    const total = (payment as { amount: { total: number } }).amount.total;
    await expect(client.cancelPayment({ paymentId, amount: 500, reason: '부분 환불', currentCancellableAmount: total })).resolves.toMatchObject({ totalAmount: 500 });
    await expect(client.getPayment(paymentId)).resolves.toMatchObject({ status: 'PARTIAL_CANCELLED', amount: { cancelled: 500 } });
    // A retry of that cancel, still believing the whole amount is left: refused, nothing refunded twice.
    const retry = await client.cancelPayment({ paymentId, amount: 500, reason: '부분 환불', currentCancellableAmount: total }).catch((e) => e);
    expect(retry).toMatchObject({ kind: 'bad_request', providerCode: 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN' });
    await expect(client.getPayment(paymentId)).resolves.toMatchObject({ amount: { cancelled: 500 } });
  });

  it('maps an unknown secret to an auth error without quoting it', async () => {
    const secret = 'portone_secret_nobody_registered_0000';
    const error = await new PortOneClient({ baseUrl: sandbox.url, apiSecret: secret }).getPayment(paymentId).catch((e) => e);
    expect(error).toMatchObject({ provider: 'portone', kind: 'auth', providerCode: 'UNAUTHORIZED' });
    expect(error.message).not.toContain(secret);
  });

  it('maps the rate-limit fault to rate_limited and a PG failure to server', async () => {
    await sandbox.control('faults', { provider: 'portone', kind: 'rate_limit', count: 1 });
    await expect(client.getPayment(paymentId)).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: expect.any(Number) });
    await sandbox.control('faults', { provider: 'portone', kind: 'server_error', count: 1 });
    await expect(client.getPayment(paymentId)).rejects.toMatchObject({ kind: 'server', providerCode: 'PG_PROVIDER' });
  });

  it('gives up after its timeout when PortOne does not answer', async () => {
    await sandbox.control('faults', { provider: 'portone', kind: 'timeout', count: 1 });
    const impatient = new PortOneClient({ baseUrl: sandbox.url, apiSecret, timeoutMs: 200 });
    await expect(impatient.getPayment(paymentId)).rejects.toMatchObject({ provider: 'portone', kind: 'timeout' });
  });
});
