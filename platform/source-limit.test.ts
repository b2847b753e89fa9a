import { SourceRateLimiter } from './source-limit';

test('a refused source counts as seen: other sources pushing past maxSources forget the idle one, not the flood', () => {
  const now = 1_000_000;
  const limiter = new SourceRateLimiter({ perSecond: 1, burst: 1 }, { maxSources: 2, now: () => now });
  expect([limiter.admit('flood'), limiter.admit('idle')]).toEqual([0, 0]);
  expect(limiter.admit('flood')).toBeGreaterThan(0);
  // A third source: one of the two is forgotten, the least recently seen.
  expect(limiter.admit('other')).toBe(0);
  expect(limiter.admit('flood')).toBeGreaterThan(0);
  expect(limiter.admit('idle')).toBe(0);
});
