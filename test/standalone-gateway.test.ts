// The standalone gateway (`npm run gateway`, issue 13) on a supergraph that is not ours: two tiny @apollo/subgraph
// servers (products; reviews, with an entity extension and @requires) composed by @apollo/composition into a file,
// served by the very entry point the npm script runs, with GATEWAY_AUTH=off. The file is rewritten (a new field,
// then broken files) while the gateway runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, parse } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { composeSupergraph } from '../gateway/compose';
import { apolloRoute, closeServer, createHttpServer, listen } from '../platform/http';
import { TEST_REDIS_URL } from './helpers/database';
import { freePort, waitForOutput } from './helpers/process';
import { subscribe, until, type Subscriber } from './helpers/subscriptions';

const ROOT = path.resolve(__dirname, '..');
/** `npm run gateway`'s command line, read from package.json so that the test runs what the script runs. */
const GATEWAY_ARGV = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts.gateway.split(/\s+/).slice(1);

const PRODUCTS_V1 = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Product @key(fields: "upc") { upc: String! name: String! price: Int! weight: Int! }
  type Query { topProducts: [Product!]! }
`;
const PRODUCTS_V2 = PRODUCTS_V1.replace('weight: Int! }', 'weight: Int! description: String }');
/** What the products subgraph serves from the start; the supergraph shows each addition only once recomposed. */
const PRODUCTS_V3 = `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@composeDirective"])
    @link(url: "https://opsgraph.dev/rate-limit/v1.0", import: ["@rateLimit"])
    @composeDirective(name: "@rateLimit")
  directive @rateLimit(window: String!, max: Int!) on FIELD_DEFINITION
  type Product @key(fields: "upc") { upc: String! name: String! price: Int! weight: Int! description: String }
  type Query { topProducts: [Product!]! featured: Product @rateLimit(window: "1m", max: 2) }
`;
/** What the reviews subgraph serves (over HTTP and graphql-ws); the first supergraph has no subscription yet. */
const REVIEWS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
  type Product @key(fields: "upc") {
    upc: String!
    price: Int! @external
    weight: Int! @external
    shippingEstimate: Int! @requires(fields: "price weight")
    reviews: [Review!]
  }
  type Review { id: ID! body: String! verifiedBy: String product: Product }
  type Subscription { reviewAdded: Review! }
`;
const REVIEWS_V1 = REVIEWS.replace('type Subscription { reviewAdded: Review! }', '');
const REVIEW_ADDED = 'subscription { reviewAdded { id body product { name shippingEstimate } } }';

const PRODUCTS = [
  { upc: '1', name: 'Table', price: 899, weight: 100, description: 'oak' },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000, description: 'linen' },
  { upc: '3', name: 'Chair', price: 54, weight: 50, description: 'beech' },
];
const REVIEWS_BY_UPC: Record<string, Array<{ id: string; body: string }>> = {
  '1': [{ id: 'r1', body: 'Love it' }, { id: 'r2', body: 'Too big' }],
  '2': [{ id: 'r3', body: 'Comfy' }],
};
/** Free shipping above 1000, else half the weight: only right if the gateway fetched price and weight first. */
const shippingEstimate = (product: { price: number; weight: number }) => (product.price > 1000 ? 0 : Math.round(product.weight / 2));

let reviewsDown = false;
const reviewEvents = new PubSub();
const servers: ApolloServer[] = [];
const httpServers: http.Server[] = [];
const subscribers: Subscriber[] = [];
const children: ChildProcess[] = [];
let dir: string;
let supergraphPath: string;
let urls: { products: string; reviews: string };
let gatewayUrl: string;
const output = { text: '' };

async function serveSubgraph(sdl: string, resolvers: GraphQLResolverMap<unknown>) {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers }), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  servers.push(server);
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return url;
}

/** A subgraph with subscriptions: HTTP and graphql-ws on one /graphql, as foreign subgraphs commonly serve them. */
async function serveSubgraphWithSubscriptions(sdl: string, resolvers: GraphQLResolverMap<unknown>) {
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
  const apollo = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await apollo.start();
  servers.push(apollo);
  const server = createHttpServer({ routes: { '/graphql': apolloRoute(apollo, async () => ({})) } });
  const sockets = new WebSocketServer({ server, path: '/graphql' });
  useServer({ schema }, sockets);
  httpServers.push(server);
  return `http://127.0.0.1:${await listen(server, 0)}/graphql`;
}

