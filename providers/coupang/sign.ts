// Coupang WING Open API, providers/coupang/README.md (Auth header): the CEA HMAC-SHA256 Authorization header.
// message = signed-date + METHOD + path + query (no `?`), over exactly the bytes that go on the wire.
import { createHmac } from 'node:crypto';

export interface CoupangSignInput {
  method: string;
  /** Path without host, e.g. `/v2/providers/openapi/apis/api/v4/vendors/A00012345/ordersheets`. */
  path: string;
  /** The query string exactly as it will be sent, without `?` (empty when there is none). */
  query: string;
  accessKey: string;
  secretKey: string;
  now: Date;
}

export interface CoupangSignature {
  authorization: string;
  signedDate: string;
}

/** `yyMMdd'T'HHmmss'Z'` in UTC, e.g. `240131T051203Z`. */
export function coupangSignedDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').slice(2, 15) + 'Z';
}

/**
 * Signs one request. The query is taken as given and never re-encoded: Coupang compares the signature with
 * one over the bytes it received, so the URL must be built from this same string.
 */
export function signCoupangRequest(input: CoupangSignInput): CoupangSignature {
  const signedDate = coupangSignedDate(input.now);
  const query = input.query.startsWith('?') ? input.query.slice(1) : input.query;
  const message = `${signedDate}${input.method.toUpperCase()}${input.path}${query}`;
  const signature = createHmac('sha256', Buffer.from(input.secretKey, 'utf8')).update(message, 'utf8').digest('hex');
  return {
    // The separators of Coupang's official Python sample.
    authorization: `CEA algorithm=HmacSHA256, access-key=${input.accessKey}, signed-date=${signedDate}, signature=${signature}`,
    signedDate,
  };
}
