// Who is asking: user tokens verified at the gateway, and the identity the gateway forwards to subgraphs,
// signed with a separate secret so that a subgraph reached directly (or with a forged header) refuses.
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
const SUBGRAPH_AUDIENCE = 'opsgraph-subgraphs';
const GATEWAY_ISSUER = 'opsgraph-gateway';

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

export async function signSubgraphIdentity(identity: Identity, secret: string): Promise<string> {
  return new SignJWT({ tenant: identity.tenant, roles: identity.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(SUBGRAPH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(secretKey(secret));
}

export async function verifySubgraphIdentity(header: string | undefined, secret: string): Promise<Identity> {
  if (!header) throw unauthenticated('Not authenticated: subgraphs answer only requests forwarded by the gateway');
  return verify(header, secret, { issuer: GATEWAY_ISSUER, audience: SUBGRAPH_AUDIENCE });
}

export { forbidden };
