// The key resolver against real PostgreSQL: validation, selection order, sealing, and session rotation that
// two resolver instances (two replicas, separate connection pools) take turns on.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database';
import { Keyring } from './keyring';

let database: TestDatabase;
let keyring: Keyring;
let replica: Keyring;
const masterKey = randomBytes(32);

beforeAll(async () => {
  database = await createTestDatabase();
  keyring = await Keyring.open({ databaseUrl: database.url, masterKey });
  replica = await Keyring.open({ databaseUrl: database.url, masterKey });
});

afterAll(async () => {
  await keyring?.close();
  await replica?.close();
  await database?.drop();
});

test('credentials missing a field are refused with BAD_USER_INPUT naming the field', async () => {
  await expect(
    keyring.addKey({ tenantId: 't1', provider: 'COUPANG', label: 'x', credentials: { vendorId: 'A1', accessKey: 'ak' } }),
  ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'credentials.secretKey' } });
});

test("the tenant's own key comes first, then the shared pool; neither gives NO_PROVIDER_KEY", async () => {
  const used = (tenantId: string, provider: 'OPENAI' | 'TOSS') =>
    keyring.call({ tenantId, provider, operation: 'probe' }, async (lease) => ({ last4: lease.last4, credentials: lease.credentials }));
  await keyring.addKey({ tenantId: null, provider: 'OPENAI', label: 'pool', credentials: { apiKey: 'sk-shared-0000' } });
  await expect(used('t2', 'OPENAI')).resolves.toMatchObject({ last4: '0000', credentials: { apiKey: 'sk-shared-0000' } });
  await keyring.addKey({ tenantId: 't2', provider: 'OPENAI', label: 'own', credentials: { apiKey: 'sk-own-1111' } });
  await expect(used('t2', 'OPENAI')).resolves.toMatchObject({ last4: '1111' });
  await expect(used('t3', 'OPENAI')).resolves.toMatchObject({ last4: '0000' });
  await expect(used('t3', 'TOSS')).rejects.toMatchObject({ extensions: { code: 'NO_PROVIDER_KEY' } });
});

test('listKeys shows last4 but never the credentials', async () => {
  const keys = await keyring.listKeys('t2');
  expect(keys).toHaveLength(1);
  expect(JSON.stringify(keys)).not.toContain('sk-own-1111');
  expect(keys[0]).not.toHaveProperty('sealedCredentials');
});

test('a wrong master key stops start-up with a clear message', async () => {
  await expect(Keyring.open({ databaseUrl: database.url, masterKey: randomBytes(32) })).rejects.toThrow(
    /Cannot open the key store: Stored credentials were sealed under master key \w+, but KEY_ENCRYPTION_KEY is master key \w+/,
  );
});

test('two replicas rotating one session at once take turns, and the second sees what the first stored', async () => {
  const key = await keyring.addKey({ tenantId: 't4', provider: 'CAFE24', label: 'mall', credentials: { mallId: 'm', clientId: 'c', clientSecret: 's' } });
  let refreshes = 0;
  const rotate = (instance: Keyring) =>
    instance.updateSession<{ token: string }>(key.id, async (current) => {
      if (current) return current; // someone refreshed while we waited for the lock
      refreshes += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return { token: `token-${refreshes}` };
    });
  const [a, b] = await Promise.all([rotate(keyring), rotate(replica)]);
  expect(refreshes).toBe(1);
  expect(a).toEqual(b);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query('SELECT sealed_session FROM provider_keys WHERE id = $1', [key.id]);
  await client.end();
  expect(rows[0].sealed_session).not.toContain('token-1');
  await expect(replica.readSession(key.id)).resolves.toEqual({ token: 'token-1' });
});
