import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { TEST_REDIS_URL } from '../../test/helpers/database';
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './rate-limit-store';

const backends: Array<[string, () => Promise<RateLimitStore>]> = [
  ['memory', async () => new MemoryRateLimitStore()],
  ['redis', () => new RedisRateLimitStore(TEST_REDIS_URL, `opsgraph-test:${randomUUID()}:`).connect()],
];

describe.each(backends)('%s rate-limit store', (_name, open) => {
  let store: RateLimitStore;
  beforeEach(async () => (store = await open()));
  afterEach(() => store.close());

  test('a window admits exactly max under 50 concurrent takes, then says how long until it resets', async () => {
    const waits = await Promise.all(Array.from({ length: 50 }, () => store.takeWindow('w', 1, 7, 60_000)));
    expect(waits.filter((w) => w === 0)).toHaveLength(7);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(59_000);
  });

  test('a take costing more than what is left is refused whole', async () => {
    expect(await store.takeWindow('w', 2, 3, 60_000)).toBe(0);
    expect(await store.takeWindow('w', 2, 3, 60_000)).toBeGreaterThan(0);
    expect(await store.takeWindow('w', 1, 3, 60_000)).toBe(0);
  });

  test('a bucket admits its burst at once, then one request per interval', async () => {
    const waits = await Promise.all(Array.from({ length: 20 }, () => store.takeBucket('b', 10_000, 4)));
    expect(waits.filter((w) => w === 0)).toHaveLength(4);
    expect(Math.max(...waits)).toBeLessThanOrEqual(10_000);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(9_000);
  });
});

describe('the Redis store', () => {
  let store: RedisRateLimitStore;
  const redisOf = (of: RedisRateLimitStore) => (of as unknown as { redis: Redis }).redis;
  beforeEach(async () => (store = await new RedisRateLimitStore(TEST_REDIS_URL, `opsgraph-test:${randomUUID()}:`).connect()));
  afterEach(() => store.close());

  test('takes made together go out together: 50 concurrent takes in a few socket writes, each answered right', async () => {
    await store.takeBucket('warm', 1000, 1);
    const stream = (redisOf(store) as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
    const write = stream.write.bind(stream);
    let writes = 0;
    stream.write = (...args: unknown[]) => {
      writes += 1;
      return write(...args);
    };
    const waits = await Promise.all(Array.from({ length: 50 }, () => store.takeWindow('together', 1, 10, 60_000)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(writes).toBeLessThanOrEqual(3);
  });

  test('pipelined scripts survive a flushed script cache (NOSCRIPT: sent again in full)', async () => {
    expect(await store.takeBucket('flushed', 1000, 5)).toBe(0);
    const admin = new Redis(TEST_REDIS_URL);
    try {
      await admin.script('FLUSH');
    } finally {
      admin.disconnect();
    }
    const waits = await Promise.all(Array.from({ length: 10 }, () => store.takeBucket('flushed', 60_000, 5)));
    expect(waits.filter((w) => w === 0)).toHaveLength(4);
  });
});
