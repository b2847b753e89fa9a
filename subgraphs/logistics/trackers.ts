// One function per tracker, each answering "where is this parcel now?" for one tenant through the keyring:
// Sweet Tracker for domestic carriers (providers/sweettracker/README.md), AfterShip for international ones (providers/aftership/README.md).
import { AfterShipClient, type AfterShipTracking } from '../../providers/aftership';
import { ProviderError } from '../../providers/errors';
import { SweetTrackerClient, type SweetTrackerTracking } from '../../providers/sweettracker';
import { CARRIER_CODES } from '../../platform/carriers';
import type { Carrier } from '../../platform/graphql/enums';
import type { Keyring } from '../../keyring/keyring';
import { afterShipShipment } from './aftership';
import type { AfterShipStore } from './aftership-store';
import { toShipment } from './tracking';
import type { Shipment } from './schema/types';

export interface TrackerDeps {
  keyring: Keyring;
  sweetTrackerBaseUrl: string;
  aftershipBaseUrl: string;
  store: AfterShipStore;
}

/** `cache: false` when a fresher state (a webhook's) arrived meanwhile and is already cached. */
export interface Tracked { shipment: Shipment; cache: boolean }

export type TrackParcel = (carrier: Carrier, trackingNumber: string) => Promise<Tracked>;

export function sweetTracker(deps: TrackerDeps, tenantId: string): TrackParcel {
  return async (carrier, trackingNumber) => {
    const tracking = await deps.keyring.call<{ apiKey: string }, SweetTrackerTracking | null>(
      { tenantId, provider: 'SWEETTRACKER', operation: 'trackingInfo' },
      (lease) =>
        new SweetTrackerClient({ baseUrl: deps.sweetTrackerBaseUrl, apiKey: lease.credentials.apiKey })
          .trackingInfo(CARRIER_CODES[carrier].sweettracker, trackingNumber),
    );
    return { shipment: toShipment(carrier, trackingNumber, tracking), cache: true };
  };
}

const isProviderError = (error: unknown, kind: ProviderError['kind'], code?: string) =>
  error instanceof ProviderError && error.kind === kind && (code === undefined || error.providerCode === code);

export function afterShip(deps: TrackerDeps, tenantId: string): TrackParcel {
  // One keyring call per HTTP request: each spends one of AfterShip's per-endpoint rate slots.
  const call = <T>(operation: string, fn: (client: AfterShipClient) => Promise<T>) =>
    deps.keyring.call<{ apiKey: string }, T>({ tenantId, provider: 'AFTERSHIP', operation }, (lease) =>
      fn(new AfterShipClient({ baseUrl: deps.aftershipBaseUrl, apiKey: lease.credentials.apiKey })),
    );

  const search = async (slug: string, trackingNumber: string): Promise<AfterShipTracking | undefined> => {
    // `keyword` also matches titles and order ids, as a substring: keep only the exact parcel.
    const page = await call('listTrackings', (client) => client.listTrackings({ slug, keyword: trackingNumber, limit: 50 }));
    return page.trackings.find((t) => t.slug === slug && t.tracking_number === trackingNumber);
  };

  const find = async (slug: string, trackingNumber: string): Promise<AfterShipTracking> => {
    const id = await deps.store.afterShipId(tenantId, slug, trackingNumber);
    if (id) {
      try {
        return await call('getTracking', (client) => client.getTracking(id));
      } catch (error) {
        // Deleted at AfterShip since: search, and create it again if need be.
        if (!isProviderError(error, 'not_found')) throw error;
      }
    }
    const found = await search(slug, trackingNumber);
    if (found) return found;
    try {
      // Creating the tracking is how AfterShip starts following a parcel; its webhooks report from then on.
      return await call('createTracking', (client) => client.createTracking({ slug, trackingNumber }));
    } catch (error) {
      // 4003: another request (or replica) created it between our search and our create.
      const created = isProviderError(error, 'bad_request', '4003') ? await search(slug, trackingNumber) : undefined;
      if (created) return created;
      throw error;
    }
  };

  return async (carrier, trackingNumber) => {
    const slug = CARRIER_CODES[carrier].aftership;
    const tracking = await find(slug, trackingNumber);
    const shipment = afterShipShipment(carrier, trackingNumber, tracking);
    const saved = await deps.store.save(tenantId, { tracking, shipment, fallbackUpdatedAt: new Date() });
    if (saved) return { shipment, cache: true };
    // A webhook stored a newer state while we asked AfterShip: that one is the answer (and is cached already).
    return { shipment: (await deps.store.shipment(tenantId, slug, trackingNumber)) ?? shipment, cache: false };
  };
}
