// PortOne REST API V2, providers/portone/README.md (Auth, Payment, Cancel, Errors, Rate limit).
// The official SDK resolves `/payments/…` against the host (`new URL('/payments/…', baseUrl)`), dropping any path
// of the base URL, so PortOne is served at the sandbox's root under `/payments`, as https://api.portone.io is.
import { stableHex } from '../prng';
import { json, parseJsonObject, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { DEMO_PORTONE_CREDENTIALS } from './demo';
import { paymentStatus, presentCancellation, presentPayment } from './present';
import { seedPortOnePayments } from './seed';
import { cancelledAmount, portoneStore } from './store';

const portoneError = (status: number, type: string, message: string, headers?: Record<string, string>): Reply =>
  json(status, { type, message }, headers);

const UNAUTHORIZED = () => portoneError(401, 'UNAUTHORIZED', '인증 정보가 올바르지 않습니다.');
const NOT_FOUND = () => portoneError(404, 'PAYMENT_NOT_FOUND', '결제 건이 존재하지 않습니다.');

/** `Authorization: PortOne <secret>` (the scheme is case-sensitive in PortOne's docs; accepted as written). */
function presentedSecret(req: SandboxRequest): string | undefined {
  return /^PortOne\s+(\S+)$/.exec(req.headers.authorization ?? '')?.[1];
}

function authorized(state: SandboxState, handler: (req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply => {
    const secret = presentedSecret(req);
    if (!secret || !portoneStore(state).secrets.has(secret)) return UNAUTHORIZED();
    return handler(req);
  };
}

function getPayment(state: SandboxState, req: SandboxRequest): Reply {
  const payment = portoneStore(state).payments.get(req.params.paymentId);
  return payment ? json(200, presentPayment(payment)) : NOT_FOUND();
}

/**
 * POST /payments/{paymentId}/cancel: `amount` absent cancels all that is left; `currentCancellableAmount`, when
 * sent, must equal what is left (else 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN), which makes a retry safe.
 */
function cancelPayment(state: SandboxState, req: SandboxRequest): Reply {
  const payment = portoneStore(state).payments.get(req.params.paymentId);
  if (!payment) return NOT_FOUND();
  // The SDK sends the JSON body without a content type: read it whatever the header says.
  const body = parseJsonObject(req.body);
  if (!body || typeof body.reason !== 'string' || body.reason.trim() === '') {
    return portoneError(400, 'INVALID_REQUEST', '요청된 입력 정보가 유효하지 않습니다. (reason)');
  }
  const amount = body.amount;
  if (amount !== undefined && (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0)) {
    return portoneError(400, 'INVALID_REQUEST', '요청된 입력 정보가 유효하지 않습니다. (amount)');
  }
  const left = payment.total - cancelledAmount(payment);
  if (paymentStatus(payment) === 'CANCELLED') return portoneError(409, 'PAYMENT_ALREADY_CANCELLED', '결제가 이미 취소되었습니다.');
  if (body.currentCancellableAmount !== undefined && body.currentCancellableAmount !== left) {
    return portoneError(409, 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN', '취소 가능 잔액 검증에 실패했습니다.');
  }
  const cancelAmount = amount ?? left;
  if (cancelAmount > left) {
    return portoneError(409, 'CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT', '결제 취소 금액이 취소 가능 금액을 초과했습니다.');
  }
  const now = state.clock.now();
  const seq = payment.cancellations.length + 1;
  const record = {
    id: stableHex(`portone-cancel:${payment.id}:${seq}`, 26).toUpperCase(),
    pgCancellationId: stableHex(`pg-cancel:${payment.id}:${seq}`, 20),
    totalAmount: cancelAmount, reason: body.reason, requestedAt: now, cancelledAt: now,
  };
  payment.cancellations.push(record);
  payment.updatedAt = now;
  return json(200, { cancellation: presentCancellation(record) });
}

export function portoneAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'portone',
    base: '/payments',
    routes: [
      { method: 'GET', path: '/{paymentId}', handle: authorized(state, (req) => getPayment(state, req)) },
      { method: 'POST', path: '/{paymentId}/cancel', handle: authorized(state, (req) => cancelPayment(state, req)) },
    ],
    credentialOf: presentedSecret,
    faultReply(kind) {
      // No 429 in PortOne's OpenAPI (README "Rate limit", UNVERIFIED): the sandbox answers as a gateway would.
      if (kind === 'rate_limit') return portoneError(429, 'TOO_MANY_REQUESTS', '요청이 너무 많습니다. 잠시 후 다시 시도해주세요.', { 'retry-after': '1' });
      if (kind === 'server_error') return portoneError(502, 'PG_PROVIDER', 'PG사에서 오류를 전달했습니다.');
      return UNAUTHORIZED();
    },
    notFound: () => portoneError(404, 'NOT_FOUND', '요청한 경로가 존재하지 않습니다.'),
  };
}

export const portoneModule: SandboxModule<typeof DEMO_PORTONE_CREDENTIALS> = {
  provider: 'portone',
  credentialFields: ['apiSecret', 'webhookSecret'],
  demoCredentials: DEMO_PORTONE_CREDENTIALS,
  demoKeyByDefault: false,
  registerCredentials: (state, { apiSecret }) => void portoneStore(state).secrets.add(apiSecret),
  adapter: portoneAdapter,
  seed: (state) => {
    portoneModule.registerCredentials(state, { ...DEMO_PORTONE_CREDENTIALS });
    seedPortOnePayments(state);
  },
};
