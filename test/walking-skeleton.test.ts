// The walking skeleton end to end, through the gateway over HTTP, on real PostgreSQL and the provider sandbox.
import { Client } from 'pg';
import { SignJWT } from 'jose';
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { IDENTITY_HEADER, signSubgraphIdentity, signUserToken } from '../platform/identity';
import { startTestStack, operation, TEST_JWT_SECRET, type TestStack } from './helpers/stack';

const TENANT_A = 'tenant-a';
const TENANT_B = 'tenant-b';
let stack: TestStack;
let adminA: string;

const DASHBOARD_WITH_INSIGHT = `
  query Page($first: Int!) {
    orders(first: $first) {
      edges { node { id externalId shipments { trackingNumber status } payment { status } insight { summary sentiment } } }
    }
  }`;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT_A);
  adminA = await stack.token(TENANT_A);
  const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, adminA);
  expect(sync.errors).toBeUndefined();
});

afterAll(async () => {
  await stack?.close();
});

describe('sync', () => {
  test('a second sync of unchanged orders creates and updates nothing', async () => {
    const again = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, adminA);
    expect(again.errors).toBeUndefined();
    expect(again.data!.syncOrders.created).toBe(0);
    expect(again.data!.syncOrders.updated).toBe(0);
    expect(again.data!.syncOrders.fetched).toBeGreaterThan(0);
  });

  test('new orders at the marketplace are picked up by the next sync, once', async () => {
    const before = await stack.request(operation('OrdersDashboard'), { first: 1 }, adminA);
    await stack.sandboxControl('orders', { marketplace: 'CAFE24', count: 3 });
    const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, adminA);
    expect(sync.data!.syncOrders.created).toBe(3);
    const after = await stack.request(operation('OrdersDashboard'), { first: 1 }, adminA);
    expect(after.data!.orders.totalCount).toBe(before.data!.orders.totalCount + 3);
  });

  test('syncOrders needs the operator role', async () => {
    const viewer = await stack.token(TENANT_A, ['viewer']);
    const result = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, viewer);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reading orders through the gateway', () => {
  test('OrdersDashboard returns orders with fields from commerce, logistics and finance', async () => {
    const result = await stack.request(operation('OrdersDashboard'), { first: 50 }, adminA);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.orders.edges.map((edge: any) => edge.node);
    expect(nodes.length).toBeGreaterThanOrEqual(30);
    for (const node of nodes) {
      expect(node.marketplace).toBe('CAFE24');
      expect(node.externalId).toMatch(/^\d{8}-\d{7}$/);
      expect(node.total.currency).toBe('KRW');
      expect(node.items.length).toBeGreaterThan(0);
    }
    const paid = nodes.filter((node: any) => node.payment);
    expect(paid.length).toBeGreaterThan(0);
    expect(paid[0].payment).toMatchObject({ provider: 'TOSS', status: 'PAID', amount: { currency: 'KRW' } });
    const shipped = nodes.filter((node: any) => node.shipments?.length);
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped[0].shipments[0]).toMatchObject({ carrier: 'CJ', status: expect.any(String) });
    expect(shipped.some((node: any) => node.shipments[0].lastEvent?.description)).toBe(true);
    expect(nodes.every((node: any) => node.taxInvoice === null)).toBe(true);
  });

  test('OrderDetail returns shipments, payment and an AI insight', async () => {
    const page = await stack.request(operation('OrdersDashboard'), { first: 50 }, adminA);
    const shipped = page.data!.orders.edges.map((e: any) => e.node).find((n: any) => n.shipments?.length && n.payment);
    const detail = await stack.request(operation('OrderDetail'), { id: shipped.id }, adminA);
    expect(detail.errors).toBeUndefined();
    expect(detail.data!.order.shipments[0].events.length).toBeGreaterThan(0);
    expect(detail.data!.order.payment.provider).toBe('TOSS');
    expect(detail.data!.order.insight).toMatchObject({ summary: expect.any(String), sentiment: expect.stringMatching(/POSITIVE|NEUTRAL|NEGATIVE/) });
  });

  test('pagination with after returns the next page without overlap', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 20; page++) {
      const result: any = await stack.request(operation('OrdersDashboard'), { first: 7, after }, adminA);
      expect(result.errors).toBeUndefined();
      totalCount = result.data.orders.totalCount;
      seen.push(...result.data.orders.edges.map((edge: any) => edge.node.id));
      if (!result.data.orders.pageInfo.hasNextPage) break;
      after = result.data.orders.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(totalCount);
  });

  test('a bad cursor or page size is BAD_USER_INPUT', async () => {
    const badCursor = await stack.request(operation('OrdersDashboard'), { after: 'nonsense' }, adminA);
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // One over commerce's page size: a page of 1000 would cost more than MAX_COST and stop at the gateway.
    const tooMany = await stack.request(operation('OrdersDashboard'), { first: 101 }, adminA);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a page of 50 orders makes a bounded number of provider calls, and parcels come from the cache after', async () => {
    // A tenant of its own, so that no earlier test has warmed the tracking cache.
    await seedDemoKeys(stack, 'tenant-bound');
    const admin = await stack.token('tenant-bound');
    await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
    await stack.sandboxControl('reset');
    const result = await stack.request(DASHBOARD_WITH_INSIGHT, { first: 50 }, admin);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.orders.edges.map((edge: any) => edge.node);
    const parcels = new Set(nodes.flatMap((node: any) => (node.shipments ?? []).map((s: any) => s.trackingNumber)));
    expect(parcels.size).toBeGreaterThan(0);
    const calls = await stack.sandboxCalls();
    // Bound: one Sweet Tracker call per distinct parcel, one Toss call per order, ceil(n/20) OpenAI calls.
    expect(calls.sweettracker.total).toBe(parcels.size);
    expect(calls.toss.total).toBe(nodes.length);
    expect(calls.openai.total).toBe(Math.ceil(nodes.length / 20));
    expect(calls.cafe24.total).toBe(0);

    await stack.sandboxControl('reset');
    const again = await stack.request(DASHBOARD_WITH_INSIGHT, { first: 50 }, admin);
    expect(again.data!.orders.edges.map((edge: any) => edge.node.shipments)).toEqual(nodes.map((node: any) => node.shipments));
    expect((await stack.sandboxCalls()).sweettracker.total).toBe(0);
  });
});

