// The gateway's edge across two gateway processes sharing one Redis: per-user per-field limits declared with
// @rateLimit are exact however the requests are spread, a tenant over its rate is refused, and tokens are
// verified against a JWKS with an algorithm allow-list.
import { signUserToken, type Role } from '../platform/identity';
import { seedDemoKeys } from '../scripts/seed';
import { startTestStack, operation, TEST_JWT_SECRET, type TestStack } from './helpers/stack';
import { startGatewayProcess, type GatewayProcess } from './helpers/gateway-process';
import { hs256WithPublicKey, startJwksServer, unsignedToken, type JwksServer, type TestKey } from './helpers/jwks';

const AUDIENCE = 'opsgraph-api';
const TIGHT = { perSecond: 0.01, burst: 3 };
let stack: TestStack;
let jwks: JwksServer;
let rsaKey: TestKey;
let second: GatewayProcess;
let secondUrl: string;

beforeAll(async () => {
  jwks = await startJwksServer();
  rsaKey = await jwks.addKey('rsa-1');
  const edgeEnv = { JWKS_URL: jwks.url, JWT_AUDIENCE: AUDIENCE, TENANT_RATE_LIMITS: JSON.stringify({ tight: TIGHT }) };
  stack = await startTestStack({ env: edgeEnv });
  second = await startGatewayProcess(stack, edgeEnv);
  secondUrl = second.url;
}, 180_000);

afterAll(async () => {
  await second?.stop();
  await stack?.close();
  await jwks?.close();
});

const token = (tenant: string, roles: Role[] = ['admin'], sub = `user-of-${tenant}`) =>
  signUserToken({ sub, tenant, roles }, TEST_JWT_SECRET, { audience: AUDIENCE });

async function post(url: string, query: string, variables: Record<string, unknown>, bearer: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
}

test('a per-field limit of N per minute lets exactly N through when 3N requests arrive at once across both gateways', async () => {
  const N = 10; // testApiKey is declared @rateLimit(window: "1m", max: 10)
  const tenant = 'field-limit';
  await seedDemoKeys(stack, tenant);
  const admin = await token(tenant);
  const keys = (await post(stack.gateway.url, operation('ApiKeys'), {}, admin)).data!.apiKeys;
  const key = keys.find((k: any) => k.provider === 'TOSS');
  const results = await Promise.all(
    Array.from({ length: 3 * N }, (_, i) => post(i % 2 ? secondUrl : stack.gateway.url, operation('TestApiKey'), { id: key.id }, admin)),
  );
  const passed = results.filter((r) => r.data?.testApiKey);
  const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
  expect({ passed: passed.length, refused: refused.length }).toEqual({ passed: N, refused: 2 * N });
  for (const r of refused) {
    expect(r.status).toBe(429);
    expect(r.errors![0].extensions!.retryAfter).toBeGreaterThanOrEqual(1);
    expect(r.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(60);
    expect(r.retryAfter).toBe(String(r.errors![0].extensions!.retryAfter));
  }
  // The limit is per user: another user of the same tenant still has all of theirs.
  const other = await post(secondUrl, operation('TestApiKey'), { id: key.id }, await token(tenant, ['admin'], 'another-user'));
  expect(other.data?.testApiKey).toBeTruthy();
});

test('a tenant over its request rate is refused with Retry-After, whichever gateway it reaches; other tenants are not', async () => {
  const tight = await token('tight', ['viewer']);
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => post(i % 2 ? secondUrl : stack.gateway.url, '{ __typename }', {}, tight)),
  );
  const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
  expect(results.length - refused.length).toBe(TIGHT.burst);
  expect(refused.every((r) => r.status === 429 && Number(r.retryAfter) >= 1)).toBe(true);
  const relaxed = await post(secondUrl, '{ __typename }', {}, await token('relaxed', ['viewer']));
  expect(relaxed.data).toEqual({ __typename: 'Query' });
});

test('an RS256 token from the JWKS is accepted by both gateways', async () => {
  const rs = await jwks.sign(rsaKey, { aud: AUDIENCE, tenant: 'jwks-tenant', roles: ['viewer'] });
  for (const url of [stack.gateway.url, secondUrl]) {
    expect((await post(url, '{ __typename }', {}, rs)).data).toEqual({ __typename: 'Query' });
  }
});

test('forged, expired, not-yet-valid, alg none, HS256-with-the-public-key and wrong-audience tokens get UNAUTHENTICATED', async () => {
  const elsewhere = await startJwksServer();
  const foreign = await elsewhere.addKey('rsa-1');
  await elsewhere.close();
  const now = Math.floor(Date.now() / 1000);
  const tokens = {
    forged: await jwks.sign(foreign, { aud: AUDIENCE }),
    expired: await jwks.sign(rsaKey, { aud: AUDIENCE, exp: now - 60 }),
    notYetValid: await jwks.sign(rsaKey, { aud: AUDIENCE, nbf: now + 3600 }),
    algNone: unsignedToken({ aud: AUDIENCE }),
    hs256WithPublicKey: await hs256WithPublicKey(rsaKey, { aud: AUDIENCE }),
    wrongAudience: await jwks.sign(rsaKey, { aud: 'another-api' }),
    hs256WrongAudience: await signUserToken({ sub: 'u', tenant: 't', roles: ['admin'] }, TEST_JWT_SECRET, { audience: 'another-api' }),
  };
  for (const [name, bad] of Object.entries(tokens)) {
    for (const url of [stack.gateway.url, secondUrl]) {
      const result = await post(url, '{ __typename }', {}, bad);
      expect({ name, status: result.status, code: result.errors?.[0]?.extensions?.code, data: result.data ?? null })
        .toEqual({ name, status: 401, code: 'UNAUTHENTICATED', data: null });
    }
  }
});
