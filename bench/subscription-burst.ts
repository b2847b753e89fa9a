// A tenant holding 20,000 distinct subscriptions (distinct operation names, four selections on commerce's fields,
// shipments and payment from logistics and finance) on one gateway process, and a burst of 100 order events: the
// p95 of a normal query through that gateway during the burst, against the same query before it. Also counted:
// the upstream subscriptions commerce holds and the entity fetches logistics and finance answer per event.
import { fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEventBus } from '../platform/events';
import type { TestStack } from '../test/helpers/stack';
import { startGatewayProcess } from '../test/helpers/gateway-process';
import { percentile } from './harness';

const SUBSCRIPTIONS = 20_000;
const PER_SOCKET = 100;
const EVENTS = 100;
const SELECTIONS = ['previousStatus order { id status }', 'cause order { id marketplace }', 'at order { id }', 'previousStatus cause order { id status marketplace }'];
const NORMAL_QUERY = '{ orders(first: 5) { edges { node { id status marketplace } } } }';
const ROOT = path.resolve(__dirname, '..');
const round2 = (value: number) => Math.round(value * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type ClientReply = { type: 'opened'; opened: number; refused: number } | { type: 'count'; events: number; errors: number };

function startClients() {
  const child = fork(path.join(__dirname, 'burst-clients.ts'), { cwd: ROOT, execArgv: ['-r', './platform/register.js'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T extends ClientReply>(message: unknown, type: T['type']) =>
    new Promise<T>((resolve) => {
      const onMessage = (reply: ClientReply) => {
        if (reply.type !== type) return;
        child.off('message', onMessage);
        resolve(reply as T);
      };
      child.on('message', onMessage);
      child.send(message as object);
    });
  return { ask, close: () => child.send({ type: 'close' }) };
}

async function timeQueries(url: string, token: string, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: NORMAL_QUERY }) });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`the normal query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

const summary = (latencies: number[]) => ({
  requests: latencies.length, p50Ms: round2(percentile(latencies, 50)), p95Ms: round2(percentile(latencies, 95)), maxMs: round2(latencies.at(-1) ?? 0),
});

export async function benchSubscriptionBurst(stack: TestStack, tenant: string, options: { env: Record<string, string> }) {
  if (stack.config.pubsub.mode !== 'redis') return { benchmark: 'subscription-burst', skipped: 'needs Redis: the measured gateway runs in its own process' };
  const viewer = await stack.token(tenant, ['viewer']);
  const page = await stack.request<{ orders: { edges: Array<{ node: { id: string; marketplace: string; status: string } }> } }>(
    '{ orders(first: 5) { edges { node { id marketplace status } } } }', {}, viewer,
  );
  const orders = page.data?.orders.edges.map((edge) => edge.node) ?? [];
  if (orders.length === 0) throw new Error(`tenant ${tenant} has no orders to publish events for`);
  const sockets = SUBSCRIPTIONS / PER_SOCKET;
  const gateway = await startGatewayProcess(stack, {
    ...options.env,
    WS_MAX_SOCKETS_PER_USER: String(sockets), WS_MAX_SOCKETS_PER_TENANT: String(sockets), WS_MAX_SUBSCRIPTIONS_PER_TENANT: String(SUBSCRIPTIONS),
  });
  const clients = startClients();
  const bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  const progress = (message: string) => console.log(`subscription burst: ${message}`);
  try {
    progress('measuring the normal query alone');
    const baseline = summary(await timeQueries(gateway.url, viewer, ((n) => () => n++ >= 200)(0)));
    progress(`opening ${SUBSCRIPTIONS} subscriptions`);
    const queries = Array.from({ length: sockets }, (_, s) =>
      Array.from({ length: PER_SOCKET }, (_, k) => {
        const i = s * PER_SOCKET + k;
        return `subscription Dashboard${i} { orderStatusChanged { ${SELECTIONS[i % SELECTIONS.length]} order { shipments { carrier status } payment { status } } } }`;
      }));
    const opened = await clients.ask<Extract<ClientReply, { type: 'opened' }>>({ type: 'open', url: gateway.url, tokens: queries.map(() => viewer), queries }, 'opened');
    // A socket whose connection_init waited past graphql-ws' 3 s while the gateway was busy subscribing the others
    // is closed (4408): the figure is for the subscriptions actually held.
    const held = opened.opened * PER_SOCKET;
    const deadline = Date.now() + 120_000;
    const gauge = async () => Number(/^opsgraph_gateway_subscriptions (\d+)$/m.exec(await (await fetch(new URL('/metrics', gateway.url))).text())?.[1]);
    while ((await gauge()) < held) {
      if (Date.now() > deadline) throw new Error(`the gateway holds ${await gauge()} of ${held} subscriptions`);
      await sleep(200);
    }
    progress(`the gateway holds ${held} subscriptions; publishing ${EVENTS} events`);
    const upstreamsAtCommerce = stack.subgraphs.commerce.activeSubscriptions();
    const fetchesBefore = stack.subgraphs.logistics.requestsReceived() + stack.subgraphs.finance.requestsReceived();
    const expected = held * EVENTS;
    let delivered = 0;
    let errors = 0;
    let done = false;
    const started = performance.now();
    const burst = (async () => {
      for (let i = 0; i < EVENTS; i++) {
        const order = orders[i % orders.length];
        await bus.publish({
          type: 'order.changed', tenantId: tenant, orderId: order.id, marketplace: order.marketplace, status: order.status, previousStatus: order.status, cause: 'sync', at: new Date().toISOString(),
        });
      }
    })();
    const watch = (async () => {
      const stopAt = Date.now() + 300_000;
      while (!done) {
        await sleep(250);
        ({ events: delivered, errors } = await clients.ask<Extract<ClientReply, { type: 'count' }>>({ type: 'count' }, 'count'));
        if (delivered >= expected || Date.now() > stopAt) done = true;
      }
    })();
    const during = summary(await timeQueries(gateway.url, viewer, () => done));
    await Promise.all([burst, watch]);
    const seconds = round2((performance.now() - started) / 1000);
    const fetches = stack.subgraphs.logistics.requestsReceived() + stack.subgraphs.finance.requestsReceived() - fetchesBefore;
    return {
      benchmark: 'subscription-burst',
      subscriptions: held, sockets, opened, events: EVENTS,
      upstreamSubscriptionsAtCommerce: upstreamsAtCommerce,
      /** logistics + finance requests during the burst, the normal queries' included (which need neither). */
      entityFetchesPerEvent: round2(fetches / EVENTS),
      deliveries: { expected, delivered, errors, seconds, perSecond: Math.round(delivered / seconds) },
      normalQuery: { baseline, duringBurst: during },
    };
  } finally {
    clients.close();
    await bus.close();
    await gateway.stop();
  }
}
