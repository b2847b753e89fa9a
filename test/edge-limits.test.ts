// Operation limits and hardening at the gateway's edge: refusals happen before any subgraph is called, production
// masks internal errors, and no malformed request gets anything but a GraphQL error with a CONTRACT.md code.
import { randomBytes } from 'node:crypto';
import { seedDemoKeys } from '../scripts/seed';
import { createLogger } from '../platform/logger';
import { ERROR_CODES } from '../platform/errors';
import { startTestStack, TEST_JWT_SECRET, type TestStack } from './helpers/stack';

const TENANT = 'tenant-edge-limits';
// products is read live from the marketplace: if the operation ran, the sandbox counted a call.
const PROVIDER_PROBE = 'products(marketplace: CAFE24, first: 1) { edges { node { id } } }';

async function sandboxTotal(stack: TestStack): Promise<number> {
  const calls = await stack.sandboxCalls();
  return Object.values(calls).reduce((sum, provider) => sum + provider.total, 0);
}

async function post(stack: TestStack, body: string, token: string, headers: Record<string, string> = {}) {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

function codesOf(body: any): string[] {
  const results = Array.isArray(body) ? body : [body];
  return results.flatMap((result) => (result.errors ?? []).map((error: any) => error.extensions?.code));
}

describe('operation limits (development)', () => {
  let stack: TestStack;
  let admin: string;

  beforeAll(async () => {
    // The fuzz test sends thousands of requests: the per-tenant rate limit is not what it tests.
    stack = await startTestStack({ env: { TENANT_RATE_PER_SECOND: '1000000', TENANT_BURST: '1000000' } });
    await seedDemoKeys(stack, TENANT);
    admin = await stack.token(TENANT);
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function expectRefusedWithoutCalls(body: string, status: number) {
    const before = await sandboxTotal(stack);
    const result = await post(stack, body, admin);
    expect(result.status).toBe(status);
    expect(codesOf(result.body)).toContain('OPERATION_TOO_COMPLEX');
    expect(result.body.data ?? null).toBeNull();
    expect(await sandboxTotal(stack)).toBe(before);
    return result;
  }

  test('the provider probe calls the sandbox when the operation is within the limits', async () => {
    const before = await sandboxTotal(stack);
    const result = await stack.request(`{ ${PROVIDER_PROBE} }`, {}, admin);
    expect(result.errors).toBeUndefined();
    expect(await sandboxTotal(stack)).toBeGreaterThan(before);
  });

  test('a depth-50 query is refused before any subgraph call', async () => {
    let nested = 'id';
    for (let depth = 1; depth < 50; depth++) nested = depth % 2 ? `taxInvoice { ${nested} }` : `order { ${nested} }`;
    const query = `{ ${PROVIDER_PROBE} order(id: "1") { taxInvoice { ${nested.replace(/^taxInvoice \{ /, '').replace(/ \}$/, '')} } } }`;
    const result = await expectRefusedWithoutCalls(JSON.stringify({ query }), 400);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'depth', max: 15 });
    expect(result.body.errors[0].extensions.requestId).toEqual(result.headers.get('x-request-id'));
  });

  test('a 1,000-alias query is refused before any subgraph call', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ');
    const result = await expectRefusedWithoutCalls(JSON.stringify({ query: `{ ${PROVIDER_PROBE} ${aliases} }` }), 400);
    expect(result.body.errors[0].extensions).toMatchObject({ limit: 'aliases', max: 30 });
  });

  test('a 2 MB body is refused before any subgraph call', async () => {
    const body = JSON.stringify({ query: `{ ${PROVIDER_PROBE} }`, variables: { padding: 'x'.repeat(2 * 1024 * 1024) } });
    const result = await expectRefusedWithoutCalls(body, 413);
    expect(result.body.errors[0].extensions).toMatchObject({ limit: 'body', max: 1024 * 1024 });
  });

  test('a document of more than 5,000 tokens is refused', async () => {
    const fields = Array.from({ length: 5001 }, () => '__typename').join(' ');
    const result = await expectRefusedWithoutCalls(JSON.stringify({ query: `{ ${PROVIDER_PROBE} ${fields} }` }), 400);
    expect(result.body.errors[0].extensions).toMatchObject({ limit: 'tokens' });
  });

  test('a selection too large for graphql-js to check for conflicts is refused as too complex', async () => {
    const fields = Array.from({ length: 3000 }, () => '__typename').join(' ');
    const result = await expectRefusedWithoutCalls(JSON.stringify({ query: `{ ${PROVIDER_PROBE} ${fields} }` }), 400);
    expect(codesOf(result.body).every((code) => code === 'OPERATION_TOO_COMPLEX')).toBe(true);
  });

  test('an unknown operationName is refused with GRAPHQL_VALIDATION_FAILED, not a 500', async () => {
    const result = await post(stack, JSON.stringify({ query: `query Probe { ${PROVIDER_PROBE} }`, operationName: 'Nope' }), admin);
    expect(result.status).toBe(400);
    expect(codesOf(result.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  test('more than 50 directives are refused', async () => {
    const fields = Array.from({ length: 51 }, () => '__typename @include(if: true)').join(' ');
    const result = await expectRefusedWithoutCalls(JSON.stringify({ query: `{ ${PROVIDER_PROBE} ${fields} }` }), 400);
    expect(result.body.errors[0].extensions).toMatchObject({ limit: 'directives' });
  });

  test('the cost counts `first` from the variables, so a huge page is refused before any subgraph call', async () => {
    const query = `query Pages($n: Int) { products(marketplace: CAFE24, first: $n) { edges { node { id } } } }`;
    const result = await expectRefusedWithoutCalls(JSON.stringify({ query, variables: { n: 100000 } }), 400);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'cost', max: 5000 });
  });

  test('a batch of up to MAX_BATCH operations runs, a longer one is refused', async () => {
    const one = { query: '{ __typename }' };
    const allowed = await post(stack, JSON.stringify([one, one]), admin);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const refused = await expectRefusedWithoutCalls(JSON.stringify(Array.from({ length: 11 }, () => ({ query: `{ ${PROVIDER_PROBE} }` }))), 400);
    expect(refused.body.errors[0].extensions).toMatchObject({ limit: 'batch', max: 10 });
  });

  test('development keeps field suggestions and introspection', async () => {
    const typo = await stack.request('{ ordrs { totalCount } }', {}, admin);
    expect(typo.errors?.[0].message).toMatch(/Did you mean "orders"/);
    const schema = await stack.request('{ __schema { queryType { name } } }', {}, admin);
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  test('CSRF prevention refuses a simple GET without a preflight header, with a contract code', async () => {
    const response = await fetch(`${stack.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(ERROR_CODES.has(body.errors[0].extensions.code)).toBe(true);
  });

  test('thousands of malformed documents and variables all get GraphQL errors with contract codes, never a 5xx', async () => {
    const random = mulberry32(20261125);
    const bodies = Array.from({ length: 3000 }, () => fuzzBody(random));
    const failures: string[] = [];
    for (let start = 0; start < bodies.length; start += 100) {
      await Promise.all(
        bodies.slice(start, start + 100).map(async (body) => {
          const response = await fetch(stack.gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
            body,
          });
          const text = await response.text();
          let parsed: any;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const results = Array.isArray(parsed) ? parsed : [parsed];
          const ok =
            response.status < 500 &&
            parsed !== undefined &&
            results.every((result) => result?.errors?.length > 0 && result.errors.every((e: any) => ERROR_CODES.has(e.extensions?.code)));
          if (!ok) failures.push(`${response.status} ${text.slice(0, 200)} <- ${body.slice(0, 200)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    // The gateway still answers after the storm.
    expect((await stack.request('{ __typename }', {}, admin)).data).toEqual({ __typename: 'Query' });
    // About 30 s alone on this 2-core machine; up to twice that while other suites share it.
  }, 120_000);
});

describe('production mode', () => {
  let stack: TestStack;
  let admin: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      env: { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
      logger: createLogger('test', 'warn', { write: (line: string) => void logLines.push(line) }),
    });
    admin = await stack.token(TENANT);
  });
  afterAll(async () => {
    await stack?.close();
  });

  test('a malformed DateTime literal or variable is BAD_USER_INPUT naming it, as in development', async () => {
    const literal = await stack.request('{ orders(first: 1, filter: { updatedAfter: "nope" }) { totalCount } }', {}, admin);
    const variable = await stack.request('query($d: DateTime) { orders(first: 1, filter: { updatedAfter: $d }) { totalCount } }', { d: '2026-13-01' }, admin);
    expect([literal, variable].map((result) => result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])))
      .toEqual([[['BAD_USER_INPUT', 'filter.updatedAfter']], [['BAD_USER_INPUT', '$d']]]);
  });

  test('an internal error shows no stack or message, only INTERNAL_SERVER_ERROR and a request id found in the log', async () => {
    // A subgraph that is down is an internal failure the client must not see the details of.
    await stack.subgraphs.keys.close();
    const result = await stack.request('{ apiKeys { id provider } }', {}, admin);
    expect(result.status).toBeLessThan(500);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.message).toBe('Internal server error');
    expect(Object.keys(error.extensions!).sort()).toEqual(['code', 'requestId']);
    expect(error.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: result.headers.get('x-request-id') });
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack|at /i);
    expect(logLines.some((line) => line.includes(error.extensions!.requestId))).toBe(true);
  });

  test('introspection is off and validation messages carry no suggestions', async () => {
    const schema = await stack.request('{ __schema { queryType { name } } }', {}, admin);
    expect(schema.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await stack.request('{ ordrs { totalCount } }', {}, admin);
    expect(typo.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors?.[0].message).toBe('Cannot query field "ordrs" on type "Query".');
  });
});

