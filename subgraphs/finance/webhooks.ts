// PortOne V2 webhooks (providers/portone/README.md "Webhooks") at POST /webhooks/portone?tenant={tenantId}, served by
// finance, which owns payments, as logistics serves its trackers' webhooks. The gateway relays the public path here (the
// descriptor's `webhook` part, gateway/provider-routes.ts) with the caller's address signed (platform/forwarded-source.ts);
// the signature itself is checked here, where the secret is. Each tenant registers its own URL in the PortOne console,
// so the receiver knows whose webhook secret to check before it trusts a byte of the body.
// 401 for a missing or wrong signature (or a timestamp more than 5 minutes off), 429 over the rate per source IP or
// tenant, 503 when the payment could not be read back (PortOne retries), 200 otherwise, duplicates included.
// Applied once per event: the webhook-id (the same on every retry of one event) is inserted per tenant in
// PostgreSQL first, so of two deliveries, on any replicas, only the one whose insert wins refreshes the payment and
// publishes the order event. The body is not trusted for the payment's state: it is read back from PortOne.
import type { IncomingMessage } from 'node:http';
import type { DataSource } from 'typeorm';
import type { Keyring } from '../../keyring/keyring';
import type { EventBus } from '../../platform/events';
import { FORWARDED_SOURCE_HEADER, verifyForwardedSource } from '../../platform/forwarded-source';
import { sendJson, type Route } from '../../platform/http';
import type { Logger } from '../../platform/logger';
import { verifyPortOneWebhook, type PortOnePaymentWebhook } from '../../providers/portone';
import { WebhookGuard, type WebhookGuardOptions } from '../../platform/webhook-guard';
import type { PaymentCache } from './cache';
import { publishPaymentChange } from './order-events';
import { findOrderByExternalId } from './orders';
import type { OwnMallPayments } from './own-mall';

export const PORTONE_WEBHOOK_PATH = '/webhooks/portone';
const TENANT_FORMAT = /^[\w.:@-]{1,128}$/;

export interface PortOneWebhookDeps {
  db: DataSource;
  keyring: Keyring;
  ownMall: OwnMallPayments;
  cache: PaymentCache;
  events: Pick<EventBus, 'publish'>;
  logger: Logger;
  rate?: WebhookGuardOptions['rate'];
  /** Checks the source address the gateway vouches for when it relays a webhook (gateway/webhooks.ts). */
  subgraphSecret?: string;
}

export type PortOneWebhookOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * The webhook secrets of the tenant's own PORTONE keys. Read from the key list, not through `keyring.call`: checking
 * a signature calls no provider. Shared-pool keys are left out: their webhooks cannot tell which tenant they are for.
 */
export async function portoneWebhookSecrets(keyring: Keyring, tenantId: string): Promise<string[]> {
  const keys = await keyring.candidates(tenantId, 'PORTONE');
  return keys
    .filter((key) => key.tenantId === tenantId)
    .map((key) => key.credentials.webhookSecret)
    .filter((secret): secret is string => typeof secret === 'string' && secret !== '');
}

/** Applies a verified webhook once per (tenant, webhook-id). Throws when the payment could not be read back. */
export async function applyPortOneWebhook(deps: PortOneWebhookDeps, tenantId: string, webhook: PortOnePaymentWebhook): Promise<PortOneWebhookOutcome> {
  // PortOne asks receivers to ignore types they do not know (README "Webhooks"); billing keys are not payments.
  if (!webhook.type.startsWith('Transaction.') || webhook.paymentId === '' || webhook.webhookId === '') return 'ignored';
  const inserted: Array<{ webhook_id: string }> = await deps.db.query(
    `INSERT INTO portone_webhook_events (tenant_id, webhook_id, type, payment_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, webhook_id) DO NOTHING RETURNING webhook_id`,
    [tenantId, webhook.webhookId, webhook.type, webhook.paymentId],
  );
  if (inserted.length === 0) return 'duplicate';
  try {
    const found = await deps.ownMall.find(tenantId, webhook.paymentId);
    await deps.cache.set(tenantId, webhook.paymentId, found?.payment ?? null);
  } catch (error) {
    // Not applied: forget the id so that PortOne's retry of this event applies it.
    await deps.db.query('DELETE FROM portone_webhook_events WHERE tenant_id = $1 AND webhook_id = $2', [tenantId, webhook.webhookId]);
    throw error;
  }
  const order = await findOrderByExternalId(deps.db, tenantId, 'CAFE24', webhook.paymentId);
  if (order) await publishPaymentChange(deps.events, order);
  return 'applied';
}

const headersOf = (req: IncomingMessage) => req.headers as Record<string, string | string[] | undefined>;

export function portoneWebhookRoute(deps: PortOneWebhookDeps): Route {
  const guard = new WebhookGuard((tenantId) => portoneWebhookSecrets(deps.keyring, tenantId), { rate: deps.rate });
  const refuse = (res: Parameters<Route>[1]) =>
    sendJson(res, 401, { error: "webhook-signature must sign webhook-id, webhook-timestamp and the body with the tenant's PortOne webhook secret" });
  return async (req, res, body) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'PortOne webhooks are POSTed' }, { allow: 'POST' });
    const tenantId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('tenant') ?? '';
    if (!TENANT_FORMAT.test(tenantId) || !req.headers['webhook-signature']) return refuse(res);
    // Relayed by the gateway: the caller's address as the gateway signed it; reached directly: the socket's.
    const forwarded = req.headers[FORWARDED_SOURCE_HEADER];
    const vouched = deps.subgraphSecret ? verifyForwardedSource(Array.isArray(forwarded) ? forwarded[0] : forwarded, body, deps.subgraphSecret) : null;
    const waitMs = guard.admit(vouched ?? req.socket.remoteAddress ?? 'unknown', tenantId);
    if (waitMs > 0) {
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      return sendJson(res, 429, { error: 'too many webhook requests from this source or for this tenant' }, { 'retry-after': retryAfter });
    }
    const webhook = await verifyPortOneWebhook(await guard.secretsOf(tenantId), body.toString('utf8'), headersOf(req));
    if (!webhook) {
      deps.logger.warn({ tenantId }, 'PortOne webhook refused: no webhook secret of the tenant signs it');
      return refuse(res);
    }
    let outcome: PortOneWebhookOutcome;
    try {
      outcome = await applyPortOneWebhook(deps, tenantId, webhook);
    } catch (error) {
      deps.logger.warn({ tenantId, webhookId: webhook.webhookId, err: error }, 'PortOne webhook not applied: the payment could not be read back');
      return sendJson(res, 503, { error: 'the payment could not be read back from PortOne; retry later' });
    }
    deps.logger.debug({ tenantId, webhookId: webhook.webhookId, outcome }, 'PortOne webhook received');
    sendJson(res, 200, { received: true, outcome });
  };
}
