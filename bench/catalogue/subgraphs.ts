// Four small subgraphs in the shape of a product catalogue (the usual federation benchmark): accounts, products,
// inventory (shippingEstimate `@requires` price and weight) and reviews (author `@provides` username), in-memory
// data, built with @apollo/subgraph. Each is served by a bare node:http server that caches parsed and validated
// documents, so the subgraphs cost as little as they can and the gateway is what the benchmark measures.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export const PRODUCT_COUNT = 30;
export const USER_COUNT = 20;
const REVIEWS_PER_PRODUCT = 4;

const users = Array.from({ length: USER_COUNT }, (_, i) => ({ id: String(i + 1), name: `판매자 ${i + 1} Kim`, username: `seller${i + 1}` }));
const products = Array.from({ length: PRODUCT_COUNT }, (_, i) => ({
  upc: String(1000 + i), name: `상품 ${i + 1} — 무선 이어폰 케이스`, price: 9900 + i * 1000, weight: 100 + i * 25,
}));
const reviews = products.flatMap((product, p) =>
  Array.from({ length: REVIEWS_PER_PRODUCT }, (_, r) => ({
    id: `${product.upc}-${r}`, body: `배송이 빠르고 포장이 꼼꼼했어요. 리뷰 ${r + 1} of ${product.name}`,
    productUpc: product.upc, authorId: users[(p * REVIEWS_PER_PRODUCT + r) % USER_COUNT].id,
  })),
);

type Ref = Record<string, unknown>;

export const CATALOGUE: Record<string, { typeDefs: DocumentNode; resolvers: Record<string, Record<string, unknown>> }> = {
  accounts: {
    typeDefs: parse(`${LINK}
      type Query { me: User users: [User!]! }
      type User @key(fields: "id") { id: ID! name: String! username: String! @shareable }`),
    resolvers: {
      Query: { me: () => users[0], users: () => users },
      User: { __resolveReference: (ref: Ref) => users.find((user) => user.id === ref.id) },
    },
  },
  products: {
    typeDefs: parse(`${LINK}
      type Query { topProducts(first: Int = 5): [Product!]! product(upc: String!): Product }
      type Product @key(fields: "upc") { upc: String! name: String! price: Int! weight: Int! }`),
    resolvers: {
      Query: {
        topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first),
        product: (_: unknown, { upc }: { upc: string }) => products.find((product) => product.upc === upc),
      },
      Product: { __resolveReference: (ref: Ref) => products.find((product) => product.upc === ref.upc) },
    },
  },
  inventory: {
    typeDefs: parse(`${LINK}
      type Product @key(fields: "upc") {
        upc: String! weight: Int! @external price: Int! @external
        inStock: Boolean! shippingEstimate: Int! @requires(fields: "price weight")
      }`),
    resolvers: {
      Product: {
        __resolveReference: (ref: Ref) => ({ ...ref, inStock: Number(ref.upc) % 3 !== 0 }),
        // Free over 50,000 won, else by weight.
        shippingEstimate: (ref: { price: number; weight: number }) => (ref.price > 50_000 ? 0 : Math.round(ref.weight * 0.5)),
      },
    },
  },
  reviews: {
    typeDefs: parse(`${LINK}
      type Review { id: ID! body: String! author: User @provides(fields: "username") product: Product }
      type User @key(fields: "id") { id: ID! username: String! @external reviews: [Review!]! }
      type Product @key(fields: "upc") { upc: String! reviews: [Review!]! }`),
    resolvers: {
      Review: {
        author: (review: (typeof reviews)[number]) => ({ __typename: 'User', id: review.authorId, username: users.find((user) => user.id === review.authorId)!.username }),
        product: (review: (typeof reviews)[number]) => ({ __typename: 'Product', upc: review.productUpc }),
      },
      User: {
        __resolveReference: (ref: Ref) => ref,
        reviews: (user: { id: string }) => reviews.filter((review) => review.authorId === user.id),
      },
      Product: {
        __resolveReference: (ref: Ref) => ref,
        reviews: (product: { upc: string }) => reviews.filter((review) => review.productUpc === product.upc),
      },
    },
  },
};

/** The four subgraphs' SDL (for composition). */
export function catalogueSdls(): Array<{ name: string; typeDefs: DocumentNode }> {
  return Object.entries(CATALOGUE).map(([name, { typeDefs }]) => ({ name, typeDefs }));
}

function serve(schema: GraphQLSchema, port: number): Promise<http.Server> {
  const documents = new Map<string, DocumentNode | readonly Error[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        let document = documents.get(query);
        if (!document) {
          const parsed = parse(query);
          const errors = validate(schema, parsed);
          document = errors.length > 0 ? errors : parsed;
          documents.set(query, document);
        }
        const result = Array.isArray(document)
          ? { errors: document.map((error) => ({ message: error.message })) }
          : await execute({ schema, document: document as DocumentNode, variableValues: variables, operationName });
        const body = JSON.stringify(result);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      })().catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: error.message }] }));
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Starts the four subgraphs (port 0: free ports); resolves with their URLs by name. */
export async function startCatalogue(ports: Record<string, number> = {}): Promise<{ urls: Record<string, string>; close(): Promise<void> }> {
  const servers: http.Server[] = [];
  const urls: Record<string, string> = {};
  for (const [name, { typeDefs, resolvers }] of Object.entries(CATALOGUE)) {
    const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
    const server = await serve(schema, ports[name] ?? 0);
    servers.push(server);
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  return {
    urls,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

// Run on its own (`node -r ./platform/register.js bench/catalogue/subgraphs.ts`): prints its URLs as one JSON line.
if (require.main === module) {
  void startCatalogue().then(({ urls }) => console.log(`catalogue ${JSON.stringify(urls)}`));
}
