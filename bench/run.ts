// `npm run bench`: starts one stack (real PostgreSQL at DATABASE_URL when set, else embedded), runs every
// benchmark, prints a table and writes bench/results/latest.json. Figures are medians of several rounds. Last,
// with that stack closed, hardening-cost starts two stacks of its own (this release and the previous one).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { startTestStack } from '../test/helpers/stack';
import { seedDemoKeys } from '../scripts/seed';
import { benchGatewayOverhead } from './gateway-overhead';
import { benchResolverOverhead } from './resolver-overhead';
import { benchTrackingCache } from './tracking-cache';
import { benchEdgeOverhead } from './edge-overhead';
import { benchSubscriptions } from './subscriptions';
import { benchSubscriptionBurst } from './subscription-burst';
import { benchHardeningCost } from './hardening-cost';
import { benchFederationSpeed, printFederationSpeed } from './federation-speed';
import { benchKnowledge } from './knowledge';
import { benchOwnWorkload, MEASURED } from './own-workload';
import { benchMemoryFlat, printMemoryFlat } from './memory-flat';

export const BENCH_ENV = { TENANT_RATE_PER_SECOND: '1000000', TENANT_BURST: '1000000' };

const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main(): Promise<void> {
  const embedded = !process.env.DATABASE_URL && process.argv.includes('--embedded');
  // `npm run bench -- --only=subscription-burst` (or `--only=hardening-cost`): one section alone (the others take minutes).
  const only = argument('only');
  if (only === 'hardening-cost') {
    // Starts its own two stacks (this release and the previous one): nothing else may run beside them.
    const cost = await runHardeningCost();
    writeResults(false, [cost], 'hardening-cost.json');
    return;
  }
  if (only === 'own-workload') {
    // Each component in its own process on a database of its own: nothing else of the benchmark runs beside it.
    const own = await runOwnWorkload();
    writeResults(false, [own], 'own-workload.json');
    return;
  }
  if (only === 'federation-speed') {
    // Its own catalogue subgraphs and gateways, pinned to the two cores: nothing else may run beside them.
    const speed = await runFederationSpeed();
    writeResults(false, [speed], 'federation-speed.json');
    return;
  }
  if (only === 'memory-flat') {
    // Its own catalogue subgraphs and three gateways: RSS is read with nothing else of ours beside them.
    const memory = await runMemoryFlat();
    writeResults(false, [memory], 'memory-flat.json');
    return;
  }
  // The edge's per-tenant request limit would pace the load itself: benchmarks measure the system behind it.
  const stack = await startTestStack({ embedded, env: BENCH_ENV });
  const results: unknown[] = [];
  try {
    const tenant = 'bench';
    await seedDemoKeys(stack, tenant);
    const admin = await stack.token(tenant);
    await stack.request('mutation { syncOrders(marketplace: CAFE24) { created } }', {}, admin);
    if (only === 'subscription-burst') {
      const burst = await benchSubscriptionBurst(stack, tenant, { env: BENCH_ENV });
      printBurst(burst);
      writeResults(embedded, [burst], 'subscription-burst.json');
      return;
    }
    if (only === 'knowledge') {
      const knowledge = await benchKnowledge(stack, tenant);
      printKnowledge(knowledge);
      writeResults(embedded, [knowledge], 'knowledge.json');
      return;
    }
    const overhead = await benchGatewayOverhead(stack, tenant);
    console.table([overhead.baseline, overhead.gateway].map(({ name, requests, rps, p50Ms, p99Ms }) => ({ name, requests, rps, p50Ms, p99Ms })));
    console.log(`gateway / direct: p50 ×${overhead.ratio.p50}, throughput ×${overhead.ratio.rps}`);
    const edge = await benchEdgeOverhead(stack, tenant);
    console.table([
      { name: 'OrdersDashboard, edge off', ...edge.edgeOff },
      { name: 'OrdersDashboard, edge on (limits, rate limits, persisted checks)', ...edge.edgeOn },
    ]);
    console.log(`the edge adds p50 ${edge.addedMs.p50} ms, p99 ${edge.addedMs.p99} ms`);
    const resolver = await benchResolverOverhead(stack);
    console.table([
      { name: 'direct Sweet Tracker call', p50Ms: resolver.directCall.p50Ms, p99Ms: resolver.directCall.p99Ms },
      { name: 'same call through the resolver', p50Ms: resolver.throughResolver.p50Ms, p99Ms: resolver.throughResolver.p99Ms },
      { name: 'resolver alone (no-op call)', p50Ms: resolver.bareOverheadMs.p50, p99Ms: resolver.bareOverheadMs.p99 },
    ]);
    console.log(`resolver adds p50 ${resolver.addedMs.p50} ms, p99 ${resolver.addedMs.p99} ms; ${resolver.callsPerSecondOneProcess} calls/s in one process (${resolver.counters} counters)`);
    const cache = await benchTrackingCache();
    console.log(
      `tracking cache: hit rate ${(cache.hitRate * 100).toFixed(1)}% over ${cache.polls} polls of 50 orders; ` +
        `${cache.sweetTrackerCallsPerPage} Sweet Tracker calls per page (${cache.withoutCacheCallsPerPage} without the cache); ` +
        `${cache.deliveriesObserved} deliveries seen, ${cache.staleAnswersPastBound} stale answers past the bound`,
    );
    const subscriptions = await benchSubscriptions(stack, tenant, { env: BENCH_ENV });
    printSubscriptions(subscriptions);
    const burst = await benchSubscriptionBurst(stack, tenant, { env: BENCH_ENV });
    printBurst(burst);
    const knowledge = await benchKnowledge(stack, tenant);
    printKnowledge(knowledge);
    results.push(overhead, edge, resolver, cache, subscriptions, burst, knowledge);
  } finally {
    await stack.close();
  }
  // Last, once the shared stack is gone: each starts processes of its own.
  results.push(await runOwnWorkload());
  results.push(await runHardeningCost());
  results.push(await runFederationSpeed());
  results.push(await runMemoryFlat());
  writeResults(embedded, results, 'latest.json');
}