describe('failures', () => {
  // A tenant of its own: tenant A's payments and parcels are in the shared caches by now.
  let admin: string;
  beforeAll(async () => {
    await seedDemoKeys(stack, 'tenant-faults');
    admin = await stack.token('tenant-faults');
    await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  });
  afterEach(async () => {
    await stack.sandboxControl('reset');
  });

  test("a provider's throttle reply becomes RATE_LIMITED with retryAfter", async () => {
    await stack.sandboxControl('faults', { provider: 'toss', kind: 'rate_limit' });
    const result = await stack.request(operation('OrdersDashboard'), { first: 5 }, admin);
    const error = result.errors!.find((e) => e.path?.at(-1) === 'payment')!;
    expect(error.extensions?.code).toBe('RATE_LIMITED');
    expect(error.extensions?.retryAfter).toBeGreaterThan(0);
  });

  test('a tenant without keys for a provider gets NO_PROVIDER_KEY on that field only', async () => {
    const lonely = await stack.token('tenant-without-keys');
    const result = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, lonely);
    expect(result.errors?.[0].extensions?.code).toBe('NO_PROVIDER_KEY');
  });
  // Last in this block: failing on every key trips the provider's breaker for the rest of the file.
  test('a failing payment provider nulls payment with an error code, and the rest of the response stands', async () => {
    await stack.sandboxControl('faults', { provider: 'toss', kind: 'server_error' });
    const result = await stack.request(operation('OrdersDashboard'), { first: 20 }, admin);
    const nodes = result.data!.orders.edges.map((edge: any) => edge.node);
    expect(nodes.length).toBe(20);
    expect(nodes.every((node: any) => node.payment === null)).toBe(true);
    expect(nodes.some((node: any) => node.shipments?.length)).toBe(true);
    const paymentErrors = result.errors!.filter((error) => error.path?.at(-1) === 'payment');
    expect(paymentErrors.length).toBeGreaterThan(0);
    expect(paymentErrors.some((error) => error.extensions?.code === 'PROVIDER_UNAVAILABLE')).toBe(true);
    // After five consecutive errors the resolver disables the key (see keyring/resolver.ts): later lookups in the
    // same page then find no usable key. Either way each failure stays on its own payment field.
    for (const error of paymentErrors) expect(['PROVIDER_UNAVAILABLE', 'NO_PROVIDER_KEY']).toContain(error.extensions?.code);
  });
});

