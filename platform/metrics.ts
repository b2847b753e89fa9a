// Process-wide Prometheus metrics (prom-client's default registry): what every component measures about its own
// work, served at each process's /metrics (and, in the single-process stack, at the gateway's). Labels are
// bounded by construction: provider names, outcomes, decisions, cache names, event types — never a key, a tenant,
// an order or anything a client chooses.
import { Counter, Histogram, register, type Metric } from 'prom-client';

/** One instance per name and process, however many times a module defining it is loaded. */
function metric<M extends Metric>(name: string, create: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create();
}

export const providerCalls = metric('opsgraph_provider_calls_total', () => new Counter({
  name: 'opsgraph_provider_calls_total',
  help: 'Provider calls made through the key resolver, by provider and outcome (ok, rate_limited, auth, client_error, error)',
  labelNames: ['provider', 'outcome'] as const,
}));

export const providerCallDuration = metric('opsgraph_provider_call_duration_seconds', () => new Histogram({
  name: 'opsgraph_provider_call_duration_seconds',
  help: 'Provider call latency through the key resolver, by provider and outcome',
  labelNames: ['provider', 'outcome'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
}));

/** admitted: a key took the call at once; waited: after waiting for a slot; rotated: on another key than the first tried; refused: no key could. */
export type KeyDecision = 'admitted' | 'waited' | 'rotated' | 'refused';

export const keyDecisions = metric('opsgraph_keyring_decisions_total', () => new Counter({
  name: 'opsgraph_keyring_decisions_total',
  help: 'Key resolver decisions by provider: admitted, waited (for a rate slot), rotated (to another key), refused',
  labelNames: ['provider', 'decision'] as const,
}));

export const cacheRequests = metric('opsgraph_cache_requests_total', () => new Counter({
  name: 'opsgraph_cache_requests_total',
  help: 'Lookups in the shared provider-answer caches (tracking, payments) by cache and result (hit, miss)',
  labelNames: ['cache', 'result'] as const,
}));

/** Counts one batch of lookups: `hits` of `total` were answered from the cache. */
export function countCache(cache: string, hits: number, total: number): void {
  if (hits) cacheRequests.inc({ cache, result: 'hit' }, hits);
  if (total - hits) cacheRequests.inc({ cache, result: 'miss' }, total - hits);
}

export const eventLag = metric('opsgraph_event_bus_lag_seconds', () => new Histogram({
  name: 'opsgraph_event_bus_lag_seconds',
  help: 'From an event happening (its `at`) to a subscriber of the event bus receiving it, by event type',
  labelNames: ['type'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
}));

export const subgraphFetchDuration = metric('opsgraph_gateway_subgraph_fetch_duration_seconds', () => new Histogram({
  name: 'opsgraph_gateway_subgraph_fetch_duration_seconds',
  help: 'Gateway fetches to each subgraph (time to response headers), by subgraph and outcome (ok, http_error, network_error)',
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
}));

export const subgraphFetchesJoined = metric('opsgraph_gateway_subgraph_fetches_joined_total', () => new Counter({
  name: 'opsgraph_gateway_subgraph_fetches_joined_total',
  help: 'Subgraph calls not made because an identical one (same body, same identity, a query) was in flight for another request, by subgraph',
  labelNames: ['subgraph'] as const,
}));

/** The process's metrics in Prometheus' text format. */
export async function processMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}
