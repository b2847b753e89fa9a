// The differential test of GATEWAY_EXECUTOR=opsgraph: the same operations through stock @apollo/gateway's
// executor and through ours, over the benchmark's catalogue (entities, @requires, @provides) and two subgraphs of
// this test (interfaces, unions, lists of lists, enums, errors and nulls from subgraphs, an entity extension that
// fails for one key). Each answer, errors and extensions included, must be the same JSON, byte for byte; and the
// OpenTelemetry spans of a request (gateway.request … gateway.fetch) are the same spans stock makes.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, print } from 'graphql';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { composeSupergraph } from '../compose';
import { catalogueSdls, startCatalogue } from '../../bench/catalogue/subgraphs';
import { SignedSubgraphSource } from '../subgraph-source';
import { withOpsgraphExecutor } from './index';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

const MEDIA_SDL = `${LINK}
  enum Format { PAPER DIGITAL }
  interface Media { id: ID! title: String! }
  type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! format: Format }
  type Film implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }
  type Person { name: String! }
  union Hit = Book | Film | Person
  type Query {
    media: [Media!]!
    search(term: String!): [Hit]
    grid: [[Int]]
    shelves: [[Media!]!]
    broken: String
    brokenNonNull: String!
    deep: Deep
    wrongType: Int
  }
  type Deep { ok: String inner: Deep mustHave: String! }
`;
const books = [
  { __typename: 'Book', id: 'b1', title: '토지', pages: 640, format: 'PAPER' },
  { __typename: 'Book', id: 'b2', title: '채식주의자', pages: 192, format: null },
];
const films = [{ __typename: 'Film', id: 'f1', title: '기생충', minutes: 132 }];
const MEDIA_RESOLVERS = {
  Query: {
    media: () => [...books, ...films],
    search: (_: unknown, { term }: { term: string }) => (term === 'none' ? null : [books[0], null, films[0], { __typename: 'Person', name: 'Han Kang' }]),
    grid: () => [[1, 2], [3, null], null],
    shelves: () => [[books[0], films[0]], [books[1]]],
    broken: () => {
      throw new GraphQLError('broken on purpose', { extensions: { code: 'PROVIDER_UNAVAILABLE' } });
    },
    brokenNonNull: () => {
      throw new Error('non-null broken on purpose');
    },
    deep: () => ({ ok: 'yes', inner: { ok: 'inner', inner: null, mustHave: null }, mustHave: 'here' }),
    wrongType: () => 1,
  },
  Media: { __resolveType: (media: { __typename: string }) => media.__typename },
  Hit: { __resolveType: (hit: { __typename: string }) => hit.__typename },
  Book: { __resolveReference: (ref: { id: string }) => books.find((book) => book.id === ref.id) },
  Film: { __resolveReference: (ref: { id: string }) => films.find((film) => film.id === ref.id) },
};

const RATINGS_SDL = `${LINK}
  type Book @key(fields: "id") { id: ID! stars: Int rating: Rating! }
  type Film @key(fields: "id") { id: ID! stars: Int }
  type Rating { score: Float! votes: Int! }
`;
const RATINGS_RESOLVERS = {
  Book: {
    __resolveReference: (ref: { id: string }) => ref,
    stars: (book: { id: string }) => (book.id === 'b1' ? 5 : null),
    rating: (book: { id: string }) => {
      if (book.id === 'b2') throw new GraphQLError('no rating for b2', { extensions: { code: 'NOT_FOUND' } });
      return { score: 4.5, votes: 12 };
    },
  },
  Film: { __resolveReference: (ref: { id: string }) => ref, stars: () => 4 },
};

