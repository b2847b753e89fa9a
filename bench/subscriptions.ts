// Subscriptions at scale: how many OrderStatusChanged subscribers one gateway process holds, what each connection
// costs in memory, and the latency from publishing order.changed on the bus to receipt at every client (p50, p99)
// with 1 (the baseline), 1,000 and 10,000 subscribers, each at two steady event rates, in one run.
// The measured gateway runs in its own process (`scripts/serve.ts gateway`) so its RSS is its own; the clients run
// in a worker thread so their sockets share an event loop with neither the gateway nor the stack's subgraphs.
// All subscribers send the same operation for one tenant: the hub should hold exactly one upstream subscription.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEventBus, type EventBus, type EventOf } from '../platform/events';
import type { TestStack } from '../test/helpers/stack';
import { operation } from '../test/helpers/stack';
import { startGatewayProcess } from '../test/helpers/gateway-process';
import { percentile } from './harness';
import { now, startSubscribers, type Receipts } from './subscription-clients';

const SUBSCRIBERS = [1, 1_000, 10_000];
/** A rate 10,000 subscribers sustain on a small machine (20,000 deliveries/s), and one that saturates it. */
const RATES = [{ perSecond: 2, seconds: 10 }, { perSecond: 10, seconds: 5 }];
const STATUSES = ['PENDING_PAYMENT', 'PAID', 'PREPARING', 'SHIPPING', 'DELIVERED', 'PURCHASE_CONFIRMED', 'CANCELLED', 'RETURNED', 'EXCHANGED'];
const ROOT = path.resolve(__dirname, '..');
/** USER_HZ, the unit of CPU time in /proc/<pid>/stat (100 on Linux). */
const CLOCK_TICKS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round2 = (value: number) => Math.round(value * 100) / 100;


// `serve.ts gateway`, behind one line that lets the benchmark ask for a full GC (SIGUSR2) before reading memory.
const SERVE_WITH_GC_SIGNAL = `process.on('SIGUSR2', () => global.gc && global.gc());
process.argv = [process.argv[0], ${JSON.stringify(path.join(ROOT, 'scripts', 'serve.ts'))}, 'gateway'];
require(process.argv[1]);`;

/** The measured gateway in its own process (test/helpers/gateway-process.ts), against the stack's subgraphs and Redis. */
async function startMeasuredGateway(stack: TestStack, env: Record<string, string>) {
  const gateway = await startGatewayProcess(stack, env, { argv: ['--expose-gc', '-r', './platform/register.js', '-e', SERVE_WITH_GC_SIGNAL] });
  const { child } = gateway;
  const base = new URL(gateway.url).origin;
  const gauges = async (): Promise<Record<string, number>> => {
    const text = await (await fetch(`${base}/metrics`)).text();
    return Object.fromEntries([...text.matchAll(/^opsgraph_gateway_(\w+) ([\d.e+]+)$/gm)].map(([, name, value]) => [name, Number(value)]));
  };
  return {
    url: gateway.url,
    gauges,
    output: gateway.output,
    /** RSS (VmRSS) and V8 heap in use, after a full GC and a moment to settle. */
    async memory() {
      child.kill('SIGUSR2');
      await sleep(500);
      const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      return { rssBytes: rssKb * 1024, heapUsedBytes: (await gauges()).nodejs_heap_size_used_bytes };
    },
    /** CPU seconds (user + system) the gateway process has used. */
    cpuSeconds() {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    close: gateway.stop,
  };
}

/** The open-files limit that bounds the sockets of each process (`ulimit -n`). */
function openFilesLimit(): number {
  const limit = /Max open files\s+(\d+|unlimited)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1];
  return limit === 'unlimited' || !limit ? Number.POSITIVE_INFINITY : Number(limit);
}

type Order = { id: string; marketplace: string; status: string };
type Planned = Array<{ event: EventOf<'order.changed'>; key: string }>;

