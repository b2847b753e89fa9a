// AfterShip Tracking API (versioned), providers/aftership/README.md "Envelope": the Tracking object as the API returns it
// (field names of the official SDK's `Tracking` model). Instants are ISO 8601 in UTC with `+00:00`.
import type { StoredCheckpoint, StoredTracking } from './store';

export function utcIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function presentCheckpoint(c: StoredCheckpoint, slug: string) {
  return {
    created_at: utcIso(c.time),
    slug,
    checkpoint_time: utcIso(c.time),
    location: c.location,
    city: null,
    state: null,
    postal_code: null,
    coordinate: null,
    country_region: c.countryRegion,
    country_region_name: null,
    message: c.message,
    tag: c.tag,
    subtag: c.subtag,
    subtag_message: c.subtagMessage,
    raw_tag: null,
  };
}

export function presentTracking(t: StoredTracking) {
  const delivered = t.checkpoints.find((c) => c.tag === 'Delivered');
  return {
    id: t.id,
    legacy_id: t.legacyId,
    created_at: utcIso(t.createdAt),
    updated_at: utcIso(t.updatedAt),
    tracking_number: t.trackingNumber,
    slug: t.slug,
    active: t.active,
    custom_fields: null,
    transit_time: delivered ? Math.ceil((delivered.time - t.createdAt) / 86_400_000) : null,
    origin_country_region: t.origin,
    destination_country_region: t.destination,
    note: null,
    order_id: t.orderId,
    order_number: null,
    shipment_delivery_date: delivered ? utcIso(delivered.time) : null,
    shipment_type: null,
    signed_by: null,
    source: 'api',
    tag: t.tag,
    subtag: t.subtag,
    subtag_message: t.subtagMessage,
    title: t.title,
    tracked_count: t.checkpoints.length,
    language: null,
    return_to_sender: false,
    checkpoints: t.checkpoints.map((c) => presentCheckpoint(c, t.slug)),
  };
}

export type PresentedTracking = ReturnType<typeof presentTracking>;
