// AfterShip Tracking API (versioned), providers/aftership/README.md: the wire shapes, field names as sent (snake_case),
// following the official SDK's `Tracking` and `Checkpoint` models. Instants are ISO 8601 strings.

export type AfterShipTag =
  | 'Pending'
  | 'InfoReceived'
  | 'InTransit'
  | 'OutForDelivery'
  | 'AttemptFail'
  | 'Delivered'
  | 'AvailableForPickup'
  | 'Exception'
  | 'Expired';

export const AFTERSHIP_TAGS: readonly AfterShipTag[] = [
  'Pending', 'InfoReceived', 'InTransit', 'OutForDelivery', 'AttemptFail', 'Delivered', 'AvailableForPickup', 'Exception', 'Expired',
];

export interface AfterShipCheckpoint {
  checkpoint_time: string;
  message: string;
  location: string | null;
  country_region?: string | null;
  tag: AfterShipTag;
  subtag: string;
  subtag_message?: string;
  slug: string;
  [field: string]: unknown;
}

export interface AfterShipTracking {
  /** The versioned API's id (0 to 128 characters since 2025-04); `legacy_id` is the v4 one. */
  id: string;
  legacy_id: string;
  tracking_number: string;
  slug: string;
  /** False once AfterShip stopped tracking it (Delivered, Expired, or 30 days without news). */
  active: boolean;
  tag: AfterShipTag;
  subtag: string;
  subtag_message: string;
  title?: string;
  order_id?: string | null;
  origin_country_region?: string | null;
  destination_country_region?: string | null;
  created_at: string;
  updated_at: string;
  checkpoints: AfterShipCheckpoint[];
  [field: string]: unknown;
}

/** `meta` of every reply: HTTP-like codes (200, 401…) or tracking codes (4003, 4004…). */
export interface AfterShipMeta {
  code: number;
  message?: string;
  type?: string;
}

export interface AfterShipTrackingPage {
  trackings: AfterShipTracking[];
  total: number;
  /** The cursor of the next page; null on the last one. */
  nextCursor: string | null;
  hasNextPage: boolean;
}

export type AfterShipWebhookEventName = 'tracking_update' | 'edd_revise' | 'tracking_pending_time';

export interface AfterShipWebhookEvent {
  event: AfterShipWebhookEventName;
  /** UUID v4: the same event retried keeps it, so receivers deduplicate on it. */
  event_id: string;
  is_tracking_first_tag?: boolean;
  msg: AfterShipTracking;
  /** Unix seconds of the event. */
  ts: number;
}
