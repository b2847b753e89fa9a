// AfterShip webhooks (providers.md §6 "Webhooks") at POST /webhooks/aftership?tenant={tenantId}.
// AfterShip signs with one secret per account, and an account belongs to one tenant: each tenant registers
// its own URL, so the receiver knows whose secret to check before it trusts a byte of the body.
// 401 for a missing or wrong signature, 400 for a signed body that is not a webhook, 429 over the rate per
// source IP or tenant (platform/webhook-guard.ts), 200 otherwise, duplicates included (AfterShip retries anything else,
// and a duplicate needs no retry). Event ids are deduplicated per tenant: they are unique per AfterShip account.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AFTERSHIP_SIGNATURE_HEADER, AfterShipWebhookError, parseAfterShipWebhook, verifyAfterShipWebhook,
  type AfterShipWebhookEvent,
} from '../../providers/aftership';
import type { Keyring } from '../../keyring/keyring';
import type { EventBus } from '../../platform/events';
import { FORWARDED_SOURCE_HEADER, verifyForwardedSource } from '../../platform/forwarded-source';
import { sendJson, type Route } from '../../platform/http';
import type { Logger } from '../../platform/logger';
import { WebhookGuard, type WebhookGuardOptions } from '../../platform/webhook-guard';
import { afterShipShipment } from './aftership';
import type { AfterShipStore, WebhookOutcome } from './aftership-store';
import type { TrackingCache } from './cache';
import { internationalCarrierOfSlug, trackingRef } from './carriers';

export const AFTERSHIP_WEBHOOK_PATH = '/webhooks/aftership';
const TENANT_FORMAT = /^[\w.:@-]{1,128}$/;

export interface WebhookDeps {
  keyring: Keyring;
  /** parcel.updated goes out once per applied event; commerce turns it into order.changed (subgraphs/commerce/events.ts). */
  events: EventBus;
  store: AfterShipStore;
  cache: TrackingCache;
  logger: Logger;
  rate?: WebhookGuardOptions['rate'];
  /** Checks the source address the gateway vouches for when it relays a webhook (gateway/webhooks.ts). */
  subgraphSecret?: string;
}

/**
 * The webhook secrets of the tenant's own AFTERSHIP keys (`webhookSecret` in the key's credentials). Read
 * from the key list rather than through `keyring.call`: checking a signature calls no provider, so it must
 * not spend a rate slot or count as usage. Shared-pool keys are left out: a shared account's webhooks
 * cannot tell which tenant a parcel is for.
 */
export async function afterShipWebhookSecrets(keyring: Keyring, tenantId: string): Promise<string[]> {
  const keys = await keyring.candidates(tenantId, 'AFTERSHIP');
  return keys
    .filter((key) => key.tenantId === tenantId)
    .map((key) => key.credentials.webhookSecret)
    .filter((secret): secret is string => typeof secret === 'string' && secret !== '');
}

/** Stores the event's state once per event_id and, when it is the newest, puts it in the shared cache. */
export async function applyAfterShipWebhook(deps: WebhookDeps, tenantId: string, event: AfterShipWebhookEvent): Promise<WebhookOutcome> {
  const { msg } = event;
  const carrier = internationalCarrierOfSlug(msg.slug);
  const shipment = carrier ? afterShipShipment(carrier, msg.tracking_number, msg) : null;
  const outcome = await deps.store.applyWebhook(tenantId, event, shipment);
  // Overwritten rather than dropped: the next query answers from the webhook without calling AfterShip.
  if (outcome === 'applied' && carrier && shipment) {
    await deps.cache.set(tenantId, trackingRef(carrier, msg.tracking_number), shipment);
    await deps.events.publish({
      type: 'parcel.updated', tenantId, carrier, trackingNumber: msg.tracking_number, status: shipment.status,
      at: (shipment.lastEvent?.at ?? new Date(event.ts * 1000)).toISOString(),
    });
  }
  return outcome;
}

const firstHeader = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function refuse(res: ServerResponse): void {
  sendJson(res, 401, { error: `${AFTERSHIP_SIGNATURE_HEADER} must be the body's HMAC-SHA256 under the tenant's AfterShip webhook secret` });
}

export function afterShipWebhookRoute(deps: WebhookDeps): Route {
  const guard = new WebhookGuard((tenantId) => afterShipWebhookSecrets(deps.keyring, tenantId), { rate: deps.rate });
  return async (req, res, body) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'AfterShip webhooks are POSTed' }, { allow: 'POST' });
    const tenantId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('tenant') ?? '';
    const signature = firstHeader(req, AFTERSHIP_SIGNATURE_HEADER);
    if (!TENANT_FORMAT.test(tenantId) || !signature) return refuse(res);
    // Relayed by the gateway: the caller's address as the gateway signed it; reached directly: the socket's.
    const vouched = deps.subgraphSecret ? verifyForwardedSource(firstHeader(req, FORWARDED_SOURCE_HEADER), body, deps.subgraphSecret) : null;
    const waitMs = guard.admit(vouched ?? req.socket.remoteAddress ?? 'unknown', tenantId);
    if (waitMs > 0) {
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      return sendJson(res, 429, { error: 'too many webhook requests from this source or for this tenant' }, { 'retry-after': retryAfter });
    }
    const secrets = await guard.secretsOf(tenantId);
    if (!secrets.some((secret) => verifyAfterShipWebhook(body, signature, secret))) {
      deps.logger.warn({ tenantId }, 'AfterShip webhook refused: the signature does not match');
      return refuse(res);
    }
    let event: AfterShipWebhookEvent;
    try {
      event = parseAfterShipWebhook(body);
    } catch (error) {
      if (error instanceof AfterShipWebhookError) return sendJson(res, 400, { error: error.message, field: error.field });
      throw error;
    }
    const outcome = await applyAfterShipWebhook(deps, tenantId, event);
    deps.logger.debug({ tenantId, eventId: event.event_id, outcome }, 'AfterShip webhook received');
    sendJson(res, 200, { received: true, outcome });
  };
}
