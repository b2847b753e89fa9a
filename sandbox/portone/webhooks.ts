// PortOne V2 webhooks (2024-04-25 version), providers/portone/README.md "Webhooks": the POST PortOne sends when a
// payment changes, signed per Standard Webhooks: webhook-signature = "v1," + base64(HMAC-SHA256(key, id.ts.body)),
// the key being the base64 after `whsec_`. The control surface has no webhook endpoint, so tests build and deliver
// from the payment as GET /payments/{paymentId} returned it.
import { createHmac } from 'node:crypto';
import { stableHex } from '../prng';
import { SANDBOX_STORE_ID } from './store';

export interface BuiltPortOneWebhook {
  body: string;
  headers: Record<string, string>;
}

export type PortOneWebhookType = 'Transaction.Paid' | 'Transaction.PartialCancelled' | 'Transaction.Cancelled';

/** The fields of a payment (as GET /payments/{paymentId} answers it) a webhook carries. */
export interface WebhookPayment {
  id: string;
  transactionId: string;
  paidAt?: string;
  updatedAt: string;
  cancellations?: Array<{ id: string; cancelledAt?: string }>;
}

export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The webhook PortOne would send for the payment's latest change; the same change always gets the same webhook-id. */
export function buildPortOneWebhook(
  payment: WebhookPayment, type: PortOneWebhookType, secret: string, timestampSeconds = Math.floor(Date.now() / 1000),
): BuiltPortOneWebhook {
  const last = payment.cancellations?.at(-1);
  const data: Record<string, string> = { paymentId: payment.id, storeId: SANDBOX_STORE_ID, transactionId: payment.transactionId };
  if (type !== 'Transaction.Paid' && last) data.cancellationId = last.id;
  const at = type === 'Transaction.Paid' ? (payment.paidAt ?? payment.updatedAt) : (last?.cancelledAt ?? payment.updatedAt);
  const body = JSON.stringify({ type, timestamp: at, data });
  const id = `msg_${stableHex(`${type}:${payment.id}:${last?.id ?? ''}`, 24)}`;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestampSeconds),
      'webhook-signature': signStandardWebhook(secret, id, timestampSeconds, body),
    },
  };
}