const QUERIES: Array<{ name: string; query: string; variables?: Record<string, unknown>; stock?: true }> = [
  { name: 'nested catalogue (entities, @requires, @provides)', query: `query TopProducts { topProducts(first: 5) { upc name price inStock shippingEstimate reviews { id body author { id username name reviews { id product { upc name inStock } } } } } }` },
  { name: 'aliases and __typename', query: `{ a: topProducts(first: 2) { t: __typename code: upc n: name } b: topProducts(first: 1) { __typename upc shippingEstimate } __typename }` },
  { name: 'named and inline fragments', query: `query F { topProducts(first: 3) { ...P ... on Product { weight } } } fragment P on Product { upc reviews { ...R } } fragment R on Review { id author { username } }` },
  { name: 'skip and include with variables and defaults', query: `query S($withReviews: Boolean!, $skipName: Boolean = true) { topProducts(first: 2) { upc name @skip(if: $skipName) reviews @include(if: $withReviews) { id } price @include(if: false) } }`, variables: { withReviews: true } },
  { name: 'skip and include the other way', query: `query S($withReviews: Boolean!, $skipName: Boolean = true) { topProducts(first: 2) { upc name @skip(if: $skipName) reviews @include(if: $withReviews) { id } } }`, variables: { withReviews: false, skipName: false } },
  { name: 'a variable reaches the subgraph', query: `query One($upc: String!) { product(upc: $upc) { upc name shippingEstimate } }`, variables: { upc: '1002' } },
  { name: 'an entity that does not exist is null', query: `{ product(upc: "nope") { upc name } }` },
  { name: 'interfaces by runtime type', query: `{ media { __typename id title ... on Book { pages format stars } ... on Film { minutes stars } } }` },
  { name: 'unions, null items, abstract fragments', query: `{ search(term: "x") { __typename ... on Media { id title } ... on Book { pages } ... on Person { name } } }` },
  { name: 'a null list', query: `{ search(term: "none") { __typename } }` },
  { name: 'lists of lists', query: `{ grid shelves { id title ... on Book { stars } } }` },
  { name: 'a nullable field that fails', query: `{ broken media { id } }` },
  { name: 'a non-null field that fails nulls the data', query: `{ brokenNonNull broken }` },
  { name: 'a non-null null from a subgraph bubbles up', query: `{ deep { ok inner { ok mustHave } mustHave } }` },
  { name: 'an entity fetch that fails for one key', query: `{ media { id ... on Book { rating { score votes } } } }` },
  { name: 'a nullable entity field beside a failing one', query: `{ shelves { id ... on Book { stars rating { score } } } }` },
  { name: 'invalid variables', query: `query V($upc: String!) { product(upc: $upc) { upc } }`, variables: { upc: 3 } },
  { name: 'an unknown operation name (stock answers)', query: `query A { __typename } query B { __typename }`, stock: true },
  { name: 'introspection (stock answers)', query: `{ __schema { queryType { name } } __type(name: "Book") { name } }`, stock: true },
  { name: 'enum value and a wrong scalar', query: `{ media { ... on Book { format } } wrongType }` },
];

let stock: ApolloServer;
let ours: ApolloServer;
/** Ours with GATEWAY_SHARE_FETCHES=off: identical fetches are joined within the request only. */
let oursUnshared: ApolloServer;
let stats: ReturnType<typeof withOpsgraphExecutor>['stats'];
const calls: Record<string, number> = {};
/** Calls that joined one in flight instead of going out, by subgraph. */
const joined = (name: string) => sources.filter((source) => source.link.name === name).reduce((sum, source) => sum + source.joinedCalls, 0);
const sources: SignedSubgraphSource[] = [];
const closers: Array<() => Promise<unknown>> = [];

/** The gateway's own data source, counting calls on both paths: Apollo's `process` (stock) and the direct one (ours). */
class CountingSource extends SignedSubgraphSource {
  override process(options: Parameters<SignedSubgraphSource['process']>[0]) {
    calls[this.link.name] = (calls[this.link.name] ?? 0) + 1;
    return super.process(options);
  }

  override fetchDirect(...args: Parameters<SignedSubgraphSource['fetchDirect']>) {
    calls[this.link.name] = (calls[this.link.name] ?? 0) + 1;
    return super.fetchDirect(...args);
  }
}

function gatewayFor(supergraphSdl: string) {
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new CountingSource({ name, url: url!, subgraphSecret: 'x'.repeat(32) });
      sources.push(source);
      return source;
    },
  });
}

