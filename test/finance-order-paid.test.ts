// Commerce owns its orders (issue 14): reconciliation records a match in finance's own tables and asks commerce,
// signed, to mark the order paid (POST /internal/orders/paid). Commerce away: the match stands, the order waits, and
// the outbox asks again until commerce answers; the order then turns PAID once, with one order event (or, cancelled
// meanwhile, the match is undone). Commerce refuses the call unless finance's identity signed it, for commerce, for
// this tenant and this exact body.
import { randomUUID } from 'node:crypto';
import { openEventBus, topics, type EventBus, type OpsEvent } from '../platform/events';
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../platform/identity';
import { ORDER_PAID_CALLER, ORDER_PAID_PATH } from '../platform/internal-orders';
import { createLogger } from '../platform/logger';
import { seedDemoKeys } from '../scripts/seed';
import { startSubgraph } from '../scripts/subgraphs';
import type { RunningCommerce } from '../subgraphs/commerce/server';
import { startTestStack, type TestStack } from './helpers/stack';
import { until } from './helpers/subscriptions';

const ACCOUNTS = `{ bankAccounts { id } }`;
// matchedOrder's id only: commerce is down during part of the test, and externalId would be fetched from it.
const TRANSACTIONS = `query T($accountId: ID!, $from: Date!, $to: Date!) {
  bankTransactions(accountId: $accountId, from: $from, to: $to) { id counterparty matchedOrder { id } }
}`;

let stack: TestStack;
let events: EventBus;
const restarted: Array<{ commerce: RunningCommerce; events: EventBus }> = [];

beforeAll(async () => {
  // Unconfirmed matches are asked again every 200 ms here (30 s by default).
  stack = await startTestStack({ env: { ORDER_PAID_RETRY_MS: '200' } });
  events = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
});
afterAll(async () => {
  // The restarted commerce is this file's to close (the stack's own closer has the old one, closed already).
  for (const { commerce, events: bus } of restarted) {
    await commerce.close().catch(() => undefined); // a later test may have closed it already
    await bus.close();
  }
  await events?.close();
  await stack?.close();
});

const kstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

async function pendingOrder(tenant: string, buyerName: string, amount: number): Promise<string> {
  const [row] = await stack.keyring.db.query<Array<{ id: string }>>(
    `INSERT INTO orders (tenant_id, marketplace, external_id, status, marketplace_status, ordered_at, updated_at, buyer_name, total_amount, currency, items)
     VALUES ($1, 'NAVER', $2, 'PENDING_PAYMENT', 'PAYMENT_WAITING', $3, $3, $4, $5, 'KRW', '[]') RETURNING id`,
    [tenant, `bt-${randomUUID().slice(0, 12)}`, new Date(Date.now() - 3_600_000), buyerName, amount],
  );
  return String(row.id);
}
const statusOf = async (orderId: string) => (await stack.keyring.db.query<Array<{ status: string }>>('SELECT status FROM orders WHERE id = $1', [orderId]))[0].status;
const matchOf = async (orderId: string) =>
  (await stack.keyring.db.query<Array<{ transaction_id: string; order_paid_at: Date | null }>>('SELECT transaction_id, order_paid_at FROM bank_deposit_matches WHERE order_id = $1', [orderId]))[0];

/** The tenant's order events, and a way to know every event published so far has arrived (a marker after them). */
async function orderEvents(tenant: string) {
  const seen: OpsEvent[] = [];
  const unsubscribe = await events.subscribe(topics.orders(tenant), (event) => void seen.push(event));
  return {
    paid: (orderId: string) => seen.filter((e) => e.type === 'order.changed' && e.orderId === orderId && e.status === 'PAID').length,
    async settled() {
      const marker = randomUUID();
      await events.publish({ type: 'order.changed', tenantId: tenant, orderId: marker, marketplace: 'NAVER', status: 'MARKER', previousStatus: null, cause: 'sync', at: new Date().toISOString() });
      await until(() => seen.some((e) => e.type === 'order.changed' && e.orderId === marker), 'the marker event arrives after the ones before it', 10_000);
    },
    unsubscribe,
  };
}

/** Commerce stops; the returned function starts it again on the same port (as a restarted container would be). */
async function commerceDown(): Promise<() => Promise<void>> {
  const { port } = stack.subgraphs.commerce;
  await stack.subgraphs.commerce.close();
  return async () => {
    const bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
    const commerce = await startSubgraph('commerce', stack.config, {
      keyring: stack.keyring, events: bus, kv: stack.kv, logger: createLogger('test', 'silent'), databaseUrl: stack.database.url,
    }, port);
    restarted.push({ commerce, events: bus });
    stack.subgraphs.commerce = commerce;
  };
}

async function connectedTenant() {
  const tenant = `own-${randomUUID().slice(0, 8)}`;
  await seedDemoKeys(stack, tenant, { everyMarketplace: true });
  const admin = await stack.token(tenant, ['admin']);
  const accountId = ((await stack.request(ACCOUNTS, {}, admin)).data!.bankAccounts as Array<{ id: string }>)[0].id;
  return { tenant, admin, accountId };
}

