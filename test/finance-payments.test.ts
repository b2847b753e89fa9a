// Own-mall payments end to end (issue 14, Payments): PortOne lookups and webhooks, cancelPayment at Toss and PortOne
// under concurrent retries, over-cancels refused. The gateway over HTTP, finance's tables on real PostgreSQL, the
// payment cache and events in Redis, the provider sandbox (its counters say how often each PG was asked to refund).
import { Client } from 'pg';
import { seedDemoKeys } from '../scripts/seed';
import { openEventBus, topics, type EventBus, type OpsEvent } from '../platform/events';
import { DEMO_PORTONE_CREDENTIALS } from '../sandbox/portone/demo';
import { buildPortOneWebhook, type WebhookPayment } from '../sandbox/portone/webhooks';
import { operation, startTestStack, type TestStack } from './helpers/stack';
import { until } from './helpers/subscriptions';

const TENANT = 'tenant-pay';
const ORDERS = `
  query PaidOrders {
    orders(first: 100, filter: { marketplace: CAFE24 }) {
      edges { node { id externalId status payment { provider status amount { amount currency } method } } }
    }
  }`;
const CANCEL = `
  mutation Cancel($orderId: ID!, $amount: Int!, $reason: String!, $idempotencyKey: String) {
    cancelPayment(orderId: $orderId, amount: $amount, reason: $reason, idempotencyKey: $idempotencyKey) {
      id provider amount { amount currency } reason actor cancelledAt
      order { id paymentCancellations { amount { amount } reason actor } }
      payment { provider status }
    }
  }`;
const TOSS_CANCEL = 'POST /v1/payments/{paymentKey}/cancel';
const PORTONE_CANCEL = 'POST /{paymentId}/cancel';

interface OrderNode { id: string; externalId: string; status: string; payment: { provider: string; status: string; amount: { amount: number } } | null }

let stack: TestStack;
let admin: string;
let operator: string;
let viewer: string;
let db: Client;
let bus: EventBus;
let paid: OrderNode[];
const orderEvents: OpsEvent[] = [];
const paymentEventsOf = (orderId: string) => orderEvents.filter((e) => e.type === 'order.changed' && e.orderId === orderId && e.cause === 'payment');

const byProvider = (provider: string) => paid.filter((order) => order.payment?.provider === provider);
const cancelCalls = async (provider: 'toss' | 'portone', endpoint: string) => (await stack.sandboxCalls())[provider]?.byEndpoint[endpoint] ?? 0;

async function orders(): Promise<OrderNode[]> {
  const result = await stack.request(ORDERS, {}, viewer);
  expect(result.errors).toBeUndefined();
  return result.data!.orders.edges.map((edge: { node: OrderNode }) => edge.node);
}

function cancel(orderId: string, amount: number, options: { key?: string; reason?: string; token?: string } = {}) {
  return stack.request(CANCEL, { orderId, amount, reason: options.reason ?? '고객 변심', idempotencyKey: options.key ?? null }, options.token ?? operator);
}

