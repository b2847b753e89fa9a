// Cafe24 as a marketplace adapter: order sync and the product catalog. Cafe24's shipment and status actions are
// not served yet (see README).
import { Marketplace } from '../../../platform/graphql/enums';
import { syncCafe24 } from '../sync/cafe24';
import { cafe24Products } from '../products/cafe24';
import type { MarketplaceAdapter } from './types';

export const cafe24Adapter: MarketplaceAdapter = {
  marketplace: Marketplace.CAFE24,
  sync: (deps, tenantId) =>
    syncCafe24({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.cafe24, redirectUri: deps.cafe24RedirectUri }, tenantId),
  products: (deps, tenantId, request) => cafe24Products(deps, tenantId, request),
};
