// Connecting a Cafe24 mall as a seller does (issue 12): connectCafe24 stores the key waiting for consent, the mall
// administrator logs in and consents on Cafe24's page (the sandbox's), Cafe24 redirects the browser to the
// gateway's callback, and the mall syncs. The browser resolves the public host of CAFE24_REDIRECT_URI
// (opsgraph.test) to the test gateway, as DNS would in production.
import { randomUUID } from 'node:crypto';
import { oauthStateKey } from '../subgraphs/keys/oauth-consent';
import { startTestStack, type TestStack } from './helpers/stack';
import { subscribe, until, type Subscriber } from './helpers/subscriptions';

const PUBLIC_CALLBACK = 'https://opsgraph.test/oauth/cafe24/callback';
const MALL = 'opsgraphdemo';
const CONNECT = `mutation Connect($input: ConnectCafe24Input!) { connectCafe24(input: $input) { keyId authorizeUrl } }`;
const KEYS = `{ apiKeys(provider: CAFE24) { id status disabledReason } }`;
const SYNC = `mutation { syncOrders(marketplace: CAFE24) { fetched created } }`;
const TOKEN_ENDPOINT = 'POST /api/v2/oauth/token';

let stack: TestStack;
const subscribers: Subscriber[] = [];

beforeAll(async () => {
  stack = await startTestStack({ env: { CAFE24_REDIRECT_URI: PUBLIC_CALLBACK } });
});
afterAll(async () => {
  for (const subscriber of subscribers) await subscriber.stop();
  await stack?.close();
});

