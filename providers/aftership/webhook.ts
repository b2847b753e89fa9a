// AfterShip Tracking API (versioned), providers/aftership/README.md "Webhooks": the `aftership-hmac-sha256` header is
// base64(HMAC-SHA256(key = webhook secret, raw body)); verify against the bytes received, never re-serialised JSON.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AFTERSHIP_TAGS, type AfterShipWebhookEvent, type AfterShipWebhookEventName } from './types';

export const AFTERSHIP_SIGNATURE_HEADER = 'aftership-hmac-sha256';
const EVENTS: readonly AfterShipWebhookEventName[] = ['tracking_update', 'edd_revise', 'tracking_pending_time'];

export function signAfterShipWebhook(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** True only when the header is the body's signature under `secret`; compared in constant time. */
export function verifyAfterShipWebhook(rawBody: string | Buffer, signatureHeader: string | undefined, secret: string): boolean {
  // Fail closed: without a secret anyone could sign.
  if (!secret || !signatureHeader) return false;
  const expected = Buffer.from(signAfterShipWebhook(rawBody, secret), 'utf8');
  const given = Buffer.from(signatureHeader.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class AfterShipWebhookError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'AfterShipWebhookError';
  }
}

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 80));
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

function need(ok: boolean, field: string, rule: string, value: unknown): void {
  if (!ok) throw new AfterShipWebhookError(field, `AfterShip webhook field ${field} must be ${rule}, but got ${show(value)}`);
}

/** Parses a webhook body (verify it first) and checks the fields receivers act on, naming the first bad one. */
export function parseAfterShipWebhook(rawBody: string | Buffer): AfterShipWebhookEvent {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString());
  } catch {
    throw new AfterShipWebhookError('body', 'AfterShip webhook body must be JSON, but it did not parse');
  }
  need(isObject(value), 'body', 'a JSON object', value);
  const body = value as Record<string, unknown>;
  need(EVENTS.includes(body.event as AfterShipWebhookEventName), 'event', `one of ${EVENTS.join(', ')}`, body.event);
  need(typeof body.event_id === 'string' && body.event_id !== '', 'event_id', 'a non-empty string', body.event_id);
  need(body.is_tracking_first_tag === undefined || typeof body.is_tracking_first_tag === 'boolean', 'is_tracking_first_tag', 'a boolean', body.is_tracking_first_tag);
  need(typeof body.ts === 'number' && Number.isFinite(body.ts), 'ts', 'a unix timestamp in seconds', body.ts);
  need(isObject(body.msg), 'msg', 'the tracking object', body.msg);
  const msg = body.msg as Record<string, unknown>;
  for (const field of ['id', 'tracking_number', 'slug']) {
    need(typeof msg[field] === 'string' && msg[field] !== '', `msg.${field}`, 'a non-empty string', msg[field]);
  }
  need(AFTERSHIP_TAGS.includes(msg.tag as never), 'msg.tag', `one of ${AFTERSHIP_TAGS.join(', ')}`, msg.tag);
  need(msg.checkpoints === undefined || Array.isArray(msg.checkpoints), 'msg.checkpoints', 'an array', msg.checkpoints);
  const tracking = { checkpoints: [], ...msg } as unknown as AfterShipWebhookEvent['msg'];
  return { ...(body as unknown as AfterShipWebhookEvent), msg: tracking };
}
