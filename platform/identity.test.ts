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
    await expect(verifySubgraphIdentity(token, SECRET)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('a gateway-signed identity round-trips', async () => {
    const token = await signSubgraphIdentity(alice, SECRET);
    await expect(verifySubgraphIdentity(token, SECRET)).resolves.toEqual(alice);
  });
});
