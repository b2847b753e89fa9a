// Coupang WING Open API, providers/coupang/README.md (Error body, Rate limit): the gateway's `{code:"ERROR",message,
// transactionId}` for auth failures, `{code,message,data}` for business errors, a bare 429 for throttling.
import { stableHex } from '../prng';
import { json, type Reply } from '../http';
import type { SandboxState } from '../state';
import { coupangStore } from './store';

/** A uuid-shaped id derived from a counter, so error replies stay deterministic. */
function transactionId(state: SandboxState): string {
  const hex = stableHex(`coupang-tx:${++coupangStore(state).transactions}`, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function gatewayError(state: SandboxState, status: number, message: string): Reply {
  return json(status, { code: 'ERROR', message, transactionId: transactionId(state) });
}

export const invalidSignature = (state: SandboxState) => gatewayError(state, 401, 'Invalid signature.');

/** Business errors: the numeric code repeats the HTTP status (exact texts UNVERIFIED, providers/coupang/README.md). */
export function businessError(status: number, message: string): Reply {
  return json(status, { code: status, message, data: null });
}

/** The documented throttle reply: status and reason phrase only, no rate-limit headers. */
export function tooManyRequests(): Reply {
  return { status: 429, text: 'Too Many Requests' };
}
