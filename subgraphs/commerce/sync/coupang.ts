// Coupang order sync (providers/coupang/README.md, Order sheets and Pagination): every status, every page, over the order
// dates that can still change. Coupang lists boxes by creation date only, so the window reaches back to the
// oldest order still open here, not just to the last sync: an old order that moved is listed under its old date.
import type { CoupangOrderSheet, CoupangOrderSheetStatus } from '../../../providers/coupang';
import { CoupangClient } from '../../../providers/coupang';
import { ProviderError } from '../../../providers/errors';
import type { KeyLease } from '../../../keyring/keyring';
import { Marketplace, OrderStatus } from '../../../platform/graphql/enums';
import type { MarketplaceDeps } from '../marketplaces/types';
import type { SyncResult } from '../schema/types';
import { COUPANG_STATUSES, coupangOrders, coupangStatusRank, readCoupangData } from './coupang-mapping';
import { readSyncedUntil, upsertOrders, writeSyncedUntil } from './store';

export interface CoupangCredentials { vendorId: string; accessKey: string; secretKey: string }
type CoupangDeps = Pick<MarketplaceDeps, 'db' | 'events' | 'keyring' | 'baseUrls'>;

const DAY_MS = 24 * 60 * 60 * 1000;
const KST_MS = 9 * 60 * 60 * 1000;
/** Coupang answers at most 31 days of creation dates per listing (the sandbox's reading; UNVERIFIED upstream). */
const RANGE_DAYS = 31;
/** A first sync reads one full listing range back. */
const FIRST_SYNC_DAYS = RANGE_DAYS - 1;
/** Re-read the day before the mark: Coupang takes whole dates, and the upsert absorbs the repeats. */
const OVERLAP_MS = DAY_MS;
/** Open orders older than this are no longer followed (a box stuck in NONE_TRACKING would hold the window open forever). */
const OPEN_ORDER_DAYS = 2 * RANGE_DAYS;
/** Coupang's documented default page; larger pages are UNVERIFIED upstream. */
const PAGE_SIZE = 50;
const OPEN_STATUSES = [OrderStatus.PAID, OrderStatus.PREPARING, OrderStatus.SHIPPING];

/** One Coupang request through the key resolver, with a client built from the leased key. */
export function callCoupang<T>(
  deps: CoupangDeps, tenantId: string, operation: string, fn: (client: CoupangClient) => Promise<T>,
): Promise<T> {
  return deps.keyring.call<CoupangCredentials, T>({ tenantId, provider: 'COUPANG', operation }, (lease: KeyLease<CoupangCredentials>) =>
    fn(new CoupangClient({
      baseUrl: deps.baseUrls.coupang,
      vendorId: lease.credentials.vendorId,
      accessKey: lease.credentials.accessKey,
      secretKey: lease.credentials.secretKey,
    })),
  );
}

/** `yyyy-MM-dd` on the Korean calendar, as Coupang reads createdAtFrom/To. */
export function kstDay(at: Date): string {
  return new Date(at.getTime() + KST_MS).toISOString().slice(0, 10);
}

/** Inclusive date ranges of at most RANGE_DAYS covering `from` to `until`, oldest first. */
export function dateRanges(from: Date, until: Date): Array<{ createdAtFrom: string; createdAtTo: string }> {
  const ranges: Array<{ createdAtFrom: string; createdAtTo: string }> = [];
  const last = Date.parse(`${kstDay(until)}T00:00:00Z`);
  for (let day = Date.parse(`${kstDay(from)}T00:00:00Z`); day <= last; day += RANGE_DAYS * DAY_MS) {
    const end = Math.min(day + (RANGE_DAYS - 1) * DAY_MS, last);
    ranges.push({ createdAtFrom: new Date(day).toISOString().slice(0, 10), createdAtTo: new Date(end).toISOString().slice(0, 10) });
  }
  return ranges;
}

interface StoredOrder { externalId: string; status: string; orderedAt: Date; shipmentBoxIds: number[] }

