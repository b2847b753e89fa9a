// Prometheus metrics at /metrics (prom-client): requests by operation name and outcome code, and their
// duration. Labels carry only operation names and CONTRACT error codes — never variables, tokens or tenants.
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Route } from '../../platform/http';

export interface GatewayMetrics {
  plugin: ApolloServerPlugin;
  route: Route;
  /** Gauges of the graphql-ws side, read at scrape time. */
  observeSubscriptions(read: () => { connections: number; upstreams: number; subscribers: number }): void;
}

export function gatewayMetrics(): GatewayMetrics {
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
            // The name of the operation that ran (resolved from the document); client-chosen, so kept short.
            const operation = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(operationName ?? '') ? operationName! : 'anonymous';
            const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const code = (errors?.[0]?.extensions?.code ?? body?.errors?.[0]?.extensions?.code) as string | undefined;
            requests.inc({ operation, outcome: code ?? 'ok' });
            duration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    },
    route: async (_req, res) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(await registry.metrics());
    },
  };
}