/** A deposit arrives and a read of the account reconciles it: the deposit as listed. */
async function depositAndRead(admin: string, accountId: string, depositorName: string, amount: number) {
  const now = Date.now();
  await stack.sandboxControl('bank-deposits', { amount, depositorName, at: new Date(now - 60_000).toISOString() });
  const read = await stack.request(TRANSACTIONS, { accountId, from: kstDay(now - 86_400_000), to: kstDay(now) }, admin);
  expect(read.errors).toBeUndefined();
  return (read.data!.bankTransactions as Array<{ id: string; counterparty: string; matchedOrder: { id: string } | null }>).find((r) => r.counterparty === depositorName)!;
}

function callCommerce(body: string, header?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (header) headers[IDENTITY_HEADER] = header;
  return fetch(new URL(ORDER_PAID_PATH, stack.subgraphs.commerce.url), { method: 'POST', headers, body });
}
const sign = (identity: Identity, body: string, options: { secret?: string; audience?: string } = {}) =>
  signSubgraphIdentity(identity, options.secret ?? stack.config.auth.subgraphSecret, { audience: options.audience ?? 'commerce', body, ttlMs: 10_000 });

test('POST /internal/orders/paid refuses unsigned, forged, mis-addressed and user calls, and changes nothing', async () => {
  const tenant = `own-${randomUUID().slice(0, 8)}`;
  const orderId = await pendingOrder(tenant, '김거절', 11_000);
  const watch = await orderEvents(tenant);
  const body = JSON.stringify({ tenantId: tenant, orderId, cause: 'payment' });
  const finance = { sub: ORDER_PAID_CALLER, tenant, roles: ['operator' as const] };
  const refusals: Array<[string, string | undefined, number]> = [
    ['unsigned', undefined, 401],
    ['another secret', sign(finance, body, { secret: 'not-the-subgraph-secret-0123456789abcdef' }), 401],
    ['signed for finance', sign(finance, body, { audience: 'finance' }), 401],
    ['signed for another body', sign(finance, JSON.stringify({ tenantId: tenant, orderId: randomUUID(), cause: 'payment' })), 401],
    ['a user forwarded by the gateway', sign({ sub: `user-of-${tenant}`, tenant, roles: ['admin'] }, body), 403],
    ['finance for another tenant', sign({ ...finance, tenant: 'someone-else' }, body), 403],
  ];
  for (const [what, header, status] of refusals) {
    const response = await callCommerce(body, header);
    expect([what, response.status]).toEqual([what, status]);
  }
  expect(await statusOf(orderId)).toBe('PENDING_PAYMENT');
  await watch.settled();
  expect(watch.paid(orderId)).toBe(0);

  // The same call signed as finance signs it is answered: the refusals above were the signature's doing.
  const accepted = await callCommerce(body, sign(finance, body));
  expect([accepted.status, await accepted.json()]).toEqual([200, { status: 'PAID', changed: true }]);
  expect(await statusOf(orderId)).toBe('PAID');
  watch.unsubscribe();
});

test('commerce unreachable: the match is recorded and the order waits; commerce back: the order becomes PAID once, with one order event', async () => {
  const { tenant, admin, accountId } = await connectedTenant();
  const name = `최입금${randomUUID().slice(0, 4)}`;
  const orderId = await pendingOrder(tenant, name, 52_000);
  const watch = await orderEvents(tenant);

  const commerceBack = await commerceDown();
  const deposit = await depositAndRead(admin, accountId, name, 52_000);
  expect(deposit.matchedOrder).toEqual({ id: orderId });
  expect(await matchOf(orderId)).toEqual({ transaction_id: deposit.id, order_paid_at: null });
  expect(await statusOf(orderId)).toBe('PENDING_PAYMENT');

  await commerceBack();
  await until(async () => (await matchOf(orderId)).order_paid_at !== null, 'the outbox has asked commerce again and it confirmed', 15_000);
  expect(await statusOf(orderId)).toBe('PAID');

  // Asked once more (a replica's late retry): nothing changes, nothing more is published.
  const body = JSON.stringify({ tenantId: tenant, orderId, cause: 'payment' });
  const again = await callCommerce(body, sign({ sub: ORDER_PAID_CALLER, tenant, roles: ['operator'] }, body));
  expect([again.status, await again.json()]).toEqual([200, { status: 'PAID', changed: false }]);
  await watch.settled();
  expect(watch.paid(orderId)).toBe(1);
  watch.unsubscribe();
}, 60_000);

test('an order cancelled while commerce was away is not paid: the match is undone and the deposit waits for a person', async () => {
  const { tenant, admin, accountId } = await connectedTenant();
  const name = `윤취소${randomUUID().slice(0, 4)}`;
  const orderId = await pendingOrder(tenant, name, 61_000);
  const commerceBack = await commerceDown();
  const deposit = await depositAndRead(admin, accountId, name, 61_000);
  expect(deposit.matchedOrder).toEqual({ id: orderId });
  // The buyer cancelled meanwhile (a marketplace sync writes it).
  await stack.keyring.db.query(`UPDATE orders SET status = 'CANCELLED' WHERE id = $1`, [orderId]);
  await commerceBack();
  await until(async () => (await matchOf(orderId)) === undefined, 'the outbox heard CANCELLED from commerce and undid the match', 15_000);
  expect(await statusOf(orderId)).toBe('CANCELLED');
  const unmatched = (await stack.request(`{ unmatchedDeposits { transactionId } }`, {}, admin)).data!.unmatchedDeposits as Array<{ transactionId: string }>;
  expect(unmatched.map((d) => d.transactionId)).toContain(deposit.id);
}, 60_000);
