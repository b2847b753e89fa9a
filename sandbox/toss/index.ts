// Toss Payments core API v1, providers/toss/README.md (Auth, Get, Confirm, Cancel, Idempotency, Error body, Rate limit).
// Served at `{sandbox}/toss`, standing in for `https://api.tosspayments.com`.
import { stableHex } from '../prng';
import { decodeBasic, json, parseJsonObject, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import { moduleState } from '../module-state';
import type { Payment, SandboxState } from '../state';
import { DEMO_TOSS_CREDENTIALS } from './demo';
import { cancelsOf, idempotent, recordCancel } from './cancels';
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
function authorizedReply(state: SandboxState, handler: (req: SandboxRequest, secretKey: string) => Reply) {
  return (req: SandboxRequest): Reply => {
    const decoded = decodeBasic(req.headers.authorization);
    if (decoded === undefined) return UNAUTHORIZED_KEY();
    if (!decoded.includes(':')) {
      return tossError(403, 'INCORRECT_BASIC_AUTH_FORMAT', "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요.");
    }
    const secretKey = decoded.slice(0, decoded.indexOf(':'));
    if (!secretKeys(state).has(secretKey)) return UNAUTHORIZED_KEY();
    return handler(req, secretKey);
  };
}

function authorized(state: SandboxState, handler: (req: SandboxRequest) => Payment | Reply | undefined) {
  return authorizedReply(state, (req) => {
    const found = handler(req);
    if (!found) return NOT_FOUND_PAYMENT();
    return 'paymentKey' in found ? json(200, presentPayment(found, cancelsOf(state, found.paymentKey))) : found;
  });
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

const idempotencyKeyOf = (req: SandboxRequest) => {
  const value = req.headers['idempotency-key'];
  return Array.isArray(value) ? value[0] : value;
};

/** POST /v1/payments/{paymentKey}/cancel (README "Cancel"): cancelAmount absent cancels what is left. */
function cancel(state: SandboxState, req: SandboxRequest): Reply {
  const payment = state.paymentsByKey.get(req.params.paymentKey);
  if (!payment) return NOT_FOUND_PAYMENT();
  const body = parseJsonObject(req.body);
  if (!body || typeof body.cancelReason !== 'string' || body.cancelReason.trim() === '') {
    return tossError(400, 'INVALID_REQUEST', '취소 사유(cancelReason)는 필수입니다.');
  }
  const amount = body.cancelAmount;
  if (amount !== undefined && (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0)) {
    return tossError(400, 'INVALID_REQUEST', '잘못된 요청입니다.');
  }
  const cancels = cancelsOf(state, payment.paymentKey);
  const left = payment.totalAmount - cancels.reduce((sum, c) => sum + c.cancelAmount, 0);
  if (left <= 0) return tossError(400, 'ALREADY_CANCELED_PAYMENT', '이미 취소된 결제 입니다.');
  const cancelAmount = amount ?? left;
  if (cancelAmount > left) return tossError(403, 'NOT_CANCELABLE_AMOUNT', '취소 할 수 없는 금액 입니다.');
  recordCancel(state, payment.paymentKey, {
    cancelAmount, cancelReason: body.cancelReason, canceledAt: state.clock.now(),
    transactionKey: stableHex(`toss-cancel:${payment.paymentKey}:${cancels.length + 1}`, 32).toUpperCase(),
    refundableAmount: left - cancelAmount,
  });
  return json(200, presentPayment(payment, cancelsOf(state, payment.paymentKey)));
}

/**
 * POST /v1/payments/confirm (README "Confirm"): the sandbox has no checkout window, so every payment it knows is
 * already approved: the same paymentKey, orderId and amount answer 400 ALREADY_PROCESSED_PAYMENT, an unknown
 * paymentKey 404 NOT_FOUND_PAYMENT_SESSION (the checkout expired), a different amount 400 INVALID_REQUEST.
 */
function confirm(state: SandboxState, req: SandboxRequest): Reply {
  const body = parseJsonObject(req.body);
  if (!body || typeof body.paymentKey !== 'string' || typeof body.orderId !== 'string' || typeof body.amount !== 'number') {
    return tossError(400, 'INVALID_REQUEST', '잘못된 요청입니다.');
  }
  const payment = state.paymentsByKey.get(body.paymentKey);
  if (!payment) return tossError(404, 'NOT_FOUND_PAYMENT_SESSION', '결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.');
  if (payment.orderId !== body.orderId || payment.totalAmount !== body.amount) return tossError(400, 'INVALID_REQUEST', '잘못된 요청입니다.');
  return tossError(400, 'ALREADY_PROCESSED_PAYMENT', '이미 처리된 결제 입니다.');
}

export function tossAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'toss',
    base: '/toss',
    routes: [
      // `orders/{orderId}` first: otherwise "orders" would be taken for a paymentKey.
      { method: 'GET', path: '/v1/payments/orders/{orderId}', handle: authorized(state, (req) => paymentOfOrder(state, req.params.orderId)) },
      { method: 'GET', path: '/v1/payments/{paymentKey}', handle: authorized(state, (req) => state.paymentsByKey.get(req.params.paymentKey)) },
      // `confirm` first: otherwise it would be taken for a paymentKey.
      {
        method: 'POST', path: '/v1/payments/confirm',
        handle: authorizedReply(state, (req, key) => idempotent(state, key, idempotencyKeyOf(req), req, () => confirm(state, req))),
      },
      {
        method: 'POST', path: '/v1/payments/{paymentKey}/cancel',
        handle: authorizedReply(state, (req, key) => idempotent(state, key, idempotencyKeyOf(req), req, () => cancel(state, req))),
      },
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