async function runHardeningCost() {
  const number = (name: string) => (argument(name) ? Number(argument(name)) : undefined);
  const cost = await benchHardeningCost({ rounds: number('rounds'), seconds: number('seconds'), profileDir: argument('cpu-prof') });
  console.table([cost.previous, cost.current]);
  console.log(
    `hardening cost: throughput current/previous ×${cost.ratio.rps} (×${cost.ratio.rpsPairedByRound} round by round), ` +
      `CPU per request ×${cost.ratio.cpuPerRequest}: ${cost.costPercent.rps}% fewer requests/s, ${cost.costPercent.cpu}% fewer per CPU-second (the bar is ≤ 5%); ` +
      `p50 ×${cost.ratio.p50}, p95 ×${cost.ratio.p95}; ${cost.concurrency} connections, ${cost.rounds} rounds of ${cost.secondsPerRound} s each, ` +
      `load average ${cost.loadAverage.join(' ')}`,
  );
  return cost;
}

async function runOwnWorkload() {
  const number = (name: string) => (argument(name) ? Number(argument(name)) : undefined);
  // `--share-fetches=off`: every client's request makes its own subgraph calls (all 50 clients send one query as one
  // user, so sharing identical calls across requests spares the subgraphs most of their work).
  const share = argument('share-fetches');
  const own = await benchOwnWorkload({
    rounds: number('rounds'), seconds: number('seconds'), profileDir: argument('cpu-prof'), env: share ? { GATEWAY_SHARE_FETCHES: share } : undefined,
  });
  console.table([{ rps: own.rps, p50Ms: own.p50Ms, p95Ms: own.p95Ms, errors: own.errors }]);
  console.table([Object.fromEntries([...MEASURED, 'total'].map((name) => [name, own.cpuMsPerRequest[name]]))]);
  console.log(
    `own workload: OrdersDashboard(first: 20) over ${own.orders} orders, ${own.concurrency} clients, medians of ${own.rounds} rounds of ` +
      `${own.secondsPerRound} s (CPU ms/request per process above), NODE_ENV ${own.nodeEnv}, GATEWAY_SHARE_FETCHES ${share ?? 'on'}, load average ${own.loadAverage.join(' ')}`,
  );
  return own;
}

