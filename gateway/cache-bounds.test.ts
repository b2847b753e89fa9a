// The per-operation caches a client fills with distinct operations are bounded by GATEWAY_OPERATION_CACHE_SIZE:
// Apollo Server's document store (parsed, validated documents) and @apollo/gateway's query plan store, over the
// benchmark's catalogue subgraphs. bench/memory-flat.ts shows the same on RSS with 20,000 operations.
import { createLogger } from '../platform/logger';
import { startCatalogue } from '../bench/catalogue/subgraphs';
import { startGateway, type RunningGateway } from './server';

let catalogue: Awaited<ReturnType<typeof startCatalogue>>;
let gateway: RunningGateway;

beforeAll(async () => {
  catalogue = await startCatalogue();
  gateway = await startGateway({
    subgraphs: Object.entries(catalogue.urls).map(([name, url]) => ({ name, url })),
    port: 0,
    auth: false,
    jwtSecret: 'cache-bounds-jwt-secret-0123456789abcdef',
    subgraphSecret: 'cache-bounds-subgraph-secret-0123456789ab',
    production: false,
    logger: createLogger('test', 'silent'),
    executor: { kind: 'apollo', cacheSize: 5 },
  });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await catalogue?.close();
});

test('20 distinct operations leave 5 documents and 5 plans (GATEWAY_OPERATION_CACHE_SIZE=5), and each one is answered', async () => {
  for (let i = 0; i < 20; i++) {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query Distinct${i} { p${i}: topProducts(first: 1) { upc ${i % 2 ? 'name' : 'price'} } }` }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown[]>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.[`p${i}`]).toHaveLength(1);
  }
  expect(gateway.caches.documents).toBe(5);
  expect(gateway.caches.plans).toBe(5);
});