/** The tenant's Coupang orders placed since `since` that are not cancelled: the ones a listing could still change. */
async function storedOrders(deps: CoupangDeps, tenantId: string, since: Date): Promise<StoredOrder[]> {
  const rows: Array<{ external_id: string; status: string; ordered_at: Date; marketplace_data: Record<string, unknown> }> = await deps.db.query(
    `SELECT external_id, status, ordered_at, marketplace_data FROM orders
      WHERE tenant_id = $1 AND marketplace = $2 AND status <> $3 AND ordered_at >= $4`,
    [tenantId, Marketplace.COUPANG, OrderStatus.CANCELLED, since],
  );
  return rows.map((row) => ({
    externalId: row.external_id,
    status: row.status,
    orderedAt: new Date(row.ordered_at),
    shipmentBoxIds: readCoupangData(row.marketplace_data)?.shipmentBoxIds ?? [],
  }));
}

/** Every box of one status in one date range, page by page, each page one call through the key resolver. */
async function listStatus(
  deps: CoupangDeps, tenantId: string, range: { createdAtFrom: string; createdAtTo: string }, status: CoupangOrderSheetStatus,
): Promise<CoupangOrderSheet[]> {
  const boxes: CoupangOrderSheet[] = [];
  const seenTokens = new Set<string>();
  let nextToken = '';
  do {
    const token = nextToken;
    const page = await callCoupang(deps, tenantId, 'listOrderSheets', (client) =>
      client.listOrderSheets({ ...range, status, maxPerPage: PAGE_SIZE, nextToken: token }),
    );
    boxes.push(...page.orderSheets);
    if (page.nextToken !== '' && seenTokens.has(page.nextToken)) {
      throw new ProviderError({ provider: 'coupang', kind: 'server', message: `Coupang repeated nextToken ${page.nextToken} listing ${status} order sheets` });
    }
    seenTokens.add(page.nextToken);
    nextToken = page.nextToken;
  } while (nextToken !== '');
  return boxes;
}

/** Keeps the furthest-along sighting of a box that moved between two status listings of this sync. */
function keepLatest(into: Map<number, CoupangOrderSheet>, boxes: CoupangOrderSheet[]): void {
  for (const box of boxes) {
    const known = into.get(box.shipmentBoxId);
    if (!known || coupangStatusRank(box.status) >= coupangStatusRank(known.status)) into.set(box.shipmentBoxId, box);
  }
}

/**
 * Boxes of stored orders in the window that no listing showed: Coupang drops cancelled boxes from every
 * listing, so only a lookup by shipmentBoxId tells that they were cancelled. A box Coupang no longer knows is
 * left out.
 */
async function lookUpVanished(deps: CoupangDeps, tenantId: string, orders: StoredOrder[], listed: Map<number, CoupangOrderSheet>) {
  const found: CoupangOrderSheet[] = [];
  for (const shipmentBoxId of orders.flatMap((order) => order.shipmentBoxIds).filter((id) => !listed.has(id))) {
    try {
      found.push(await callCoupang(deps, tenantId, 'getOrderSheet', (client) => client.getOrderSheet(shipmentBoxId)));
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === 'not_found')) throw error;
    }
  }
  return found;
}

export async function syncCoupang(deps: CoupangDeps, tenantId: string): Promise<SyncResult> {
  const until = new Date();
  const last = await readSyncedUntil(deps.db, tenantId, Marketplace.COUPANG);
  const sinceLast = last ? new Date(last.getTime() - OVERLAP_MS) : new Date(until.getTime() - FIRST_SYNC_DAYS * DAY_MS);
  const recent = await storedOrders(deps, tenantId, new Date(until.getTime() - OPEN_ORDER_DAYS * DAY_MS));
  const from = recent
    .filter((order) => OPEN_STATUSES.includes(order.status as OrderStatus))
    .reduce((oldest, order) => (order.orderedAt < oldest ? order.orderedAt : oldest), sinceLast);
  const listed = new Map<number, CoupangOrderSheet>();
  for (const range of dateRanges(from, until)) {
    for (const status of COUPANG_STATUSES) keepLatest(listed, await listStatus(deps, tenantId, range, status));
  }
  const inWindow = recent.filter((order) => order.orderedAt >= from);
  const vanished = await lookUpVanished(deps, tenantId, inWindow, listed);
  // Stored once everything is read, so an order is never stored with some of its boxes missing; and the mark
  // moves only after that: a sync failing above starts again from the old mark and loses nothing.
  const orders = coupangOrders([...listed.values(), ...vanished]);
  const counts = await upsertOrders(deps, tenantId, Marketplace.COUPANG, orders);
  await writeSyncedUntil(deps.db, tenantId, Marketplace.COUPANG, until);
  return { marketplace: Marketplace.COUPANG, fetched: orders.length, ...counts };
}
