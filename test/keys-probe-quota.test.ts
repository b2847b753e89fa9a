// testApiKey is a provider call like any other: it goes through the key resolver pinned to the key it tests,
// so a key at its quota is not called past it, however often an admin presses "test".
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, operation, type TestStack } from './helpers/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

test('testApiKey on a key whose quota is spent answers QUOTA_EXHAUSTED and never reaches the provider', async () => {
  const tenant = 'probe-quota-tenant';
  const admin = await stack.token(tenant);
  const key = await stack.keyring.addKey({ tenantId: tenant, provider: 'SWEETTRACKER', label: 'st', dailyQuota: 2, credentials: DEMO_CREDENTIALS.sweettracker });
  for (let i = 0; i < 2; i++) {
    const probe = await stack.request(operation('TestApiKey'), { id: key.id }, admin);
    expect(probe.data!.testApiKey).toMatchObject({ ok: true, error: null });
  }
  const before = (await stack.sandboxCalls()).sweettracker?.total ?? 0;
  expect(before).toBe(2);
  for (let i = 0; i < 3; i++) {
    const refused = await stack.request(operation('TestApiKey'), { id: key.id }, admin);
    expect(refused.errors?.[0].extensions?.code).toBe('QUOTA_EXHAUSTED');
  }
  expect((await stack.sandboxCalls()).sweettracker?.total ?? 0).toBe(before);
  // And each probe is in the usage log, pinned to the key it tested.
  await stack.keyring.flushUsage();
  const [row] = await stack.keyring.db.query(`SELECT count(*)::int AS n FROM api_calls WHERE key_id = $1 AND operation = 'testApiKey'`, [key.id]);
  expect(row.n).toBe(2);
});
