// AfterShip Tracking API (versioned), following providers/aftership/README.md:
// the public surface of this folder.
export {
  AfterShipClient, DEFAULT_AFTERSHIP_API_VERSION, MAX_PAGE_SIZE,
  type AfterShipClientOptions, type CreateTrackingInput, type ListTrackingsInput, type TrackingFilter,
} from './client';
export { afterShipError, retryAfterMs, RATE_WINDOW_MS } from './errors';
export {
  AFTERSHIP_SIGNATURE_HEADER, AfterShipWebhookError, parseAfterShipWebhook, signAfterShipWebhook, verifyAfterShipWebhook,
} from './webhook';
export { AFTERSHIP_TAGS } from './types';
export type * from './types';
