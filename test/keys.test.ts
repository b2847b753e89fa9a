// The keys subgraph through the gateway: the acceptance operations, validation, roles and tenancy, usage, and a
// scan of every response, error and log line for the secrets that went in.
import { Writable } from 'node:stream';
import { createLogger } from '../platform/logger';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { seedDemoKeys } from '../scripts/seed';
import { startTestStack, operation, type TestStack } from './helpers/stack';

let stack: TestStack;
let admin: string;
const TENANT = 'keys-tenant';
const logLines: string[] = [];
const responses: string[] = [];
const SECRETS = [
  DEMO_CREDENTIALS.toss.secretKey, DEMO_CREDENTIALS.sweettracker.apiKey, DEMO_CREDENTIALS.openai.apiKey,
  DEMO_CREDENTIALS.cafe24.clientSecret, 'sk-never-registered-at-the-sandbox-9876', 'coupang-secret-that-must-not-leak',
];

async function request(query: string, variables: Record<string, unknown> = {}, token = admin) {
  const result = await stack.request(query, variables, token);
  responses.push(JSON.stringify(result));
  return result;
}

beforeAll(async () => {
  const capture = new Writable({ write(chunk, _encoding, done) { logLines.push(chunk.toString()); done(); } });
  stack = await startTestStack({ logger: createLogger('test', 'debug', capture) });
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT, ['admin']);
});

afterAll(async () => {
  await stack?.close();
});

test('AddApiKey stores a key and shows only its last 4 characters', async () => {
  const result = await request(operation('AddApiKey'), {
    input: { provider: 'OPENAI', label: 'second openai', scope: 'TENANT', dailyQuota: 1000, credentials: { apiKey: 'sk-never-registered-at-the-sandbox-9876' } },
  });
  expect(result.errors).toBeUndefined();
  expect(result.data!.addApiKey).toMatchObject({ provider: 'OPENAI', scope: 'TENANT', last4: '9876', dailyQuota: 1000, usedToday: 0, status: 'ACTIVE' });
});

test('credentials are validated per provider, naming the missing field', async () => {
  const result = await request(operation('AddApiKey'), {
    input: { provider: 'COUPANG', label: 'wing', scope: 'TENANT', credentials: { vendorId: 'A1', accessKey: 'x', secret: 'coupang-secret-that-must-not-leak' } },
  });
  expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials.secretKey' });
  expect(result.errors?.[0].message).toContain('secretKey');
});

test.each([
  ['a line break in a header-bound field', 'TOSS', { secretKey: 'test_sk_abc\r\nX-Injected: 1' }, 'secretKey'],
  ['a tab inside a key', 'OPENAI', { apiKey: 'sk-abc\tdef' }, 'apiKey'],
  ['a non-Latin-1 character in a header-bound field', 'AFTERSHIP', { apiKey: 'asat_키0001' }, 'apiKey'],
  ['a Cafe24 mall id that is not a host-name label', 'CAFE24', { mallId: 'my.mall/evil', clientId: 'cid', clientSecret: 'secret' }, 'mallId'],
])('credentials that cannot be sent are refused when added: %s', async (_case, provider, credentials, field) => {
  const result = await request(operation('AddApiKey'), { input: { provider, label: 'unsendable', scope: 'TENANT', credentials } });
  expect(result.data).toBeNull();
  expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `credentials.${field}` });
  expect(result.errors?.[0].message).toContain(field);
});

