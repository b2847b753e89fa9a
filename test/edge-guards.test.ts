// The edge's guards against abuse (issue 11), through the real gateway, PostgreSQL and Redis: /metrics is
// bounded and behind a token, APQ stores bounded documents in bounded numbers, documents hold no giant token,
// and user tokens must expire, within the maximum lifetime, for a well-formed tenant.
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { seedDemoKeys } from '../scripts/seed';
import { startTestStack, TEST_JWT_SECRET, type TestStack } from './helpers/stack';

const METRICS_TOKEN = 'metrics-token-for-the-edge-guards-test';
const APQ_MAX_PER_TENANT = 5;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('edge guards', () => {
  let stack: TestStack;
  let admin: string;

  beforeAll(async () => {
    stack = await startTestStack({
      env: {
        METRICS_TOKEN, APQ_MAX_PER_TENANT: String(APQ_MAX_PER_TENANT),
        TENANT_RATE_PER_SECOND: '100000', TENANT_BURST: '100000',
      },
    });
    admin = await stack.token('tenant-edge-guards');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const post = async (body: unknown, token = admin) => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const codes = (body: any): string[] => (body.errors ?? []).map((error: any) => error.extensions?.code);
  const metrics = (authorization?: string) =>
    fetch(new URL('/metrics', stack.gateway.url), { headers: authorization ? { authorization } : {} });

  describe('/metrics', () => {
    test('answers only with METRICS_TOKEN as a bearer', async () => {
      expect((await metrics()).status).toBe(401);
      expect((await metrics('Bearer not-the-token-at-all-0000000')).status).toBe(401);
      const scraped = await metrics(`Bearer ${METRICS_TOKEN}`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('opsgraph_gateway_requests_total');
    });

    test('labels at most 100 client-chosen operation names; the rest count as one "other" series', async () => {
      const names = Array.from({ length: 300 }, (_, i) => `Invented${i}`);
      for (let start = 0; start < names.length; start += 50) {
        await Promise.all(names.slice(start, start + 50).map((name) => post({ query: `query ${name} { __typename }` })));
      }
      const text = await (await metrics(`Bearer ${METRICS_TOKEN}`)).text();
      const labelled = new Set([...text.matchAll(/^opsgraph_gateway_requests_total\{operation="([^"]+)"/gm)].map((match) => match[1]));
      const invented = [...labelled].filter((name) => name.startsWith('Invented'));
      expect(invented.length).toBeLessThanOrEqual(100);
      expect(labelled.has('other')).toBe(true);
      const other = Number(/^opsgraph_gateway_requests_total\{operation="other",outcome="ok"\} (\d+)$/m.exec(text)?.[1]);
      expect(other + invented.length).toBeGreaterThanOrEqual(300);
      expect(text.split('\n').length).toBeLessThan(2000);
    });
  });

  describe('automatic persisted queries', () => {
    const register = (query: string, token = admin) =>
      post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } }, token);

    test('a document over 32 KB is not stored: OPERATION_TOO_COMPLEX, and its hash stays unknown', async () => {
      const query = `# ${'padding '.repeat(4200)}\nquery Big { __typename }`;
      expect(Buffer.byteLength(query)).toBeGreaterThan(32 * 1024);
      const refused = await register(query);
      expect(codes(refused.body)).toEqual(['OPERATION_TOO_COMPLEX']);
      expect(refused.body.errors[0].extensions).toMatchObject({ limit: 'apqBytes', max: 32 * 1024 });
      const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(codes(byHash.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    test('a tenant registers at most APQ_MAX_PER_TENANT documents, counted atomically across concurrent requests', async () => {
      const token = await stack.token('tenant-apq-bound');
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => register(`query Registered${i} { __typename }`, token)));
      const stored = results.filter((result) => result.body.data?.__typename === 'Query');
      const refused = results.filter((result) => codes(result.body).includes('BAD_USER_INPUT'));
      expect([stored.length, refused.length]).toEqual([APQ_MAX_PER_TENANT, 12 - APQ_MAX_PER_TENANT]);
      expect(refused[0].body.errors[0].message).toMatch(/registered 5 persisted queries/);
      // A document it registered runs by hash; another tenant still has its own allowance.
      const known = results.findIndex((result) => result.body.data);
      const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(`query Registered${known} { __typename }`) } } }, token);
      expect(byHash.body.data).toEqual({ __typename: 'Query' });
      expect((await register('query OtherTenant { __typename }')).body.data).toEqual({ __typename: 'Query' });
    });
  });

  test('a document holding one token longer than 4096 characters is OPERATION_TOO_COMPLEX', async () => {
    const refused = await post({ query: `{ order(id: "${'x'.repeat(5000)}") { id } }` });
    expect(codes(refused.body)).toEqual(['OPERATION_TOO_COMPLEX']);
    expect(refused.body.errors[0].extensions).toMatchObject({ limit: 'tokenLength', max: 4096 });
  });

  describe('user tokens', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ tenant: 'tenant-edge-guards', roles: ['admin'], ...claims })
        .setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('opsgraph')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));

    test.each([
      ['without exp', { iat: 0 }, /no "exp"/],
      ['living longer than JWT_MAX_LIFETIME_S', { iat: -60, exp: 48 * 3600 }, /more than the 86400 s/],
      ['issued in the future', { iat: 600, exp: 3600 }, /"iat" is in the future/],
      ['for a reserved tenant', { iat: 0, exp: 600, tenant: 'platform' }, /reserved/],
      ['for a tenant with a ":"', { iat: 0, exp: 600, tenant: 'partner:acme' }, /"tenant"/],
    ])('a token %s is UNAUTHENTICATED', async (_name, offsets, message) => {
      const claims = Object.fromEntries(Object.entries(offsets).map(([claim, value]) => [claim, typeof value === 'number' ? now() + value : value]));
      const refused = await post({ query: '{ __typename }' }, await sign(claims));
      expect(refused.status).toBe(401);
      expect(codes(refused.body)).toEqual(['UNAUTHENTICATED']);
      expect(refused.body.errors[0].message).toMatch(message);
    });

    test('the tokens the tests and `npm run token` sign carry exp and pass', async () => {
      expect((await post({ query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
    });
  });

  describe('stored strings have length limits', () => {
    test('a key label, a disable reason, credentials and chat text over their limits are BAD_USER_INPUT naming the field', async () => {
      const add = (label: string, credentials: Record<string, unknown> = { apiKey: 'sandbox-key' }) =>
        stack.request('mutation($i: AddApiKeyInput!) { addApiKey(input: $i) { id } }', { i: { provider: 'SWEETTRACKER', label, credentials } }, admin);
      const fieldOf = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) =>
        result.errors?.map((error) => `${error.extensions?.code} ${error.extensions?.field}`);
      expect(fieldOf(await add('x'.repeat(101)))).toEqual(['BAD_USER_INPUT label']);
      expect(fieldOf(await add('ok', { apiKey: 'k'.repeat(5000) }))).toEqual(['BAD_USER_INPUT credentials.apiKey']);
      const added = await add('main');
      expect(added.errors).toBeUndefined();
      const id = added.data!.addApiKey.id;
      const rename = await stack.request('mutation($id: ID!, $l: String) { updateApiKey(id: $id, input: { label: $l }) { id } }', { id, l: 'y'.repeat(101) }, admin);
      expect(fieldOf(rename)).toEqual(['BAD_USER_INPUT label']);
      const disable = await stack.request('mutation($id: ID!, $r: String) { disableApiKey(id: $id, reason: $r) { id } }', { id, r: 'z'.repeat(501) }, admin);
      expect(fieldOf(disable)).toEqual(['BAD_USER_INPUT reason']);
      const chat = await stack.request('mutation($t: String!) { sendChatMessage(text: $t) { conversation { id } } }', { t: 'w'.repeat(20_000) }, admin);
      expect(fieldOf(chat)).toEqual(['BAD_USER_INPUT text']);
    });
  });

  describe('bad input and failures (development mode)', () => {
    test.each([
      ['DateTime literal', '{ orders(first: 1, filter: { updatedAfter: "nope" }) { totalCount } }', {}, 'filter.updatedAfter'],
      ['DateTime variable', 'query($d: DateTime) { orders(first: 1, filter: { updatedAfter: $d }) { totalCount } }', { d: 'nope' }, '$d'],
      ['DateTime inside an input variable', 'query($f: OrderFilter) { orders(first: 1, filter: $f) { totalCount } }', { f: { orderedAfter: '2026-13-01T00:00:00Z' } }, '$f.orderedAfter'],
      ['cursor', '{ orders(first: 1, after: "garbage!!") { totalCount } }', {}, 'after'],
    ])('a malformed %s is BAD_USER_INPUT naming it, with no internal URL', async (_what, query, variables, field) => {
      const result = await stack.request(query, variables, admin);
      expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
      expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|localhost|http:\/\/|Bad Request/);
    });

    test('a database failure during a marketplace sync is INTERNAL_SERVER_ERROR, not the marketplace failing', async () => {
      const tenant = 'tenant-sync-fault';
      await seedDemoKeys(stack, tenant);
      const operator = await stack.token(tenant, ['operator']);
      const sync = 'mutation { syncOrders(marketplace: CAFE24) { fetched } }';
      expect((await stack.request(sync, {}, operator)).errors).toBeUndefined();
      await stack.commerceDb.query('ALTER TABLE order_sync_state RENAME TO order_sync_state_gone');
      try {
        const result = await stack.request(sync, {}, operator);
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
        expect(result.errors![0].message).toBe('Internal server error');
        expect(JSON.stringify(result)).not.toMatch(/CAFE24 is unavailable|order_sync_state|relation|PROVIDER_UNAVAILABLE/);
      } finally {
        await stack.commerceDb.query('ALTER TABLE order_sync_state_gone RENAME TO order_sync_state');
      }
    });

    // Last in the file: it stops the keys subgraph.
    test('a subgraph that is down shows no URL, status line or connection error, in development too', async () => {
      await stack.subgraphs.keys.close();
      const result = await stack.request('{ apiKeys { id } }', {}, admin);
      expect(result.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([['Internal server error', 'INTERNAL_SERVER_ERROR']]);
      expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|localhost|http:\/\/|fetch failed/);
    });
  });
});
