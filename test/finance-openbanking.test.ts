// Open Banking through the gateway (issue 14): a tenant connects its bank accounts (connectOpenBanking, KFTC's
// consent page in the sandbox, the redirect to the gateway's /oauth/openbanking/callback), lists them (masked
// numbers) and their deposits and withdrawals (paged by befor_inquiry_trace_info), and keeps working after the
// access token expires (refresh). The browser resolves the public host of OPENBANKING_REDIRECT_URI to the test
// gateway, as DNS would in production.
import { randomUUID } from 'node:crypto';
import { openEventBus, topics, type OpsEvent } from '../platform/events';
import { seedDemoKeys } from '../scripts/seed';
import { oauthStateKey } from '../subgraphs/keys/oauth-consent';
import { operation, startTestStack, type TestStack } from './helpers/stack';
import { until } from './helpers/subscriptions';

const PUBLIC_CALLBACK = 'https://opsgraph.test/oauth/openbanking/callback';
const CONNECT = `mutation Connect($input: ConnectOpenBankingInput!) { connectOpenBanking(input: $input) { keyId authorizeUrl } }`;
const KEYS = `{ apiKeys(provider: OPENBANKING) { id status } }`;
const ACCOUNTS = `{ bankAccounts { id bankName maskedNumber alias holderName } }`;
const TRANSACTIONS = `query T($accountId: ID!, $from: Date!, $to: Date!) {
  bankTransactions(accountId: $accountId, from: $from, to: $to) { id at amount { amount currency } direction counterparty balanceAfter { amount } matchedOrder { id } }
}`;
const TOKEN_ENDPOINT = 'POST /oauth/2.0/token';
const LIST_ENDPOINT = 'GET /v2.0/account/transaction_list/fin_num';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { OPENBANKING_REDIRECT_URI: PUBLIC_CALLBACK } });
});
afterAll(async () => {
  await stack?.close();
});

const kstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

