// OrdersDashboard through the gateway against the same data fetched from the subgraphs directly (commerce's
// page, then logistics' and finance's _entities in parallel, as the query plan does by hand), in one run.
import { signSubgraphIdentity, IDENTITY_HEADER } from '../platform/identity';
import type { TestStack } from '../test/helpers/stack';
import { operation } from '../test/helpers/stack';
import { measure, median, type Measurement } from './harness';

async function post(url: string, body: unknown, headers: Record<string, string> | ((text: string) => Record<string, string>)): Promise<any> {
  const text = JSON.stringify(body);
  const extra = typeof headers === 'function' ? headers(text) : headers;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: text });
  const json = (await response.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(`benchmark request failed: ${JSON.stringify(json.errors).slice(0, 300)}`);
  return json;
}

export async function benchGatewayOverhead(stack: TestStack, tenant: string, rounds = 3) {
  const token = await stack.token(tenant, ['viewer']);
  // As the gateway does: an identity per call, made for that subgraph and that body.
  const signedFor = (audience: string) => (body: string) => ({
    [IDENTITY_HEADER]: signSubgraphIdentity({ sub: 'bench', tenant, roles: ['viewer'] }, stack.config.auth.subgraphSecret, { audience, body, ttlMs: 10_000 }),
  });
  const dashboard = operation('OrdersDashboard');
  const variables = { first: 20 };

  const throughGateway = async () => {
    await post(stack.gateway.url, { query: dashboard, variables }, { authorization: `Bearer ${token}` });
  };
  const direct = async () => {
    const page = await post(stack.subgraphs.commerce.url, {
      query: `query($first: Int) { orders(first: $first) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id marketplace externalId status orderedAt buyerName total { amount currency }
        items { sku name quantity unitPrice { amount currency } } trackingRefs } } } }`,
      variables,
    }, signedFor('commerce'));
    const nodes = page.data.orders.edges.map((edge: any) => edge.node);
    await Promise.all([
      post(stack.subgraphs.logistics.url, {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { shipments { carrier trackingNumber status lastEvent { at location description } } } } }',
        variables: { r: nodes.map((n: any) => ({ __typename: 'Order', id: n.id, trackingRefs: n.trackingRefs })) },
      }, signedFor('logistics')),
      post(stack.subgraphs.finance.url, {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { payment { provider status amount { amount currency } paidAt } taxInvoice { status ntsConfirmNumber } } } }',
        variables: { r: nodes.map((n: any) => ({ __typename: 'Order', id: n.id, marketplace: n.marketplace, externalId: n.externalId })) },
      }, signedFor('finance')),
    ]);
  };

  const options = { requests: 200, concurrency: 4, warmup: 20 };
  const gatewayRuns: Measurement[] = [];
  const directRuns: Measurement[] = [];
  for (let round = 0; round < rounds; round++) {
    directRuns.push(await measure('subgraphs directly (baseline)', direct, options));
    gatewayRuns.push(await measure('OrdersDashboard via gateway', throughGateway, options));
  }
  const summarize = (name: string, runs: Measurement[]): Measurement => ({
    name,
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    rps: median(runs.map((run) => run.rps)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
  });
  const baseline = summarize('subgraphs directly (baseline)', directRuns);
  const gateway = summarize('OrdersDashboard via gateway', gatewayRuns);
  return {
    benchmark: 'gateway-overhead',
    rounds,
    baseline,
    gateway,
    ratio: { p50: Math.round((gateway.p50Ms / baseline.p50Ms) * 100) / 100, rps: Math.round((gateway.rps / baseline.rps) * 100) / 100 },
  };
}
