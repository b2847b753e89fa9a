// Every marketplace commerce serves, one adapter each. `Marketplace` comes from providers/registry.ts (descriptors with
// `marketplace: true`), so a marketplace registered there without an adapter here does not compile.
import type { Marketplace } from '../../../platform/graphql/enums';
import { elevenstProducts, updateElevenstStock } from '../products/elevenst';
import { naverProducts } from '../products/naver';
import { cafe24Adapter } from './cafe24';
import { coupangAdapter } from './coupang';
import { elevenstAdapter } from './elevenst';
import { naverAdapter } from './naver';
import type { MarketplaceAdapter } from './types';

export const MARKETPLACE_ADAPTERS = {
  CAFE24: cafe24Adapter,
  COUPANG: coupangAdapter,
  ELEVENST: {
    ...elevenstAdapter,
    products: (deps, tenantId, request) => elevenstProducts(deps, tenantId, request),
    updateStock: (deps, tenantId, externalId, quantity) => updateElevenstStock(deps, tenantId, externalId, quantity),
  },
  // Naver's catalog joins here, beside its order adapter (marketplaces/naver.ts), which stays about orders.
  NAVER: { ...naverAdapter, products: (deps, tenantId, request) => naverProducts(deps, tenantId, request) },
} as const satisfies Record<Marketplace, MarketplaceAdapter>;

export type { MarketplaceAdapter, MarketplaceDeps, ActionResult, ClaimActions } from './types';
