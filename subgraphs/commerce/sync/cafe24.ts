// Cafe24 order sync (providers/cafe24/README.md): every page of orders placed since the last successful sync.
// Cafe24 takes dates in Korean time; a one-day overlap re-reads the boundary and the idempotent upsert absorbs it.
import type { DataSource } from 'typeorm';
import { Cafe24Client, sessionTokenStore, type Cafe24Order, type Cafe24TokenStore } from '../../../providers/cafe24';
import type { KeySession } from '../../../providers/descriptor';
import type { Keyring, KeyLease } from '../../../keyring/keyring';
import { Marketplace } from '../../../platform/graphql/enums';
import type { OrderEvents } from '../events';
import type { SyncResult } from '../schema/types';
import { cafe24Items, cafe24Status, cafe24TrackingRefs } from './cafe24-mapping';
import { readSyncedUntil, upsertOrders, writeSyncedUntil, type IncomingOrder } from './store';

interface Cafe24Credentials { mallId: string; clientId: string; clientSecret: string }

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_SYNC_DAYS = 89; // Cafe24 refuses ranges over three months.
const PAGE_SIZE = 100;

function toIncoming(order: Cafe24Order): IncomingOrder {
  const firstStatus = order.items?.[0]?.order_status ?? undefined;
  return {
    externalId: order.order_id,
    status: cafe24Status(firstStatus),
    marketplaceStatus: firstStatus ?? 'N00',
    orderedAt: new Date(order.order_date),
    buyerName: order.billing_name ?? '',
    totalAmount: Number(order.actual_order_amount?.payment_amount ?? order.payment_amount ?? 0),
    currency: order.currency ?? 'KRW',
    items: cafe24Items(order.items),
    trackingRefs: cafe24TrackingRefs(order.items),
  };
}

/** Cafe24's rotating OAuth tokens live sealed on the key's row; rotation happens under that row's lock. */
export function keyringTokenStore(keyring: Keyring, keyId: string): Cafe24TokenStore {
  return sessionTokenStore(keyringSession(keyring, keyId));
}

export function keyringSession(keyring: Keyring, keyId: string): KeySession {
  return { read: () => keyring.readSession(keyId), update: (update) => keyring.updateSession(keyId, update) };
}

export function kstDate(at: Date): string {
  return new Date(at.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

export interface Cafe24SyncDeps {
  db: DataSource;
  events: OrderEvents;
  keyring: Keyring;
  baseUrl: string;
  redirectUri: string;
}

function clientFor(deps: Cafe24SyncDeps, lease: KeyLease<Cafe24Credentials>): Cafe24Client {
  return new Cafe24Client({
    baseUrl: deps.baseUrl,
    mallId: lease.credentials.mallId,
    clientId: lease.credentials.clientId,
    clientSecret: lease.credentials.clientSecret,
    redirectUri: deps.redirectUri,
    tokens: keyringTokenStore(deps.keyring, lease.keyId),
  });
}

export async function syncCafe24(deps: Cafe24SyncDeps, tenantId: string): Promise<SyncResult> {
  const until = new Date();
  const last = await readSyncedUntil(deps.db, tenantId, Marketplace.CAFE24);
  const since = last ? new Date(last.getTime() - DAY_MS) : new Date(until.getTime() - FIRST_SYNC_DAYS * DAY_MS);
  const result: SyncResult = { marketplace: Marketplace.CAFE24, fetched: 0, created: 0, updated: 0 };
  const range = { startDate: kstDate(since), endDate: kstDate(until), embed: 'items' };
  // Each page is one call through the key resolver, so every page is paced and counted against the mall's bucket.
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const { orders } = await deps.keyring.call<Cafe24Credentials, { orders: Cafe24Order[] }>(
      { tenantId, provider: 'CAFE24', operation: 'listOrders' },
      (lease) => clientFor(deps, lease).listOrders({ ...range, limit: PAGE_SIZE, offset }),
    );
    const counts = await upsertOrders(deps, tenantId, Marketplace.CAFE24, orders.map(toIncoming));
    result.fetched += orders.length;
    result.created += counts.created;
    result.updated += counts.updated;
    if (orders.length < PAGE_SIZE) break;
  }
  await writeSyncedUntil(deps.db, tenantId, Marketplace.CAFE24, until);
  return result;
}
