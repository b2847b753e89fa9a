// Who is asking: user tokens verified at the gateway, and the identity the gateway forwards to subgraphs,
// signed with a separate secret so that a subgraph reached directly (or with a forged header) refuses.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { forbidden, unauthenticated } from './errors';

export const ROLES = ['platform', 'admin', 'operator', 'viewer', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** Each role includes the ones after it in this chain; `partner` stands alone. */
const ROLE_CHAIN: Role[] = ['platform', 'admin', 'operator', 'viewer'];

export interface Identity {
  sub: string;
  tenant: string;
  roles: Role[];
}

export const IDENTITY_HEADER = 'x-opsgraph-identity';
const USER_ISSUER = 'opsgraph';

export const claimsSchema = z.object({
  sub: z.string().min(1),
  tenant: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
});

export function hasRole(identity: Identity, needed: Role): boolean {
  if (identity.roles.includes(needed)) return true;
  const neededRank = ROLE_CHAIN.indexOf(needed);
  if (neededRank < 0) return false;
  return identity.roles.some((role) => {
    const rank = ROLE_CHAIN.indexOf(role);
    return rank >= 0 && rank <= neededRank;
  });
}

export function requireRole(identity: Identity, needed: Role): void {
  if (!hasRole(identity, needed)) throw forbidden(`This operation needs the ${needed} role`);
}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

export async function signUserToken(
  identity: Identity,
  secret: string,
  options: { expiresIn?: string | number; audience?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ tenant: identity.tenant, roles: identity.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.sub)
    .setIssuer(USER_ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(secretKey(secret));
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token claim "${error.claim}" is not valid`;
  return 'the token is malformed';
}

async function verify(token: string, secret: string, options: { issuer: string; audience?: string }): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { algorithms: ['HS256'], ...options });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticated(`Token claims are not valid: ${claims.error.issues[0]?.path.join('.')}`);
    return claims.data;
  } catch (error) {
    if (error instanceof Error && 'extensions' in error) throw error;
    throw unauthenticated(`Not authenticated: ${describe(error)}`);
  }
}

/** Verifies `Authorization: Bearer <JWT>` as the gateway receives it. */
export async function verifyBearer(header: string | undefined, secret: string): Promise<Identity> {
  if (!header) throw unauthenticated('Not authenticated: send Authorization: Bearer <token>');
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Not authenticated: the Authorization header must be "Bearer <token>"');
  return verify(match[1], secret, { issuer: USER_ISSUER });
}

/**
 * What the gateway forwards to a subgraph: the caller's identity bound to one subgraph (`aud`), to one request
 * (`bh`: sha256 of the exact body bytes, or `ws` for a subscription socket) and to a short lifetime (`exp`, ms).
 * An HMAC over those claims, not a JWT: it is signed once per subgraph call, so it is kept cheap and small.
 */
export interface SubgraphIdentityClaims extends Identity {
  aud: string;
  bh: string;
  exp: number;
}

/** What a subgraph identity is for: one HTTP request (its body), or one graphql-ws connection. */
export type SubgraphIdentityUse = { audience: string; body: string | Buffer } | { audience: string; socket: true };

const SUBGRAPH_IDENTITY_VERSION = 'v1';
const SOCKET_BINDING = 'ws';

export const bodyHash = (body: string | Buffer) => createHash('sha256').update(body).digest('base64url');
const binding = (use: SubgraphIdentityUse) => ('socket' in use ? SOCKET_BINDING : bodyHash(use.body));
const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function signSubgraphIdentity(identity: Identity, secret: string, use: SubgraphIdentityUse & { ttlMs: number }): string {
  const claims: SubgraphIdentityClaims = {
    sub: identity.sub, tenant: identity.tenant, roles: identity.roles, aud: use.audience, bh: binding(use), exp: Date.now() + use.ttlMs,
  };
  const payload = `${SUBGRAPH_IDENTITY_VERSION}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${payload}.${mac(payload, secret)}`;
}

/** The identity in a subgraph identity header, with its expiry (ms); refuses one made for another subgraph, request or use. */
export function verifySubgraphIdentity(header: string | undefined, secret: string, use: SubgraphIdentityUse): Identity & { exp: number } {
  if (!header) throw unauthenticated('Not authenticated: subgraphs answer only requests forwarded by the gateway');
  const cut = header.lastIndexOf('.');
  const payload = header.slice(0, cut);
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(header.slice(cut + 1));
  if (cut < 0 || !payload.startsWith(`${SUBGRAPH_IDENTITY_VERSION}.`) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw unauthenticated('Not authenticated: the gateway identity signature is not valid');
  }
  const claims = JSON.parse(Buffer.from(payload.slice(SUBGRAPH_IDENTITY_VERSION.length + 1), 'base64url').toString('utf8')) as SubgraphIdentityClaims;
  if (claims.aud !== use.audience) throw unauthenticated(`Not authenticated: the gateway identity was made for subgraph "${claims.aud}", not "${use.audience}"`);
  if (claims.bh !== binding(use)) {
    throw unauthenticated('socket' in use ? 'Not authenticated: the gateway identity was made for an HTTP request, not a socket' : 'Not authenticated: the gateway identity was made for another request body');
  }
  if (!(claims.exp > Date.now())) throw unauthenticated('Not authenticated: the gateway identity has expired');
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw unauthenticated(`Gateway identity claims are not valid: ${parsed.error.issues[0]?.path.join('.')}`);
  return { ...parsed.data, exp: claims.exp };
}

export { forbidden };
