import { buildSchema, parse, validate, specifiedRules, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_OPERATION_LIMITS, operationCost, operationCostCheck, operationLimitRules } from './operation-limits';

const schema = buildSchema(`
  directive @tag(name: String) repeatable on FIELD
  type Query { order(id: ID!): Order, orders(first: Int! = 20): OrderConnection!, tags(first: Int): [String!]! }
  type Order { id: ID!, items: [Item!]!, invoice: Invoice, related(first: Int): OrderConnection! }
  type Item { sku: String! }
  type Invoice { order: Order! }
  type OrderConnection { edges: [OrderEdge!]! }
  type OrderEdge { node: Order! }
`);
const limits = { ...DEFAULT_OPERATION_LIMITS, maxDepth: 5, maxAliases: 3, maxDirectives: 2, maxTokens: 60 };

function refusals(source: string) {
  return validate(schema, parse(source), [...specifiedRules, ...operationLimitRules(limits)])
    .filter((error) => error.extensions.code === 'OPERATION_TOO_COMPLEX')
    .map((error) => error.extensions.limit);
}

function cost(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions[0] as OperationDefinitionNode;
  return operationCost({ schema, document, operation, variables, defaultFirst: 20 });
}

describe('operation limit rules', () => {
  test('accept an operation within every limit', () => {
    expect(refusals('{ order(id: "1") { id items { sku } } }')).toEqual([]);
  });

  test('refuse an operation nested deeper than maxDepth', () => {
    expect(refusals('{ order(id: "1") { invoice { order { invoice { order { id } } } } } }')).toEqual(['depth']);
    expect(refusals('{ order(id: "1") { invoice { order { invoice { order { id } } } } } }'.replace('{ order { id } }', '{ order { invoice { order { id } } } }'))).toEqual(['depth']);
  });

  test('count depth through fragments, and survive fragment cycles', () => {
    const deep = 'query { order(id: "1") { ...A } } fragment A on Order { invoice { order { ...B } } } fragment B on Order { invoice { order { id } } }';
    expect(refusals(deep)).toEqual(['depth']);
    expect(() => refusals('{ order(id: "1") { ...A } } fragment A on Order { invoice { order { ...A } } }')).not.toThrow();
  });

  test('refuse more than maxAliases aliases', () => {
    expect(refusals('{ a: order(id: "1") { id } b: order(id: "2") { id } c: order(id: "3") { id } }')).toEqual([]);
    expect(refusals('{ a: order(id: "1") { id } b: order(id: "2") { id } c: order(id: "3") { id } d: order(id: "4") { id } }')).toEqual(['aliases']);
  });

  test('refuse more than maxDirectives directives', () => {
    expect(refusals('{ order(id: "1") @tag @tag @tag { id } }')).toEqual(['directives']);
  });

  test('refuse an operation whose fragments spread to more than maxCost fields, counting each fragment once', () => {
    const fanOut = (depth: number) =>
      ['{ ...F0 }', ...Array.from({ length: depth }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`), `fragment F${depth} on Query { __typename }`].join(' ');
    expect(refusals(fanOut(4))).toEqual([]);
    const started = Date.now();
    expect(refusals(fanOut(13))).toContain('fields');
    expect(refusals(fanOut(40))).toContain('fields');
    expect(Date.now() - started).toBeLessThan(500);
  });

  test('refuse a document holding a token longer than maxTokenLength', () => {
    expect(refusals(`{ order(id: "${'x'.repeat(limits.maxTokenLength)}") { id } }`)).toEqual(['tokenLength']);
    expect(refusals(`{ order(id: "${'x'.repeat(limits.maxTokenLength - 2)}") { id } }`)).toEqual([]);
  });

  test('refuse a document of more than maxTokens tokens', () => {
    const fields = Array.from({ length: 60 }, () => 'id').join(' ');
    expect(refusals(`{ order(id: "1") { ${fields} } }`)).toEqual(['tokens']);
  });
});

describe('operation cost', () => {
  test('a field with `first` multiplies itself and everything under it', () => {
    // orders(first: 10): 10 × (1 + edges(1 + node(1 + id(1)))) = 40
    expect(cost('{ orders(first: 10) { edges { node { id } } } }')).toBe(40);
  });

  test('reads `first` from the variables, then the schema default, then defaultFirst', () => {
    const query = 'query($n: Int!) { orders(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 1000 })).toBe(4000);
    expect(cost('{ orders { edges { node { id } } } }')).toBe(80);
    expect(cost('{ order(id: "1") { related { edges { node { id } } } } }')).toBe(1 + 80);
  });

  test('nested pages multiply', () => {
    expect(cost('{ orders(first: 100) { edges { node { related(first: 100) { edges { node { id } } } } } } }')).toBe(100 * (1 + 1 + 1 + 100 * 4));
  });

  test('a fragment spread many times costs its size each time but is computed once', () => {
    let fragments = 'fragment F0 on Order { id }';
    for (let i = 1; i < 40; i++) fragments += ` fragment F${i} on Order { ...F${i - 1} invoice { order { ...F${i - 1} } } }`;
    const started = Date.now();
    expect(cost(`{ order(id: "1") { ...F39 } } ${fragments}`)).toBeGreaterThan(1e9);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the cost check kept per operation', () => {
  const source = 'query Tags($first: Int) { tags(first: $first) }';
  const document = parse(source);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const resolved = (first: number, queryHash = 'h1') => ({ schema, document, operation, queryHash, request: { operationName: 'Tags', variables: { first } } });

  test('keys the cached cost by the variables: the same document with a larger page is still refused', () => {
    const check = operationCostCheck({ ...limits, maxCost: 100 }, 2);
    expect(() => check(resolved(10))).not.toThrow();
    expect(() => check(resolved(10))).not.toThrow();
    expect(() => check(resolved(1000))).toThrow(/costs 1000/);
    expect(() => check(resolved(10))).not.toThrow();
  });

  test('forgets the least recently used operation beyond its size', () => {
    const check = operationCostCheck({ ...limits, maxCost: 100 }, 1);
    for (let i = 0; i < 50; i++) expect(() => check(resolved(i + 1, `hash-${i}`))).not.toThrow();
    expect(() => check(resolved(500, 'hash-0'))).toThrow(/costs 500/);
  });
});
