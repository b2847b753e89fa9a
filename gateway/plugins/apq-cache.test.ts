import { randomUUID } from 'node:crypto';
import { MemoryStore, RedisStore, type KeyValueStore } from '../../platform/kv';
import { TEST_REDIS_URL } from '../../test/helpers/database';
import { apqCache } from './apq-cache';

const backends: Array<[string, () => Promise<KeyValueStore>]> = [
  ['memory', async () => new MemoryStore()],
  ['redis', () => new RedisStore(TEST_REDIS_URL, `opsgraph-test:${randomUUID()}:`).connect()],
];

describe.each(backends)('the APQ cache over the %s store', (_name, open) => {
  let store: KeyValueStore;
  beforeEach(async () => (store = await open()));
  afterEach(() => store.close());

  test('a document set through one cache is read through another over the same store, until deleted', async () => {
    await apqCache(store).set('abc', '{ a }', { ttl: 60 });
    expect(await apqCache(store).get('abc')).toBe('{ a }');
    await apqCache(store).delete('abc');
    expect(await apqCache(store).get('abc')).toBeUndefined();
  });

  test('a missing hash is undefined, as Apollo expects, not null', async () => {
    expect(await apqCache(store).get('missing')).toBeUndefined();
  });

  test('a null ttl (Apollo for "no expiry") still stores the document', async () => {
    await apqCache(store).set('forever', '{ b }', { ttl: null });
    expect(await apqCache(store).get('forever')).toBe('{ b }');
  });
});
