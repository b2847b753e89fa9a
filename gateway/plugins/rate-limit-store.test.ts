import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { TEST_REDIS_URL } from '../../test/helpers/database';
import { LEASE_MS, MemoryRateLimitStore, RedisRateLimitStore, leaseSize, type RateLimitStore } from './rate-limit-store';

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

/** Counts a Redis store's socket writes from here on. */
function countWrites(store: RedisRateLimitStore): { writes: number } {
  const stream = ((store as unknown as { redis: Redis }).redis as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
  const write = stream.write.bind(stream);
  const counter = { writes: 0 };
  stream.write = (...args: unknown[]) => {
    counter.writes += 1;
    return write(...args);
  };
  return counter;
}

describe('the Redis store', () => {
  let store: RedisRateLimitStore;
  beforeEach(async () => (store = await new RedisRateLimitStore(TEST_REDIS_URL, `opsgraph-test:${randomUUID()}:`).connect()));
  afterEach(() => store.close());

  test('takes made together go out together: 50 concurrent takes in a few socket writes, each answered right', async () => {
    await store.takeBucket('warm', 1000, 1);
    const counter = countWrites(store);
    const waits = await Promise.all(Array.from({ length: 50 }, () => store.takeWindow('together', 1, 10, 60_000)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(counter.writes).toBeLessThanOrEqual(3);
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

describe("leases: a process takes a high-rate bucket's slots ahead, a few at a time", () => {
  const stores: RedisRateLimitStore[] = [];
  const open = async (prefix: string) => {
    const store = await new RedisRateLimitStore(TEST_REDIS_URL, prefix).connect();
    stores.push(store);
    return store;
  };
  afterAll(() => Promise.all(stores.map((store) => store.close())));
  test('a lease is what the rate refills in LEASE_MS, at most 5% of the burst; 1 (none) for slow buckets', () => {
    expect(leaseSize(20, 100)).toBe(2); // the default 50/s, burst 100
    expect(leaseSize(1000, 100)).toBe(1);
    expect(leaseSize(0.001, 1_000_000)).toBe(50_000);
    expect(leaseSize(0.1, 10_000)).toBe(500);
  });

  test("a lease takes what the bucket holds, at most what was asked, and shares the single takes' state", async () => {
    const store = await open(`opsgraph-test:${randomUUID()}:`);
    const redis = (store as unknown as { redis: { edgeTakeBucketLease(key: string, interval: number, burst: number, want: number): Promise<[number, number]> } }).redis;
    // 1 slot a minute: nothing refills while the test runs.
    const lease = (want: number) => redis.edgeTakeBucketLease('bucket:slow', 60_000, 10, want);
    expect(await lease(4)).toEqual([4, 0]);
    expect(await lease(4)).toEqual([4, 0]);
    expect(await lease(4)).toEqual([2, 0]);
    const [taken, waitMs] = await lease(4);
    expect(taken).toBe(0);
    expect(waitMs).toBeGreaterThan(59_000);
    expect(waitMs).toBeLessThanOrEqual(60_000);
    // The single take reads the same state: nothing left.
    expect(await store.takeBucket('slow', 60_000, 10)).toBeGreaterThan(59_000);
  });

  test('500 requests one after another on a fast bucket: a few round trips, all admitted', async () => {
    const store = await open(`opsgraph-test:${randomUUID()}:`);
    const counter = countWrites(store);
    for (let i = 0; i < 500; i++) expect(await store.takeBucket('fast', 0.1, 10_000)).toBe(0);
    expect(counter.writes).toBeLessThanOrEqual(5);
  });

  test('two replicas leasing one bucket never admit more than it allows, and lose at most a lease each', async () => {
    const prefix = `opsgraph-test:${randomUUID()}:`;
    const [a, b] = [await open(prefix), await open(prefix)];
    const intervalMs = 10;
    const burst = 200;
    const size = leaseSize(intervalMs, burst);
    expect(size).toBe(5);
    const started = Date.now();
    const waits = await Promise.all(Array.from({ length: 600 }, (_, i) => (i % 2 ? a : b).takeBucket('shared', intervalMs, burst)));
    const elapsed = Date.now() - started;
    const admitted = waits.filter((w) => w === 0).length;
    // What the bucket held, plus what it refilled while the takes ran (measured, so a slow machine is allowed for).
    expect(admitted).toBeLessThanOrEqual(burst + Math.ceil(elapsed / intervalMs) + 1);
    expect(admitted).toBeGreaterThanOrEqual(burst - 2 * size);
    for (const wait of waits.filter((w) => w > 0)) expect(wait).toBeLessThanOrEqual(intervalMs * size + intervalMs);
  });

  test('slots not used within LEASE_MS are not used later: the next take asks Redis', async () => {
    const store = await open(`opsgraph-test:${randomUUID()}:`);
    expect(await store.takeBucket('idle', 1, 1000)).toBe(0);
    const counter = countWrites(store);
    expect(await store.takeBucket('idle', 1, 1000)).toBe(0);
    expect(counter.writes).toBe(0);
    const leasedAt = Date.now();
    while (Date.now() - leasedAt <= LEASE_MS) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.takeBucket('idle', 1, 1000)).toBe(0);
    expect(counter.writes).toBe(1);
  });

  test('leases are bounded: 10,050 buckets leave at most 10,000 in a process', async () => {
    const store = await open(`opsgraph-test:${randomUUID()}:`);
    await Promise.all(Array.from({ length: 10_050 }, (_, i) => store.takeBucket(`tenant-${i}`, 1, 1000)));
    expect((store as unknown as { leases: { size: number } }).leases.size).toBeLessThanOrEqual(10_000);
  });
});
