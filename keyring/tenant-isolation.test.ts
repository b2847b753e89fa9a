// One tenant's broken key against the real OpenAI client, the sandbox, PostgreSQL and Redis: its calls fail,
// and no one else notices — the provider's breaker is for the provider failing, not for one tenant's key.
import { randomBytes, randomUUID } from 'node:crypto';
import { OpenAIProvider } from '../providers/openai';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { addLegacyKey } from '../test/helpers/keys';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../test/helpers/database';
import { RedisCounters } from './counters';
import { Keyring } from './keyring';

let database: TestDatabase;
let counters: RedisCounters;
let keyring: Keyring;
let sandbox: Sandbox;

beforeAll(async () => {
  database = await createTestDatabase();
  counters = await new RedisCounters(TEST_REDIS_URL, `opsgraph-test:${randomUUID()}:`).connect();
  keyring = await Keyring.open({ databaseUrl: database.url, masterKey: randomBytes(32), counters, maxWaitMs: 100 });
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await keyring?.close();
  await counters?.close();
  await sandbox?.close();
  await database?.drop();
});

const listModels = (tenantId: string) =>
  keyring.call({ tenantId, provider: 'OPENAI', operation: 'listModels' }, (lease) =>
    new OpenAIProvider({ baseUrl: `${sandbox.url}/openai/v1`, apiKey: lease.credentials.apiKey }).listModels());

test("keys that cannot be sent (a line break in them) fail their tenants' calls, never the provider for the others", async () => {
  const [a, a2, b, c] = ['a', 'a2', 'b', 'c'].map((name) => `${name}-${randomUUID().slice(0, 8)}`);
  // Two tenants with the same mistake: still nothing about the provider, whose breaker counts distinct tenants.
  // addApiKey refuses such a key today (providers/<name>/descriptor.ts); one stored before that check still exists.
  for (const broken of [a, a2]) {
    await addLegacyKey(keyring, { tenantId: broken, provider: 'OPENAI', label: 'pasted badly', credentials: { apiKey: 'sk-demo-openai\r\nkey-0001' } }, DEMO_CREDENTIALS.openai);
  }
  await keyring.addKey({ tenantId: b, provider: 'OPENAI', label: 'own', credentials: DEMO_CREDENTIALS.openai });
  for (let i = 0; i < 4; i++) {
    for (const broken of [a, a2]) await expect(listModels(broken)).rejects.toMatchObject({ extensions: { code: 'PROVIDER_UNAVAILABLE' } });
  }
  expect(keyring.resolver.breaker('OPENAI').state).toBe('closed');
  // B's own key goes on working, and so does the shared pool for a tenant without a key of its own.
  await expect(listModels(b)).resolves.toEqual(expect.arrayContaining([expect.any(String)]));
  await keyring.addKey({ tenantId: null, provider: 'OPENAI', label: 'pool', credentials: DEMO_CREDENTIALS.openai });
  await expect(listModels(c)).resolves.toEqual(expect.arrayContaining([expect.any(String)]));
  await expect(listModels(b)).resolves.toEqual(expect.arrayContaining([expect.any(String)]));
}, 180_000);
