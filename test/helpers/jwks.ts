// A key server for tests: serves a JWKS on port 0 and signs tokens with its keys, plus the forgeries an
// attacker would try (alg none, HS256 signed with the public key).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWK, type KeyLike } from 'jose';

export interface TestKey { kid: string; alg: 'RS256' | 'ES256'; privateKey: KeyLike; publicKey: KeyLike; jwk: JWK }

export interface Claims { sub?: string; tenant?: string; roles?: string[]; iss?: string; aud?: string; exp?: number | string; nbf?: number | string }

export interface JwksServer {
  url: string;
  /** Adds a key to the served set (a rotation) and returns it. */
  addKey(kid: string, alg?: 'RS256' | 'ES256'): Promise<TestKey>;
  /** Stops serving a key. */
  removeKey(kid: string): void;
  sign(key: TestKey, claims: Claims): Promise<string>;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  const keys = new Map<string, TestKey>();
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [...keys.values()].map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    async addKey(kid, alg = 'RS256') {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
      const key = { kid, alg, privateKey, publicKey, jwk };
      keys.set(kid, key);
      return key;
    },
    removeKey: (kid) => void keys.delete(kid),
    sign: (key, claims) => buildToken(claims).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps its connections alive; they would hold close() open.
        server.closeAllConnections();
      }),
  };
}

function buildToken(claims: Claims): SignJWT {
  const jwt = new SignJWT({ tenant: claims.tenant ?? 'jwks-tenant', roles: claims.roles ?? ['admin'] })
    .setSubject(claims.sub ?? 'jwks-user')
    .setIssuer(claims.iss ?? 'opsgraph')
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '10m');
  if (claims.aud) jwt.setAudience(claims.aud);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token, as RFC 7519 allows and no server should accept. */
export function unsignedToken(claims: Claims & { kid?: string }): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
    sub: claims.sub ?? 'jwks-user', tenant: claims.tenant ?? 'jwks-tenant', roles: claims.roles ?? ['admin'],
    iss: claims.iss ?? 'opsgraph', aud: claims.aud, iat: now, exp: now + 600,
  })}.`;
}

/** The key-confusion attack: HS256 with the server's public key (PEM) as the HMAC secret. */
export async function hs256WithPublicKey(key: TestKey, claims: Claims): Promise<string> {
  const pem = await exportSPKI(key.publicKey);
  return buildToken(claims).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(new TextEncoder().encode(pem));
}
