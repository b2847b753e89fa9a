// AfterShip's tracking object (providers/aftership/README.md) mapped onto Shipment: its `tag` onto ShipmentStatus, its
// checkpoints onto events. The same mapping serves a lookup and a webhook, so both show one parcel alike.
import type { AfterShipCheckpoint, AfterShipTag, AfterShipTracking } from '../../providers/aftership';
import type { Carrier } from '../../platform/graphql/enums';
import { ShipmentStatus, type Shipment, type TrackingEvent } from './schema/types';

export const AFTERSHIP_STATUS: Record<AfterShipTag, ShipmentStatus> = {
  // Pending: AfterShip has the number but the carrier has told it nothing yet, which is what INFO_RECEIVED means.
  Pending: ShipmentStatus.INFO_RECEIVED,
  InfoReceived: ShipmentStatus.INFO_RECEIVED,
  InTransit: ShipmentStatus.IN_TRANSIT,
  OutForDelivery: ShipmentStatus.OUT_FOR_DELIVERY,
  // Waiting at a pickup point for the recipient: the last leg, as for a parcel out for delivery.
  AvailableForPickup: ShipmentStatus.OUT_FOR_DELIVERY,
  Delivered: ShipmentStatus.DELIVERED,
  // A failed attempt, a customs hold, or no news for 30 days (Expired) each want the seller to act;
  // calling them IN_TRANSIT would hide exactly the parcels a seller needs to see.
  AttemptFail: ShipmentStatus.EXCEPTION,
  Exception: ShipmentStatus.EXCEPTION,
  Expired: ShipmentStatus.EXCEPTION,
};

/** An unknown tag (AfterShip adds them between versions) reads as moving, never as delivered. */
export function statusOfTag(tag: string): ShipmentStatus {
  return Object.hasOwn(AFTERSHIP_STATUS, tag) ? AFTERSHIP_STATUS[tag as AfterShipTag] : ShipmentStatus.IN_TRANSIT;
}

function toEvent(checkpoint: AfterShipCheckpoint): TrackingEvent {
  const place = [checkpoint.location, checkpoint.country_region].find((value) => typeof value === 'string' && value.trim() !== '');
  return {
    at: new Date(checkpoint.checkpoint_time),
    location: place ?? null,
    description: checkpoint.message || checkpoint.subtag_message || checkpoint.tag,
  };
}

export function afterShipShipment(carrier: Carrier, trackingNumber: string, tracking: AfterShipTracking): Shipment {
  const events = (tracking.checkpoints ?? [])
    .filter((checkpoint) => Number.isFinite(Date.parse(checkpoint.checkpoint_time)))
    .map(toEvent)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return { carrier, trackingNumber, status: statusOfTag(tracking.tag), lastEvent: events.at(-1) ?? null, events };
}
