// Per-request DataLoaders. Bound: one Sweet Tracker call per distinct (carrier, tracking number) in the
// request that the shared cache does not hold, at most 8 in flight, and at most one key lookup per request;
// a failed parcel fails only its own order, and failures are never cached.
import DataLoader from 'dataloader';
import { SweetTrackerClient, type SweetTrackerTracking } from '../../providers/sweettracker';
import type { Keyring } from '../../keyring/keyring';
import { settleLimit } from '../../platform/concurrency';
import type { Carrier } from '../../platform/graphql/enums';
import { SWEETTRACKER_CODES } from './carriers';
import { toShipment } from './tracking';
import type { Shipment } from './schema/types';
import { providerFailure } from '../shared/provider-errors';
import type { TrackingCache } from './cache';

export interface LogisticsDeps { keyring: Keyring; sweetTrackerBaseUrl: string; cache: TrackingCache }

export function createLoaders(deps: LogisticsDeps, tenantId: string) {
  const track = (tCode: string, invoice: string) =>
    deps.keyring.call<{ apiKey: string }, SweetTrackerTracking | null>(
      { tenantId, provider: 'SWEETTRACKER', operation: 'trackingInfo' },
      (lease) => new SweetTrackerClient({ baseUrl: deps.sweetTrackerBaseUrl, apiKey: lease.credentials.apiKey }).trackingInfo(tCode, invoice),
    );

  return {
    tracking: new DataLoader<string, Shipment>(async (refs) => {
      const cached = await deps.cache.getMany(tenantId, refs);
      const misses = refs.filter((_ref, index) => cached[index] === null);
      const fetched = new Map<string, Shipment | Error>();
      if (misses.length) {
        const results = await settleLimit(misses, 8, async (ref) => {
          const separator = ref.indexOf(':');
          const carrier = ref.slice(0, separator) as Carrier;
          const trackingNumber = ref.slice(separator + 1);
          try {
            const shipment = toShipment(carrier, trackingNumber, await track(SWEETTRACKER_CODES[carrier], trackingNumber));
            await deps.cache.set(tenantId, ref, shipment);
            return shipment;
          } catch (error) {
            throw providerFailure('Sweet Tracker', error);
          }
        });
        misses.forEach((ref, index) => fetched.set(ref, results[index]));
      }
      return refs.map((ref, index) => cached[index] ?? fetched.get(ref)!);
    }),
  };
}