/** The payment as the sandbox's PortOne answers it (what a webhook is built from). */
async function portonePayment(paymentId: string): Promise<WebhookPayment> {
  const response = await fetch(`${stack.sandbox!.url}/payments/${encodeURIComponent(paymentId)}`, {
    headers: { authorization: `PortOne ${DEMO_PORTONE_CREDENTIALS.apiSecret}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as WebhookPayment;
}

async function deliver(webhook: { body: string; headers: Record<string, string> }, tenant = TENANT, via: 'finance' | 'gateway' = 'finance') {
  const base = via === 'gateway' ? stack.gateway.url : stack.subgraphs.finance.url;
  const url = base.replace(/\/graphql$/, `/webhooks/portone?tenant=${encodeURIComponent(tenant)}`);
  const response = await fetch(url, { method: 'POST', headers: webhook.headers, body: webhook.body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  // The tenant's own PortOne key: its API secret reads and cancels, its webhook secret checks webhooks.
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'PORTONE', label: 'sandbox portone', credentials: { ...DEMO_PORTONE_CREDENTIALS } });
  [admin, operator, viewer] = await Promise.all([stack.token(TENANT, ['admin']), stack.token(TENANT, ['operator'], 'operator-kim'), stack.token(TENANT, ['viewer'])]);
  bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  await bus.subscribe(topics.orders(TENANT), (event) => orderEvents.push(event));
  db = new Client({ connectionString: stack.database.url });
  await db.connect();
  const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  expect(sync.errors).toBeUndefined();
  paid = (await orders()).filter((order) => order.payment?.status === 'PAID');
});

afterAll(async () => {
  await bus?.close();
  await db?.end();
  await stack?.close();
});

describe('lookups', () => {
  test('shows own-mall orders paid through PortOne as PORTONE and the others as TOSS, and bank transfers as unpaid', async () => {
    expect(byProvider('PORTONE').length).toBeGreaterThan(0);
    expect(byProvider('TOSS').length).toBeGreaterThan(byProvider('PORTONE').length);
    const portone = byProvider('PORTONE')[0];
    expect(portone.payment).toMatchObject({ provider: 'PORTONE', status: 'PAID', amount: { currency: 'KRW' } });
    const sandboxed = (await portonePayment(portone.externalId)) as WebhookPayment & { amount: { total: number } };
    expect(portone.payment!.amount.amount).toBe(sandboxed.amount.total);
    const all = await orders();
    const waiting = all.filter((order) => order.status === 'PENDING_PAYMENT');
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((order) => order.payment === null)).toBe(true);
  });
});

describe('cancelPayment', () => {
  test('cancels part of a PortOne payment, records who did it, then refuses more than is left', async () => {
    const order = byProvider('PORTONE')[0];
    const total = order.payment!.amount.amount;
    const first = await cancel(order.id, 1000, { reason: '부분 환불: 사이즈 교환' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.cancelPayment).toMatchObject({
      provider: 'PORTONE', amount: { amount: 1000, currency: 'KRW' }, reason: '부분 환불: 사이즈 교환', actor: 'operator-kim',
      payment: { provider: 'PORTONE', status: 'PARTIALLY_CANCELLED' },
      order: { id: order.id, paymentCancellations: [{ amount: { amount: 1000 }, reason: '부분 환불: 사이즈 교환', actor: 'operator-kim' }] },
    });
    const stored = await db.query('SELECT actor, amount, reason, status, completed_at FROM payment_cancellations WHERE order_id = $1', [order.id]);
    expect(stored.rows).toEqual([expect.objectContaining({ actor: 'operator-kim', amount: 1000, reason: '부분 환불: 사이즈 교환', status: 'DONE' })]);
    expect(stored.rows[0].completed_at).toBeInstanceOf(Date);

    const over = await cancel(order.id, total, { reason: '전액 환불' });
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(over.errors?.[0].message).toContain(String(total - 1000));

    const rest = await cancel(order.id, total - 1000, { reason: '나머지 환불' });
    expect(rest.errors).toBeUndefined();
    expect(rest.data!.cancelPayment.payment).toMatchObject({ status: 'CANCELLED' });
    await until(() => paymentEventsOf(order.id).length >= 2, 'an order event for each cancel');
  });

  test('the same PortOne cancel sent twice concurrently (one idempotencyKey) refunds once', async () => {
    const order = byProvider('PORTONE')[1];
    const before = await cancelCalls('portone', PORTONE_CANCEL);
    const [a, b] = await Promise.all([cancel(order.id, 2000, { key: 'retry-portone-1' }), cancel(order.id, 2000, { key: 'retry-portone-1' })]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data!.cancelPayment.id).toBe(a.data!.cancelPayment.id);
    expect((await cancelCalls('portone', PORTONE_CANCEL)) - before).toBe(1);
    const sandboxed = (await portonePayment(order.externalId)) as WebhookPayment & { amount: { cancelled: number } };
    expect(sandboxed.amount.cancelled).toBe(2000);
  });

  test('the same Toss cancel sent twice concurrently refunds once, and two full cancels refund once', async () => {
    const [retried, twice] = byProvider('TOSS');
    const before = await cancelCalls('toss', TOSS_CANCEL);
    const [a, b] = await Promise.all([cancel(retried.id, 3000, { key: 'retry-toss-1' }), cancel(retried.id, 3000, { key: 'retry-toss-1' })]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data!.cancelPayment.id).toBe(a.data!.cancelPayment.id);
    expect(a.data!.cancelPayment.payment).toMatchObject({ provider: 'TOSS', status: 'PARTIALLY_CANCELLED' });
    expect((await cancelCalls('toss', TOSS_CANCEL)) - before).toBe(1);

    // Without a key, two cancels of everything: one at a time, and the second finds nothing left.
    const full = twice.payment!.amount.amount;
    const results = await Promise.all([cancel(twice.id, full), cancel(twice.id, full)]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)!.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect((await cancelCalls('toss', TOSS_CANCEL)) - before).toBe(2);
    const { rows } = await db.query(`SELECT sum(amount)::int AS refunded FROM payment_cancellations WHERE order_id = $1 AND status = 'DONE'`, [twice.id]);
    expect(rows[0].refunded).toBe(full);
  });

  test('a cancel left in flight by a replica that died does not block the order for ever', async () => {
    const order = byProvider('TOSS')[3];
    await db.query(
      `INSERT INTO payment_cancellations (tenant_id, order_id, provider, payment_ref, amount, reason, actor, idempotency_key, status, balance_before, claimed_at)
       VALUES ($1, $2, '', '', 100, 'crashed', 'someone', 'crashed-attempt', 'PENDING', 0, now() - interval '10 minutes')`,
      [TENANT, order.id],
    );
    const result = await cancel(order.id, 500, { key: 'after-the-crash' });
    expect(result.errors).toBeUndefined();
    const { rows } = await db.query('SELECT idempotency_key, status FROM payment_cancellations WHERE order_id = $1 ORDER BY created_at', [order.id]);
    expect(rows).toEqual([{ idempotency_key: 'crashed-attempt', status: 'FAILED' }, { idempotency_key: 'after-the-crash', status: 'DONE' }]);
  });

  test('refuses viewers, unknown orders, amounts that are not positive and empty reasons', async () => {
    const order = byProvider('TOSS')[2];
    expect((await cancel(order.id, 100, { token: viewer })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await cancel('00000000-0000-4000-8000-000000000000', 100)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderId' });
    expect((await cancel(order.id, 0)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect((await cancel(order.id, 100, { reason: '  ' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });
});

describe('PortOne webhooks', () => {
  test('applies a signed webhook once, even delivered twice, and publishes one order event', async () => {
    const order = byProvider('PORTONE')[2];
    // The payment changes at PortOne (a cancel made in PortOne's console), then PortOne tells us.
    const change = await fetch(`${stack.sandbox!.url}/payments/${encodeURIComponent(order.externalId)}/cancel`, {
      method: 'POST', headers: { authorization: `PortOne ${DEMO_PORTONE_CREDENTIALS.apiSecret}` }, body: JSON.stringify({ reason: '콘솔 취소' }),
    });
    expect(change.status).toBe(200);
    const webhook = buildPortOneWebhook(await portonePayment(order.externalId), 'Transaction.Cancelled', DEMO_PORTONE_CREDENTIALS.webhookSecret);
    const eventsBefore = paymentEventsOf(order.id).length;
    const [first, second] = await Promise.all([deliver(webhook), deliver(webhook)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.outcome, second.body.outcome].sort()).toEqual(['applied', 'duplicate']);
    expect((await deliver(webhook)).body.outcome).toBe('duplicate');
    await until(() => paymentEventsOf(order.id).length > eventsBefore, 'the order event of the webhook');
    const stored = await db.query('SELECT count(*)::int AS n FROM portone_webhook_events WHERE tenant_id = $1 AND webhook_id = $2', [TENANT, webhook.headers['webhook-id']]);
    expect(stored.rows[0].n).toBe(1);
    // The cache was refreshed from PortOne: the next query shows the cancel without waiting for it to expire.
    const now = (await orders()).find((o) => o.id === order.id)!;
    expect(now.payment).toMatchObject({ provider: 'PORTONE', status: 'CANCELLED' });
    expect(paymentEventsOf(order.id).length).toBe(eventsBefore + 1);
  });

  test('refuses a webhook signed with another secret, a tampered body, or an old timestamp', async () => {
    const order = byProvider('PORTONE')[3] ?? byProvider('PORTONE')[0];
    const payment = await portonePayment(order.externalId);
    const forged = buildPortOneWebhook(payment, 'Transaction.Paid', `whsec_${Buffer.from('not-the-tenant-secret-at-all').toString('base64')}`);
    expect((await deliver(forged)).status).toBe(401);
    const signed = buildPortOneWebhook(payment, 'Transaction.Paid', DEMO_PORTONE_CREDENTIALS.webhookSecret);
    expect((await deliver({ ...signed, body: signed.body.replace(order.externalId, 'someone-else') })).status).toBe(401);
    const old = buildPortOneWebhook(payment, 'Transaction.Paid', DEMO_PORTONE_CREDENTIALS.webhookSecret, Math.floor(Date.now() / 1000) - 3600);
    expect((await deliver(old)).status).toBe(401);
    // Another tenant's URL: that tenant's secrets (none) do not sign it.
    expect((await deliver(signed, 'tenant-other')).status).toBe(401);
    const stored = await db.query('SELECT count(*)::int AS n FROM portone_webhook_events WHERE webhook_id = $1', [signed.headers['webhook-id']]);
    expect(stored.rows[0].n).toBe(0);
  });
});

describe("PortOne webhooks on the gateway's public port", () => {
  const webhookCount = async (id: string) =>
    (await db.query('SELECT count(*)::int AS n FROM portone_webhook_events WHERE tenant_id = $1 AND webhook_id = $2', [TENANT, id])).rows[0].n as number;

  test('a signed webhook is relayed to finance, checked and applied once', async () => {
    const order = byProvider('PORTONE')[0];
    const webhook = buildPortOneWebhook(await portonePayment(order.externalId), 'Transaction.PartialCancelled', DEMO_PORTONE_CREDENTIALS.webhookSecret);
    const [first, second] = await Promise.all([deliver(webhook, TENANT, 'gateway'), deliver(webhook, TENANT, 'gateway')]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.outcome, second.body.outcome].sort()).toEqual(['applied', 'duplicate']);
    expect(await webhookCount(webhook.headers['webhook-id'])).toBe(1);
  });

  test('a webhook signed with another secret, a tampered body or another tenant is refused with 401 and not stored', async () => {
    const order = byProvider('PORTONE')[1] ?? byProvider('PORTONE')[0];
    const payment = await portonePayment(order.externalId);
    const forged = buildPortOneWebhook(payment, 'Transaction.PartialCancelled', `whsec_${Buffer.from('not-the-tenant-secret-at-all').toString('base64')}`);
    expect((await deliver(forged, TENANT, 'gateway')).status).toBe(401);
    const signed = buildPortOneWebhook(payment, 'Transaction.PartialCancelled', DEMO_PORTONE_CREDENTIALS.webhookSecret);
    expect((await deliver({ ...signed, body: `${signed.body} ` }, TENANT, 'gateway')).status).toBe(401);
    const { 'webhook-signature': _signature, ...unsigned } = signed.headers;
    expect((await deliver({ ...signed, headers: unsigned }, TENANT, 'gateway')).status).toBe(401);
    expect((await deliver(signed, 'tenant-other', 'gateway')).status).toBe(401);
    expect(await webhookCount(signed.headers['webhook-id'])).toBe(0);
  });
});

describe('a PortOne failure', () => {
  const OTHER = 'tenant-pay-portone-down';
  afterAll(() => stack.sandboxControl('faults', { provider: 'portone', kind: 'server_error', rate: 0 }));

  test("leaves Toss's orders readable and fails only the orders Toss does not have", async () => {
    await seedDemoKeys(stack, OTHER);
    await stack.keyring.addKey({ tenantId: OTHER, provider: 'PORTONE', label: 'sandbox portone', credentials: { ...DEMO_PORTONE_CREDENTIALS } });
    const otherAdmin = await stack.token(OTHER, ['admin']);
    expect((await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, otherAdmin)).errors).toBeUndefined();
    await stack.sandboxControl('faults', { provider: 'portone', kind: 'server_error', rate: 1 });
    const result = await stack.request(ORDERS, {}, otherAdmin);
    const nodes: OrderNode[] = result.data!.orders.edges.map((edge: { node: OrderNode }) => edge.node);
    const portoneIds = new Set(byProvider('PORTONE').map((order) => order.externalId));
    const tossPaid = nodes.filter((order) => order.payment?.provider === 'TOSS');
    expect(tossPaid.length).toBeGreaterThan(0);
    // The orders PortOne took (the same mall, so the same external ids) fail on their own payment field.
    const failed = nodes.filter((order) => portoneIds.has(order.externalId));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((order) => order.payment === null)).toBe(true);
    const paymentErrors = result.errors!.filter((error) => error.path?.at(-1) === 'payment');
    expect(paymentErrors.length).toBeGreaterThanOrEqual(failed.length);
    for (const error of paymentErrors) expect(['PROVIDER_UNAVAILABLE', 'NO_PROVIDER_KEY']).toContain(error.extensions?.code);
  });
});