test('ApiKeys lists the tenant keys to admins only, and never another tenant’s', async () => {
  const mine = await request(operation('ApiKeys'), {});
  expect(mine.data!.apiKeys.map((k: any) => k.provider).sort()).toEqual(['CAFE24', 'OPENAI', 'OPENAI', 'SWEETTRACKER', 'TOSS']);
  const viewer = await request(operation('ApiKeys'), {}, await stack.token(TENANT, ['viewer']));
  expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const other = await request(operation('ApiKeys'), {}, await stack.token('another-tenant', ['admin']));
  expect(other.data!.apiKeys).toEqual([]);
  const id = mine.data!.apiKeys[0].id;
  const steal = await request(operation('ResetApiKeyUsage'), { id }, await stack.token('another-tenant', ['admin']));
  expect(steal.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('only the platform role manages the shared pool', async () => {
  const input = { provider: 'SWEETTRACKER', label: 'pool', scope: 'SHARED', credentials: { apiKey: 'pool-key-0042' } };
  const byAdmin = await request(operation('AddApiKey'), { input });
  expect(byAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const platform = await stack.token('platform-ops', ['platform']);
  const byPlatform = await request(operation('AddApiKey'), { input }, platform);
  expect(byPlatform.data!.addApiKey).toMatchObject({ scope: 'SHARED', last4: '0042' });
  const pool = await request('{ apiKeys(scope: SHARED) { last4 } }', {}, platform);
  expect(pool.data!.apiKeys).toEqual([{ last4: '0042' }]);
});

test("TestApiKey makes the provider's cheapest call: ok for a good key, the provider's refusal for a bad one", async () => {
  const keys = (await request(operation('ApiKeys'), {})).data!.apiKeys;
  for (const provider of ['TOSS', 'SWEETTRACKER', 'CAFE24']) {
    const key = keys.find((k: any) => k.provider === provider);
    const result = await request(operation('TestApiKey'), { id: key.id });
    expect(result.data!.testApiKey).toMatchObject({ ok: true, error: null });
  }
  const bad = keys.find((k: any) => k.last4 === '9876');
  const refused = await request(operation('TestApiKey'), { id: bad.id });
  expect(refused.data!.testApiKey.ok).toBe(false);
  expect(refused.data!.testApiKey.error).toMatch(/OpenAI/i);
});

test('ApiUsage reports the calls made through the resolver, per provider and key', async () => {
  const from = new Date(Date.now() - 60_000).toISOString();
  await request(operation('SyncOrders'), { marketplace: 'CAFE24' });
  await request(operation('OrdersDashboard'), { first: 10 });
  const to = new Date(Date.now() + 60_000).toISOString();
  const usage = await request(operation('ApiUsage'), { from, to });
  expect(usage.errors).toBeUndefined();
  const byProvider = Object.fromEntries(usage.data!.apiUsage.map((r: any) => [r.provider, r]));
  expect(byProvider.CAFE24.calls).toBeGreaterThan(0);
  expect(byProvider.TOSS.calls).toBeGreaterThan(0);
  expect(byProvider.TOSS.byKey[0]).toMatchObject({ key: { last4: DEMO_CREDENTIALS.toss.secretKey.slice(-4) }, calls: byProvider.TOSS.calls });
  expect(byProvider.TOSS.p95LatencyMs).toBeGreaterThanOrEqual(0);
  const tossOnly = await request(operation('ApiUsage'), { from, to, provider: 'TOSS' });
  expect(tossOnly.data!.apiUsage.map((r: any) => r.provider)).toEqual(['TOSS']);
});

test('ResetApiKeyUsage clears the day count; update, disable, enable and delete manage a key', async () => {
  const keys = (await request(operation('ApiKeys'), { provider: 'TOSS' })).data!.apiKeys;
  expect(keys[0].usedToday).toBeGreaterThan(0);
  const reset = await request(operation('ResetApiKeyUsage'), { id: keys[0].id });
  expect(reset.data!.resetApiKeyUsage).toMatchObject({ usedToday: 0, status: 'ACTIVE' });
  const updated = await request('mutation($id: ID!) { updateApiKey(id: $id, input: { label: "toss main", dailyQuota: 500, ratePerSecond: 5 }) { label dailyQuota ratePerSecond } }', { id: keys[0].id });
  expect(updated.data!.updateApiKey).toEqual({ label: 'toss main', dailyQuota: 500, ratePerSecond: 5 });
  const disabled = await request('mutation($id: ID!) { disableApiKey(id: $id, reason: "rotating") { status disabledReason } }', { id: keys[0].id });
  expect(disabled.data!.disableApiKey).toEqual({ status: 'DISABLED', disabledReason: 'rotating' });
  const probe = await request(operation('TestApiKey'), { id: keys[0].id });
  expect(probe.data!.testApiKey.ok).toBe(true); // a disabled key can still be tested before it is enabled again
  const enabled = await request('mutation($id: ID!) { enableApiKey(id: $id) { status } }', { id: keys[0].id });
  expect(enabled.data!.enableApiKey.status).toBe('ACTIVE');
  const bad = await request('mutation($id: ID!) { updateApiKey(id: $id, input: { ratePerSecond: -1 }) { id } }', { id: keys[0].id });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ratePerSecond' });
  const extra = await request(operation('AddApiKey'), { input: { provider: 'TOSS', label: 'tmp', scope: 'TENANT', credentials: { secretKey: 'test_sk_tmp_0000' } } });
  const deleted = await request('mutation($id: ID!) { deleteApiKey(id: $id) }', { id: extra.data!.addApiKey.id });
  expect(deleted.data!.deleteApiKey).toBe(extra.data!.addApiKey.id);
  expect((await request(operation('ApiKeys'), { provider: 'TOSS' })).data!.apiKeys).toHaveLength(1);
});

test('a throttled key is rotated and the rotation log says why', async () => {
  await request(operation('AddApiKey'), { input: { provider: 'SWEETTRACKER', label: 'spare', scope: 'TENANT', credentials: { apiKey: DEMO_CREDENTIALS.sweettracker.apiKey } } });
  await stack.sandboxControl('faults', { provider: 'sweettracker', kind: 'rate_limit', count: 1 });
  const result = await request(operation('TrackShipment'), { carrier: 'CJ', trackingNumber: '987654321098' });
  expect(result.errors).toBeUndefined();
  const log = await request('{ apiKeyRotations(provider: SWEETTRACKER) { provider fromKeyId toKeyId reason } }');
  expect(log.data!.apiKeyRotations[0]).toMatchObject({ provider: 'SWEETTRACKER', reason: 'previous key refused the call' });
  await stack.sandboxControl('reset');
});

test('no secret appears in any response, error or log line', async () => {
  // Provoke failures whose messages could carry a key: the provider refusing every credential.
  await stack.sandboxControl('faults', { provider: 'toss', kind: 'auth_failure' });
  await request(operation('OrdersDashboard'), { first: 5 });
  await stack.sandboxControl('reset');
  await stack.keyring.flushUsage();
  const rows = await stack.keyring.db.query('SELECT row_to_json(c)::text AS row FROM api_calls c');
  const haystacks = [...responses, ...logLines, ...rows.map((r: { row: string }) => r.row)];
  expect(logLines.length).toBeGreaterThan(0);
  for (const secret of SECRETS) {
    for (const text of haystacks) expect(text).not.toContain(secret);
  }
});

test('`providers` lists every registered provider with the credential fields a key for it holds, for any signed-in user', async () => {
  const { PROVIDER_REGISTRY } = await import('../providers/registry');
  const viewer = await stack.token('keys-tenant-providers', ['viewer']);
  const result = await stack.request('{ providers { provider served marketplace credentialFields secretField defaultDailyQuota } }', {}, viewer);
  expect(result.errors).toBeUndefined();
  expect(result.data!.providers).toEqual(PROVIDER_REGISTRY.map((descriptor) => ({
    provider: descriptor.name,
    served: descriptor.served,
    marketplace: 'marketplace' in descriptor,
    credentialFields: Object.keys(descriptor.credentials.shape),
    secretField: descriptor.secretField,
    defaultDailyQuota: descriptor.limits.dailyQuota,
  })));
  const sweetTracker = result.data!.providers.find((p: { provider: string }) => p.provider === 'SWEETTRACKER');
  expect(sweetTracker).toMatchObject({ served: true, credentialFields: ['apiKey'], secretField: 'apiKey' });
  const anonymous = await stack.request('{ providers { provider } }', {}, null);
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('a Cafe24 key added with addApiKey waits for consent (it has no tokens yet), and reconnectCafe24 gives its authorize URL', async () => {
  const admin = await stack.token('keys-tenant-consent');
  const added = await stack.request(operation('AddApiKey'), {
    input: { provider: 'CAFE24', label: 'mall', scope: 'TENANT', credentials: { mallId: 'consentmall', clientId: 'cid-consent', clientSecret: 'secret-consent' } },
  }, admin);
  expect(added.errors).toBeUndefined();
  expect(added.data!.addApiKey).toMatchObject({ provider: 'CAFE24', status: 'NEEDS_CONSENT' });
  const reconnect = await stack.request('mutation ($id: ID!) { reconnectCafe24(keyId: $id) { keyId authorizeUrl } }', { id: added.data!.addApiKey.id }, admin);
  expect(reconnect.errors).toBeUndefined();
  const url = new URL(reconnect.data!.reconnectCafe24.authorizeUrl);
  expect(url.searchParams.get('response_type')).toBe('code');
  expect(url.searchParams.get('client_id')).toBe('cid-consent');
  // Keys of providers without a consent flow are active at once.
  const tracker = await stack.request(operation('AddApiKey'), {
    input: { provider: 'SWEETTRACKER', label: 'tracker', scope: 'TENANT', credentials: { apiKey: 'consent-test-tracker-key' } },
  }, admin);
  expect(tracker.data!.addApiKey.status).toBe('ACTIVE');
});
