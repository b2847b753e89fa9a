import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { topLevelFieldCounts } from './rate-limit';

function countsOf(source: string) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return Object.fromEntries(topLevelFieldCounts(operation.selectionSet, fragments));
}

describe('top-level field counts', () => {
  test('count every alias, inline fragment and fragment spread as a call of its own', () => {
    expect(countsOf('{ a: syncOrders b: syncOrders ... on Query { syncOrders } ...F } fragment F on Query { syncOrders me }'))
      .toEqual({ syncOrders: 4, me: 1 });
  });

  test('count a fan-out of fragments in linear time', () => {
    const depth = 40;
    const source = ['{ ...F0 }', ...Array.from({ length: depth }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`), `fragment F${depth} on Query { syncOrders }`].join(' ');
    const started = Date.now();
    expect(countsOf(source)).toEqual({ syncOrders: 2 ** depth });
    expect(Date.now() - started).toBeLessThan(500);
  });

  test('survive a fragment cycle', () => {
    expect(countsOf('{ ...A } fragment A on Query { me ...B } fragment B on Query { ...A }')).toEqual({ me: 1 });
  });
});
