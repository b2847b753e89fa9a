// The source address of a request the gateway relays to a subgraph's own HTTP route (provider webhooks, gateway/webhooks.ts): the
// subgraph limits unauthenticated traffic per source IP, and behind the gateway every request comes from the
// gateway. The gateway states the caller's address in a header signed with the subgraph secret, bound to the
// exact body and a short lifetime, so a caller reaching the subgraph directly cannot pick an address of its choice.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const FORWARDED_SOURCE_HEADER = 'x-opsgraph-forwarded-source';
const VERSION = 'v1';

const bodyHash = (body: Buffer | string) => createHash('sha256').update(body).digest('base64url');
const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** `v1.<ip, base64url>.<expiry ms>.<body hash>.<mac>` */
export function signForwardedSource(sourceIp: string, body: Buffer | string, secret: string, ttlMs = 10_000): string {
  const payload = `${VERSION}.${Buffer.from(sourceIp).toString('base64url')}.${Date.now() + ttlMs}.${bodyHash(body)}`;
  return `${payload}.${mac(payload, secret)}`;
}

/** The source IP the gateway vouched for, or null when the header is missing, forged, stale or made for another body. */
export function verifyForwardedSource(header: string | undefined, body: Buffer | string, secret: string, now = Date.now()): string | null {
  if (!header) return null;
  const cut = header.lastIndexOf('.');
  if (cut < 0) return null;
  const payload = header.slice(0, cut);
  const given = Buffer.from(header.slice(cut + 1));
  const expected = Buffer.from(mac(payload, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [version, ip, expiry, hash] = payload.split('.');
  if (version !== VERSION || !(Number(expiry) > now) || hash !== bodyHash(body)) return null;
  return Buffer.from(ip, 'base64url').toString('utf8');
}
