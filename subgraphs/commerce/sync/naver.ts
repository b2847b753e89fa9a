// Naver Commerce API order sync (providers/naver/README.md, Changed orders, Pagination, Order detail): the change feed
// since the last successful sync, every `more` page, then the details of the touched orders in batches of 300.
import type { DataSource } from 'typeorm';
import {
  NAVER_MAX_IDS_PER_QUERY, NaverCommerceClient, type NaverLastChangedPage, type NaverLastChangedStatus, type NaverProductOrderDetail,
} from '../../../providers/naver';
import type { Keyring, KeyLease } from '../../../keyring/keyring';
import { Marketplace } from '../../../platform/graphql/enums';
import type { SyncResult } from '../schema/types';
import type { OrderEvents } from '../events';
import { naverMarketplaceData, naverOrders } from './naver-mapping';
import { readSyncedUntil, upsertOrders, writeSyncedUntil } from './store';

export interface NaverCredentials { clientId: string; clientSecret: string }

export interface NaverSyncDeps {
  db: DataSource;
  events: OrderEvents;
  keyring: Keyring;
  baseUrl: string;
}

const HOUR_MS = 3_600_000;
/** Naver documents the feed around 24-hour windows (lastChangedTo defaults to from + 24 h). */
const FEED_WINDOW_MS = 24 * HOUR_MS;
/** A new seller's first sync reads a month of changes: every open order and the recent history. */
const FIRST_SYNC_DAYS = 30;
/** Re-read the boundary: a change stamped just before the last mark may reach the feed late. */
const OVERLAP_MS = 10 * 60_000;

/**
 * Clients for one sync or one action, one per key: each keeps its own token, so a key's token is issued once
 * per run and not once per page. The client is built inside each keyring.call from the lease it was given.
 */
export function naverClients(baseUrl: string): (lease: KeyLease<NaverCredentials>) => NaverCommerceClient {
  const clients = new Map<string, NaverCommerceClient>();
  return (lease) => {
    let client = clients.get(lease.keyId);
    if (!client) {
      client = new NaverCommerceClient({ baseUrl, clientId: lease.credentials.clientId, clientSecret: lease.credentials.clientSecret });
      clients.set(lease.keyId, client);
    }
    return client;
  };
}

type ClientFor = ReturnType<typeof naverClients>;

/**
 * Every change in [since, until), one keyring.call per page. Windows get an explicit end: a page followed by
 * `more` would otherwise get Naver's default end of 24 h after moreFrom.
 */
async function changedProductOrders(
  deps: NaverSyncDeps, tenantId: string, clientFor: ClientFor, since: Date, until: Date,
): Promise<NaverLastChangedStatus[]> {
  const changes: NaverLastChangedStatus[] = [];
  const page = (params: Parameters<NaverCommerceClient['lastChangedStatuses']>[0]) =>
    deps.keyring.call<NaverCredentials, NaverLastChangedPage>(
      { tenantId, provider: 'NAVER', operation: 'lastChangedStatuses' },
      (lease) => clientFor(lease).lastChangedStatuses(params),
    );
  for (let start = since.getTime(); start < until.getTime(); start += FEED_WINDOW_MS) {
    const to = new Date(Math.min(start + FEED_WINDOW_MS, until.getTime()));
    let current = await page({ from: new Date(start), to });
    changes.push(...current.lastChangeStatuses);
    while (current.more) {
      current = await page({ from: current.more.moreFrom, to, moreSequence: current.more.moreSequence });
      changes.push(...current.lastChangeStatuses);
    }
  }
  return changes;
}

/** Product orders of these orders stored by earlier syncs: a line that did not change is not in the feed. */
async function storedProductOrderIds(db: DataSource, tenantId: string, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows: Array<{ marketplace_data: Record<string, unknown> }> = await db.query(
    'SELECT marketplace_data FROM orders WHERE tenant_id = $1 AND marketplace = $2 AND external_id = ANY($3)',
    [tenantId, Marketplace.NAVER, orderIds],
  );
  return rows.flatMap((row) => naverMarketplaceData(row.marketplace_data ?? {}).productOrderIds);
}

/** Details of product orders, one keyring.call per batch of 300 (Naver's limit): ceil(n / 300) calls. */
export async function queryProductOrders(
  deps: Pick<NaverSyncDeps, 'keyring'>, tenantId: string, clientFor: ClientFor, ids: string[],
): Promise<NaverProductOrderDetail[]> {
  const details: NaverProductOrderDetail[] = [];
  for (let i = 0; i < ids.length; i += NAVER_MAX_IDS_PER_QUERY) {
    const batch = ids.slice(i, i + NAVER_MAX_IDS_PER_QUERY);
    details.push(
      ...(await deps.keyring.call<NaverCredentials, NaverProductOrderDetail[]>(
        { tenantId, provider: 'NAVER', operation: 'queryProductOrders' },
        (lease) => clientFor(lease).queryProductOrders(batch),
      )),
    );
  }
  return details;
}

export async function syncNaver(deps: NaverSyncDeps, tenantId: string): Promise<SyncResult> {
  const until = new Date();
  const last = await readSyncedUntil(deps.db, tenantId, Marketplace.NAVER);
  const since = last ? new Date(last.getTime() - OVERLAP_MS) : new Date(until.getTime() - FIRST_SYNC_DAYS * 24 * HOUR_MS);
  const clientFor = naverClients(deps.baseUrl);

  const changes = await changedProductOrders(deps, tenantId, clientFor, since, until);
  const touchedOrders = [...new Set(changes.map((change) => change.orderId))];
  // The order row is rebuilt from all its lines, so the unchanged siblings of a changed line are read too.
  const ids = [...new Set([...changes.map((change) => change.productOrderId), ...(await storedProductOrderIds(deps.db, tenantId, touchedOrders))])];
  const details = await queryProductOrders(deps, tenantId, clientFor, ids);

  const addressChanged = new Set(changes.filter((change) => change.receiverAddressChanged).map((change) => change.productOrderId));
  const orders = naverOrders(details, addressChanged);
  const counts = await upsertOrders(deps, tenantId, Marketplace.NAVER, orders);
  // Only now is every change up to `until` stored: a sync failing earlier starts again from the old mark.
  await writeSyncedUntil(deps.db, tenantId, Marketplace.NAVER, until);
  return { marketplace: Marketplace.NAVER, fetched: orders.length, ...counts };
}

/**
 * Re-reads orders from Naver after an action changed them (a claim answered): every product order of each,
 * stored and published as a sync would, so the order's claims and status are Naver's own at once.
 */
export async function refreshNaverOrders(deps: NaverSyncDeps, tenantId: string, productOrderIds: string[]): Promise<void> {
  if (productOrderIds.length === 0) return;
  const details = await queryProductOrders(deps, tenantId, naverClients(deps.baseUrl), productOrderIds);
  await upsertOrders(deps, tenantId, Marketplace.NAVER, naverOrders(details));
}
