import { randomUUID } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { recentRange, startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { connectInSandbox } from '../test-support/cafe24';
import { Cafe24Client } from './client';
import { refreshCafe24Token } from './oauth';
import { MemoryCafe24TokenStore, type Cafe24TokenStore } from './token-store';

const TOKEN_ENDPOINT = 'POST /api/v2/oauth/token';
const ORDERS_ENDPOINT = 'GET /api/v2/admin/orders';
const AUTHORIZE_ENDPOINT = 'GET /api/v2/oauth/authorize';
const REDIRECT_URI = 'https://opsgraph.test/oauth/cafe24/callback';

describe('Cafe24Client against the sandbox', () => {
  let sandbox: RunningSandbox;
  const mallId = DEMO_CREDENTIALS.cafe24.mallId;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {});
  });

  /** A fresh app per test, so tokens and counters of one test never meet another's. */
  async function newApp(overrides: { clientSecret?: string } = {}) {
    const app = { mallId, clientId: `app-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
    await sandbox.control('credentials', { provider: 'cafe24', credentials: app });
    const store = new MemoryCafe24TokenStore();
    const client = new Cafe24Client({
      baseUrl: `${sandbox.url}/cafe24/{mall_id}`,
      mallId,
      clientId: app.clientId,
      clientSecret: overrides.clientSecret ?? app.clientSecret,
      redirectUri: REDIRECT_URI,
      tokens: store,
    });
    return { app, store, client };
  }

  it('completes the authorization-code exchange and stores the tokens', async () => {
    const { client, store } = await newApp();
    const tokens = await connectInSandbox(client, mallId);
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(Date.parse(tokens.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(tokens.refreshTokenExpiresAt)).toBeGreaterThan(Date.parse(tokens.accessTokenExpiresAt));
    expect(await store.get()).toEqual(tokens);
    const { orders } = await client.listOrders({ ...recentRange(), limit: 5 });
    expect(orders.length).toBeGreaterThan(0);
  });

  it('refreshes with the rotating refresh token and stores the new one before using it', async () => {
    const { app, client, store } = await newApp();
    const first = await connectInSandbox(client, mallId);
    await sandbox.control('clock', { advanceMs: 2 * 3_600_000 + 60_000 });
    // At the moment the store persists, the sandbox must not have seen the new access token yet.
    const seenAtPersist: number[] = [];
    const observed: Cafe24TokenStore = {
      get: () => store.get(),
      rotate: (seen, refresh) =>
        store.rotate(seen, async (current) => {
          const next = await refresh(current);
          seenAtPersist.push((await sandbox.calls('cafe24')).byCredential[next.accessToken.slice(-4)] ?? 0);
          return next;
        }),
    };
    const observedClient = new Cafe24Client({
      baseUrl: `${sandbox.url}/cafe24/{mall_id}`,
      mallId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: REDIRECT_URI,
      tokens: observed,
    });
    const authorizeBefore = (await sandbox.calls('cafe24')).byEndpoint[AUTHORIZE_ENDPOINT] ?? 0;
    await observedClient.listOrders({ ...recentRange(), limit: 1 });
    const rotated = (await store.get())!;
    expect(seenAtPersist).toEqual([0]);
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect((await sandbox.calls('cafe24')).byCredential[rotated.accessToken.slice(-4)]).toBeGreaterThan(0);
    // It was the refresh grant, not a new authorization.
    expect((await sandbox.calls('cafe24')).byEndpoint[AUTHORIZE_ENDPOINT] ?? 0).toBe(authorizeBefore);
    // The old refresh token is spent: Cafe24 rotates it.
    const oauth = { mallBaseUrl: `${sandbox.url}/cafe24/${mallId}`, clientId: app.clientId, clientSecret: app.clientSecret };
    const reuse = await refreshCafe24Token(oauth, first.refreshToken).catch((error) => error);
    expect(reuse).toBeInstanceOf(ProviderError);
    expect(reuse).toMatchObject({ kind: 'auth', providerCode: 'invalid_grant' });
  });

  test('asks for the mall administrator again when Cafe24 no longer knows the stored refresh token, without authorizing by itself', async () => {
    const { client } = await newApp();
    const first = await connectInSandbox(client, mallId);
    await client.refresh(first); // spends first.refreshToken
    const before = await sandbox.calls('cafe24');
    const refused = await client.refresh(first).catch((error) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ kind: 'auth', providerCode: 'invalid_grant' });
    const after = await sandbox.calls('cafe24');
    expect((after.byEndpoint[TOKEN_ENDPOINT] ?? 0) - (before.byEndpoint[TOKEN_ENDPOINT] ?? 0)).toBe(1);
    expect(after.byEndpoint[AUTHORIZE_ENDPOINT] ?? 0).toBe(before.byEndpoint[AUTHORIZE_ENDPOINT] ?? 0);
  });

  test('a client never connected refuses with consent_required and calls nobody', async () => {
    const { client } = await newApp();
    const before = (await sandbox.calls('cafe24')).total;
    const error = await client.listOrders({ ...recentRange(), limit: 1 }).catch((e) => e);
    expect(error).toMatchObject({ provider: 'cafe24', kind: 'auth', providerCode: 'consent_required' });
    expect((await sandbox.calls('cafe24')).total).toBe(before);
  });

  it('builds the documented authorize URL', async () => {
    const { client, app } = await newApp();
    const url = new URL(client.authorizeUrl('state-1'));
    expect(url.origin + url.pathname).toBe(`${sandbox.url}/cafe24/${mallId}/api/v2/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code', client_id: app.clientId, state: 'state-1', redirect_uri: REDIRECT_URI, scope: 'mall.read_order,mall.write_order,mall.read_product,mall.write_product,mall.read_shipping',
    });
  });

  it('refuses a wrong client secret with an auth error that does not quote the secret', async () => {
    const wrongSecret = `wrong-${randomUUID()}`;
    const { client } = await newApp({ clientSecret: wrongSecret });
    const error = await connectInSandbox(client, mallId).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'cafe24', kind: 'auth' });
    expect(error.message).not.toContain(wrongSecret);
    expect(error.message).not.toContain(Buffer.from(wrongSecret).toString('base64'));
    expect(error.message).toMatch(/Cafe24/);
  });

  it('refreshes exactly once when the access token expired (sandbox clock +2h) and then succeeds', async () => {
    const { client } = await newApp();
    await connectInSandbox(client, mallId);
    await sandbox.control('clock', { advanceMs: 2 * 3_600_000 + 60_000 });
    const before = (await sandbox.calls('cafe24')).byEndpoint[TOKEN_ENDPOINT] ?? 0;
    const { orders } = await client.listOrders({ ...recentRange(), limit: 3 });
    expect(orders.length).toBeGreaterThan(0);
    const after = (await sandbox.calls('cafe24')).byEndpoint[TOKEN_ENDPOINT] ?? 0;
    expect(after - before).toBe(1);
  });

  it('refreshes once for two concurrent calls sharing one token store', async () => {
    const { client, store } = await newApp();
    await connectInSandbox(client, mallId);
    await sandbox.control('clock', { advanceMs: 2 * 3_600_000 + 60_000 });
    const refreshesBefore = store.refreshCount;
    const before = (await sandbox.calls('cafe24')).byEndpoint[TOKEN_ENDPOINT] ?? 0;
    const results = await Promise.all([
      client.listOrders({ ...recentRange(), limit: 2 }),
      client.countOrders(recentRange()),
    ]);
    expect(results[0].orders.length).toBeGreaterThan(0);
    expect(results[1]).toBeGreaterThan(0);
    expect(store.refreshCount - refreshesBefore).toBe(1);
    expect(((await sandbox.calls('cafe24')).byEndpoint[TOKEN_ENDPOINT] ?? 0) - before).toBe(1);
  });

  it('listAllOrders follows every page until a short one', async () => {
    const { client } = await newApp();
    await connectInSandbox(client, mallId);
    const range = recentRange();
    const count = await client.countOrders(range);
    const pageSize = Math.max(1, Math.ceil(count / 4));
    const before = (await sandbox.calls('cafe24')).byEndpoint[ORDERS_ENDPOINT] ?? 0;
    const ids: string[] = [];
    for await (const order of client.listAllOrders({ ...range, pageSize })) ids.push(order.order_id);
    expect(ids.length).toBe(count);
    expect(new Set(ids).size).toBe(count);
    const pages = ((await sandbox.calls('cafe24')).byEndpoint[ORDERS_ENDPOINT] ?? 0) - before;
    expect(pages).toBe(Math.floor(count / pageSize) + 1);
  });

  it('maps a 429 to rate_limited with a retry hint', async () => {
    const { client } = await newApp();
    await connectInSandbox(client, mallId);
    await sandbox.control('faults', { provider: 'cafe24', kind: 'rate_limit', count: 1 });
    const error = await client.listOrders({ ...recentRange(), limit: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'cafe24', kind: 'rate_limited', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });
});
