import { shapeDifferences, expectDocumentedShape } from './fixtures';

test('the same shape with other values has no differences', () => {
  expect(shapeDifferences({ a: 1, b: [{ c: 'x' }], d: null }, { a: 2, b: [{ c: 'y' }], d: 'z' }, { nullable: ['d'] })).toEqual([]);
});

test('a missing field, an extra field and a changed type are each named by path', () => {
  expect(shapeDifferences({ a: '1', b: [{ e: 1 }] }, { a: 1, b: [{ c: 'y' }], f: true })).toEqual([
    'a: documented as number, answered string',
    'b[].c: documented, missing from the answer',
    'b[].e: answered, not in the documented example',
    'f: documented, missing from the answer',
  ]);
});

test('a documented null accepts any value; an answered null needs the path to be nullable', () => {
  expect(shapeDifferences({ a: { deep: 1 } }, { a: null })).toEqual([]);
  expect(shapeDifferences({ a: null }, { a: 'x' })).toEqual(['a: documented as string, answered null']);
  expect(() => expectDocumentedShape({ a: null }, { a: 'x' })).toThrow(/drifts/);
});
