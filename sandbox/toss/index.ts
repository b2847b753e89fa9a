// Toss Payments core API v1, providers/toss/README.md (Auth, Get, Error body, Rate limit).
// Served at `{sandbox}/toss`, standing in for `https://api.tosspayments.com`.
import { decodeBasic, json, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import { moduleState } from '../module-state';
import type { Payment, SandboxState } from '../state';
import { DEMO_TOSS_CREDENTIALS } from './demo';
import { presentPayment } from './payment';

/** The secret keys the sandbox accepts. */
const secretKeys = (state: SandboxState) => moduleState(state, 'toss', () => new Set<string>());

const tossError = (status: number, code: string, message: string): Reply => json(status, { code, message });

const UNAUTHORIZED_KEY = () => tossError(401, 'UNAUTHORIZED_KEY', '인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.');
const NOT_FOUND_PAYMENT = () => tossError(404, 'NOT_FOUND_PAYMENT', '존재하지 않는 결제 정보 입니다.');
const NOT_FOUND = () => tossError(404, 'NOT_FOUND', '존재하지 않는 정보 입니다.');

/** The secret key as presented: Basic base64(secretKey + ":"), or the whole decoded text when the colon is missing. */
function presentedKey(req: SandboxRequest): string | undefined {
  const decoded = decodeBasic(req.headers.authorization);
  if (decoded === undefined) return undefined;
  return decoded.endsWith(':') ? decoded.slice(0, -1) : decoded;
}

/** Toss checks the Basic format before the key itself: a missing colon is a 403, an unknown key a 401. */
function authorized(state: SandboxState, handler: (req: SandboxRequest) => Payment | Reply | undefined) {
  return (req: SandboxRequest): Reply => {
    const decoded = decodeBasic(req.headers.authorization);
    if (decoded === undefined) return UNAUTHORIZED_KEY();
    if (!decoded.includes(':')) {
      return tossError(403, 'INCORRECT_BASIC_AUTH_FORMAT', "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요.");
    }
    if (!secretKeys(state).has(decoded.slice(0, decoded.indexOf(':')))) return UNAUTHORIZED_KEY();
    const found = handler(req);
    if (!found) return NOT_FOUND_PAYMENT();
    return 'paymentKey' in found ? json(200, presentPayment(found)) : found;
  };
}

/**
 * Toss answers a lookup that finds no payment with 404 NOT_FOUND_PAYMENT or 404 NOT_FOUND (providers/toss/README.md
 * "Corrections"). Which one when is UNVERIFIED: the sandbox answers NOT_FOUND for an order the mall knows but never
 * sent to Toss (paid otherwise, or not yet), NOT_FOUND_PAYMENT for an order id no one uses, so both are exercised.
 */
function paymentOfOrder(state: SandboxState, orderId: string): Payment | Reply | undefined {
  const payment = state.payments.get(orderId);
  if (payment) return payment;
  return state.ordersById.has(orderId) ? NOT_FOUND() : undefined;
}

export function tossAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'toss',
    base: '/toss',
    routes: [
      // `orders/{orderId}` first: otherwise "orders" would be taken for a paymentKey.
      { method: 'GET', path: '/v1/payments/orders/{orderId}', handle: authorized(state, (req) => paymentOfOrder(state, req.params.orderId)) },
      { method: 'GET', path: '/v1/payments/{paymentKey}', handle: authorized(state, (req) => state.paymentsByKey.get(req.params.paymentKey)) },
    ],
    credentialOf: presentedKey,
    faultReply(kind) {
      // Toss publishes no 429: its documented throttle is this 403.
      if (kind === 'rate_limit') {
        return tossError(403, 'FORBIDDEN_CONSECUTIVE_REQUEST', '반복적인 요청은 허용되지 않습니다. 잠시 후 다시 시도해주세요.');
      }
      if (kind === 'server_error') {
        return tossError(500, 'FAILED_INTERNAL_SYSTEM_PROCESSING', '내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.');
      }
      return UNAUTHORIZED_KEY();
    },
    notFound: NOT_FOUND,
  };
}

export const tossModule: SandboxModule<typeof DEMO_TOSS_CREDENTIALS> = {
  provider: 'toss',
  credentialFields: ['secretKey'],
  demoCredentials: DEMO_TOSS_CREDENTIALS,
  demoKeyByDefault: true,
  registerCredentials: (state, { secretKey }) => void secretKeys(state).add(secretKey),
  adapter: tossAdapter,
  seed: (state) => tossModule.registerCredentials(state, { ...DEMO_TOSS_CREDENTIALS }),
};
