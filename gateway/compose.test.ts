import { composeSupergraph, CompositionError } from './compose';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

describe('composeSupergraph', () => {
  test('composes subgraphs that agree', () => {
    const sdl = composeSupergraph([
      { name: 'a', url: 'http://a/graphql', sdl: `${LINK}\ntype Query { order: Order }\ntype Order @key(fields: "id") { id: ID! }` },
      { name: 'b', url: 'http://b/graphql', sdl: `${LINK}\ntype Order @key(fields: "id") { id: ID! note: String }` },
    ]);
    expect(sdl).toContain('join__graph(name: "a"');
    expect(sdl).toContain('note: String');
  });

  test('a conflict is reported naming the subgraphs and the field', () => {
    const compose = () =>
      composeSupergraph([
        { name: 'commerce', url: 'http://c/graphql', sdl: `${LINK}\ntype Query { x: Money }\ntype Money { amount: Int }` },
        { name: 'finance', url: 'http://f/graphql', sdl: `${LINK}\ntype Query { y: Money }\ntype Money { amount: Int }` },
      ]);
    expect(compose).toThrow(CompositionError);
    expect(compose).toThrow(/Money\.amount/);
    expect(compose).toThrow(/commerce/);
    expect(compose).toThrow(/finance/);
  });
});
