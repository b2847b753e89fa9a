import { buildSchema, parse, getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import { scalarInputsPlugin } from './scalar-inputs';

const schema = buildSchema(`
  scalar DateTime
  scalar Date
  input Filter { updatedAfter: DateTime, days: [Date!] }
  type Query { orders(filter: Filter, since: DateTime): Int }
`);

async function check(source: string | DocumentNode, variables: Record<string, unknown> = {}): Promise<{ code?: unknown; field?: unknown; message: string } | 'ok'> {
  const listener = await scalarInputsPlugin().requestDidStart!({} as never);
  const document = typeof source === 'string' ? parse(source) : source;
  try {
    await listener!.didResolveOperation!({ schema, document, operation: getOperationAST(document), request: { variables } } as never);
    return 'ok';
  } catch (error) {
    const { code, field } = (error as GraphQLError).extensions;
    return { code, field, message: (error as Error).message };
  }
}

describe('DateTime and Date inputs at the edge', () => {
  test('well-formed literals and variables pass', async () => {
    expect(await check('{ orders(since: "2026-12-01T09:00:00Z", filter: { days: ["2026-12-01"] }) }')).toBe('ok');
    expect(await check('query($f: Filter) { orders(filter: $f) }', { f: { updatedAfter: '2026-12-01T09:00:00+09:00' } })).toBe('ok');
  });

  test('a malformed literal is BAD_USER_INPUT naming the argument', async () => {
    expect(await check('{ orders(since: "yesterday") }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since', message: expect.stringMatching(/^since must be a DateTime/) });
    expect(await check('{ orders(filter: { updatedAfter: "2026-13-01T00:00:00Z" }) }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.updatedAfter' });
    expect(await check('{ orders(filter: { days: ["2026-02-30"] }) }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.days' });
  });

  test('a malformed variable, however deep, is BAD_USER_INPUT naming the variable and field', async () => {
    expect(await check('query($s: DateTime) { orders(since: $s) }', { s: 'nope' })).toMatchObject({ code: 'BAD_USER_INPUT', field: '$s' });
    expect(await check('query($f: Filter) { orders(filter: $f) }', { f: { days: ['2026-12-01', 'x'] } })).toMatchObject({ code: 'BAD_USER_INPUT', field: '$f.days[1]' });
  });

  test('a document seen before (Apollo hands out the same parsed one) is judged the same, its variables each time', async () => {
    const bad = parse('{ orders(since: "yesterday") }');
    const first = await check(bad);
    expect(first).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since' });
    expect(await check(bad)).toEqual(first);
    const withVariable = parse('query($s: DateTime) { orders(since: $s) }');
    expect(await check(withVariable, { s: '2026-12-01T09:00:00Z' })).toBe('ok');
    expect(await check(withVariable, { s: 'nope' })).toMatchObject({ code: 'BAD_USER_INPUT', field: '$s' });
  });
});
