// One suite, every backend: the in-process store and real Redis keep the same contract.
import { randomUUID } from 'node:crypto';
import { TEST_REDIS_URL } from '../test/helpers/database';
import { MemoryStore, RedisStore, type KeyValueStore } from './kv';

const backends: Array<[string, () => Promise<KeyValueStore>]> = [
  ['memory', async () => new MemoryStore()],
  ['redis', () => new RedisStore(TEST_REDIS_URL, `opsgraph-test:${randomUUID()}:`).connect()],
];

describe.each(backends)('%s key-value store', (_name, open) => {
  let store: KeyValueStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  test('returns what was set, and null for what was not', async () => {
    await store.set('a', 'one', 10_000);
    expect(await store.get('a')).toBe('one');
    expect(await store.get('missing')).toBeNull();
    expect(await store.getMany(['a', 'missing'])).toEqual(['one', null]);
  });

  test('forgets a value once its time to live has passed', async () => {
    // A second to live: still there when read back at once on a busy machine, then waited out, not slept out.
    await store.set('short', 'x', 1000);
    expect(await store.get('short')).toBe('x');
    const setAt = Date.now();
    while ((await store.get('short')) !== null) {
      if (Date.now() - setAt > 10_000) throw new Error('the value outlived its time to live');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  test('setIfAbsent takes an empty key once; deleteIfEquals frees it for its holder only', async () => {
    expect(await store.setIfAbsent('lock', 'holder-1', 10_000)).toBe(true);
    expect(await store.setIfAbsent('lock', 'holder-2', 10_000)).toBe(false);
    expect(await store.get('lock')).toBe('holder-1');
    expect(await store.deleteIfEquals('lock', 'holder-2')).toBe(false);
    expect(await store.get('lock')).toBe('holder-1');
    expect(await store.deleteIfEquals('lock', 'holder-1')).toBe(true);
    expect(await store.setIfAbsent('lock', 'holder-2', 10_000)).toBe(true);
  });

  test('take returns a value once: of concurrent takers exactly one gets it', async () => {
    await store.set('once', 'x', 10_000);
    const taken = await Promise.all([1, 2, 3, 4].map(() => store.take('once')));
    expect(taken.filter((value) => value === 'x')).toHaveLength(1);
    expect(await store.get('once')).toBeNull();
    expect(await store.take('never-set')).toBeNull();
  });

  test('delete removes a value', async () => {
    await store.set('gone', 'x', 10_000);
    await store.delete('gone');
    expect(await store.get('gone')).toBeNull();
  });

  test('addBounded admits up to max members at once, re-admits a member it holds, and frees room as members expire', async () => {
    // Members live 2 s: long enough that none expires between these steps on a busy machine.
    const ttlMs = 2000;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.addBounded('bounded', `m${i}`, 5, ttlMs)));
    expect(results.filter(Boolean)).toHaveLength(5);
    const admitted = results.findIndex(Boolean);
    expect(await store.addBounded('bounded', `m${admitted}`, 5, ttlMs)).toBe(true);
    const refusedAt = Date.now();
    expect(await store.addBounded('bounded', 'late', 5, ttlMs)).toBe(false);
    // Once the members expire there is room again: waited for, not slept.
    while (!(await store.addBounded('bounded', 'late', 5, ttlMs))) {
      if (Date.now() - refusedAt > 10_000) throw new Error('no room after the members expired');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
