// Every marketplace commerce serves, one adapter each.
import type { Marketplace } from '../../../platform/graphql/enums';
import { cafe24Adapter } from './cafe24';
import type { MarketplaceAdapter } from './types';

export const MARKETPLACE_ADAPTERS: Partial<Record<Marketplace, MarketplaceAdapter>> = {
  CAFE24: cafe24Adapter,
};

export type { MarketplaceAdapter, MarketplaceDeps, ActionResult } from './types';
