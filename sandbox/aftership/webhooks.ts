// AfterShip Tracking API (versioned), providers/aftership/README.md "Webhooks": the POST AfterShip sends on a tracking
// update, signed with `aftership-hmac-sha256` = base64(HMAC-SHA256(webhook secret, raw body)). The control
// surface has no webhook endpoint, so tests drive this module directly: advance a tracking, build, deliver.
import { createHash, createHmac } from 'node:crypto';
import type { SandboxState } from '../state';
import { presentTracking } from './present';
import { addCheckpoint, NEXT_TAG } from './statuses';
import { afterShipStore, type StoredTracking } from './store';

/** The webhook version the sandbox account's endpoint is set to (`as-webhook-version`). */
export const DEFAULT_WEBHOOK_VERSION = '2025-07';

export interface BuiltWebhook {
  body: string;
  headers: Record<string, string>;
}

/** UUID v4 layout from a digest of the update: the same update always gets the same event_id. */
function eventId(t: StoredTracking): string {
  const hex = createHash('sha256').update(`${t.id}:${t.updatedAt}:${t.checkpoints.length}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** True when the latest checkpoint is the first one under its tag (the first InTransit, the first Exception…). */
function isFirstOfTag(t: StoredTracking): boolean {
  const last = t.checkpoints[t.checkpoints.length - 1];
  return !last || t.checkpoints.filter((c) => c.tag === last.tag).length === 1;
}

export function buildWebhook(tracking: StoredTracking, secret: string, version: string = DEFAULT_WEBHOOK_VERSION): BuiltWebhook {
  const body = JSON.stringify({
    event: 'tracking_update',
    event_id: eventId(tracking),
    is_tracking_first_tag: isFirstOfTag(tracking),
    msg: presentTracking(tracking),
    ts: Math.floor(tracking.updatedAt / 1000),
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'aftership-hmac-sha256': createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
      'as-webhook-version': version,
    },
  };
}

/**
 * Moves tracking `id` one tag on (InfoReceived → InTransit → OutForDelivery → Delivered; Pending first to
 * InfoReceived, an Exception back to InTransit), adding the checkpoint at the sandbox clock's now.
 * Returns undefined when the tracking is already at a final tag; throws when there is no such tracking.
 */
export function advanceTracking(state: SandboxState, id: string): StoredTracking | undefined {
  const tracking = afterShipStore(state).trackings.get(id);
  if (!tracking) throw new Error(`advanceTracking: no AfterShip tracking has id "${id}"`);
  const next = NEXT_TAG[tracking.tag];
  if (!next) return undefined;
  addCheckpoint(tracking, next, Math.max(state.clock.now(), tracking.updatedAt + 1));
  return tracking;
}

/** The secret registered with this API key, for signing that account's webhooks. */
export function webhookSecretOf(state: SandboxState, apiKey: string): string | undefined {
  return afterShipStore(state).keys.get(apiKey);
}

/** POSTs the webhook to `url` as AfterShip would; resolves with the receiver's HTTP status. */
export async function deliverWebhook(url: string, tracking: StoredTracking, secret: string): Promise<number> {
  const { body, headers } = buildWebhook(tracking, secret);
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}
