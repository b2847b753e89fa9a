// PortOne V2 webhooks, providers/portone/README.md ("Webhooks"): Standard Webhooks signatures (webhook-id,
// webhook-timestamp, webhook-signature), verified with the official SDK's Webhook.verify (5-minute tolerance).
import { Webhook } from '@portone/server-sdk';
import type { PortOneWebhook } from './types';

export const PORTONE_WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** A payment webhook opsgraph acts on: its delivery id (`webhook-id`, the same on every retry) and the event. */
export interface PortOnePaymentWebhook {
  webhookId: string;
  type: string;
  paymentId: string;
  storeId: string | null;
  timestamp: string;
}

/**
 * The verified webhook, or null when no secret signs it (or it is too old or too new). A payload that verifies
 * but is not a transaction event (BillingKey.*, a type added later) comes back with `paymentId` empty: PortOne asks
 * receivers to ignore unknown types rather than fail them.
 */
export async function verifyPortOneWebhook(
  secrets: readonly string[], body: string, headers: Record<string, string | string[] | undefined>,
): Promise<PortOnePaymentWebhook | null> {
  for (const secret of secrets) {
    let webhook: PortOneWebhook;
    try {
      webhook = await Webhook.verify(secret, body, headers);
    } catch (error) {
      if (error instanceof Webhook.WebhookVerificationError || error instanceof Webhook.InvalidInputError) continue;
      throw error;
    }
    const id = headers['webhook-id'];
    const data = (webhook as { data?: { paymentId?: unknown; storeId?: unknown } }).data;
    return {
      webhookId: Array.isArray(id) ? id[0] : (id ?? ''),
      type: String(webhook.type),
      paymentId: typeof data?.paymentId === 'string' ? data.paymentId : '',
      storeId: typeof data?.storeId === 'string' ? data.storeId : null,
      timestamp: String((webhook as { timestamp?: unknown }).timestamp ?? ''),
    };
  }
  return null;
}
