// A small benchmark harness: runs a request function with fixed concurrency for a number of requests after a
// warm-up, and reports requests per second, p50 and p99. Each benchmark compares against a baseline in the same run.
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { TEST_REDIS_URL } from '../test/helpers/database';

export interface Measurement { name: string; requests: number; rps: number; p50Ms: number; p99Ms: number }

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function measure(
  name: string,
  run: () => Promise<void>,
  options: { requests: number; concurrency: number; warmup: number },
): Promise<Measurement> {
  for (let i = 0; i < options.warmup; i++) await run();
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (issued < options.requests) {
        issued++;
        const t0 = performance.now();
        await run();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    rps: Math.round((latencies.length / elapsed) * 10) / 10,
    p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
    p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Deletes every Redis key under `prefix` (a benchmark stack's own keys), SCAN by SCAN. */
export async function forgetRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
