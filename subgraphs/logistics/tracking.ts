// Sweet Tracker's trackingInfo (providers/sweettracker/README.md) mapped onto Shipment. level: 1 배송준비중, 2 집화완료,
// 3 배송중, 4 지점도착, 5 배송출발, 6 배송완료.
import type { SweetTrackerTracking } from '../../providers/sweettracker';
import type { Carrier } from '../../platform/graphql/enums';
import { ShipmentStatus, type Shipment, type TrackingEvent } from './schema/types';

const LEVELS: Record<number, ShipmentStatus> = {
  1: ShipmentStatus.INFO_RECEIVED,
  2: ShipmentStatus.PICKED_UP,
  3: ShipmentStatus.IN_TRANSIT,
  4: ShipmentStatus.IN_TRANSIT,
  5: ShipmentStatus.OUT_FOR_DELIVERY,
  6: ShipmentStatus.DELIVERED,
};

export function toShipment(carrier: Carrier, trackingNumber: string, tracking: SweetTrackerTracking | null): Shipment {
  if (!tracking) {
    return { carrier, trackingNumber, status: ShipmentStatus.INFO_RECEIVED, lastEvent: null, events: [] };
  }
  const events: TrackingEvent[] = (tracking.trackingDetails ?? []).map((detail) => ({
    at: new Date(detail.time),
    location: detail.where ?? null,
    description: detail.kind ?? '',
  }));
  const status = tracking.complete ? ShipmentStatus.DELIVERED : (LEVELS[Number(tracking.level)] ?? ShipmentStatus.IN_TRANSIT);
  return { carrier, trackingNumber, status, lastEvent: events.at(-1) ?? null, events };
}
