// The supergraph file of the standalone gateway, without a gateway: URL overrides by subgraph name, what stops
// start-up, and what a reload keeps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { composeSupergraph } from './compose';
import { readSupergraph, SupergraphFile } from './supergraph-file';

const FED = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const supergraph = (extra = '') => composeSupergraph([
  { name: 'products', url: 'http://products:4001/graphql', sdl: `${FED}\ntype Product @key(fields: "upc") { upc: String! ${extra} }\ntype Query { top: [Product!]! }` },
  { name: 'reviews', url: 'http://reviews:4002/graphql', sdl: `${FED}\ntype Product @key(fields: "upc") { upc: String! stars: Int }` },
]);
const logger = createLogger('test', 'silent');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-supergraph-file-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('subgraph URLs come from join__graph, and an override by name replaces one', () => {
  expect(readSupergraph(supergraph()).subgraphs).toEqual([
    { name: 'products', url: 'http://products:4001/graphql' },
    { name: 'reviews', url: 'http://reviews:4002/graphql' },
  ]);
  const read = readSupergraph(supergraph(), { reviews: 'http://10.0.0.7:9000/graphql', ghost: 'http://x/' });
  expect(read.subgraphs[1]).toEqual({ name: 'reviews', url: 'http://10.0.0.7:9000/graphql' });
  expect(read.sdl).toContain('url: "http://10.0.0.7:9000/graphql"');
  expect(read.unknownOverrides).toEqual(['ghost']);
});

test('a missing file, an invalid one or an override naming no subgraph stops start-up', () => {
  const file = path.join(dir, 'supergraph.graphql');
  expect(() => new SupergraphFile({ path: file, logger })).toThrow(/SUPERGRAPH: cannot read/);
  fs.writeFileSync(file, 'type Query { a: Int }');
  expect(() => new SupergraphFile({ path: file, logger })).toThrow(/is not a valid supergraph/);
  fs.writeFileSync(file, supergraph());
  expect(() => new SupergraphFile({ path: file, urlOverrides: { ghost: 'http://x/' }, logger })).toThrow(/SUBGRAPH_URLS names subgraphs the supergraph does not have: ghost/);
});

test('reload serves a valid new file and keeps the old one over a broken file', () => {
  const file = path.join(dir, 'supergraph.graphql');
  fs.writeFileSync(file, supergraph());
  const served = new SupergraphFile({ path: file, urlOverrides: { products: 'http://p:1/graphql' }, logger });
  const seen: string[] = [];
  served.onChange((sdl) => seen.push(sdl));
  expect(served.reload()).toBe(false); // unchanged
  fs.writeFileSync(file, 'type Query {');
  expect(served.reload()).toBe(false);
  expect(served.sdl).not.toContain('weight: Int');
  fs.writeFileSync(file, supergraph('weight: Int'));
  expect(served.reload()).toBe(true);
  expect(served.sdl).toContain('weight: Int');
  // The override holds across reloads.
  expect(served.subgraphs[0]).toEqual({ name: 'products', url: 'http://p:1/graphql' });
  expect(seen).toHaveLength(1);
});
