// What the edge costs: the same OrdersDashboard request through the stack's gateway (operation limits, rate
// limits in Redis, persisted-operation checks) and through a second gateway with them off, in one run. Auth is on
// in both (subgraphs need the signed identity). Medians of interleaved rounds.
import { startGateway } from '../gateway/server';
import type { TestStack } from '../test/helpers/stack';
import { operation } from '../test/helpers/stack';
import { measure, median, type Measurement } from './harness';

export async function benchEdgeOverhead(stack: TestStack, tenant: string, rounds = 3) {
  const plain = await startGateway({
    subgraphs: Object.values(stack.subgraphs).map(({ name, url }) => ({ name, url })),
    port: 0,
    jwtSecret: stack.config.auth.jwtSecret,
    subgraphSecret: stack.config.auth.subgraphSecret,
    production: false,
    logger: stack.logger,
    edge: false,
  });
  try {
    const token = await stack.token(tenant, ['viewer']);
    const body = JSON.stringify({ query: operation('OrdersDashboard'), variables: { first: 20 } });
    const request = (url: string) => async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const json = (await response.json()) as { errors?: unknown[] };
      if (json.errors) throw new Error(`benchmark request failed: ${JSON.stringify(json.errors).slice(0, 200)}`);
    };
    const options = { requests: 300, concurrency: 4, warmup: 20 };
    const on: Measurement[] = [];
    const off: Measurement[] = [];
    for (let round = 0; round < rounds; round++) {
      off.push(await measure('gateway, edge off', request(plain.url), options));
      on.push(await measure('gateway, edge on', request(stack.gateway.url), options));
    }
    const p = (runs: Measurement[], key: 'p50Ms' | 'p99Ms' | 'rps') => median(runs.map((run) => run[key]));
    return {
      benchmark: 'edge-overhead',
      rounds,
      edgeOff: { p50Ms: p(off, 'p50Ms'), p99Ms: p(off, 'p99Ms'), rps: p(off, 'rps') },
      edgeOn: { p50Ms: p(on, 'p50Ms'), p99Ms: p(on, 'p99Ms'), rps: p(on, 'rps') },
      addedMs: { p50: Math.round((p(on, 'p50Ms') - p(off, 'p50Ms')) * 100) / 100, p99: Math.round((p(on, 'p99Ms') - p(off, 'p99Ms')) * 100) / 100 },
    };
  } finally {
    await plain.close();
  }
}
