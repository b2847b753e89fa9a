// One Carrier enum, and each tracker's code for it. Sweet Tracker t_code values: providers.md §5 companylist.
import { Carrier } from '../../platform/graphql/enums';

export const SWEETTRACKER_CODES: Record<Carrier, string> = {
  [Carrier.EPOST]: '01',
  [Carrier.CJ]: '04',
  [Carrier.HANJIN]: '05',
  [Carrier.LOGEN]: '06',
  [Carrier.LOTTE]: '08',
  [Carrier.EMS]: '12',
  [Carrier.DHL]: '13',
  [Carrier.FEDEX]: '21',
  [Carrier.UPS]: '25',
};

export function parseTrackingRef(ref: string): { carrier: Carrier; trackingNumber: string } | null {
  const separator = ref.indexOf(':');
  const carrier = ref.slice(0, separator) as Carrier;
  if (separator < 1 || !(carrier in SWEETTRACKER_CODES)) return null;
  return { carrier, trackingNumber: ref.slice(separator + 1) };
}
