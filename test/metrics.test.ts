// /metrics tells an operator what each part is doing: provider calls by provider and outcome with their latency,
// the key resolver's decisions, cache hit rates, subgraph fetches and event-bus lag — never a tenant, key or order.
import fs from 'node:fs';
import path from 'node:path';
import { parser as promql } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { seedDemoKeys } from '../scripts/seed';
import { openEventBus, topics } from '../platform/events';
import { syncOrders } from './helpers/orders';
import { startTestStack, operation, type TestStack } from './helpers/stack';

const TENANT = 'metrics-tenant';
let stack: TestStack;
let admin: string;

async function scrape(): Promise<string> {
  const response = await fetch(new URL('/metrics', stack.gateway.url));
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series, 0 when it has not appeared yet. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT);
  await syncOrders(stack, 'CAFE24', admin);
});

afterAll(async () => {
  await stack?.close();
});

test('provider calls, key decisions and cache hits are counted by provider and outcome', async () => {
  const before = await scrape();
  const page = `{ orders(first: 5, filter: { marketplace: CAFE24 }) { edges { node { shipments { status } payment { status } } } } }`;
  const first = await stack.request(page, {}, admin);
  expect(first.errors).toBeUndefined();
  const afterFirst = await scrape();
  const calls = 'opsgraph_provider_calls_total{provider="SWEETTRACKER",outcome="ok"}';
  expect(value(afterFirst, calls)).toBeGreaterThan(value(before, calls));
  expect(value(afterFirst, 'opsgraph_provider_call_duration_seconds_count{provider="SWEETTRACKER",outcome="ok"}')).toBeGreaterThan(0);
  const admitted = 'opsgraph_keyring_decisions_total{provider="SWEETTRACKER",decision="admitted"}';
  expect(value(afterFirst, admitted)).toBeGreaterThan(value(before, admitted));
  const miss = 'opsgraph_cache_requests_total{cache="tracking",result="miss"}';
  const hit = 'opsgraph_cache_requests_total{cache="tracking",result="hit"}';
  expect(value(afterFirst, miss)).toBeGreaterThan(value(before, miss));

  // The same page again: the parcels' answers come from the shared cache, and no new tracking call is made.
  const second = await stack.request(page, {}, admin);
  expect(second.errors).toBeUndefined();
  const afterSecond = await scrape();
  expect(value(afterSecond, hit)).toBeGreaterThan(value(afterFirst, hit));
  expect(value(afterSecond, calls)).toBe(value(afterFirst, calls));
});

test('a call no key can take counts as refused', async () => {
  const refusedBefore = value(await scrape(), 'opsgraph_keyring_decisions_total{provider="SWEETTRACKER",decision="refused"}');
  // A tenant with no Sweet Tracker key at all: the resolver refuses (NO_PROVIDER_KEY) before any call.
  const stranger = await stack.token('metrics-stranger');
  const result = await stack.request(`{ trackShipment(carrier: CJ, trackingNumber: "123456789012") { status } }`, {}, stranger);
  expect(result.errors?.[0]?.extensions?.code).toBe('NO_PROVIDER_KEY');
  const refusedAfter = value(await scrape(), 'opsgraph_keyring_decisions_total{provider="SWEETTRACKER",decision="refused"}');
  expect(refusedAfter).toBe(refusedBefore + 1);
});

test('subgraph fetches and event-bus lag are measured, and no tenant or key shows in any label', async () => {
  // A dashboard-like listener on the tenant's order events; a new order synced is published and received.
  const bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  try {
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => { received = resolve; });
    const unsubscribe = await bus.subscribe(topics.orders(TENANT), () => received());
    await stack.sandboxControl('orders', { marketplace: 'CAFE24', count: 1 });
    const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
    expect(sync.data?.syncOrders.created).toBe(1);
    await arrived;
    unsubscribe();
  } finally {
    await bus.close();
  }
  const text = await scrape();
  expect(value(text, 'opsgraph_gateway_subgraph_fetch_duration_seconds_count{subgraph="commerce",outcome="ok"}')).toBeGreaterThan(0);
  expect(text).toMatch(/^opsgraph_event_bus_lag_seconds_count\{type="order.changed"\} [1-9]/m);
  expect(text).not.toContain(TENANT);
  expect(text).not.toMatch(/key_?id=/i);
});

describe('the dashboard and alert rules in deploy/observability', () => {
  const dir = path.resolve(__dirname, '..', 'deploy', 'observability');
  const dashboard = JSON.parse(fs.readFileSync(path.join(dir, 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
  const rules = (parse(fs.readFileSync(path.join(dir, 'alerts.yaml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string; labels: { severity: string }; annotations: { summary: string } }> }> }).groups.flatMap((g) => g.rules);
  const queries = [
    ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr.replaceAll('$__rate_interval', '5m') }))),
    ...rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })),
  ];

  test('every query is valid PromQL (Prometheus’ own parser)', () => {
    const invalid = queries.filter(({ expr }) => {
      let error = false;
      promql.parse(expr).iterate({ enter: (node) => { if (node.type.isError) error = true; } });
      return error;
    });
    expect(invalid).toEqual([]);
  });

  test('every series they use is one the gateway serves', async () => {
    const served = new Set([...(await scrape()).matchAll(/^# TYPE (\S+) (\w+)/gm)].flatMap(([, name, type]) =>
      type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name]));
    const used = new Set(queries.flatMap(({ expr }) => expr.match(/\bopsgraph_[a-z_]+/g) ?? []));
    expect([...used].filter((name) => !served.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThan(8);
  });

  test('every alert says how bad it is and what broke', () => {
    for (const rule of rules) {
      expect({ alert: rule.alert, severity: ['page', 'ticket'].includes(rule.labels?.severity) }).toEqual({ alert: rule.alert, severity: true });
      expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
    }
  });
});
