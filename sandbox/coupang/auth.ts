// Coupang WING Open API, providers/coupang/README.md (Auth header): the CEA HMAC-SHA256 check, recomputed from the bytes
// the client sent, the way Coupang's gateway refuses anything not signed over exactly what went on the wire.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Reply, SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { businessError, gatewayError, invalidSignature } from './errors';
import { coupangStore, type CoupangVendorKey } from './store';

/** Allowed distance between signed-date and the sandbox clock (UNVERIFIED upstream, assumed 5 minutes). */
export const SIGNATURE_SKEW_MS = 5 * 60_000;

export interface CeaHeader {
  algorithm: string;
  accessKey: string;
  signedDate: string;
  signature: string;
}

/** Parses `CEA algorithm=…, access-key=…, signed-date=…, signature=…`; the Java sample omits the spaces. */
export function parseCeaHeader(header: string | undefined): CeaHeader | undefined {
  const match = /^CEA\s+(.+)$/.exec(header ?? '');
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const [algorithm, accessKey, signedDate, signature] = ['algorithm', 'access-key', 'signed-date', 'signature'].map((k) => fields.get(k));
  if (!algorithm || !accessKey || !signedDate || !signature) return undefined;
  return { algorithm, accessKey, signedDate, signature };
}

/** `240131T051203Z` (UTC, two-digit year) → epoch ms. */
export function parseSignedDate(text: string): number | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

function expectedSignature(secretKey: string, cea: CeaHeader, req: SandboxRequest): string {
  // The query exactly as it arrived: decoding and re-encoding would accept a signature over other bytes.
  const message = `${cea.signedDate}${req.method}${req.path}${req.rawQuery ?? ''}`;
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(message, 'utf8').digest('hex');
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The vendor's key when the request is signed correctly for the vendor in its path, else the refusal. */
export function authenticate(state: SandboxState, req: SandboxRequest): { key: CoupangVendorKey } | { refusal: Reply } {
  const cea = parseCeaHeader(req.headers.authorization);
  if (!cea || cea.algorithm !== 'HmacSHA256') return { refusal: invalidSignature(state) };
  const key = coupangStore(state).keys.get(cea.accessKey);
  if (!key) return { refusal: invalidSignature(state) };
  const signedAt = parseSignedDate(cea.signedDate);
  if (signedAt === undefined) return { refusal: invalidSignature(state) };
  if (!sameText(cea.signature, expectedSignature(key.secretKey, cea, req))) return { refusal: invalidSignature(state) };
  if (Math.abs(state.clock.now() - signedAt) > SIGNATURE_SKEW_MS) {
    return { refusal: gatewayError(state, 401, 'Specified signature is expired') };
  }
  if (req.params.vendorId !== key.vendorId) {
    // UNVERIFIED wording: the key is valid, but not for this vendor's data.
    return { refusal: businessError(403, `The access key is not authorized for vendor ${req.params.vendorId}.`) };
  }
  return { key };
}

/** The access key as presented (Coupang never sees the secret itself), for the call counters. */
export function presentedAccessKey(req: SandboxRequest): string | undefined {
  return parseCeaHeader(req.headers.authorization)?.accessKey;
}
