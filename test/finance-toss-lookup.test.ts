// Order.payment of own-mall (Cafe24) orders through the gateway: Toss's "no payment" answers are a null payment,
// not an error (providers/toss/README.md "Corrections").
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { syncOrders } from './helpers/orders';
import { startTestStack, type TestStack } from './helpers/stack';

const TENANT = 'tenant-payments';
const PAYMENTS = `
  query Payments($first: Int!) {
    orders(first: $first, filter: { marketplace: CAFE24 }) { edges { node { externalId payment { provider status amount { amount } } } } }
  }`;

let stack: TestStack;
let admin: string;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT);
  await syncOrders(stack, 'CAFE24', admin);
});

afterAll(async () => {
  await stack?.close();
});

/** What Toss itself answers for an order id, asked outside opsgraph. */
async function tossLookup(orderId: string): Promise<{ status: number; body: any }> {
  const auth = `Basic ${Buffer.from(`${DEMO_CREDENTIALS.toss.secretKey}:`).toString('base64')}`;
  const res = await fetch(`${stack.sandbox!.url}/toss/v1/payments/orders/${orderId}`, { headers: { authorization: auth } });
  return { status: res.status, body: await res.json() };
}

test('an order Toss answers 404 NOT_FOUND for has a null payment and no error; paid ones keep theirs', async () => {
  const result = await stack.request(PAYMENTS, { first: 100 }, admin);
  expect(result.errors).toBeUndefined();
  const nodes = result.data!.orders.edges.map((edge: any) => edge.node);
  const unpaid = nodes.filter((node: any) => node.payment === null);
  const paid = nodes.filter((node: any) => node.payment !== null);
  expect(unpaid.length).toBeGreaterThan(0);
  expect(paid.length).toBeGreaterThan(0);
  for (const node of unpaid) {
    expect(await tossLookup(node.externalId)).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: expect.any(String) } });
  }
  expect(paid[0].payment).toMatchObject({ provider: 'TOSS', status: 'PAID' });
  const calls = await stack.sandboxCalls();
  expect(calls.toss.byEndpoint['GET /v1/payments/orders/{orderId}']).toBeGreaterThanOrEqual(nodes.length);
});
