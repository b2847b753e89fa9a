// What commerce needs from each marketplace: a sync, the marketplace's own order actions, and its catalog. One adapter per
// marketplace (marketplaces/<name>.ts), listed in marketplaces/index.ts (docs/adding-a-provider.md, step 6).
import type { DataSource } from 'typeorm';
import type { OrderEvents } from '../events';
import type { Keyring } from '../../../keyring/keyring';
import type { Carrier, Marketplace, OrderStatus } from '../../../platform/graphql/enums';
import type { OrderEntity } from '../entities/order';
import type { SyncResult } from '../schema/types';
import type { Product } from '../products/types';
import type { ClaimAction } from '../schema/claims';

export interface MarketplaceDeps {
  db: DataSource;
  /** Where order.changed events go (sync/store.ts publishes each change after writing it). */
  events: OrderEvents;
  keyring: Keyring;
  /** Each marketplace's base URL, by lower-case name (config.providers.baseUrls). */
  baseUrls: Record<Lowercase<Marketplace>, string>;
  cafe24RedirectUri: string;
}

/** The marketplace's answer to one order's action: ok with the order's new status, or refused with its reason. */
export type ActionResult = { ok: true; status: OrderStatus } | { ok: false; reason: string };

/**
 * A page request in the marketplace's own terms: `after` is a position this adapter returned, or null.
 * `first: 0` must make no marketplace call: commerce asks so when it needs only `count`.
 */
export interface ProductPageRequest { first: number; after: string | null }

export interface ProductPage {
  /** At most `first` products, each with the position a following page starts after. */
  items: Array<{ position: string; product: Product }>;
  hasNextPage: boolean;
  /** All the tenant's products at this marketplace: a call of its own, made only when asked. */
  count(): Promise<number>;
}

export interface MarketplaceAdapter {
  marketplace: Marketplace;
  /** Incremental from the last successful sync, every page, idempotent (see sync/store.ts). */
  sync(deps: MarketplaceDeps, tenantId: string): Promise<SyncResult>;
  /** Acknowledges new orders (발주확인); returns one result per order id. */
  confirm?(deps: MarketplaceDeps, tenantId: string, orders: OrderEntity[]): Promise<Map<string, ActionResult>>;
  /** Registers the invoice number of a dispatched order (송장 등록). */
  dispatch?(deps: MarketplaceDeps, tenantId: string, order: OrderEntity, carrier: Carrier, trackingNumber: string): Promise<ActionResult>;
  /** One page of the marketplace's product catalog, live; each marketplace call one keyring.call. */
  products?(deps: MarketplaceDeps, tenantId: string, request: ProductPageRequest): Promise<ProductPage>;
  /** The seller's answers to claims, where the marketplace allows them (docs/adding-a-provider.md, step 6). */
  claims?: ClaimActions;
  /** Sets the units in stock of one product (its marketplace id), then reads it back; refusals are BAD_USER_INPUT. */
  updateStock?(deps: MarketplaceDeps, tenantId: string, externalId: string, quantity: number): Promise<Product>;
}

/**
 * A marketplace's claim actions: which `ClaimAction`s it allows, and one call that carries one of them out on
 * the open claims of some orders. As `confirm`, one result per order id: one refusal fails one order. The
 * adapter stores what changed (claims, status) before answering, or leaves the status to the result.
 */
export interface ClaimActions {
  actions: readonly ClaimAction[];
  act(deps: MarketplaceDeps, tenantId: string, orders: OrderEntity[], action: ClaimAction, reason: string | null): Promise<Map<string, ActionResult>>;
}