async function runFederationSpeed() {
  const number = (name: string) => (argument(name) ? Number(argument(name)) : undefined);
  const executor = argument('executor');
  if (executor !== undefined && executor !== 'opsgraph' && executor !== 'apollo') throw new Error(`--executor must be opsgraph or apollo, but got "${executor}"`);
  const speed = await benchFederationSpeed({ rounds: number('rounds'), seconds: number('seconds'), profileDir: argument('cpu-prof'), executor });
  printFederationSpeed(speed);
  return speed;
}

async function runMemoryFlat() {
  const number = (name: string) => (argument(name) ? Number(argument(name)) : undefined);
  const memory = await benchMemoryFlat({ warmup: number('warmup'), operations: number('operations'), step: number('step') });
  printMemoryFlat(memory);
  return memory;
}

function writeResults(embedded: boolean, benchmarks: unknown[], name: string): void {
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    storage: embedded ? 'embedded' : 'postgres',
    benchmarks,
  };
  const file = path.resolve(__dirname, 'results', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

function printKnowledge(result: Awaited<ReturnType<typeof benchKnowledge>>): void {
  console.table(result.knowledge.map(({ mode, set, questions, recallAt3, recallAt1, p50Ms, p95Ms }) => ({ mode, set, questions, recallAt3, recallAt1, p50Ms, p95Ms })));
  for (const { mode, set, misses } of result.knowledge) if (misses.length) console.log(`${mode}, ${set}: not in the first 3: ${misses.join('; ')}`);
}

function printBurst(result: Awaited<ReturnType<typeof benchSubscriptionBurst>>): void {
  if ('skipped' in result) {
    console.log(`subscription burst: skipped (${result.skipped})`);
    return;
  }
  const { baseline, duringBurst } = result.normalQuery;
  console.table([{ name: 'normal query, no burst', ...baseline }, { name: `normal query, ${result.events} events to ${result.subscriptions} subscriptions`, ...duringBurst }]);
  console.log(
    `burst: ${result.deliveries.delivered}/${result.deliveries.expected} deliveries in ${result.deliveries.seconds} s (${result.deliveries.perSecond}/s, ${result.deliveries.errors} errors); ` +
      `commerce held ${result.upstreamSubscriptionsAtCommerce} upstream subscriptions; ${result.entityFetchesPerEvent} entity fetches per event (logistics + finance)`,
  );
}

function printSubscriptions(result: Awaited<ReturnType<typeof benchSubscriptions>>): void {
  if (!('scenarios' in result)) {
    console.log(`subscriptions: skipped (${result.skipped})`);
    return;
  }
  console.table(result.scenarios.map((s) => ({
    subscribers: s.subscribers, 'connections/s': s.opening.perSecond, ...s.gauges, 'RSS MB': s.rssMb, 'heap MB': s.heapUsedMb,
    'RSS KB/conn': s.perConnectionKb.rss, 'heap KB/conn': s.perConnectionKb.heapUsed,
  })));
  console.table(result.scenarios.flatMap((s) => s.latency.map((l) => ({
    subscribers: s.subscribers, 'events/s': l.perSecond, delivered: `${l.delivered}/${l.expected}`, p50Ms: l.p50Ms, p99Ms: l.p99Ms,
    'p50 ×1 sub': l.versusOneSubscriber.p50, 'p99 ×1 sub': l.versusOneSubscriber.p99, 'deliveries/s': l.deliveriesPerSecond,
    'gateway CPU': l.gatewayCpu, 'clients busy': l.clientsBusy,
  }))));
  const largest = result.scenarios.at(-1)!;
  console.log(
    `one gateway process held ${result.heldSubscribers} subscribers, sharing ${largest.gauges.upstreams} upstream subscription(s) ` +
      `(ulimit -n ${result.openFilesLimit}); its RSS was ${result.memoryAtStart.rssMb} MB before any connection, ${largest.rssMb} MB with ${largest.subscribers}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