/** A small seeded PRNG (mulberry32): the same run every time, so a failure can be replayed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  'query Orders($first: Int!) { orders(first: $first) { totalCount edges { node { id status } } } }',
  'query Order($id: ID!) { order(id: $id) { id buyerName total { amount currency } shipments { trackingNumber } } }',
  'mutation Sync($marketplace: Marketplace!) { syncOrders(marketplace: $marketplace) { created updated fetched } }',
  'query Track($n: String!, $c: Carrier!) { trackShipment(trackingNumber: $n, carrier: $c) { status } }',
  'fragment O on Order { id status } query Frag { orders(first: 1) { edges { node { ...O } } } }',
];
const WITH_VARIABLES: Array<[string, Record<string, unknown[]>]> = [
  [VALID[0], { first: ['abc', 1.5, true, {}, [], null, 2 ** 53, 1e308] }],
  [VALID[1], { id: [true, 1.5, {}, [1, 2], null] }],
  [VALID[2], { marketplace: ['NOT_AN_ENUM', 1, {}, null, '', 'naver'] }],
  [VALID[3], { n: [1, true, {}, null, []], c: ['NOT_AN_ENUM', 1, null] }],
];
const TOKENS = ['{', '}', '(', ')', ':', '$', '!', '[', ']', '=', '@', '...', 'query', 'mutation', 'subscription', 'fragment', 'on',
  'orders', 'order', 'first', 'edges', 'node', 'id', '"str"', '"""block"""', '123', '-1.5e3', 'true', 'null', '#c\n', ',', '|', '&', '\u0000', 'é'];
const JUNK_VALUES: unknown[] = ['abc', '', -1, 1.5, 2 ** 53, 1e308, true, null, [], [1, 2], {}, { nested: { deep: [null] } }, '\u0000', 'NOT_AN_ENUM'];

function fuzzBody(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const valid = pick(VALID);
  switch (Math.floor(random() * 7)) {
    case 0: // token soup
      return JSON.stringify({ query: Array.from({ length: 1 + Math.floor(random() * 40) }, () => pick(TOKENS)).join(' ') });
    case 1: // a valid operation cut short
      return JSON.stringify({ query: valid.slice(0, Math.floor(random() * (valid.length - 1))) });
    case 2: { // an unknown field in place of a known one
      const words = valid.match(/\b[a-z]\w+\b/g)!;
      return JSON.stringify({ query: valid.replace(pick(words), `x${Math.floor(random() * 1e6)}`), variables: {} });
    }
    case 3: { // required variables missing or of the wrong type
      const [query, wrong] = pick(WITH_VARIABLES);
      const variables: Record<string, unknown> = {};
      for (const [name, values] of Object.entries(wrong)) if (random() < 0.8) variables[name] = pick(values);
      return JSON.stringify({ query, variables });
    }
    case 4: // a request body of the wrong shape
      return JSON.stringify(pick<unknown>([
        { query: pick(JUNK_VALUES.filter((value) => typeof value !== 'string')) },
        { query: valid, variables: pick(['str', 1, [1], true]) },
        { query: valid, operationName: pick([1, {}, 'Nope']) },
        { query: valid, extensions: pick(['x', { persistedQuery: { version: 1, sha256Hash: 'nope' } }, { persistedQuery: 'x' }]) },
        {},
        [],
        [{ query: 42 }],
        pick(JUNK_VALUES),
      ]));
    case 5: { // bytes that are not JSON
      const length = 1 + Math.floor(random() * 60);
      return Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 128))).join('');
    }
    default: // valid syntax, invalid against the schema
      return JSON.stringify({
        query: `{ ${pick(['orders', 'order', 'products', 'apiKeys'])}(${pick(['first', 'id', 'bogus'])}: ${pick(['"x"', '-5', '[1]', '{a: 1}', 'NAVER', '$undefined'])}) { nope${Math.floor(random() * 100)} } }`,
      });
  }
}
