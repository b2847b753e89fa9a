import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, loadFixtures, type Fixture } from '../test-support/fixtures';
import { sandboxOrders } from '../test-support/orders';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { TossClient, tossBasicAuth } from './client';
import type { TossPayment } from './types';

const secretKey = DEMO_CREDENTIALS.toss.secretKey;
/** Confirm and cancel only: the lookups' fixtures (lookup-*.json) are tested with the lookups. */
const FIXTURES = loadFixtures('toss').filter(({ name }) => /^(confirm|cancel)-/.test(name));
const CANCEL = 'POST /v1/payments/{paymentKey}/cancel';

const bodyOf = (f: Fixture) => f.request!.body as Record<string, unknown>;

describe('TossClient reads the documented confirm and cancel answers', () => {
  let server: Server;
  let client: TossClient;
  beforeAll(async () => {
    // Answers each documented request (matched by path and body) with its documented response.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const found = FIXTURES.find(({ fixture }) => fixture.request!.path === req.url && JSON.stringify(fixture.request!.body) === body);
        res.writeHead(found?.fixture.response.status ?? 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(found?.fixture.response.body ?? { code: 'NOT_FOUND', message: 'x' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new TossClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secretKey: 'test_sk_documented' });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('has the documented examples', () => {
    expect(FIXTURES.map((f) => f.name)).toEqual(['cancel-full', 'cancel-not-cancelable-amount', 'cancel-partial', 'confirm-already-processed']);
  });

  for (const { name, fixture } of FIXTURES) {
    it(`${name}: the client reads the documented ${fixture.response.status}`, async () => {
      const body = bodyOf(fixture);
      const key = fixture.request!.headers!['idempotency-key'];
      const call = fixture.request!.path === '/v1/payments/confirm'
        ? client.confirmPayment(body as { paymentKey: string; orderId: string; amount: number }, key)
        : client.cancelPayment(fixture.request!.path.split('/')[3], body as { cancelReason: string; cancelAmount?: number }, key);
      if (fixture.response.status === 200) {
        const documented = fixture.response.body as TossPayment;
        await expect(call).resolves.toMatchObject({ status: documented.status, balanceAmount: documented.balanceAmount, cancels: [expect.objectContaining({ cancelAmount: 1000 })] });
      } else {
        const error = await call.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ provider: 'toss', kind: 'bad_request', providerCode: (fixture.response.body as { code: string }).code });
      }
    });
  }
});

describe('the Toss sandbox: documented shapes, and Idempotency-Key honoured', () => {
  let sandbox: RunningSandbox;
  let client: TossClient;
  let payments: TossPayment[];
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = new TossClient({ baseUrl: `${sandbox.url}/toss`, secretKey });
    payments = [];
    for (const order of (await sandboxOrders(sandbox)).filter((o) => o.paid === 'T')) {
      const payment = await client.getPaymentByOrderId(order.order_id);
      if (payment) payments.push(payment);
    }
    expect(payments.length).toBeGreaterThan(8);
  });
  afterAll(() => sandbox.close());

  /** The fixture's request against one seeded payment: its paymentKey, orderId and amount in place of the docs' own. */
  const send = (fixture: Fixture, payment: TossPayment, idempotencyKey: string) => {
    const body = { ...bodyOf(fixture) };
    if ('paymentKey' in body) Object.assign(body, { paymentKey: payment.paymentKey, orderId: payment.orderId, amount: payment.totalAmount });
    return fetch(`${sandbox.url}/toss${fixture.request!.path.replace(/\/v1\/payments\/[^/]+\/cancel$/, `/v1/payments/${payment.paymentKey}/cancel`)}`, {
      method: 'POST',
      headers: { authorization: tossBasicAuth(secretKey), 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
  };

  FIXTURES.forEach(({ name, fixture }, i) => {
    it(`${name}: answers ${fixture.response.status} in the documented shape`, async () => {
      const response = await send(fixture, payments[i], `fixture-${name}`);
      expect(response.status).toBe(fixture.response.status);
      expectDocumentedShape(await response.json(), fixture.response.body);
    });
  });

  it('the same cancel sent twice concurrently with one Idempotency-Key refunds once and answers the same', async () => {
    const payment = payments[FIXTURES.length];
    const before = (await sandbox.calls('toss')).byEndpoint[CANCEL] ?? 0;
    const cancel = () => client.cancelPayment(payment.paymentKey, { cancelReason: '중복 요청', cancelAmount: 1000 }, 'same-key-0001');
    const [a, b] = await Promise.all([cancel(), cancel()]);
    expect((await sandbox.calls('toss')).byEndpoint[CANCEL] - before).toBe(2); // both reached Toss…
    expect(b).toEqual(a); // …and got the first answer
    expect(a.cancels).toHaveLength(1);
    const after = await client.getPayment(payment.paymentKey);
    expect(after).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: payment.totalAmount - 1000 });
    expect(after.cancels).toHaveLength(1);
  });

  it('another key is another cancel; a full cancel takes what is left and then nothing is', async () => {
    const payment = payments[FIXTURES.length + 1];
    await client.cancelPayment(payment.paymentKey, { cancelReason: '부분', cancelAmount: 1000 }, 'key-a');
    await client.cancelPayment(payment.paymentKey, { cancelReason: '부분', cancelAmount: 1000 }, 'key-b');
    const full = await client.cancelPayment(payment.paymentKey, { cancelReason: '전액' }, 'key-c');
    expect(full).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
    expect(full.cancels!.map((c) => c.cancelAmount)).toEqual([1000, 1000, payment.totalAmount - 2000]);
    await expect(client.cancelPayment(payment.paymentKey, { cancelReason: '또' }, 'key-d')).rejects.toMatchObject({ providerCode: 'ALREADY_CANCELED_PAYMENT' });
  });

  it('refuses a POST without a usable Idempotency-Key before sending it', async () => {
    await expect(client.cancelPayment('any', { cancelReason: 'x' }, '')).rejects.toMatchObject({ kind: 'bad_request' });
    await expect(client.cancelPayment('any', { cancelReason: 'x' }, 'k'.repeat(301))).rejects.toMatchObject({ kind: 'bad_request' });
  });
});
