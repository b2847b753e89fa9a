// Helpers for this module's own tests (not used by the sandbox itself): a signer written from providers/coupang/README.md
// independently of the client's, so the two can disagree, and short ways to call the sandbox.
import { createHmac } from 'node:crypto';
import type { Sandbox } from '../server';
import { control } from '../testing';
import { DEMO_COUPANG_CREDENTIALS } from './demo';

export const VENDOR_PATH = `/v2/providers/openapi/apis/api/v4/vendors/${DEMO_COUPANG_CREDENTIALS.vendorId}`;

export interface SignOptions {
  signedQuery?: string; // what the signature covers, when a test sends other bytes
  at?: number;
  accessKey?: string;
  secretKey?: string;
  compact?: boolean; // the Java sample's separators, no spaces
}

export function ceaHeader(method: string, path: string, query: string, options: SignOptions & { at: number }): string {
  const d = new Date(options.at).toISOString();
  const signedDate = `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}T${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}Z`;
  const secret = options.secretKey ?? DEMO_COUPANG_CREDENTIALS.secretKey;
  const signature = createHmac('sha256', secret).update(`${signedDate}${method}${path}${options.signedQuery ?? query}`).digest('hex');
  const sep = options.compact ? ',' : ', ';
  return ['CEA algorithm=HmacSHA256', `access-key=${options.accessKey ?? DEMO_COUPANG_CREDENTIALS.accessKey}`, `signed-date=${signedDate}`, `signature=${signature}`].join(sep);
}

/** Calls the Coupang sandbox signed at the sandbox's current clock reading (unless `at` says otherwise). */
export async function coupang(sandbox: Sandbox, method: string, path: string, query = '', body?: unknown, options: SignOptions = {}) {
  const at = options.at ?? (await control(sandbox, 'clock')).body.now;
  const res = await fetch(`${sandbox.url}/coupang${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { authorization: ceaHeader(method, path, query, { ...options, at }), 'content-type': 'application/json;charset=UTF-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const listQuery = (status: string, extra = '', from = '2026-01-01', to = '2026-01-15') =>
  `createdAtFrom=${from}&createdAtTo=${to}&status=${status}${extra}`;

