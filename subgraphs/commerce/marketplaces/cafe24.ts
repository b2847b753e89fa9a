// Cafe24 as a marketplace adapter (providers/cafe24/README.md): order sync, the product catalog, dispatch through
// the order shipments API, and claim actions (cafe24-claims.ts). A mall numbers its carriers itself, so the carrier
// code comes from the mall's carrier list.
import { Marketplace, OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import { carrierFromName } from '../../../platform/carriers';
import { ProviderError } from '../../../providers/errors';
import type { Cafe24Client } from '../../../providers/cafe24';
import { cafe24Call, syncCafe24 } from '../sync/cafe24';
import { cafe24Products, updateCafe24Stock } from '../products/cafe24';
import type { OrderEntity } from '../entities/order';
import type { ActionResult, MarketplaceAdapter, MarketplaceDeps } from './types';
import { cafe24Claims } from './cafe24-claims';

const syncDeps = (deps: MarketplaceDeps) => ({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.cafe24, redirectUri: deps.cafe24RedirectUri });

/** Cafe24's refusal of the request itself (422: a status that cannot ship, an unknown carrier) in its own words. */
async function refusalOf<T>(deps: MarketplaceDeps, tenantId: string, operation: string, fn: (client: Cafe24Client) => Promise<T>): Promise<{ value: T } | { refusal: string }> {
  try {
    return { value: await cafe24Call(syncDeps(deps), tenantId, operation, fn) };
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'bad_request' || error.kind === 'not_found')) {
      return { refusal: error.message.replace(/^.*? failed: /, '') };
    }
    throw error;
  }
}

async function dispatchOne(deps: MarketplaceDeps, tenantId: string, order: OrderEntity, carrier: Carrier, trackingNo: string): Promise<ActionResult> {
  const carriers = await refusalOf(deps, tenantId, 'listCarriers', (client) => client.listCarriers());
  if ('refusal' in carriers) return { ok: false, reason: carriers.refusal };
  const registered = carriers.value.find((c) => carrierFromName(c.shipping_carrier) === carrier);
  if (!registered) return { ok: false, reason: `the mall has no registered carrier for ${carrier}; add it in the Cafe24 admin first` };
  const shipped = await refusalOf(deps, tenantId, 'createShipment', (client) =>
    client.createShipment(order.externalId, { tracking_no: trackingNo, shipping_company_code: registered.shipping_carrier_code, status: 'shipping' }),
  );
  return 'refusal' in shipped ? { ok: false, reason: shipped.refusal } : { ok: true, status: OrderStatus.SHIPPING };
}

export const cafe24Adapter: MarketplaceAdapter = {
  marketplace: Marketplace.CAFE24,
  sync: (deps, tenantId) => syncCafe24(syncDeps(deps), tenantId),
  dispatch: (deps, tenantId, order, carrier, trackingNumber) => dispatchOne(deps, tenantId, order, carrier, trackingNumber),
  products: (deps, tenantId, request) => cafe24Products(deps, tenantId, request),
  updateStock: (deps, tenantId, externalId, quantity) => updateCafe24Stock(deps, tenantId, externalId, quantity),
  claims: cafe24Claims,
};
