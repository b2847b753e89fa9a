// One call per missed key, in a process and across replicas sharing Redis (two CacheFill instances over two
// connections stand for two replicas), and what happens when the holder fails, dies or Redis is away.
import { randomUUID } from 'node:crypto';
import { TEST_REDIS_URL } from '../test/helpers/database';
import { until } from '../test/helpers/subscriptions';
import { CacheFill } from './cache-fill';
import { MemoryStore, RedisStore, type KeyValueStore } from './kv';

const KEY = { tenantId: 'acme', provider: 'TOSS', resource: 'order-1' };
const LOCK = 'fill:TOSS:acme:order-1';

/** A provider behind a cache: counts its calls, answers after `delayMs`, and writes the cache as the loaders do. */
function provider(store: KeyValueStore, options: { delayMs?: number; fail?: () => boolean } = {}) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    read: async () => (await store.get('cached')) ?? undefined,
    load: async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 100));
      if (options.fail?.()) throw new Error('provider failed');
      await store.set('cached', 'answer', 60_000);
      return 'answer';
    },
  };
}

const stores: RedisStore[] = [];
async function redisReplicas(count: number): Promise<RedisStore[]> {
  const prefix = `opsgraph-test:${randomUUID()}:`;
  const opened = await Promise.all(Array.from({ length: count }, () => new RedisStore(TEST_REDIS_URL, prefix).connect()));
  stores.push(...opened);
  return opened;
}

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

test('50 concurrent callers in one process share one load', async () => {
  const store = new MemoryStore();
  const fills = new CacheFill(store);
  const source = provider(store);
  const answers = await Promise.all(Array.from({ length: 50 }, () => fills.fill(KEY, source.read, source.load)));
  expect(answers).toEqual(Array(50).fill('answer'));
  expect(source.calls).toBe(1);
  expect(fills.pending).toBe(0);
});

test('different keys (tenant, provider, resource) load apart', async () => {
  const store = new MemoryStore();
  const fills = new CacheFill(store);
  let calls = 0;
  const load = async () => `answer ${++calls}`;
  const keys = [KEY, { ...KEY, tenantId: 'other' }, { ...KEY, provider: 'SWEETTRACKER' }, { ...KEY, resource: 'order-2' }];
  await Promise.all(keys.map((key) => fills.fill(key, async () => undefined, load)));
  expect(calls).toBe(4);
});

test('two replicas sharing Redis, 25 concurrent callers each: one load in all', async () => {
  const [a, b] = await redisReplicas(2);
  const replicas = [new CacheFill(a), new CacheFill(b)];
  // Both replicas' loads count together: they call the same provider.
  const source = provider(a, { delayMs: 200 });
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => replicas[i % 2].fill(KEY, i % 2 ? async () => (await b.get('cached')) ?? undefined : source.read, source.load)),
  );
  expect(answers).toEqual(Array(50).fill('answer'));
  expect(source.calls).toBe(1);
});

test('a failed load is shared by its process\'s callers; another replica then tries once itself', async () => {
  const [a, b] = await redisReplicas(2);
  let failures = 1;
  const source = provider(a, { delayMs: 150, fail: () => failures-- > 0 });
  const first = new CacheFill(a);
  const second = new CacheFill(b);
  const onFirst = Array.from({ length: 10 }, () => first.fill(KEY, source.read, source.load).catch((error: Error) => error.message));
  // The second replica starts once the first holds the lock.
  await until(async () => (await b.get(LOCK)) !== null, 'the first replica holds the lock');
  const onSecond = Array.from({ length: 10 }, () => second.fill(KEY, source.read, source.load));
  expect(await Promise.all(onFirst)).toEqual(Array(10).fill('provider failed'));
  expect(await Promise.all(onSecond)).toEqual(Array(10).fill('answer'));
  expect(source.calls).toBe(2);
});

test('a lock whose holder died lapses, and a waiter loads', async () => {
  const [store] = await redisReplicas(1);
  const lockTtlMs = 300;
  // A holder that took the lock and vanished: nothing will fill the cache or release it.
  await store.setIfAbsent(LOCK, 'dead-holder', lockTtlMs);
  const source = provider(store, { delayMs: 10 });
  expect(await new CacheFill(store, { lockTtlMs }).fill(KEY, source.read, source.load)).toBe('answer');
  expect(source.calls).toBe(1);
});

test('with the shared store away, the process still loads once for its callers', async () => {
  const store = new MemoryStore();
  const broken = Object.assign(Object.create(store) as MemoryStore, {
    setIfAbsent: () => Promise.reject(new Error('Redis is unreachable')),
  });
  const fills = new CacheFill(broken);
  const source = provider(store);
  const answers = await Promise.all(Array.from({ length: 20 }, () => fills.fill(KEY, source.read, source.load)));
  expect(answers).toEqual(Array(20).fill('answer'));
  expect(source.calls).toBe(1);
});
