// Per-request DataLoaders. Bound: one Sweet Tracker call per distinct (carrier, tracking number) in the
// request, at most 8 in flight, and one key lookup per request; a failed parcel fails only its own order.
import DataLoader from 'dataloader';
import { SweetTrackerClient } from '../../providers/sweettracker';
import type { Keyring } from '../../keyring/keyring';
import { settleLimit } from '../../platform/concurrency';
import type { Carrier } from '../../platform/graphql/enums';
import { SWEETTRACKER_CODES } from './carriers';
import { toShipment } from './tracking';
import type { Shipment } from './schema/types';
import { providerFailure } from '../shared/provider-errors';

export interface LogisticsDeps { keyring: Keyring; sweetTrackerBaseUrl: string }

export function createLoaders(deps: LogisticsDeps, tenantId: string) {
  let client: Promise<SweetTrackerClient> | null = null;
  const sweetTracker = () =>
    (client ??= deps.keyring
      .resolve<{ apiKey: string }>(tenantId, 'SWEETTRACKER')
      .then((lease) => new SweetTrackerClient({ baseUrl: deps.sweetTrackerBaseUrl, apiKey: lease.credentials.apiKey })));

  return {
    tracking: new DataLoader<string, Shipment>(async (refs) => {
      const tracker = await sweetTracker();
      return settleLimit(refs, 8, async (ref) => {
        const separator = ref.indexOf(':');
        const carrier = ref.slice(0, separator) as Carrier;
        const trackingNumber = ref.slice(separator + 1);
        try {
          return toShipment(carrier, trackingNumber, await tracker.trackingInfo(SWEETTRACKER_CODES[carrier], trackingNumber));
        } catch (error) {
          throw providerFailure('Sweet Tracker', error);
        }
      });
    }),
  };
}