function writeSupergraph(productsSdl: string, reviewsUrl = urls.reviews, reviewsSdl = REVIEWS): void {
  const sdl = composeSupergraph([
    { name: 'products', url: urls.products, sdl: productsSdl },
    { name: 'reviews', url: reviewsUrl, sdl: reviewsSdl },
  ]);
  // As deploy tools do: write beside it, then rename over it.
  const staging = `${supergraphPath}.${randomUUID()}`;
  fs.writeFileSync(staging, sdl);
  fs.renameSync(staging, supergraphPath);
}

async function spawnGateway(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, GATEWAY_ARGV, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

async function query<T = any>(document: string, headers: Record<string, string> = {}) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: document }),
  });
  return { status: response.status, ...((await response.json()) as { data?: T; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> }) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-supergraph-'));
  supergraphPath = path.join(dir, 'supergraph.graphql');
  urls = {
    products: await serveSubgraph(PRODUCTS_V3, {
      Query: { topProducts: () => PRODUCTS, featured: () => PRODUCTS[0] },
      Product: { __resolveReference: (ref: { upc: string }) => PRODUCTS.find((product) => product.upc === ref.upc) },
    }),
    reviews: await serveSubgraphWithSubscriptions(REVIEWS, {
      Subscription: { reviewAdded: { subscribe: () => reviewEvents.asyncIterableIterator('REVIEW_ADDED') } },
      Product: {
        __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => {
          if (reviewsDown) throw new GraphQLError('the reviews store is unavailable');
          return ref;
        },
        shippingEstimate: (product: { price?: number; weight?: number }) => {
          if (product.price === undefined || product.weight === undefined) throw new Error('@requires fields missing');
          return shippingEstimate({ price: product.price, weight: product.weight });
        },
        reviews: (product: { upc: string }) => REVIEWS_BY_UPC[product.upc] ?? [],
      },
      Review: {
        verifiedBy: (review: { id: string }) => {
          if (review.id === 'r2') throw new GraphQLError('verification service timed out');
          return 'store';
        },
        product: (review: { upc?: string }) => (review.upc ? { upc: review.upc } : null),
      },
    }),
  };
  // The file names a reviews URL nobody listens on: SUBGRAPH_URLS points it at the real one.
  writeSupergraph(PRODUCTS_V1, 'http://127.0.0.1:9/graphql', REVIEWS_V1);
  const port = await freePort();
  const child = await spawnGateway({
    SUPERGRAPH: supergraphPath,
    SUBGRAPH_URLS: `reviews=${urls.reviews}`,
    GATEWAY_AUTH: 'off',
    GATEWAY_PORT: String(port),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `opsgraph-test:${randomUUID()}:`,
    MAX_ALIASES: '5',
    TENANT_RATE_PER_SECOND: '1000',
    TENANT_BURST: '1000',
  });
  await waitForOutput(child, /gateway started/, output);
  gatewayUrl = `http://127.0.0.1:${port}/graphql`;
});

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
  await Promise.all(servers.map((server) => server.stop()));
  await Promise.all(httpServers.map((server) => closeServer(server)));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('without a token it serves the foreign supergraph: entities across subgraphs, @requires, /health, /ready, /metrics', async () => {
  const result = await query('{ topProducts { upc name shippingEstimate reviews { id body } } }');
  expect(result.errors).toBeUndefined();
  expect(result.data.topProducts).toEqual(PRODUCTS.map((product) => ({
    upc: product.upc,
    name: product.name,
    shippingEstimate: shippingEstimate(product),
    reviews: REVIEWS_BY_UPC[product.upc] ?? [],
  })));
  // A token is neither needed nor looked at.
  expect((await query('{ topProducts { upc } }', { authorization: 'Bearer not-a-token' })).errors).toBeUndefined();
  const base = new URL(gatewayUrl);
  expect((await fetch(new URL('/health', base))).status).toBe(200);
  // The foreign subgraphs have no /health: they are asked `{ __typename }`.
  expect(await (await fetch(new URL('/ready', base))).json()).toEqual({ status: 'ready' });
  const metrics = await fetch(new URL('/metrics', base));
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toMatch(/^# HELP/m);
  expect(output.text).toMatch(/GATEWAY_AUTH=off/);
});

test('the edge stays on with auth off: operation limits refuse with OPERATION_TOO_COMPLEX', async () => {
  const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: topProducts { upc }`).join(' ');
  const result = await query(`{ ${aliases} }`);
  expect(result.errors?.[0]?.extensions?.code).toBe('OPERATION_TOO_COMPLEX');
});

test('an error from a subgraph nulls that field only; the rest of the response stands', async () => {
  const result = await query('{ topProducts { name reviews { id verifiedBy } } }');
  expect(result.data.topProducts[0]).toEqual({ name: 'Table', reviews: [{ id: 'r1', verifiedBy: 'store' }, { id: 'r2', verifiedBy: null }] });
  expect(result.data.topProducts[1]).toEqual({ name: 'Couch', reviews: [{ id: 'r3', verifiedBy: 'store' }] });
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].path).toEqual(['topProducts', 0, 'reviews', 1, 'verifiedBy']);
});

test('a subgraph failing its entity fetch nulls its fields; the other subgraph\'s data stands', async () => {
  reviewsDown = true;
  try {
    const result = await query('{ topProducts { name reviews { id } } }');
    expect(result.data.topProducts).toEqual(PRODUCTS.map((product) => ({ name: product.name, reviews: null })));
    expect(result.errors?.length).toBeGreaterThan(0);
  } finally {
    reviewsDown = false;
  }
});

test('a rewritten file is served without a restart; a broken one is logged and the served one kept', async () => {
  const before = await query('{ topProducts { description } }');
  expect(before.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  // graphql-ws takes the socket without a token, and validates against the supergraph served now.
  const early = subscribe(gatewayUrl, null, REVIEW_ADDED);
  subscribers.push(early);
  await early.ended;
  expect(early.events).toEqual([{ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) })] }]);

  writeSupergraph(PRODUCTS_V2);
  await until(async () => (await query('{ topProducts { description } }')).errors === undefined, 'the new field is served');
  const after = await query('{ topProducts { name description shippingEstimate } }');
  expect(after.data.topProducts.map((product: { description: string }) => product.description)).toEqual(['oak', 'linen', 'beech']);
  expect(output.text).toMatch(/supergraph reloaded/);

  // The reloaded supergraph's subscription runs over graphql-ws: the event from reviews, the rest from products.
  const live = subscribe(gatewayUrl, null, REVIEW_ADDED);
  subscribers.push(live);
  await live.connected;
  await until(async () => {
    await reviewEvents.publish('REVIEW_ADDED', { reviewAdded: { id: 'r9', body: 'Sturdy', upc: '3' } });
    return live.events.length > 0;
  }, 'the first review event arrives');
  expect(live.events[0]).toEqual({ data: { reviewAdded: { id: 'r9', body: 'Sturdy', product: { name: 'Chair', shippingEstimate: 25 } } } });

  const failures = () => output.text.match(/supergraph file not loaded; keeping the one being served/g)?.length ?? 0;
  // Not GraphQL at all, then valid GraphQL that is a subgraph's schema rather than a supergraph.
  fs.writeFileSync(supergraphPath, 'type Query { topProducts: [');
  await until(() => failures() === 1, 'the unparsable file is logged');
  fs.writeFileSync(supergraphPath, PRODUCTS_V1);
  await until(() => failures() === 2, 'the subgraph SDL is logged as no supergraph');
  const kept = await query('{ topProducts { description shippingEstimate reviews { id } } }');
  expect(kept.errors).toBeUndefined();
  expect(kept.data.topProducts[0]).toEqual({ description: 'oak', shippingEstimate: 50, reviews: [{ id: 'r1' }, { id: 'r2' }] });
});

test('a reloaded supergraph brings its @rateLimit fields, counted for the anonymous identity like any user', async () => {
  writeSupergraph(PRODUCTS_V3);
  await until(async () => (await query('{ featured { upc } }')).errors === undefined, 'the rate-limited field is served');
  // One call was spent by the wait above (a refused one is not served, so the wait ends on the first success).
  expect((await query('{ featured { name } }')).data).toEqual({ featured: { name: 'Table' } });
  const third = await query('{ featured { name } }');
  expect(third.status).toBe(429);
  expect(third.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
});

test('GATEWAY_AUTH=off is refused at start under NODE_ENV=production', async () => {
  const child = await spawnGateway({
    NODE_ENV: 'production',
    GATEWAY_AUTH: 'off',
    SUPERGRAPH: supergraphPath,
    JWT_SECRET: 'q7Vd2mK9xT4pL8wR1nZ6bF3hJ5sY0cA2eG7uI9oP',
    KEY_ENCRYPTION_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64'),
    GATEWAY_PORT: String(await freePort()),
  });
  const printed = { text: '' };
  const code = await new Promise<number | null>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => (printed.text += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (printed.text += chunk.toString()));
    child.once('exit', resolve);
  });
  expect(code).not.toBe(0);
  expect(printed.text).toMatch(/GATEWAY_AUTH=off is refused when NODE_ENV=production/);
  expect(printed.text).not.toMatch(/gateway started/);
});
