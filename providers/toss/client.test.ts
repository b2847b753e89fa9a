import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { sandboxOrders } from '../test-support/orders';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { TossClient } from './client';

describe('TossClient against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: TossClient;
  const secretKey = DEMO_CREDENTIALS.toss.secretKey;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = new TossClient({ baseUrl: `${sandbox.url}/toss`, secretKey });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {});
  });

  it('finds the payment of a seeded paid order and looks it up again by paymentKey', async () => {
    const paid = (await sandboxOrders(sandbox)).filter((order) => order.paid === 'T');
    expect(paid.length).toBeGreaterThan(0);
    let payment = null;
    for (const order of paid) {
      payment = await client.getPaymentByOrderId(order.order_id);
      if (payment) break;
    }
    expect(payment).not.toBeNull();
    expect(payment).toMatchObject({ status: 'DONE', totalAmount: expect.any(Number), paymentKey: expect.any(String) });
    if (!payment) throw new Error('no paid order has a Toss payment'); // unreachable after the expect above; narrows
    const again = await client.getPayment(payment.paymentKey);
    expect(again.orderId).toBe(payment.orderId);
  });

  it('returns null for an order Toss never saw', async () => {
    await expect(client.getPaymentByOrderId('no-such-order-0000')).resolves.toBeNull();
  });

  it('returns null for an order Toss answers 404 NOT_FOUND for (a mall order not paid through Toss)', async () => {
    const unpaid = (await sandboxOrders(sandbox)).find((order) => order.paid !== 'T');
    expect(unpaid).toBeDefined();
    await expect(client.getPaymentByOrderId(unpaid!.order_id)).resolves.toBeNull();
  });

  it('is refused with 403 INCORRECT_BASIC_AUTH_FORMAT when the colon after the key is missing', async () => {
    // By hand, without the client: proves the sandbox checks the format the client takes care of.
    const response = await fetch(`${sandbox.url}/toss/v1/payments/orders/no-such-order-0000`, {
      headers: { authorization: `Basic ${Buffer.from(secretKey).toString('base64')}` },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'INCORRECT_BASIC_AUTH_FORMAT' });
  });

  it('maps an unknown secret key to an auth error without quoting the key', async () => {
    const wrongKey = 'test_sk_not_registered_anywhere_123';
    const wrong = new TossClient({ baseUrl: `${sandbox.url}/toss`, secretKey: wrongKey });
    const error = await wrong.getPaymentByOrderId('no-such-order-0000').catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'toss', kind: 'auth', providerCode: 'UNAUTHORIZED_KEY' });
    expect(error.message).not.toContain(wrongKey);
  });

  it('maps the rate-limit fault to rate_limited and keeps the provider code', async () => {
    await sandbox.control('faults', { provider: 'toss', kind: 'rate_limit', count: 1 });
    const error = await client.getPaymentByOrderId('no-such-order-0000').catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'toss', kind: 'rate_limited' });
    expect(error.providerCode).toEqual(expect.any(String));
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it('gives up after its timeout when Toss does not answer', async () => {
    await sandbox.control('faults', { provider: 'toss', kind: 'timeout', count: 1 });
    const impatient = new TossClient({ baseUrl: `${sandbox.url}/toss`, secretKey, timeoutMs: 200 });
    await expect(impatient.getPaymentByOrderId('no-such-order-0000')).rejects.toMatchObject({ provider: 'toss', kind: 'timeout' });
  });

  it('maps a server fault to a server error', async () => {
    await sandbox.control('faults', { provider: 'toss', kind: 'server_error', count: 1 });
    await expect(client.getPaymentByOrderId('no-such-order-0000')).rejects.toMatchObject({ kind: 'server' });
  });
});
