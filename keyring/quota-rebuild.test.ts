// Redis losing its data (a restart without persistence, FLUSHALL) must not hand a key its quota again: the
// day's count is rebuilt from the usage log in PostgreSQL (and this process's unflushed rows) before the first
// call after the loss is admitted.
import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../test/helpers/database';
import { Keyring } from './keyring';
import { RedisCounters } from './counters';

const prefix = `opsgraph-test:${randomUUID()}:`;
let database: TestDatabase;
let counters: RedisCounters;
let keyring: Keyring;
let redis: Redis;

beforeAll(async () => {
  database = await createTestDatabase();
  counters = await new RedisCounters(TEST_REDIS_URL, prefix).connect();
  keyring = await Keyring.open({ databaseUrl: database.url, masterKey: randomBytes(32), counters });
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  await keyring?.close();
  await counters?.close();
  await redis?.quit();
  await database?.drop();
});

/** FLUSHDB for this test's key space only: other test files share the Redis server. */
async function flushPrefix(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

test('after Redis loses its counters, a key that spent 15 of 20 admits exactly 5 more', async () => {
  const tenantId = `t-${randomUUID().slice(0, 8)}`;
  const key = await keyring.addKey({ tenantId, provider: 'SWEETTRACKER', label: 'st', dailyQuota: 20, credentials: { apiKey: `st-${randomUUID()}` } });
  const call = () => keyring.call({ tenantId, provider: 'SWEETTRACKER', operation: 'trackingInfo' }, async () => 'ok');
  for (let i = 0; i < 10; i++) await call();
  await keyring.flushUsage(); // 10 in PostgreSQL …
  for (let i = 0; i < 5; i++) await call(); // … and 5 still in this process's buffer
  await flushPrefix();
  expect(await redis.keys(`${prefix}*`)).toEqual([]);

  const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => call()));
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
  const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(refused.every((o) => o.reason.extensions?.code === 'QUOTA_EXHAUSTED')).toBe(true);
  expect((await keyring.listKeys(tenantId))[0]).toMatchObject({ id: key.id, usedToday: 20, status: 'EXHAUSTED' });
});

test('resetApiKeyUsage is not undone by the rebuild: a reset day starts from zero', async () => {
  const tenantId = `t-${randomUUID().slice(0, 8)}`;
  const key = await keyring.addKey({ tenantId, provider: 'SWEETTRACKER', label: 'st', dailyQuota: 3, credentials: { apiKey: `st-${randomUUID()}` } });
  const call = () => keyring.call({ tenantId, provider: 'SWEETTRACKER', operation: 'trackingInfo' }, async () => 'ok');
  for (let i = 0; i < 3; i++) await call();
  await keyring.flushUsage();
  await keyring.resetUsage(key.id, { tenantId, platform: false });
  for (let i = 0; i < 3; i++) await call();
  await expect(call()).rejects.toMatchObject({ extensions: { code: 'QUOTA_EXHAUSTED' } });
});
