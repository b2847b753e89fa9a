// Naver Commerce API, providers/naver/README.md (Signature): the token request's `client_secret_sign`.
// The application secret is itself a bcrypt salt, so signing is hashing "client_id_timestamp" with it.
import bcrypt from 'bcryptjs';
import { ProviderError } from '../errors';

/** A bcrypt salt ($2a$/$2b$/$2y$, two-digit cost, 22 salt characters): the only form Naver issues secrets in. */
const BCRYPT_SALT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{22}/;

/**
 * `base64(bcrypt(clientId + "_" + timestampMs, salt = clientSecret))` in the standard alphabet, as Naver's
 * Python and Node samples send it (its Java sample's URL-safe form names the same bytes).
 */
export function signNaverClientSecret(clientId: string, clientSecret: string, timestampMs: number): string {
  if (!BCRYPT_SALT.test(clientSecret)) {
    // The message never shows the secret: only what shape was expected.
    throw new ProviderError({
      provider: 'naver',
      kind: 'auth',
      message: 'sign the Naver token request failed: the client secret is not a bcrypt salt ("$2a$" + cost + "$" + 22 characters) as Naver issues them',
    });
  }
  const hashed = bcrypt.hashSync(`${clientId}_${timestampMs}`, clientSecret);
  return Buffer.from(hashed, 'utf8').toString('base64');
}
