// Deterministic randomness for the sandbox: the same seed (or input text) always gives the same data,
// so tests and demos can name concrete orders, invoices and answers.
import { createHash } from 'node:crypto';

/** FNV-1a, 32 bit: cheap and stable across runs and platforms. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A stable alphanumeric id of `length` characters derived from `text` (payment keys, request ids). */
export function stableId(text: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    const digest = createHash('sha256').update(`${round}:${text}`).digest();
    for (const byte of digest) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  }
  return out.slice(0, length);
}

/** A stable lowercase hex string of `length` characters derived from `text`. */
export function stableHex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Pick one element by a float in [0, 1). */
export function pick<T>(items: readonly T[], r: number): T {
  return items[Math.min(items.length - 1, Math.floor(r * items.length))];
}
