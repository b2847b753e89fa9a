// Every marketplace commerce serves, one adapter each.
import type { Marketplace } from '../../../platform/graphql/enums';
import { cafe24Adapter } from './cafe24';
import { coupangAdapter } from './coupang';
import { elevenstAdapter } from './elevenst';
import { naverAdapter } from './naver';
import type { MarketplaceAdapter } from './types';

export const MARKETPLACE_ADAPTERS: Partial<Record<Marketplace, MarketplaceAdapter>> = {
  CAFE24: cafe24Adapter,
  COUPANG: coupangAdapter,
  ELEVENST: elevenstAdapter,
  NAVER: naverAdapter,
};

export type { MarketplaceAdapter, MarketplaceDeps, ActionResult } from './types';
