// AfterShip Tracking API (versioned), providers/aftership/README.md: how a shipment's tag moves on, and the checkpoint each
// step leaves. The tracking's tag, subtag and subtag_message are always those of its latest checkpoint.
import type { StoredTracking, Tag } from './store';

export const SUBTAGS: Readonly<Partial<Record<Tag, { subtag: string; message: string }>>> = {
  Pending: { subtag: 'Pending_001', message: 'Pending' },
  InfoReceived: { subtag: 'InfoReceived_001', message: 'Info Received' },
  InTransit: { subtag: 'InTransit_001', message: 'In Transit' },
  OutForDelivery: { subtag: 'OutForDelivery_001', message: 'Out for Delivery' },
  Delivered: { subtag: 'Delivered_001', message: 'Delivered' },
  Exception: { subtag: 'Exception_011', message: 'Shipment on hold' },
};

/** The next tag of the happy path; an Exception resumes in transit, Delivered is final. */
export const NEXT_TAG: Readonly<Partial<Record<Tag, Tag>>> = {
  Pending: 'InfoReceived',
  InfoReceived: 'InTransit',
  InTransit: 'OutForDelivery',
  OutForDelivery: 'Delivered',
  Exception: 'InTransit',
};

const MESSAGES: Readonly<Partial<Record<Tag, string>>> = {
  InfoReceived: 'Shipment information received',
  InTransit: 'Departed from facility',
  OutForDelivery: 'With delivery courier',
  Delivered: 'Delivered',
  Exception: 'Held by customs',
};

/** Records a checkpoint at `time` in the tracking's route and makes its tag the tracking's. */
export function addCheckpoint(t: StoredTracking, tag: Tag, time: number): void {
  const status = SUBTAGS[tag] ?? { subtag: `${tag}_001`, message: tag };
  const atOrigin = tag === 'InfoReceived' || (tag === 'InTransit' && !t.checkpoints.some((c) => c.tag === 'InTransit'));
  const countryRegion = atOrigin ? t.origin : t.destination;
  t.checkpoints.push({
    time,
    message: MESSAGES[tag] ?? tag,
    location: countryRegion === 'KOR' ? 'Incheon, KR' : `${countryRegion} gateway`,
    countryRegion,
    tag,
    subtag: status.subtag,
    subtagMessage: status.message,
  });
  setTag(t, tag, time);
}

export function setTag(t: StoredTracking, tag: Tag, time: number): void {
  const status = SUBTAGS[tag] ?? { subtag: `${tag}_001`, message: tag };
  t.tag = tag;
  t.subtag = status.subtag;
  t.subtagMessage = status.message;
  t.updatedAt = time;
  // AfterShip stops tracking a delivered shipment.
  t.active = tag !== 'Delivered' && tag !== 'Expired';
}
