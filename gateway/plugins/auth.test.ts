import { SignJWT } from 'jose';
import { signUserToken } from '../../platform/identity';
import { hs256WithPublicKey, startJwksServer, unsignedToken, type JwksServer, type TestKey } from '../../test/helpers/jwks';
import { createTokenVerifier } from './auth';

const SECRET = 'auth-plugin-test-secret-0123456789abcdef';
const AUDIENCE = 'opsgraph-api';
let jwks: JwksServer;
let key: TestKey;
let verify: ReturnType<typeof createTokenVerifier>;

beforeAll(async () => {
  jwks = await startJwksServer();
  key = await jwks.addKey('k1');
  verify = createTokenVerifier({ jwtSecret: SECRET, jwksUrl: jwks.url, issuer: 'opsgraph', audience: AUDIENCE, jwksCooldownMs: 0 });
});

afterAll(() => jwks.close());

const bearer = (token: string) => `Bearer ${token}`;
const refusal = (token: string) =>
  verify(bearer(token)).then(() => 'accepted', (error) => `${error.extensions?.code}: ${error.message}`);

test('an RS256 token from the key set with the right issuer and audience is accepted', async () => {
  const identity = await verify(bearer(await jwks.sign(key, { aud: AUDIENCE, sub: 'u1', tenant: 't1' })));
  expect(identity).toEqual({ sub: 'u1', tenant: 't1', roles: ['admin'] });
});

test('an ES256 key added to the key set later (a rotation) is picked up by its new kid', async () => {
  const rotated = await jwks.addKey('k2', 'ES256');
  jwks.removeKey('k1');
  const identity = await verify(bearer(await jwks.sign(rotated, { aud: AUDIENCE })));
  expect(identity.sub).toBe('jwks-user');
  expect(await refusal(await jwks.sign(key, { aud: AUDIENCE }))).toMatch(/^UNAUTHENTICATED: .*no key/);
  jwks.removeKey('k2');
  await jwks.addKey('k1').then((fresh) => (key = fresh));
});

test('HS256 tokens signed with JWT_SECRET are accepted for development', async () => {
  const token = await signUserToken({ sub: 'dev', tenant: 't', roles: ['viewer'] }, SECRET, { audience: AUDIENCE });
  expect((await verify(bearer(token))).roles).toEqual(['viewer']);
});

test('forged, expired, not-yet-valid, unsigned, key-confused, wrong-issuer and wrong-audience tokens are UNAUTHENTICATED', async () => {
  const otherServer = await startJwksServer();
  const other = await otherServer.addKey('k1');
  await otherServer.close();
  const cases: Record<string, string> = {
    forged: await jwks.sign(other, { aud: AUDIENCE }),
    expired: await jwks.sign(key, { aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) - 60 }),
    notYetValid: await jwks.sign(key, { aud: AUDIENCE, nbf: Math.floor(Date.now() / 1000) + 3600 }),
    algNone: unsignedToken({ aud: AUDIENCE }),
    hs256WithPublicKey: await hs256WithPublicKey(key, { aud: AUDIENCE }),
    wrongIssuer: await jwks.sign(key, { aud: AUDIENCE, iss: 'someone-else' }),
    wrongAudience: await jwks.sign(key, { aud: 'another-api' }),
    noAudience: await jwks.sign(key, {}),
  };
  const results = Object.fromEntries(await Promise.all(Object.entries(cases).map(async ([name, token]) => [name, await refusal(token)])));
  expect(results).toEqual({
    forged: expect.stringMatching(/^UNAUTHENTICATED: .*signature/),
    expired: expect.stringMatching(/^UNAUTHENTICATED: .*expired/),
    notYetValid: expect.stringMatching(/^UNAUTHENTICATED: .*"nbf"/),
    algNone: expect.stringMatching(/^UNAUTHENTICATED: .*"none" is not allowed/),
    hs256WithPublicKey: expect.stringMatching(/^UNAUTHENTICATED: .*signature/),
    wrongIssuer: expect.stringMatching(/^UNAUTHENTICATED: .*"iss"/),
    wrongAudience: expect.stringMatching(/^UNAUTHENTICATED: .*"aud"/),
    noAudience: expect.stringMatching(/^UNAUTHENTICATED: .*"aud"/),
  });
});

test('with HS256 off (production with a JWKS), an HS256 token is refused by its algorithm', async () => {
  const strict = createTokenVerifier({ jwtSecret: null, jwksUrl: jwks.url, issuer: 'opsgraph', audience: AUDIENCE });
  const token = await signUserToken({ sub: 'dev', tenant: 't', roles: ['viewer'] }, SECRET, { audience: AUDIENCE });
  await expect(strict(bearer(token))).rejects.toMatchObject({ message: expect.stringMatching(/"HS256" is not allowed/), extensions: { code: 'UNAUTHENTICATED' } });
});

describe('token lifetimes and tenant ids', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const hs256 = (claims: Record<string, unknown>) =>
    new SignJWT({ tenant: 'acme', roles: ['viewer'], ...claims })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('opsgraph').setAudience(AUDIENCE)
      .sign(new TextEncoder().encode(SECRET));

  test('a token without exp, one living past the maximum, or issued in the future is UNAUTHENTICATED', async () => {
    expect(await refusal(await hs256({ iat: now() }))).toMatch(/^UNAUTHENTICATED: .*no "exp"/);
    expect(await refusal(await hs256({ iat: now(), exp: now() + 24 * 3600 + 1 }))).toMatch(/^UNAUTHENTICATED: .*more than the 86400 s/);
    expect(await refusal(await hs256({ exp: now() + 30 * 24 * 3600 }))).toMatch(/^UNAUTHENTICATED: .*more than the 86400 s/);
    expect(await refusal(await hs256({ iat: now() + 120, exp: now() + 3600 }))).toMatch(/^UNAUTHENTICATED: .*"iat" is in the future/);
    expect(await refusal(await hs256({ iat: now() + 30, exp: now() + 3600 }))).toBe('accepted');
    expect(await refusal(await hs256({ iat: now(), exp: now() + 24 * 3600 }))).toBe('accepted');
  });

  test('the maximum lifetime is configurable', async () => {
    const short = createTokenVerifier({ jwtSecret: SECRET, issuer: 'opsgraph', audience: AUDIENCE, maxLifetimeS: 600 });
    const token = await hs256({ iat: now(), exp: now() + 601 });
    await expect(short(bearer(token))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('a tenant id that is not a lower-case word, or is reserved, is UNAUTHENTICATED', async () => {
    for (const tenant of ['platform', 'partner', 'shared', 'acme:evil', 'partner:x', 'Acme', '', '-x', 'a'.repeat(64), 'a b', 'ü']) {
      expect([tenant, await refusal(await hs256({ tenant, iat: now(), exp: now() + 60 }))]).toEqual([tenant, expect.stringMatching(/^UNAUTHENTICATED: /)]);
    }
    for (const tenant of ['acme', 'tenant-a', 'platform-ops', 'a'.repeat(63), '0shop_1']) {
      expect([tenant, await refusal(await hs256({ tenant, iat: now(), exp: now() + 60 }))]).toEqual([tenant, 'accepted']);
    }
  });
});