/** A new tenant with a new app installed on the sandbox mall (its registered Redirect URI: the public callback). */
async function newSeller() {
  const tenant = `cafe24-${randomUUID().slice(0, 8)}`;
  const app = { mallId: MALL, clientId: `app-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
  await stack.sandboxControl('credentials', { provider: 'cafe24', credentials: { ...app, redirectUri: PUBLIC_CALLBACK } });
  const admin = await stack.token(tenant, ['admin']);
  const connected = await stack.request(CONNECT, { input: { ...app, label: 'my mall' } }, admin);
  expect(connected.errors).toBeUndefined();
  const { keyId, authorizeUrl } = connected.data!.connectCafe24 as { keyId: string; authorizeUrl: string };
  return { tenant, app, admin, keyId, authorizeUrl };
}

/** The mall administrator's browser: the consent page, its form posted, and the redirect Cafe24 answers with. */
async function consent(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]*)"/.exec(html)![1].replace(/&#38;/g, '&').replace(/&amp;/g, '&');
  const posted = await fetch(new URL(action, authorizeUrl), {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ admin_id: MALL, password: 'correct horse' }).toString(),
  });
  expect(posted.status).toBe(302);
  return new URL(posted.headers.get('location')!);
}

/** Follows a redirect to the public callback: the same path and query, at the test gateway. */
function followToGateway(location: URL): Promise<Response> {
  expect(location.origin + location.pathname).toBe(PUBLIC_CALLBACK);
  return fetch(new URL(`${location.pathname}${location.search}`, stack.gateway.url), { redirect: 'manual' });
}

const keyOf = async (admin: string, keyId: string) => ((await stack.request(KEYS, {}, admin)).data!.apiKeys as any[]).find((k) => k.id === keyId);
const sessionOf = async (keyId: string) =>
  (await stack.keyring.db.query<Array<{ sealed_session: string | null }>>('SELECT sealed_session FROM provider_keys WHERE id = $1', [keyId]))[0].sealed_session;

test('a new tenant connects a mall: authorize URL, consent page, redirect to the gateway callback, then syncOrders works', async () => {
  const { admin, app, keyId, authorizeUrl } = await newSeller();
  const url = new URL(authorizeUrl);
  expect(url.origin + url.pathname).toBe(`${stack.sandbox!.url}/cafe24/${MALL}/api/v2/oauth/authorize`);
  expect(Object.fromEntries(url.searchParams)).toEqual({
    response_type: 'code', client_id: app.clientId, state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), redirect_uri: PUBLIC_CALLBACK,
    scope: 'mall.read_order,mall.write_order,mall.read_product,mall.write_product,mall.read_shipping',
  });
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'NEEDS_CONSENT' });
  // Waiting for consent, the key serves nothing.
  expect((await stack.request(SYNC, {}, admin)).errors?.[0].extensions?.code).toBe('NO_PROVIDER_KEY');

  const callback = await followToGateway(await consent(authorizeUrl));
  expect(callback.status).toBe(200);
  expect(callback.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await callback.text()).toContain(`The Cafe24 mall ${MALL} is connected`);
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'ACTIVE', disabledReason: null });
  const session = await sessionOf(keyId);
  expect(session).toEqual(expect.any(String));
  expect(session).not.toContain('accessToken');

  const sync = await stack.request(SYNC, {}, admin);
  expect(sync.errors).toBeUndefined();
  expect(sync.data!.syncOrders.fetched).toBeGreaterThan(0);
});

test('a reused state answers 400 and changes nothing', async () => {
  const { admin, keyId, authorizeUrl } = await newSeller();
  const redirect = await consent(authorizeUrl);
  expect((await followToGateway(redirect)).status).toBe(200);
  const session = await sessionOf(keyId);
  const tokenCalls = (await stack.sandboxCalls()).cafe24.byEndpoint[TOKEN_ENDPOINT];
  const again = await followToGateway(redirect);
  expect(again.status).toBe(400);
  expect(await again.text()).toMatch(/unknown, was already used, or has expired/);
  expect(await sessionOf(keyId)).toBe(session);
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'ACTIVE' });
  expect((await stack.sandboxCalls()).cafe24.byEndpoint[TOKEN_ENDPOINT]).toBe(tokenCalls);
});

test('a forged state answers 400 and changes nothing; the real one still connects', async () => {
  const { admin, keyId, authorizeUrl } = await newSeller();
  const redirect = await consent(authorizeUrl);
  const forged = new URL(redirect);
  forged.searchParams.set('state', `${redirect.searchParams.get('state')!.slice(0, -2)}xx`);
  const tokenCalls = (await stack.sandboxCalls()).cafe24.byEndpoint[TOKEN_ENDPOINT] ?? 0;
  const refused = await followToGateway(forged);
  expect(refused.status).toBe(400);
  const missing = new URL(redirect);
  missing.searchParams.delete('state');
  expect((await followToGateway(missing)).status).toBe(400);
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'NEEDS_CONSENT' });
  expect(await sessionOf(keyId)).toBeNull();
  expect((await stack.sandboxCalls()).cafe24.byEndpoint[TOKEN_ENDPOINT] ?? 0).toBe(tokenCalls);
  expect((await followToGateway(redirect)).status).toBe(200);
});

test('an expired state (older than 10 minutes) answers 400 and changes nothing', async () => {
  const { admin, tenant, keyId, authorizeUrl } = await newSeller();
  const redirect = await consent(authorizeUrl);
  // As if the administrator had left the consent page open for 11 minutes.
  const key = oauthStateKey('cafe24', redirect.searchParams.get('state')!);
  expect(JSON.parse((await stack.kv.get(key))!)).toMatchObject({ tenantId: tenant, keyId });
  await stack.kv.set(key, JSON.stringify({ tenantId: tenant, keyId, issuedAt: Date.now() - 11 * 60_000 }), 60_000);
  const refused = await followToGateway(redirect);
  expect(refused.status).toBe(400);
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'NEEDS_CONSENT' });
  expect(await sessionOf(keyId)).toBeNull();
});

test('connectCafe24 refuses bad input with BAD_USER_INPUT and non-admins with FORBIDDEN, storing nothing', async () => {
  const tenant = `cafe24-${randomUUID().slice(0, 8)}`;
  const input = { mallId: MALL, clientId: 'cid', clientSecret: 'a-secret-never-echoed', label: 'mall' };
  const admin = await stack.token(tenant, ['admin']);
  for (const [bad, field] of [[{ mallId: 'my.mall/evil' }, 'credentials.mallId'], [{ label: '  ' }, 'label'], [{ clientId: 'a\nb' }, 'credentials.clientId']] as const) {
    const refused = await stack.request(CONNECT, { input: { ...input, ...bad } }, admin);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(refused)).not.toContain(input.clientSecret);
  }
  const operator = await stack.request(CONNECT, { input }, await stack.token(tenant, ['operator']));
  expect(operator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await stack.request(KEYS, {}, admin)).data!.apiKeys).toEqual([]);
});

test('the callback page escapes what it shows', async () => {
  const refused = await fetch(new URL('/oauth/cafe24/callback?state=<script>&code=x&error=<img src=x onerror=alert(1)>', stack.gateway.url));
  expect(refused.status).toBe(400);
  const html = await refused.text();
  expect(html).not.toMatch(/<script>|<img/);
  expect(refused.headers.get('content-security-policy')).toContain("default-src 'none'");
});

test('the internal callback route refuses anything the gateway did not sign', async () => {
  const keys = new URL('/internal/oauth/cafe24/callback', stack.subgraphs.keys.url);
  const response = await fetch(keys, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'x', code: 'y', error: null }) });
  expect(response.status).toBe(401);
});

// Last: it moves the sandbox's clock past every refresh token's 14 days.
test('an expired refresh token (invalid_grant) marks the key NEEDS_CONSENT and raises one alert, after one refresh attempt', async () => {
  const { admin, tenant, keyId, authorizeUrl } = await newSeller();
  expect((await followToGateway(await consent(authorizeUrl))).status).toBe(200);
  const alerts = subscribe(stack.gateway.url, admin, 'subscription { apiKeyAlerts { keyId provider kind reason } }');
  subscribers.push(alerts);
  await until(() => stack.subgraphs.keys.activeSubscriptions() >= 1, 'subscribed at keys');
  await stack.sandboxControl('clock', { advanceMs: 15 * 86_400_000 });
  const before = (await stack.sandboxCalls()).cafe24.byEndpoint[TOKEN_ENDPOINT] ?? 0;

  const failed = await stack.request(SYNC, {}, admin);
  expect(failed.errors).toBeDefined();
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'NEEDS_CONSENT', disabledReason: expect.stringContaining('invalid_grant') });
  const alert = await alerts.event(0);
  expect(alert.data!.apiKeyAlerts).toMatchObject({ keyId, provider: 'CAFE24', kind: 'NEEDS_CONSENT' });

  // Never loops: the next sync finds no key in service and calls Cafe24 not at all.
  const again = await stack.request(SYNC, {}, admin);
  expect(again.errors?.[0].extensions?.code).toBe('NO_PROVIDER_KEY');
  expect(((await stack.sandboxCalls()).cafe24.byEndpoint[TOKEN_ENDPOINT] ?? 0) - before).toBe(1);
  expect(alerts.events).toHaveLength(1);

  // The administrator reconnects the same key.
  const reconnect = await stack.request(`mutation R($id: ID!) { reconnectCafe24(keyId: $id) { keyId authorizeUrl } }`, { id: keyId }, admin);
  expect(reconnect.errors).toBeUndefined();
  expect((await followToGateway(await consent(reconnect.data!.reconnectCafe24.authorizeUrl))).status).toBe(200);
  expect(await keyOf(admin, keyId)).toMatchObject({ status: 'ACTIVE' });
  expect((await stack.request(SYNC, {}, await stack.token(tenant, ['admin']))).errors).toBeUndefined();
});
