// The key resolver's cost per provider call: the same Sweet Tracker call made directly and through
// keyring.call (quota and rate slot in Redis, usage record), in one run; plus the bare overhead with a no-op
// call, and the calls per second one process sustains through the resolver.
import { performance } from 'node:perf_hooks';
import type { TestStack } from '../test/helpers/stack';
import { SweetTrackerClient } from '../providers/sweettracker';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { median, percentile } from './harness';

async function latencies(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) await run();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export async function benchResolverOverhead(stack: TestStack) {
  const tenantId = 'bench-resolver';
  const key = await stack.keyring.addKey({ tenantId, provider: 'SWEETTRACKER', label: 'bench', credentials: DEMO_CREDENTIALS.sweettracker, dailyQuota: 10_000_000 });
  // Limits out of the way: this measures the resolver's bookkeeping, not a pacing wait.
  await stack.keyring.updateKey(key.id, { tenantId, platform: false }, { ratePerSecond: 1_000_000, rateBurst: 1_000_000 });
  const client = new SweetTrackerClient({ baseUrl: stack.config.providers.baseUrls.sweettracker, apiKey: DEMO_CREDENTIALS.sweettracker.apiKey });
  const request = { tenantId, provider: 'SWEETTRACKER' as const, operation: 'companyList' };
  const n = 2000;
  const rounds = 3;
  const runs: Array<{ direct: number[]; resolved: number[]; bare: number[] }> = [];
  for (let r = 0; r < rounds; r++) {
    // Interleaved rounds, so a slow moment of the machine falls on both sides alike.
    runs.push({
      direct: await latencies(n, () => client.companyList()),
      resolved: await latencies(n, () => stack.keyring.call(request, () => client.companyList())),
      bare: await latencies(n, () => stack.keyring.call(request, async () => null)),
    });
  }

  const concurrency = 32;
  const total = 20_000;
  let issued = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        issued++;
        await stack.keyring.call(request, async () => null);
      }
    }),
  );
  const callsPerSecond = Math.round(total / ((performance.now() - t0) / 1000));

  const p = (which: 'direct' | 'resolved' | 'bare', q: number) => round(median(runs.map((run) => percentile(run[which], q))));
  return {
    benchmark: 'resolver-overhead',
    counters: stack.config.pubsub.mode,
    samples: n,
    rounds,
    directCall: { p50Ms: p('direct', 50), p99Ms: p('direct', 99) },
    throughResolver: { p50Ms: p('resolved', 50), p99Ms: p('resolved', 99) },
    addedMs: { p50: round(p('resolved', 50) - p('direct', 50)), p99: round(p('resolved', 99) - p('direct', 99)) },
    bareOverheadMs: { p50: p('bare', 50), p99: p('bare', 99) },
    callsPerSecondOneProcess: callsPerSecond,
  };
}
