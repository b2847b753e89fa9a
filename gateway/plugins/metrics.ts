// Prometheus metrics at /metrics (prom-client): requests by operation name and outcome code, and their
// duration. Labels carry only operation names and CONTRACT error codes — never variables, tokens or tenants.
// Operation names are chosen by clients, so only names the gateway knows become labels (the partner manifest's,
// and the first `maxObservedOperations` others it sees); the rest share one `other` series, so that a client
// sending 20,000 names cannot grow the scrape by 20,000 series. The route asks for METRICS_TOKEN as a bearer.
import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sendJson, type Route } from '../../platform/http';
import { processMetrics } from '../../platform/metrics';

export interface GatewayMetricsOptions {
  /** Names always labelled as themselves: the trusted documents' operation names, read at each request. */
  knownOperations?: () => ReadonlySet<string>;
  /** Other names labelled as themselves, first come first served; later ones count as `other`. */
  maxObservedOperations?: number;
  /** The bearer token /metrics asks for; null: /metrics is off; undefined: open (development). */
  token?: string | null;
}

export const DEFAULT_MAX_OBSERVED_OPERATIONS = 100;

/** Labels by known names only: a bounded set however many names clients invent. */
export function operationLabeler(options: GatewayMetricsOptions): (operationName: string | null | undefined) => string {
  const observed = new Set<string>();
  const max = options.maxObservedOperations ?? DEFAULT_MAX_OBSERVED_OPERATIONS;
  return (name) => {
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'anonymous';
    if (options.knownOperations?.().has(name) || observed.has(name)) return name;
    if (observed.size < max) return observed.add(name), name;
    return 'other';
  };
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const sent = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

export interface GatewayMetrics {
  plugin: ApolloServerPlugin;
  route: Route;
  /** Gauges of the graphql-ws side, read at scrape time. */
  observeSubscriptions(read: () => { connections: number; upstreams: number; subscribers: number }): void;
}

export function gatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  const label = operationLabeler(options);
  // A registry per gateway: tests run several in one process, and default metrics must not register twice.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'opsgraph_gateway_' });
  const requests = new Counter({
    name: 'opsgraph_gateway_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, or the first error code)',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'opsgraph_gateway_request_duration_seconds',
    help: 'GraphQL request duration by operation name',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  let subscriptions: () => { connections: number; upstreams: number; subscribers: number } = () => ({ connections: 0, upstreams: 0, subscribers: 0 });
  for (const [name, help, pick] of [
    ['opsgraph_gateway_ws_connections', 'Open graphql-ws connections', 'connections'],
    ['opsgraph_gateway_subscriptions', 'Active subscriptions of clients', 'subscribers'],
    ['opsgraph_gateway_upstream_subscriptions', 'Subscriptions to subgraphs (shared by clients of the same operation, variables and tenant)', 'upstreams'],
  ] as const) {
    new Gauge({ name, help, registers: [registry], collect() { this.set(subscriptions()[pick]); } });
  }
  return {
    observeSubscriptions: (read) => {
      subscriptions = read;
    },
    plugin: {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ operationName, response, errors }) {
            // The name of the operation that ran (resolved from a document that parsed and validated).
            const operation = label(operationName);
            const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const code = (errors?.[0]?.extensions?.code ?? body?.errors?.[0]?.extensions?.code) as string | undefined;
            requests.inc({ operation, outcome: code ?? 'ok' });
            duration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    },
    route: async (req, res) => {
      if (options.token === null) return sendJson(res, 404, { error: 'metrics are off: set METRICS_TOKEN to serve them' });
      if (options.token !== undefined && !bearerMatches(req.headers.authorization, options.token)) {
        return sendJson(res, 401, { error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' }, { 'www-authenticate': 'Bearer' });
      }
      // The gateway's own series, then what this process measures of its other work (platform/metrics.ts): in the
      // single-process stack that is every component's; apart, each subgraph serves its own at its /metrics.
      const process = await processMetrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(`${await registry.metrics()}\n${process.body}`);
    },
  };
}
