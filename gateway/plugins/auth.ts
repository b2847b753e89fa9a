// Verifies the user token of each request. RS256/ES256 tokens are checked against the keys at JWKS_URL (jose
// caches them and refetches when a token names a kid it has not seen, which is how key rotation arrives);
// HS256 is checked against JWT_SECRET, for development. The algorithm is chosen by what is configured, never
// by the token: an `alg: none` token, or an HS256 token signed with the public key, finds no verifier.
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { unauthenticated } from '../../platform/errors';
import { claimsSchema, type Identity } from '../../platform/identity';
import { tenantProblem } from '../../platform/tenants';

export interface TokenVerifierOptions {
  /** HS256 secret; null turns HS256 off (production with a JWKS). */
  jwtSecret: string | null;
  jwksUrl?: string;
  issuer: string;
  audience?: string;
  /** How long a fetched key set is trusted before an unknown kid may refetch it (jose's default: 30 s). */
  jwksCooldownMs?: number;
  /** Longest `exp - iat` a token may claim (default 24 h), and how far ahead `iat` may be (default 60 s). */
  maxLifetimeS?: number;
  clockSkewS?: number;
}

/** What jose does not check: a token must expire, within the maximum lifetime, and not be issued in the future. */
export function lifetimeProblem(payload: JWTPayload, maxLifetimeS: number, clockSkewS: number, nowS = Math.floor(Date.now() / 1000)): string | null {
  if (typeof payload.exp !== 'number') return 'the token has no "exp": tokens must expire';
  if (payload.iat !== undefined && payload.iat > nowS + clockSkewS) return 'the token claim "iat" is in the future';
  const lifetime = payload.exp - (payload.iat ?? nowS);
  if (lifetime > maxLifetimeS) return `the token lives ${lifetime} s, more than the ${maxLifetimeS} s allowed`;
  return null;
}

const ASYMMETRIC = ['RS256', 'ES256'];

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token claim "${error.claim}" is not valid`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the key set matches the token';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  return 'the token is malformed';
}

/**
 * Who every request is with GATEWAY_AUTH=off (never in production): one identity for all, in a tenant no token may
 * claim (`anonymous` is reserved), so it never reads or spends a real tenant's data, keys or limits. `viewer` is the
 * least role of the chain that runs queries: enough for any foreign supergraph (its subgraphs ignore our identity)
 * and for reading our own subgraphs, while mutations that need `operator` or `admin` stay refused (FORBIDDEN).
 * Not `partner`: partners may run only trusted documents.
 */
export const ANONYMOUS_IDENTITY: Identity = Object.freeze({ sub: 'anonymous', tenant: 'anonymous', roles: ['viewer'] }) as Identity;

export function createTokenVerifier(options: TokenVerifierOptions): (authorization: string | undefined) => Promise<Identity> {
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: options.jwksCooldownMs }) : null;
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : null;
  const allowed = [...(secret ? ['HS256'] : []), ...(jwks ? ASYMMETRIC : [])];
  const claims = { issuer: options.issuer, audience: options.audience };

  async function verify(token: string): Promise<JWTPayload> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('Not authenticated: the token is malformed');
    }
    if (!alg || !allowed.includes(alg)) {
      throw unauthenticated(`Not authenticated: the token algorithm "${alg}" is not allowed (allowed: ${allowed.join(', ')})`);
    }
    try {
      const result = alg === 'HS256'
        ? await jwtVerify(token, secret!, { ...claims, algorithms: ['HS256'] })
        : await jwtVerify(token, jwks!, { ...claims, algorithms: ASYMMETRIC });
      return result.payload;
    } catch (error) {
      throw unauthenticated(`Not authenticated: ${describe(error)}`);
    }
  }

  return async (authorization) => {
    if (!authorization) throw unauthenticated('Not authenticated: send Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('Not authenticated: the Authorization header must be "Bearer <token>"');
    const payload = await verify(match[1]);
    const lifetime = lifetimeProblem(payload, options.maxLifetimeS ?? 24 * 3600, options.clockSkewS ?? 60);
    if (lifetime) throw unauthenticated(`Not authenticated: ${lifetime}`);
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) throw unauthenticated(`Token claims are not valid: ${parsed.error.issues[0]?.path.join('.')}`);
    const tenant = tenantProblem(parsed.data.tenant);
    if (tenant) throw unauthenticated(`Not authenticated: ${tenant}`);
    return parsed.data;
  };
}
