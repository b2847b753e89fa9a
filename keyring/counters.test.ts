// One suite, every backend: the in-process counters and the Redis Lua scripts keep the same contract.
import { randomUUID } from 'node:crypto';
import { TEST_REDIS_URL } from '../test/helpers/database';
import { MemoryCounters, RedisCounters, type KeyCounters } from './counters';

const backends: Array<[string, () => Promise<KeyCounters>]> = [
  ['memory', async () => new MemoryCounters()],
  ['redis', () => new RedisCounters(TEST_REDIS_URL, `opsgraph-test:${randomUUID()}:`).connect()],
];
const DAY = '2026-11-25';
const request = (keyId: string, quota: number | null, rate: { intervalMs: number; burst: number } | null = null) => ({
  keyId, day: DAY, quota, quotaTtlMs: 60_000, rate,
});

describe.each(backends)('%s counters', (_name, open) => {
  let counters: KeyCounters;
  beforeAll(async () => {
    counters = await open();
  });
  afterAll(async () => {
    await counters.close();
  });

  test('500 concurrent acquisitions against a quota of 100 grant exactly 100', async () => {
    await counters.restore('k-quota', DAY, 0, 60_000);
    const results = await Promise.all(Array.from({ length: 500 }, () => counters.acquire(request('k-quota', 100))));
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(results.filter((r) => !r.ok && r.reason === 'quota')).toHaveLength(400);
    expect(await counters.usedToday(['k-quota'], DAY)).toEqual([100]);
  });

  test('release gives a unit back, and reset starts the day over', async () => {
    await counters.restore('k-release', DAY, 0, 60_000);
    await counters.acquire(request('k-release', 1));
    expect((await counters.acquire(request('k-release', 1))).ok).toBe(false);
    await counters.release('k-release', DAY);
    expect((await counters.acquire(request('k-release', 1))).ok).toBe(true);
    await counters.resetUsage('k-release', DAY);
    expect(await counters.usedToday(['k-release'], DAY)).toEqual([0]);
  });

  test('a rate limit admits its burst, then says how long to wait', async () => {
    const rate = { intervalMs: 1000, burst: 3 };
    const results = await Promise.all(Array.from({ length: 5 }, () => counters.acquire(request('k-rate', null, rate))));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.find((r) => !r.ok) as { reason: string; waitMs: number };
    expect(refused.reason).toBe('rate');
    expect(refused.waitMs).toBeGreaterThan(0);
    expect(refused.waitMs).toBeLessThanOrEqual(1000);
    // A refused call consumed no quota.
    expect(await counters.usedToday(['k-rate'], DAY)).toEqual([3]);
  });

  test('a cooling key is refused with the time left', async () => {
    await counters.coolDown('k-cool', 5_000);
    const result = await counters.acquire(request('k-cool', null));
    expect(result).toMatchObject({ ok: false, reason: 'cooling' });
    expect((result as { waitMs: number }).waitMs).toBeGreaterThan(4_000);
    expect((await counters.coolingMs(['k-cool', 'k-other']))[1]).toBe(0);
  });

  test('consecutive errors count up and clear', async () => {
    expect(await counters.recordError('k-err')).toBe(1);
    expect(await counters.recordError('k-err')).toBe(2);
    await counters.clearErrors('k-err');
    expect(await counters.consecutiveErrors(['k-err'])).toEqual([0]);
  });

  test("a day's count the counters do not know is restored once, from whoever counted it first", async () => {
    const first = await counters.acquire(request('k-restore', 20));
    // Redis says it lost the count (or never had it); the in-process counters, living as long as the process, know it.
    if (!first.ok && first.reason === 'unknown') {
      await Promise.all([counters.restore('k-restore', DAY, 15, 60_000), counters.restore('k-restore', DAY, 3, 60_000)]);
      expect(await counters.usedToday(['k-restore'], DAY)).toEqual([15]);
    } else {
      expect(first).toMatchObject({ ok: true, used: 1 });
      await counters.restore('k-restore', DAY, 15, 60_000);
    }
    const granted = (await Promise.all(Array.from({ length: 10 }, () => counters.acquire(request('k-restore', 20))))).filter((r) => r.ok);
    expect(granted).toHaveLength(5);
  });

  test('windowed sums add up', async () => {
    await counters.add('tokens:k', 120, 60_000);
    expect(await counters.add('tokens:k', 30.5, 60_000)).toBeCloseTo(150.5);
    expect(await counters.read(['tokens:k', 'tokens:none'])).toEqual([150.5, 0]);
  });
});