beforeAll(async () => {
  const catalogue = await startCatalogue();
  closers.push(() => catalogue.close());
  const extra: Record<string, string> = {};
  for (const [name, typeDefs, resolvers] of [['media', MEDIA_SDL, MEDIA_RESOLVERS], ['ratings', RATINGS_SDL, RATINGS_RESOLVERS]] as const) {
    const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers }), plugins: [ApolloServerPluginInlineTraceDisabled()] });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    closers.push(() => server.stop());
    extra[name] = url;
  }
  const sdls = [...catalogueSdls().map(({ name, typeDefs }) => ({ name, sdl: print(typeDefs) })), { name: 'media', sdl: MEDIA_SDL }, { name: 'ratings', sdl: RATINGS_SDL }];
  const urls = { ...catalogue.urls, ...extra };
  const supergraphSdl = composeSupergraph(sdls.map((sdl) => ({ ...sdl, url: urls[sdl.name] })));
  stock = new ApolloServer({ gateway: gatewayFor(supergraphSdl), includeStacktraceInErrorResponses: false });
  const wrapped = withOpsgraphExecutor(gatewayFor(supergraphSdl), { cacheSize: 100 });
  stats = wrapped.stats;
  ours = new ApolloServer({ gateway: wrapped, includeStacktraceInErrorResponses: false });
  oursUnshared = new ApolloServer({ gateway: withOpsgraphExecutor(gatewayFor(supergraphSdl), { cacheSize: 100, shareFetches: false }), includeStacktraceInErrorResponses: false });
  await stock.start();
  await ours.start();
  await oursUnshared.start();
  closers.push(() => stock.stop(), () => ours.stop(), () => oursUnshared.stop());
}, 60_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function answer(server: ApolloServer, request: { query: string; variables?: Record<string, unknown> }) {
  const response = await server.executeOperation(request);
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.stringify({ status: response.http.status, body: response.body.singleResult });
}

describe('the opsgraph executor answers as stock @apollo/gateway does', () => {
  it.each(QUERIES)('$name', async (request) => {
    const expected = await answer(stock, request);
    const served = stats.opsgraph;
    // Twice: the first answer plans and compiles, the second comes from the per-operation cache.
    expect(await answer(ours, request)).toBe(expected);
    expect(await answer(ours, request)).toBe(expected);
    if (!request.stock) expect(stats.opsgraph - served).toBe(2);
  });
});

describe('fetches within one request', () => {
  it('sends identical entity fetches once where stock sends each', async () => {
    const query = '{ a: topProducts(first: 3) { upc reviews { id } } b: topProducts(first: 3) { upc reviews { id } } }';
    // Calls that went out: those made, less those that joined one in flight.
    const sent = () => (calls.reviews ?? 0) - joined('reviews');
    const count = async (server: ApolloServer) => {
      const before = sent();
      const result = await answer(server, { query });
      return { result, reviews: sent() - before };
    };
    const fromStock = await count(stock);
    const fromOurs = await count(ours);
    const fromOursUnshared = await count(oursUnshared);
    expect(fromOurs.result).toBe(fromStock.result);
    expect(fromOursUnshared.result).toBe(fromStock.result);
    expect(fromStock.reviews).toBe(2);
    expect(fromOurs.reviews).toBe(1);
    expect(fromOursUnshared.reviews).toBe(1);
  });
});

describe('OpenTelemetry spans', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  /** Each span as "parent > name attributes status", sorted: the tree without ids and times. */
  async function spansOf(server: ApolloServer, request: { query: string; variables?: Record<string, unknown> }) {
    exporter.reset();
    await answer(server, request);
    const spans = exporter.getFinishedSpans();
    const names = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
    return spans.map((span) => `${names.get(span.parentSpanContext?.spanId ?? '') ?? 'root'} > ${span.name} ${JSON.stringify(span.attributes)} ${span.status.code}`).sort();
  }

  it.each([
    { name: 'entities across three subgraphs, planned then from the plan cache', query: `query Spans { topProducts(first: 2) { upc name inStock reviews { id author { username } } } }` },
    { name: 'a failing field and an entity fetch failing for one key', query: `query SpansFailing { broken media { id ... on Book { rating { score } } } }` },
    { name: 'invalid variables', query: `query SpansBadVariables($upc: String!) { product(upc: $upc) { upc } }`, variables: { upc: 3 } },
  ])('ours are stock\'s gateway.request, validate, plan, execute, fetch and postprocessing spans: $name', async (request) => {
    // The first request of an operation plans it (a gateway.plan span), the second uses the plan: both as stock.
    const stockSpans = [await spansOf(stock, request), await spansOf(stock, request)];
    const ourSpans = [await spansOf(ours, request), await spansOf(ours, request)];
    expect(ourSpans).toEqual(stockSpans);
    expect(stockSpans[0].some((span) => span.startsWith('root > gateway.request'))).toBe(true);
    if (!request.variables) {
      expect(stockSpans[0].some((span) => span.startsWith('gateway.request > gateway.plan'))).toBe(true);
      expect(stockSpans[1].some((span) => span.startsWith('gateway.request > gateway.plan'))).toBe(false);
      expect(stockSpans[0].some((span) => span.startsWith('gateway.execute > gateway.fetch'))).toBe(true);
    }
  });
});
