// Every marketplace commerce serves, one adapter each. `Marketplace` comes from providers/registry.ts (descriptors with
// `marketplace: true`), so a marketplace registered there without an adapter here does not compile.
import type { Marketplace } from '../../../platform/graphql/enums';
import { elevenstProducts, updateElevenstStock } from '../products/elevenst';
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
  NAVER: naverAdapter,
} as const satisfies Record<Marketplace, MarketplaceAdapter>;

export type { MarketplaceAdapter, MarketplaceDeps, ActionResult, ClaimActions } from './types';
