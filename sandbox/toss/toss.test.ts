import { DEMO_CREDENTIALS } from '../demo';
import { startSandbox, type Sandbox } from '../server';
import { basic, cafe24Base, cafe24Token, fixedClock, readJson } from '../testing';

const secretKey = DEMO_CREDENTIALS.toss.secretKey;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterAll(() => sandbox.close());

const toss = (path: string, auth = basic(`${secretKey}:`)) => fetch(`${sandbox.url}/toss${path}`, { headers: { authorization: auth } });

async function paidCafe24Orders(): Promise<any[]> {
  const { access_token } = await cafe24Token(sandbox);
  const res = await fetch(`${cafe24Base(sandbox)}/api/v2/admin/orders?start_date=2026-01-01&end_date=2026-01-15&limit=100`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  return (await readJson(res)).orders.filter((o: any) => o.paid === 'T');
}

it('returns the DONE payment of a paid Cafe24 order, by orderId and by paymentKey', async () => {
  const [order] = await paidCafe24Orders();
  const res = await toss(`/v1/payments/orders/${order.order_id}`);
  expect(res.status).toBe(200);
  const payment = await readJson(res);
  expect(payment).toMatchObject({
    orderId: order.order_id,
    status: 'DONE',
    method: '카드',
    currency: 'KRW',
    totalAmount: Number(order.payment_amount),
    balanceAmount: Number(order.payment_amount),
    card: expect.objectContaining({ approveNo: expect.any(String) }),
    cancels: null,
  });
  expect(payment.suppliedAmount + payment.vat).toBe(payment.totalAmount);
  expect(payment.approvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  const byKey = await readJson(await toss(`/v1/payments/${payment.paymentKey}`));
  expect(byKey).toEqual(payment);
});

it('pays about two thirds of the seeded orders through Toss', async () => {
  const paid = await paidCafe24Orders();
  expect(paid.length).toBeGreaterThanOrEqual(12);
  expect(paid.length).toBeLessThanOrEqual(28);
});

it('refuses Basic auth without the trailing colon with 403 INCORRECT_BASIC_AUTH_FORMAT', async () => {
  const res = await toss('/v1/payments/orders/20260115-0000001', basic(secretKey));
  expect(res.status).toBe(403);
  expect((await readJson(res)).code).toBe('INCORRECT_BASIC_AUTH_FORMAT');
});

it('refuses an unknown secret key with 401 UNAUTHORIZED_KEY', async () => {
  const res = await toss('/v1/payments/orders/20260115-0000001', basic('test_sk_unknown:'));
  expect(res.status).toBe(401);
  expect((await readJson(res)).code).toBe('UNAUTHORIZED_KEY');
});

it('answers an unknown order with 404 NOT_FOUND_PAYMENT and the documented message', async () => {
  const res = await toss('/v1/payments/orders/no-such-order');
  expect(res.status).toBe(404);
  expect(await readJson(res)).toEqual({ code: 'NOT_FOUND_PAYMENT', message: '존재하지 않는 결제 정보 입니다.' });
});

it('answers an order the mall knows but never sent to Toss with 404 NOT_FOUND', async () => {
  const { access_token } = await cafe24Token(sandbox);
  const res = await fetch(`${cafe24Base(sandbox)}/api/v2/admin/orders?start_date=2026-01-01&end_date=2026-01-15&limit=100`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  const unpaid = (await readJson(res)).orders.find((o: any) => o.paid !== 'T');
  const lookup = await toss(`/v1/payments/orders/${unpaid.order_id}`);
  expect(lookup.status).toBe(404);
  expect(await readJson(lookup)).toEqual({ code: 'NOT_FOUND', message: '존재하지 않는 정보 입니다.' });
});
