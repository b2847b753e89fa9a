// Per-request DataLoaders. Bound: one tracker lookup per distinct (carrier, tracking number) in the request
// that the shared cache does not hold, at most 8 in flight; a failed parcel fails only its own order, and
// failures are never cached. Domestic parcels go to Sweet Tracker, international ones to AfterShip.
import DataLoader from 'dataloader';
import { settleLimit } from '../../platform/concurrency';
import { providerFailure } from '../shared/provider-errors';
import { countCache } from '../../platform/metrics';
import type { TrackingCache } from './cache';
import { parseTrackingRef, trackerOf } from './carriers';
import { afterShip, sweetTracker, type TrackerDeps } from './trackers';
import type { Shipment } from './schema/types';

export interface LogisticsDeps extends TrackerDeps { cache: TrackingCache }

const TRACKER_NAMES = { SWEETTRACKER: 'Sweet Tracker', AFTERSHIP: 'AfterShip' } as const;

export function createLoaders(deps: LogisticsDeps, tenantId: string) {
  const trackers = { SWEETTRACKER: sweetTracker(deps, tenantId), AFTERSHIP: afterShip(deps, tenantId) };

  const track = async (ref: string): Promise<Shipment> => {
    const parsed = parseTrackingRef(ref);
    if (!parsed) throw new Error(`A tracking ref must be "CARRIER:number" with a known carrier, but got "${ref.slice(0, 40)}"`);
    const tracker = trackerOf(parsed.carrier);
    try {
      const { shipment, cache } = await trackers[tracker](parsed.carrier, parsed.trackingNumber);
      if (cache) await deps.cache.set(tenantId, ref, shipment);
      return shipment;
    } catch (error) {
      throw providerFailure(TRACKER_NAMES[tracker], error);
    }
  };

  /** One tracker call per missed parcel across every concurrent request and replica (no stampede on expiry). */
  const trackOnce = (ref: string): Promise<Shipment> => {
    const parsed = parseTrackingRef(ref);
    return parsed ? deps.cache.fill(tenantId, trackerOf(parsed.carrier), ref, () => track(ref)) : track(ref);
  };

  return {
    tracking: new DataLoader<string, Shipment>(async (refs) => {
      const cached = await deps.cache.getMany(tenantId, refs);
      const misses = refs.filter((_ref, index) => cached[index] === null);
      countCache('tracking', refs.length - misses.length, refs.length);
      const fetched = new Map<string, Shipment | Error>();
      if (misses.length) {
        const results = await settleLimit(misses, 8, trackOnce);
        misses.forEach((ref, index) => fetched.set(ref, results[index]));
      }
      return refs.map((ref, index) => cached[index] ?? fetched.get(ref)!);
    }),
  };
}
