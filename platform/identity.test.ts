import { hasRole, signSubgraphIdentity, signUserToken, verifyBearer, verifySubgraphIdentity, type Identity } from './identity';

const SECRET = 'unit-test-secret-0123456789-0123456789';
const alice: Identity = { sub: 'alice', tenant: 't1', roles: ['operator'] };

describe('roles', () => {
  test('admin includes operator and viewer; operator does not include admin; partner stands alone', () => {
    expect(hasRole({ ...alice, roles: ['admin'] }, 'viewer')).toBe(true);
    expect(hasRole({ ...alice, roles: ['admin'] }, 'operator')).toBe(true);
    expect(hasRole(alice, 'admin')).toBe(false);
    expect(hasRole({ ...alice, roles: ['partner'] }, 'viewer')).toBe(false);
    expect(hasRole({ ...alice, roles: ['platform'] }, 'admin')).toBe(true);
  });
});

describe('user tokens', () => {
  test('a valid bearer token yields its identity', async () => {
    const token = await signUserToken(alice, SECRET);
    await expect(verifyBearer(`Bearer ${token}`, SECRET)).resolves.toEqual(alice);
  });

  test.each([
    ['missing', undefined],
    ['not bearer', 'Basic abc'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('refuses a %s header with UNAUTHENTICATED', async (_name, header) => {
    await expect(verifyBearer(header, SECRET)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('an expired token is refused and says so', async () => {
    const token = await signUserToken(alice, SECRET, { expiresIn: -1 });
    await expect(verifyBearer(`Bearer ${token}`, SECRET)).rejects.toThrow(/expired/);
  });

  test('a user token is not accepted as a subgraph identity', async () => {
    const token = await signUserToken(alice, SECRET);
    expect(() => verifySubgraphIdentity(token, SECRET, { audience: 'commerce', body: '{}' })).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
  });
});

describe('the identity the gateway forwards to a subgraph', () => {
  const body = JSON.stringify({ query: '{ orders(first: 1) { totalCount } }' });
  const forCommerce = { audience: 'commerce', body, ttlMs: 10_000 };

  test('round-trips for the subgraph and the body it was made for', () => {
    const token = signSubgraphIdentity(alice, SECRET, forCommerce);
    expect(verifySubgraphIdentity(token, SECRET, { audience: 'commerce', body: Buffer.from(body) })).toEqual({ ...alice, exp: expect.any(Number) });
  });

  test.each([
    ['another subgraph', { audience: 'finance', body }, /made for subgraph "commerce", not "finance"/],
    ['another body', { audience: 'commerce', body: body.replace('1', '100') }, /another request body/],
    ['a socket', { audience: 'commerce', socket: true as const }, /HTTP request, not a socket/],
  ])('is refused when replayed to %s', (_name, use, reason) => {
    const token = signSubgraphIdentity(alice, SECRET, forCommerce);
    expect(() => verifySubgraphIdentity(token, SECRET, use)).toThrow(reason);
  });

  test('is refused once expired, or with a tampered claim', () => {
    const expired = signSubgraphIdentity(alice, SECRET, { ...forCommerce, ttlMs: -1 });
    expect(() => verifySubgraphIdentity(expired, SECRET, forCommerce)).toThrow(/expired/);
    const token = signSubgraphIdentity(alice, SECRET, forCommerce);
    const [version, payload, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, roles: ['platform'] })).toString('base64url');
    expect(() => verifySubgraphIdentity(`${version}.${widened}.${mac}`, SECRET, forCommerce)).toThrow(/signature/);
  });
});
