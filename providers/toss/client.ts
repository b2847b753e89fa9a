// Toss Payments core API v1 client, following providers/toss/README.md (Toss Payments):
// Basic auth with the secret key and an empty password, payment lookup by paymentKey or orderId, confirm and
// cancel with an Idempotency-Key (README "Idempotency"), so a retried POST never takes or refunds money twice.
import { z } from 'zod';
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';
import { providerFetch, secondsHeaderMs, type ProviderResponse } from '../http';
import { checkReply } from '../reply';
import type { TossErrorBody, TossPayment } from './types';

export interface TossClientOptions {
  /** https://api.tosspayments.com in production. */
  baseUrl: string;
  /** test_sk_… or live_sk_… */
  secretKey: string;
  timeoutMs?: number;
}

/** Toss keeps an Idempotency-Key's answer for 15 days; keys are at most 300 characters (README "Idempotency"). */
export const IDEMPOTENCY_KEY_MAX = 300;

/** Toss throttles with 403 rather than 429; without a Retry-After, a second is its "잠시 후". */
const CONSECUTIVE_REQUEST_BACKOFF_MS = 1000;

/** The 404 codes of a lookup that found no payment. */
const NO_PAYMENT_CODES = new Set(['NOT_FOUND_PAYMENT', 'NOT_FOUND']);

/** The colon is mandatory: the secret key is the user name and the password is empty. */
export function tossBasicAuth(secretKey: string): string {
  return `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
}

// The Payment fields opsgraph reads (subgraphs/finance/payments.ts), checked on arrival; the rest pass unread.
const PAYMENT = z.object({
  paymentKey: z.string(),
  orderId: z.string(),
  status: z.string(),
  totalAmount: z.number(),
  currency: z.string().nullable().optional(),
  method: z.string().nullable().optional(),
  approvedAt: z.string().nullable().optional(),
  balanceAmount: z.number().optional(),
  cancels: z.array(z.object({ cancelAmount: z.number(), canceledAt: z.string() }).passthrough()).nullable().optional(),
}).passthrough();

export class TossClient {
  private readonly baseUrl: string;
  private readonly secretKey: string;
  private readonly timeoutMs?: number;

  constructor(options: TossClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.secretKey = options.secretKey;
    this.timeoutMs = options.timeoutMs;
  }

  /** The payment for one of our order ids, or null when Toss has none (404 NOT_FOUND_PAYMENT or NOT_FOUND). */
  async getPaymentByOrderId(orderId: string): Promise<TossPayment | null> {
    const what = `look up the Toss payment of order ${orderId}`;
    const response = await this.get(`/v1/payments/orders/${encodeURIComponent(orderId)}`, what);
    // Both 404 codes mean "no payment" (providers/toss/README.md "Corrections"); other 404s stay errors.
    if (response.status === 404 && NO_PAYMENT_CODES.has(errorCode(response) ?? '')) return null;
    return this.payment(response, what);
  }

  async getPayment(paymentKey: string): Promise<TossPayment> {
    const what = `look up Toss payment ${paymentKey}`;
    return this.payment(await this.get(`/v1/payments/${encodeURIComponent(paymentKey)}`, what), what);
  }

  /** POST /v1/payments/confirm: approves a payment the buyer authorised (README "Confirm"). */
  async confirmPayment(input: { paymentKey: string; orderId: string; amount: number }, idempotencyKey: string): Promise<TossPayment> {
    const what = `confirm Toss payment ${input.paymentKey}`;
    return this.payment(await this.post('/v1/payments/confirm', input, idempotencyKey, what), what);
  }

  /**
   * POST /v1/payments/{paymentKey}/cancel: `cancelAmount` absent cancels all that is left (README "Cancel"). The same
   * Idempotency-Key sent again gets the first answer back and refunds nothing more.
   */
  async cancelPayment(
    paymentKey: string, input: { cancelReason: string; cancelAmount?: number }, idempotencyKey: string,
  ): Promise<TossPayment> {
    const what = `cancel Toss payment ${paymentKey}`;
    return this.payment(await this.post(`/v1/payments/${encodeURIComponent(paymentKey)}/cancel`, input, idempotencyKey, what), what);
  }

  private get(path: string, what: string): Promise<ProviderResponse> {
    return providerFetch({
      provider: 'toss',
      what,
      url: `${this.baseUrl}${path}`,
      headers: { authorization: tossBasicAuth(this.secretKey) },
      timeoutMs: this.timeoutMs,
      secrets: [this.secretKey, tossBasicAuth(this.secretKey)],
    });
  }

  private post(path: string, body: unknown, idempotencyKey: string, what: string): Promise<ProviderResponse> {
    if (idempotencyKey.length === 0 || idempotencyKey.length > IDEMPOTENCY_KEY_MAX) {
      throw new ProviderError({ provider: 'toss', kind: 'bad_request', message: `${what}: an Idempotency-Key is 1 to ${IDEMPOTENCY_KEY_MAX} characters` });
    }
    return providerFetch({
      provider: 'toss',
      what,
      method: 'POST',
      url: `${this.baseUrl}${path}`,
      headers: { authorization: tossBasicAuth(this.secretKey), 'idempotency-key': idempotencyKey },
      body,
      timeoutMs: this.timeoutMs,
      secrets: [this.secretKey, tossBasicAuth(this.secretKey)],
    });
  }

  private payment(response: ProviderResponse, what: string): TossPayment {
    if (response.status === 200) return checkReply('toss', what, PAYMENT, response.json, [this.secretKey]) as unknown as TossPayment;
    throw tossError(response, what, [this.secretKey]);
  }
}

export function tossError(response: ProviderResponse, what: string, secrets: string[]): ProviderError {
  const code = errorCode(response);
  const message = (response.json as Partial<TossErrorBody> | undefined)?.message;
  const kind = tossKind(response.status, code);
  return new ProviderError({
    provider: 'toss',
    kind,
    status: response.status,
    providerCode: code,
    retryAfterMs:
      kind === 'rate_limited' ? (secondsHeaderMs(response.headers, 'retry-after') ?? CONSECUTIVE_REQUEST_BACKOFF_MS) : undefined,
    message: `${what} failed: Toss answered ${response.status}${code ? ` ${code}` : ''}${message ? ` (${message})` : ''}`,
    secrets,
  });
}

export function tossKind(status: number, code: string | undefined): ProviderErrorKind {
  // Toss's documented throttle is a 403, which would otherwise read as an auth failure.
  if (code === 'FORBIDDEN_CONSECUTIVE_REQUEST') return 'rate_limited';
  if (code === 'UNAUTHORIZED_KEY' || code === 'INCORRECT_BASIC_AUTH_FORMAT') return 'auth';
  if (code === 'NOT_FOUND_PAYMENT' || code === 'NOT_FOUND') return 'not_found';
  // Other 403s (NOT_CANCELABLE_PAYMENT…) are refusals of the request, not of the key.
  if (status === 403 && code) return 'bad_request';
  return kindForStatus(status);
}

function errorCode(response: ProviderResponse): string | undefined {
  const code = (response.json as Partial<TossErrorBody> | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