describe('identity and tenancy', () => {
  test('no token, an expired token and a token signed by another key are UNAUTHENTICATED', async () => {
    const expired = await signUserToken({ sub: 'u', tenant: TENANT_A, roles: ['admin'] }, TEST_JWT_SECRET, { expiresIn: -10 });
    const foreign = await signUserToken({ sub: 'u', tenant: TENANT_A, roles: ['admin'] }, 'another-secret-that-is-long-enough-000');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'u', tenant: TENANT_A, roles: ['admin'], iss: 'opsgraph' }),
    ).toString('base64url')}.`;
    for (const token of [null, expired, foreign, none, 'garbage']) {
      const result = await stack.request(operation('OrdersDashboard'), {}, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data ?? null).toBeNull();
    }
  });

  test("tenant B never sees tenant A's orders", async () => {
    const adminB = await stack.token(TENANT_B);
    const listB = await stack.request(operation('OrdersDashboard'), { first: 50 }, adminB);
    expect(listB.data!.orders.totalCount).toBe(0);
    const listA = await stack.request(operation('OrdersDashboard'), { first: 1 }, adminA);
    const idOfA = listA.data!.orders.edges[0].node.id;
    const detailB = await stack.request(operation('OrderDetail'), { id: idOfA }, adminB);
    expect(detailB.data!.order).toBeNull();
  });

  test('a subgraph called directly, or with a forged identity, refuses', async () => {
    const query = JSON.stringify({ query: '{ orders(first: 1) { totalCount } }' });
    const url = stack.subgraphs.commerce.url;
    const forged = await new SignJWT({ tenant: TENANT_A, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('opsgraph-gateway').setAudience('opsgraph-subgraphs')
      .setExpirationTime('1m').sign(new TextEncoder().encode('not-the-subgraph-secret-000000000000'));
    const userToken = await stack.token(TENANT_A);
    for (const header of [undefined, forged, userToken]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (header) headers[IDENTITY_HEADER] = header;
      const body = (await (await fetch(url, { method: 'POST', headers, body: query })).json()) as any;
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(body.data?.orders).toBeFalsy();
    }
    const genuine = signSubgraphIdentity({ sub: 'x', tenant: TENANT_A, roles: ['viewer'] }, stack.config.auth.subgraphSecret, { audience: 'commerce', body: query, ttlMs: 10_000 });
    const ok = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: genuine }, body: query })).json()) as any;
    expect(ok.data.orders.totalCount).toBeGreaterThan(0);
  });
});

describe('credentials at rest', () => {
  test('provider credentials and Cafe24 tokens are stored sealed, never in plain text', async () => {
    const client = new Client({ connectionString: stack.database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT row_to_json(k)::text AS row FROM provider_keys k');
      const dump = rows.map((row) => row.row).join('\n');
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const secret of [DEMO_CREDENTIALS.cafe24.clientSecret, DEMO_CREDENTIALS.toss.secretKey, DEMO_CREDENTIALS.sweettracker.apiKey, DEMO_CREDENTIALS.openai.apiKey]) {
        expect(dump).not.toContain(secret);
      }
      const [cafe24] = (await stack.keyring.listKeys(TENANT_A, 'CAFE24'));
      const session = await stack.keyring.readSession<{ accessToken: string; refreshToken: string }>(cafe24.id);
      expect(session?.refreshToken).toBeTruthy();
      expect(dump).not.toContain(session!.refreshToken);
      expect(dump).not.toContain(session!.accessToken);
    } finally {
      await client.end();
    }
  });
});

describe('health', () => {
  test('/health answers and /ready is 200 once every subgraph answers', async () => {
    const base = new URL(stack.gateway.url);
    expect((await fetch(new URL('/health', base))).status).toBe(200);
    expect((await fetch(new URL('/ready', base))).status).toBe(200);
  });

  test('/metrics counts requests by operation and outcome, with no tenant or secret in any label', async () => {
    const response = await fetch(new URL('/metrics', new URL(stack.gateway.url)));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/opsgraph_gateway_requests_total\{operation="OrdersDashboard",outcome="ok"\} \d+/);
    expect(text).toMatch(/opsgraph_gateway_requests_total\{operation="OrdersDashboard",outcome="BAD_USER_INPUT"\} \d+/);
    expect(text).toContain('opsgraph_gateway_request_duration_seconds_bucket');
    for (const secret of [TENANT_A, DEMO_CREDENTIALS.toss.secretKey, DEMO_CREDENTIALS.openai.apiKey]) expect(text).not.toContain(secret);
  });
});
