// Cafe24 order sync (providers/cafe24/README.md "Orders"): every page of orders CHANGED since the last successful
// sync (date_type=updated_date: a new order, a payment, a status change, a cancellation all move it), in windows
// no wider than Cafe24 allows. Dates are Korean time; a one-day overlap re-reads the boundary and the idempotent
// upsert absorbs it.
import type { DataSource } from 'typeorm';
import { Cafe24Client, sessionTokenStore, type Cafe24Order, type Cafe24OrderItem, type Cafe24TokenStore } from '../../../providers/cafe24';
import type { KeySession } from '../../../providers/descriptor';
import type { Keyring, KeyLease } from '../../../keyring/keyring';
import { Marketplace, type OrderStatus } from '../../../platform/graphql/enums';
import type { OrderEvents } from '../events';
import type { SyncResult } from '../schema/types';
import { cafe24Items, cafe24Status, cafe24TrackingRefs } from './cafe24-mapping';
import { cafe24ClaimedStatus, cafe24Claims, isClaimStatus } from './cafe24-claims';
import { readSyncedUntil, upsertOrders, writeSyncedUntil, type IncomingOrder } from './store';

interface Cafe24Credentials { mallId: string; clientId: string; clientSecret: string }

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_SYNC_DAYS = 89;
/**
 * Cafe24 refuses a start_date..end_date wider than 3 months. The shortest three consecutive months are 89 days
 * (February to April), and end_date is a whole day: windows of start + 85 days stay inside on every calendar.
 */
export const WINDOW_DAYS = 85;
const PAGE_SIZE = 100;

/** The status of the items without a claim, or else of the claimed ones before their claim (order_status_before_cs). */
function baseStatus(items: Cafe24OrderItem[]): { code: string; status: OrderStatus } {
  const unclaimed = items.find((item) => !isClaimStatus(item.order_status));
  const code = unclaimed?.order_status ?? items.find((item) => item.order_status_before_cs)?.order_status_before_cs ?? items[0]?.order_status ?? 'N00';
  return { code, status: cafe24Status(code) };
}

export function toIncoming(order: Cafe24Order): IncomingOrder {
  const items = order.items ?? [];
  const orderedAt = new Date(order.order_date);
  const { claims, records } = cafe24Claims(items, orderedAt);
  const base = baseStatus(items);
  return {
    externalId: order.order_id,
    status: cafe24ClaimedStatus(base.status, claims, items.length),
    // The first item's own code, claim or not: what a seller looks up in the Cafe24 admin.
    marketplaceStatus: items[0]?.order_status ?? base.code,
    orderedAt,
    buyerName: order.billing_name ?? '',
    totalAmount: Number(order.actual_order_amount?.payment_amount ?? order.payment_amount ?? 0),
    currency: order.currency ?? 'KRW',
    items: cafe24Items(order.items),
    trackingRefs: cafe24TrackingRefs(order.items),
    claims,
    marketplaceData: records.length > 0 ? { claimItems: records } : {},
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

function clientFor(deps: Pick<Cafe24SyncDeps, 'keyring' | 'baseUrl' | 'redirectUri'>, lease: KeyLease<Cafe24Credentials>): Cafe24Client {
  return new Cafe24Client({
    baseUrl: deps.baseUrl,
    mallId: lease.credentials.mallId,
    clientId: lease.credentials.clientId,
    clientSecret: lease.credentials.clientSecret,
    redirectUri: deps.redirectUri,
    tokens: keyringTokenStore(deps.keyring, lease.keyId),
  });
}

/** [since, until] as Korean dates, split into consecutive windows Cafe24 accepts (both ends inclusive days). */
export function cafe24Windows(since: Date, until: Date): Array<{ startDate: string; endDate: string }> {
  const windows: Array<{ startDate: string; endDate: string }> = [];
  const last = kstDate(until);
  for (let start = since.getTime(); ; start += (WINDOW_DAYS + 1) * DAY_MS) {
    const end = kstDate(new Date(Math.min(start + WINDOW_DAYS * DAY_MS, until.getTime())));
    windows.push({ startDate: kstDate(new Date(start)), endDate: end });
    if (end >= last) return windows;
  }
}

/** One Cafe24 call through the key resolver, with the key's client (its tokens kept on the key's row). */
export function cafe24Call<T>(deps: Pick<Cafe24SyncDeps, 'keyring' | 'baseUrl' | 'redirectUri'>, tenantId: string, operation: string, fn: (client: Cafe24Client) => Promise<T>): Promise<T> {
  return deps.keyring.call<Cafe24Credentials, T>({ tenantId, provider: 'CAFE24', operation }, (lease) => fn(clientFor(deps, lease)));
}

export async function syncCafe24(deps: Cafe24SyncDeps, tenantId: string): Promise<SyncResult> {
  const until = new Date();
  const last = await readSyncedUntil(deps.db, tenantId, Marketplace.CAFE24);
  const since = last ? new Date(last.getTime() - DAY_MS) : new Date(until.getTime() - FIRST_SYNC_DAYS * DAY_MS);
  const result: SyncResult = { marketplace: Marketplace.CAFE24, fetched: 0, created: 0, updated: 0 };
  for (const window of cafe24Windows(since, until)) {
    const range = { ...window, dateType: 'updated_date' as const, embed: 'items' };
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
  }
  await writeSyncedUntil(deps.db, tenantId, Marketplace.CAFE24, until);
  return result;
}
