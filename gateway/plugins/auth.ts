// Verifies the user token of each request. RS256/ES256 tokens are checked against the keys at JWKS_URL (jose
// caches them and refetches when a token names a kid it has not seen, which is how key rotation arrives);
// HS256 is checked against JWT_SECRET, for development. The algorithm is chosen by what is configured, never
// by the token: an `alg: none` token, or an HS256 token signed with the public key, finds no verifier.
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { unauthenticated } from '../../platform/errors';
import { claimsSchema, type Identity } from '../../platform/identity';

export interface TokenVerifierOptions {
  /** HS256 secret; null turns HS256 off (production with a JWKS). */
  jwtSecret: string | null;
  jwksUrl?: string;
  issuer: string;
  audience?: string;
  /** How long a fetched key set is trusted before an unknown kid may refetch it (jose's default: 30 s). */
  jwksCooldownMs?: number;
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
    const parsed = claimsSchema.safeParse(await verify(match[1]));
    if (!parsed.success) throw unauthenticated(`Token claims are not valid: ${parsed.error.issues[0]?.path.join('.')}`);
    return parsed.data;
  };
}