/** order.changed events over the tenant's orders; (order, previousStatus) tells the events apart at the clients. */
function schedule(tenantId: string, orders: Order[], count: number): Planned {
  return Array.from({ length: count }, (_, i) => {
    const order = orders[i % orders.length];
    const previousStatus = STATUSES[Math.floor(i / orders.length) % STATUSES.length];
    const event: EventOf<'order.changed'> = {
      type: 'order.changed', tenantId, orderId: order.id, marketplace: order.marketplace, status: order.status, previousStatus, cause: 'sync', at: '',
    };
    return { event, key: `${order.id}|${previousStatus}` };
  });
}

interface Run { bus: EventBus; gateway: Awaited<ReturnType<typeof startMeasuredGateway>>; subscribers: ReturnType<typeof startSubscribers> }

export async function benchSubscriptions(stack: TestStack, tenant: string, options: { env: Record<string, string> }) {
  const pubsub = stack.config.pubsub;
  if (pubsub.mode !== 'redis') return { benchmark: 'subscriptions', skipped: 'needs Redis: the measured gateway runs in its own process' };
  const viewer = await stack.token(tenant, ['viewer']);
  const page = await stack.request<{ orders: { edges: Array<{ node: Order }> } }>('{ orders(first: 5) { edges { node { id marketplace status } } } }', {}, viewer);
  const orders = page.data?.orders.edges.map((edge) => edge.node) ?? [];
  if (orders.length === 0) throw new Error(`tenant ${tenant} has no orders to publish events for`);
  const fdLimit = openFilesLimit();
  const counts = SUBSCRIBERS.filter((n) => n + 500 <= fdLimit);
  if (counts.length < SUBSCRIBERS.length) console.warn(`ulimit -n is ${fdLimit}: skipping ${SUBSCRIBERS.slice(counts.length).join(', ')} subscribers`);

  const bus = await openEventBus(pubsub, stack.config.redisKeyPrefix);
  const gateway = await startMeasuredGateway(stack, options.env);
  const subscribers = startSubscribers(gateway.url, viewer, operation('OrderStatusChanged'));
  const run: Run = { bus, gateway, subscribers };
  try {
    const atStart = await gateway.memory();
    const results: Held[] = [];
    for (const [round, target] of counts.entries()) {
      const opened = await subscribers.ask<Held['opening']>({ type: 'open', count: target - (counts[round - 1] ?? 0) });
      const deadline = Date.now() + 60_000;
      while ((await gateway.gauges()).subscriptions !== target) {
        if (Date.now() > deadline) throw new Error(`the gateway holds ${(await gateway.gauges()).subscriptions} of ${target} subscriptions\n${gateway.output()}`);
        await sleep(100);
      }
      const gauges = await gateway.gauges();
      // The first event also waits for the upstream subscription to open at commerce; later ones warm new sockets.
      await prime(run, schedule(tenant, orders, 1)[0]);
      const memory = await gateway.memory();
      const latency = [];
      for (const rate of RATES) latency.push({ ...rate, ...(await measureLatency(run, schedule(tenant, orders, rate.perSecond * rate.seconds), rate.perSecond)) });
      results.push({
        subscribers: target, opening: opened, memory, latency,
        gauges: { connections: gauges.ws_connections, subscriptions: gauges.subscriptions, upstreams: gauges.upstream_subscriptions },
      });
    }
    return summarize(results, atStart, fdLimit);
  } finally {
    await subscribers.close();
    await gateway.close();
    await bus.close();
  }
}

/** Publishes one event until every client has it. */
async function prime({ bus, subscribers }: Run, probe: Planned[number]): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await subscribers.ask({ type: 'expect', keys: [probe.key] });
    await bus.publish({ ...probe.event, at: new Date().toISOString() });
    const got = await subscribers.ask<Receipts>({ type: 'await', timeoutMs: 2_000 });
    if (got.received === got.receipts.length) return;
  }
  throw new Error('no event reached every subscriber: the upstream subscription never opened');
}

