// Which tracker follows which carrier, from the one carrier table in platform/carriers.ts: domestic parcels
// through Sweet Tracker (providers/sweettracker/README.md), international ones through AfterShip (providers/aftership/README.md).
import { CARRIER_CODES } from '../../platform/carriers';
import { Carrier } from '../../platform/graphql/enums';

export type Tracker = 'SWEETTRACKER' | 'AFTERSHIP';

export function trackerOf(carrier: Carrier): Tracker {
  return CARRIER_CODES[carrier].international ? 'AFTERSHIP' : 'SWEETTRACKER';
}

/**
 * The carrier we track through AfterShip under `slug`, or null. Only international carriers count: kr-post is
 * both EPOST (domestic, Sweet Tracker) and EMS, and an AfterShip update can only be about the EMS parcel.
 */
export function internationalCarrierOfSlug(slug: string): Carrier | null {
  const found = (Object.keys(CARRIER_CODES) as Carrier[]).find(
    (carrier) => CARRIER_CODES[carrier].international && CARRIER_CODES[carrier].aftership === slug,
  );
  return found ?? null;
}

/** `CJ:123456789012`: the form of Order.trackingRefs and of the loader's keys. */
export function trackingRef(carrier: Carrier, trackingNumber: string): string {
  return `${carrier}:${trackingNumber}`;
}

export function parseTrackingRef(ref: string): { carrier: Carrier; trackingNumber: string } | null {
  const separator = ref.indexOf(':');
  const carrier = ref.slice(0, separator) as Carrier;
  if (separator < 1 || !Object.hasOwn(CARRIER_CODES, carrier)) return null;
  return { carrier, trackingNumber: ref.slice(separator + 1) };
}
