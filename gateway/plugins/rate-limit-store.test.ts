import { randomUUID } from 'node:crypto';
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
