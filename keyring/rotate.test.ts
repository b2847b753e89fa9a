// Master-key rotation without downtime: processes that know both keys keep working while rows are re-wrapped.
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database';
import { Keyring } from './keyring';
import { rotateMasterKey } from './rotate';

let database: TestDatabase;
afterAll(async () => {
  await database?.drop();
});

test('keys:rotate-master re-wraps every credential and session under the new master key', async () => {
  database = await createTestDatabase();
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = await Keyring.open({ databaseUrl: database.url, masterKey: oldKey });
  const key = await before.addKey({ tenantId: 't', provider: 'TOSS', label: 'toss', credentials: { secretKey: 'test_sk_rotate_me_1234' } });
  await before.updateSession(key.id, async () => ({ token: 'session-token' }));
  await before.close();

  // Step 1: every process runs with the new key as current and the old one as previous.
  const during = await Keyring.open({ databaseUrl: database.url, masterKey: newKey, previousMasterKeys: [oldKey] });
  const read = () => during.call({ tenantId: 't', provider: 'TOSS', operation: 'probe' }, async (lease) => lease.credentials.secretKey);
  await expect(read()).resolves.toBe('test_sk_rotate_me_1234');
  // Step 2: re-wrap; it can be run again safely.
  await expect(rotateMasterKey(during)).resolves.toEqual({ rows: 1, rewrapped: 1 });
  await expect(rotateMasterKey(during)).resolves.toEqual({ rows: 1, rewrapped: 0 });
  await during.close();

  // Step 3: the previous key can go; the old key alone is refused at start-up, clearly.
  const after = await Keyring.open({ databaseUrl: database.url, masterKey: newKey });
  await expect(after.call({ tenantId: 't', provider: 'TOSS', operation: 'probe' }, async (lease) => lease.credentials.secretKey)).resolves.toBe(
    'test_sk_rotate_me_1234',
  );
  await expect(after.readSession(key.id)).resolves.toEqual({ token: 'session-token' });
  await after.close();
  await expect(Keyring.open({ databaseUrl: database.url, masterKey: oldKey })).rejects.toThrow(/sealed under master key \w+, but KEY_ENCRYPTION_KEY is master key/);
});
