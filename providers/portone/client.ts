// PortOne REST API V2 through the official @portone/server-sdk, following providers/portone/README.md:
// `Authorization: PortOne <API secret>`, GET /payments/{paymentId}, POST /payments/{paymentId}/cancel.
import { PaymentClient, type Payment } from '@portone/server-sdk';
import { z } from 'zod';
import { ProviderError } from '../errors';
import { DEFAULT_TIMEOUT_MS } from '../http';
import { checkReply } from '../reply';
import { portoneError } from './errors';
import type { PortOneCancellation, PortOnePayment } from './types';

export interface PortOneClientOptions {
  /** https://api.portone.io in production. The SDK resolves `/payments/…` against the host: a path here is dropped. */
  baseUrl: string;
  /** The V2 API secret (콘솔 → 연동 정보 → API Secret). */
  apiSecret: string;
  timeoutMs?: number;
}

// The fields opsgraph reads (subgraphs/finance/portone.ts), checked on arrival; the rest pass unread.
const PAYMENT = z.object({
  status: z.string(),
  id: z.string(),
  amount: z.object({ total: z.number(), paid: z.number().optional(), cancelled: z.number().optional() }).passthrough(),
  currency: z.string(),
  paidAt: z.string().optional(),
  method: z.object({ type: z.string() }).passthrough().optional(),
}).passthrough();

const CANCELLATION = z.object({
  cancellation: z.object({ status: z.string(), id: z.string(), totalAmount: z.number() }).passthrough(),
}).passthrough();

export interface CancelRequest {
  paymentId: string;
  /** Omitted: cancel everything left. */
  amount?: number;
  reason: string;
  /**
   * What we believe is still cancellable. PortOne refuses with CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN when it is not
   * so, which makes a retried cancel (whose first attempt did go through) fail instead of refunding twice.
   */
  currentCancellableAmount?: number;
}

export class PortOneClient {
  private readonly sdk: ReturnType<typeof PaymentClient>;
  private readonly secret: string;
  private readonly timeoutMs: number;

  constructor(options: PortOneClientOptions) {
    this.secret = options.apiSecret;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sdk = PaymentClient({ secret: options.apiSecret, baseUrl: options.baseUrl.replace(/\/+$/, '') });
  }

  /** The payment for our payment id (the mall's order id), or null when PortOne has none (404 PAYMENT_NOT_FOUND). */
  async getPayment(paymentId: string): Promise<PortOnePayment | null> {
    const what = `look up PortOne payment ${paymentId}`;
    try {
      const payment: Payment.Payment = await this.bounded(this.sdk.getPayment({ paymentId }), what);
      return checkReply('portone', what, PAYMENT, payment, [this.secret]) as unknown as PortOnePayment;
    } catch (error) {
      const failure = portoneError(error, what, this.secret);
      if (failure.kind === 'not_found' && failure.providerCode === 'PAYMENT_NOT_FOUND') return null;
      throw failure;
    }
  }

  async cancelPayment(request: CancelRequest): Promise<PortOneCancellation> {
    const what = `cancel PortOne payment ${request.paymentId}`;
    try {
      const answer = await this.bounded(this.sdk.cancelPayment({
        paymentId: request.paymentId, amount: request.amount, reason: request.reason,
        currentCancellableAmount: request.currentCancellableAmount,
      }), what);
      return (checkReply('portone', what, CANCELLATION, answer, [this.secret]) as unknown as { cancellation: PortOneCancellation }).cancellation;
    } catch (error) {
      throw portoneError(error, what, this.secret);
    }
  }

  /** The SDK takes no AbortSignal: give up waiting after the timeout (the request itself ends with its socket). */
  private bounded<T>(call: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new ProviderError({ provider: 'portone', kind: 'timeout', message: `${what} failed: no answer within ${this.timeoutMs} ms` })),
        this.timeoutMs,
      );
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }
}