async function measureLatency({ bus, gateway, subscribers }: Run, planned: Planned, perSecond: number) {
  await subscribers.ask({ type: 'expect', keys: planned.map(({ key }) => key) });
  const publishedAt: number[] = [];
  const cpuBefore = gateway.cpuSeconds();
  const started = performance.now();
  for (const [i, { event }] of planned.entries()) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    publishedAt.push(now());
    await bus.publish({ ...event, at: new Date().toISOString() });
  }
  const got = await subscribers.ask<Receipts>({ type: 'await', timeoutMs: 30_000 });
  const elapsedSeconds = (performance.now() - started) / 1000;
  const latencies: number[] = [];
  let lastReceipt = 0;
  for (let slot = 0; slot < got.receipts.length; slot++) {
    if (got.receipts[slot] === 0) continue;
    latencies.push(got.receipts[slot] - publishedAt[slot % planned.length]);
    lastReceipt = Math.max(lastReceipt, got.receipts[slot]);
  }
  latencies.sort((a, b) => a - b);
  return {
    delivered: got.received, expected: got.receipts.length, unmatched: got.unmatched, withErrors: got.withErrors, droppedConnections: got.dropped,
    p50Ms: round2(percentile(latencies, 50)), p99Ms: round2(percentile(latencies, 99)), maxMs: round2(latencies.at(-1) ?? 0),
    /** Deliveries per second from the first publish to the last receipt. */
    deliveriesPerSecond: Math.round(got.received / ((lastReceipt - publishedAt[0]) / 1000)),
    /** Cores the gateway process used over the run (1 = one core busy throughout). */
    gatewayCpu: round2((gateway.cpuSeconds() - cpuBefore) / elapsedSeconds),
    clientsBusy: got.clientsBusy,
  };
}

interface Held {
  subscribers: number;
  opening: { opened: number; failed: number; ms: number };
  gauges: { connections: number; subscriptions: number; upstreams: number };
  memory: { rssBytes: number; heapUsedBytes: number };
  latency: Array<{ perSecond: number; seconds: number } & Awaited<ReturnType<typeof measureLatency>>>;
}

function summarize(results: Held[], atStart: Held['memory'], fdLimit: number) {
  const [baseline] = results;
  const mb = (bytes: number) => round2(bytes / 2 ** 20);
  // Per connection against the warm one-subscriber state, so the subscription path's one-time cost is not spread.
  const perConnectionKb = (held: Held, key: keyof Held['memory']) =>
    held === baseline ? null : round2((held.memory[key] - baseline.memory[key]) / (held.subscribers - baseline.subscribers) / 1024);
  return {
    benchmark: 'subscriptions',
    operation: 'OrderStatusChanged (commerce, then logistics and finance once per event)',
    openFilesLimit: fdLimit,
    heldSubscribers: Math.max(0, ...results.filter((held) => held.opening.failed === 0 && held.latency.every((l) => l.delivered === l.expected)).map((held) => held.subscribers)),
    memoryAtStart: { rssMb: mb(atStart.rssBytes), heapUsedMb: mb(atStart.heapUsedBytes) },
    scenarios: results.map((held) => ({
      subscribers: held.subscribers,
      opening: { ...held.opening, perSecond: Math.round(held.opening.opened / (held.opening.ms / 1000)) },
      gauges: held.gauges,
      rssMb: mb(held.memory.rssBytes),
      heapUsedMb: mb(held.memory.heapUsedBytes),
      perConnectionKb: { rss: perConnectionKb(held, 'rssBytes'), heapUsed: perConnectionKb(held, 'heapUsedBytes') },
      latency: held.latency.map(({ p50Ms, p99Ms, ...run }, i) => ({
        ...run, p50Ms, p99Ms,
        versusOneSubscriber: { p50: round2(p50Ms / baseline.latency[i].p50Ms), p99: round2(p99Ms / baseline.latency[i].p99Ms) },
      })),
    })),
  };
}