async function newTenant() {
  const tenant = `bank-${randomUUID().slice(0, 8)}`;
  const app = { clientId: `ob-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
  await stack.sandboxControl('credentials', { provider: 'openbanking', credentials: app });
  const admin = await stack.token(tenant, ['admin']);
  const connected = await stack.request(CONNECT, { input: { ...app, label: 'shop account' } }, admin);
  expect(connected.errors).toBeUndefined();
  const { keyId, authorizeUrl } = connected.data!.connectOpenBanking as { keyId: string; authorizeUrl: string };
  return { tenant, app, admin, keyId, authorizeUrl };
}

/** The account holder's browser: KFTC's page, its form posted, and the redirect it answers with. */
async function consent(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const action = /<form method="post" action="([^"]*)"/.exec(await page.text())![1].replace(/&#38;/g, '&');
  const posted = await fetch(new URL(action, authorizeUrl), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_name: '김오픈', auth_code: '123456' }).toString(),
  });
  expect(posted.status).toBe(302);
  return new URL(posted.headers.get('location')!);
}

function followToGateway(location: URL): Promise<Response> {
  expect(location.origin + location.pathname).toBe(PUBLIC_CALLBACK);
  return fetch(new URL(`${location.pathname}${location.search}`, stack.gateway.url), { redirect: 'manual' });
}

async function connectedTenant() {
  const seller = await newTenant();
  expect((await followToGateway(await consent(seller.authorizeUrl))).status).toBe(200);
  return seller;
}

const keyOf = async (admin: string, keyId: string) => ((await stack.request(KEYS, {}, admin)).data!.apiKeys as any[]).find((k) => k.id === keyId);
const sessionOf = async (keyId: string) =>
  (await stack.keyring.db.query<Array<{ sealed_session: string | null }>>('SELECT sealed_session FROM provider_keys WHERE id = $1', [keyId]))[0].sealed_session;

test('connectOpenBanking: KFTC authorize URL, consent, the gateway callback seals the tokens and activates the key; bankAccounts are masked', async () => {
  const { admin, app, keyId, authorizeUrl } = await newTenant();
  const url = new URL(authorizeUrl);
  expect(url.origin + url.pathname).toBe(`${stack.sandbox!.url}/openbanking/oauth/2.0/authorize`);
  expect(Object.fromEntries(url.searchParams)).toEqual({
    response_type: 'code', client_id: app.clientId, redirect_uri: PUBLIC_CALLBACK, scope: 'login inquiry', state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), auth_type: '0',
  });
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'NEEDS_CONSENT' });
  expect((await stack.request(ACCOUNTS, {}, admin)).errors?.[0].extensions?.code).toBe('NO_PROVIDER_KEY');

  const redirect = await consent(authorizeUrl);
  const callback = await followToGateway(redirect);
  const text = await callback.text();
  expect([callback.status, text]).toEqual([200, expect.stringContaining('Your bank accounts')]);
  expect(text).toContain('Your bank accounts are connected to opsgraph through Open Banking');
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'ACTIVE' });
  const session = await sessionOf(keyId);
  expect(session).toEqual(expect.any(String));
  for (const plain of ['accessToken', 'refreshToken', 'userSeqNo', '1100000001']) expect(session).not.toContain(plain);

  const accounts = await stack.request(ACCOUNTS, {}, admin);
  expect(accounts.errors).toBeUndefined();
  expect(accounts.data!.bankAccounts).toEqual([
    { id: expect.stringMatching(/^\d{24}$/), bankName: '신한은행', maskedNumber: '110-123-******', alias: '쇼핑몰 입금계좌', holderName: '김오픈' },
  ]);

  // The state is single-use: the same redirect again changes nothing.
  const tokenCalls = (await stack.sandboxCalls()).openbanking.byEndpoint[TOKEN_ENDPOINT];
  const again = await followToGateway(redirect);
  expect(again.status).toBe(400);
  expect(await again.text()).toMatch(/unknown, was already used, or has expired/);
  expect(await stack.kv.get(oauthStateKey('openbanking', redirect.searchParams.get('state')!))).toBeNull();
  expect((await stack.sandboxCalls()).openbanking.byEndpoint[TOKEN_ENDPOINT]).toBe(tokenCalls);
  expect(await sessionOf(keyId)).toBe(session);
});

test('bankTransactions lists deposits and withdrawals across pages (befor_inquiry_trace_info), the acceptance operation as written', async () => {
  const { admin } = await connectedTenant();
  const accountId = ((await stack.request(ACCOUNTS, {}, admin)).data!.bankAccounts as any[])[0].id as string;
  const now = Date.now();
  const names = Array.from({ length: 30 }, (_, i) => `입금자${i}`);
  for (const [i, name] of names.entries()) {
    await stack.sandboxControl('bank-deposits', { amount: 1000 + i, depositorName: name, at: new Date(now - 60_000 + i * 1000).toISOString() });
  }
  const before = (await stack.sandboxCalls()).openbanking.byEndpoint[LIST_ENDPOINT] ?? 0;
  const listed = await stack.request(TRANSACTIONS, { accountId, from: kstDay(now - 7 * 86_400_000), to: kstDay(now) }, admin);
  expect(listed.errors).toBeUndefined();
  const rows = listed.data!.bankTransactions as any[];
  // Two seeded withdrawals, at least the 30 deposits just made (other tests may add more): two pages or more.
  expect(((await stack.sandboxCalls()).openbanking.byEndpoint[LIST_ENDPOINT] ?? 0) - before).toBeGreaterThanOrEqual(2);
  expect(rows.filter((r) => r.direction === 'WITHDRAWAL').map((r) => r.counterparty)).toEqual(['택배비', '임대료']);
  const deposits = rows.filter((r) => names.includes(r.counterparty));
  expect(deposits.map((r) => [r.counterparty, r.amount.amount])).toEqual(names.map((n, i) => [n, 1000 + i]));
  expect(deposits.every((r) => r.direction === 'DEPOSIT' && r.amount.currency === 'KRW' && r.matchedOrder === null)).toBe(true);
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);

  const acceptance = await stack.request(operation('BankTransactions'), { accountId, from: kstDay(now - 86_400_000), to: kstDay(now) }, admin);
  expect(acceptance.errors).toBeUndefined();
  expect(acceptance.data!.bankTransactions.length).toBeGreaterThanOrEqual(30);
});

test('bad input is BAD_USER_INPUT; a viewer can read, nobody else\'s key is used', async () => {
  const { admin } = await connectedTenant();
  for (const [variables, code] of [
    [{ accountId: 'x', from: '2026-13-01', to: '2026-01-02' }, 'BAD_USER_INPUT'],
    [{ accountId: 'x', from: '2026-01-05', to: '2026-01-02' }, 'BAD_USER_INPUT'],
    [{ accountId: 'x', from: '2025-01-01', to: '2026-01-02' }, 'BAD_USER_INPUT'],
    [{ accountId: '../etc', from: '2026-01-01', to: '2026-01-02' }, 'BAD_USER_INPUT'],
  ] as const) {
    const refused = await stack.request(TRANSACTIONS, variables, admin);
    expect(refused.errors?.[0].extensions?.code).toBe(code);
  }
  const stranger = await stack.token(`bank-${randomUUID().slice(0, 8)}`, ['viewer']);
  expect((await stack.request(ACCOUNTS, {}, stranger)).errors?.[0].extensions?.code).toBe('NO_PROVIDER_KEY');
});

const RECONCILE = `query T($accountId: ID!, $from: Date!, $to: Date!) {
  bankTransactions(accountId: $accountId, from: $from, to: $to) { id counterparty amount { amount } direction matchedOrder { id externalId } }
}`;
const UNMATCHED = `{ unmatchedDeposits { transactionId depositor amount { amount } candidates { id } } }`;
const MATCH = `mutation M($t: ID!, $o: ID!) { matchDeposit(transactionId: $t, orderId: $o) { transactionId matchedOrder { id externalId } } }`;

/** A bank-transfer order waiting for its money, as a marketplace sync stores it (commerce's orders table). */
async function pendingOrder(tenant: string, buyerName: string, amount: number, orderedAt: Date): Promise<string> {
  const [row] = await stack.keyring.db.query<Array<{ id: string }>>(
    `INSERT INTO orders (tenant_id, marketplace, external_id, status, marketplace_status, ordered_at, updated_at, buyer_name, total_amount, currency, items)
     VALUES ($1, 'NAVER', $2, 'PENDING_PAYMENT', 'PAYMENT_WAITING', $3, $3, $4, $5, 'KRW', '[]') RETURNING id`,
    [tenant, `bt-${randomUUID().slice(0, 12)}`, orderedAt, buyerName, amount],
  );
  return String(row.id);
}
const statusOf = async (orderId: string) => (await stack.keyring.db.query<Array<{ status: string }>>('SELECT status FROM orders WHERE id = $1', [orderId]))[0].status;

test('reconciliation: exact deposits (names normalised) match and mark the order PAID once; ambiguous, near-miss and stranger deposits wait for matchDeposit', async () => {
  const { tenant, admin } = await connectedTenant();
  const accountId = ((await stack.request(ACCOUNTS, {}, admin)).data!.bankAccounts as any[])[0].id as string;
  const now = Date.now();
  const hourAgo = new Date(now - 3_600_000);
  const tag = randomUUID().slice(0, 4);
  const exact = await pendingOrder(tenant, `김철수${tag}`, 45_000, hourAgo);
  const company = await pendingOrder(tenant, `주식회사 오픈상사${tag}`, 120_000, hourAgo);
  const fullWidth = await pendingOrder(tenant, `ABC마트${tag}`, 33_000, hourAgo);
  const twinA = await pendingOrder(tenant, `이영희${tag}`, 50_000, hourAgo);
  const twinB = await pendingOrder(tenant, `이영희${tag}`, 50_000, new Date(now - 7_200_000));
  const amountOff = await pendingOrder(tenant, `박민수${tag}`, 70_000, hourAgo);
  const otherName = await pendingOrder(tenant, `정수진${tag}`, 80_000, hourAgo);
  const tooLate = await pendingOrder(tenant, `한가람${tag}`, 25_000, new Date(now - 9 * 86_400_000));
  const fullWidthTag = [...tag].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  const deposits: Array<[string, number]> = [
    [`김 철수${tag}`, 45_000], [`오픈상사${tag}(주)`, 120_000], [`ＡＢＣ마트${fullWidthTag}`, 33_000], [`이영희${tag}`, 50_000],
    [`박민수${tag}`, 69_999], [`정수민${tag}`, 80_000], [`한가람${tag}`, 25_000], [`모르는분${tag}`, 10_000],
  ];
  const events = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  const seen: OpsEvent[] = [];
  const unsubscribe = await events.subscribe(topics.orders(tenant), (event) => void seen.push(event));
  const paidEvents = (orderId: string) => seen.filter((e) => e.type === 'order.changed' && e.orderId === orderId && e.status === 'PAID' && e.cause === 'payment').length;
  for (const [depositorName, amount] of deposits) await stack.sandboxControl('bank-deposits', { amount, depositorName, at: new Date(now - 60_000).toISOString() });

  // Three replicas-worth of concurrent reads: each deposit is matched once, each order paid once.
  const reads = await Promise.all([1, 2, 3].map(() => stack.request(RECONCILE, { accountId, from: kstDay(now - 86_400_000), to: kstDay(now) }, admin)));
  for (const read of reads) expect(read.errors).toBeUndefined();
  const mine = (rows: any[]) => Object.fromEntries(rows.filter((r) => r.counterparty.includes(tag) || r.counterparty.includes(fullWidthTag)).map((r) => [r.counterparty, r.matchedOrder?.id ?? null]));
  const expected = {
    [`김 철수${tag}`]: exact, [`오픈상사${tag}(주)`]: company, [`ＡＢＣ마트${fullWidthTag}`]: fullWidth, [`이영희${tag}`]: null,
    [`박민수${tag}`]: null, [`정수민${tag}`]: null, [`한가람${tag}`]: null, [`모르는분${tag}`]: null,
  };
  const again = await stack.request(RECONCILE, { accountId, from: kstDay(now - 86_400_000), to: kstDay(now) }, admin);
  expect(mine(again.data!.bankTransactions)).toEqual(expected);
  expect((again.data!.bankTransactions as any[]).find((r) => r.matchedOrder?.id === exact).matchedOrder.externalId).toMatch(/^bt-/);
  for (const paid of [exact, company, fullWidth]) expect(await statusOf(paid)).toBe('PAID');
  for (const waiting of [twinA, twinB, amountOff, otherName, tooLate]) expect(await statusOf(waiting)).toBe('PENDING_PAYMENT');
  const [{ count }] = await stack.keyring.db.query<Array<{ count: string }>>('SELECT count(*) FROM bank_deposit_matches WHERE tenant_id = $1', [tenant]);
  expect(Number(count)).toBe(3);

  const unmatched = ((await stack.request(UNMATCHED, {}, admin)).data!.unmatchedDeposits as any[]).filter((d) => d.depositor.includes(tag));
  expect(Object.fromEntries(unmatched.map((d) => [d.depositor, d.candidates.map((c: { id: string }) => c.id).sort()]))).toEqual({
    [`이영희${tag}`]: [twinA, twinB].sort(), [`박민수${tag}`]: [], [`정수민${tag}`]: [], [`한가람${tag}`]: [], [`모르는분${tag}`]: [],
  });

  // An operator decides the ambiguous one; a viewer may not; the same decision again is harmless; a second order is refused.
  const ambiguous = unmatched.find((d) => d.depositor === `이영희${tag}`).transactionId as string;
  const viewer = await stack.token(tenant, ['viewer']);
  expect((await stack.request(MATCH, { t: ambiguous, o: twinA }, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const operator = await stack.token(tenant, ['operator']);
  const matched = await stack.request(MATCH, { t: ambiguous, o: twinA }, operator);
  expect(matched.errors).toBeUndefined();
  expect(matched.data!.matchDeposit.matchedOrder.id).toBe(twinA);
  expect(await statusOf(twinA)).toBe('PAID');
  expect((await stack.request(MATCH, { t: ambiguous, o: twinA }, operator)).errors).toBeUndefined();
  expect((await stack.request(MATCH, { t: ambiguous, o: twinB }, operator)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const nearMiss = unmatched.find((d) => d.depositor === `박민수${tag}`).transactionId as string;
  expect((await stack.request(MATCH, { t: nearMiss, o: twinA }, operator)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect((await stack.request(MATCH, { t: nearMiss, o: amountOff }, operator)).errors).toBeUndefined();
  expect(await statusOf(amountOff)).toBe('PAID');
  expect(await statusOf(twinB)).toBe('PENDING_PAYMENT');

  // One order event (cause payment) per order paid, whatever the number of reads and decisions.
  await until(() => [exact, company, fullWidth, twinA, amountOff].every((id) => paidEvents(id) >= 1), 'an order event for each paid order', 10_000);
  for (const id of [exact, company, fullWidth, twinA, amountOff]) expect(paidEvents(id)).toBe(1);
  expect(paidEvents(twinB)).toBe(0);
  unsubscribe();
  await events.close();
});

test('the demo seed (npm start) connects Open Banking through the sandbox: a deposit made with POST /__sandbox/bank-deposits shows', async () => {
  const tenant = `demo-${randomUUID().slice(0, 8)}`;
  await seedDemoKeys(stack, tenant, { everyMarketplace: true });
  const admin = await stack.token(tenant, ['admin']);
  expect(((await stack.request(KEYS, {}, admin)).data!.apiKeys as any[]).map((k) => k.status)).toEqual(['ACTIVE']);
  const accountId = ((await stack.request(ACCOUNTS, {}, admin)).data!.bankAccounts as any[])[0].id as string;
  const depositorName = `데모${randomUUID().slice(0, 4)}`;
  await stack.sandboxControl('bank-deposits', { amount: 12_345, depositorName });
  const rows = (await stack.request(TRANSACTIONS, { accountId, from: kstDay(Date.now()), to: kstDay(Date.now()) }, admin)).data!.bankTransactions as any[];
  expect(rows.find((r) => r.counterparty === depositorName)).toMatchObject({ direction: 'DEPOSIT', amount: { amount: 12_345, currency: 'KRW' } });
});

test('an expired access token is refreshed once (sealed anew) and the call answers', async () => {
  const { admin, keyId } = await connectedTenant();
  const session = await sessionOf(keyId);
  const tokenCalls = (await stack.sandboxCalls()).openbanking.byEndpoint[TOKEN_ENDPOINT] ?? 0;
  // KFTC access tokens live 90 days: past them, the sandbox answers 401 O0002 and the client refreshes.
  await stack.sandboxControl('clock', { advanceMs: 91 * 86_400_000 });
  const results = await Promise.all([1, 2, 3].map(() => stack.request(ACCOUNTS, {}, admin)));
  for (const result of results) expect(result.errors).toBeUndefined();
  expect((await stack.sandboxCalls()).openbanking.byEndpoint[TOKEN_ENDPOINT]).toBe(tokenCalls + 1);
  expect(await sessionOf(keyId)).not.toBe(session);
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'ACTIVE' });
});
