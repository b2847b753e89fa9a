// Coupang order sync (providers/coupang/README.md, Order sheets and Pagination): every status, every page, over the order
// dates that can still change. Coupang lists boxes by creation date only, so the window reaches back to the
// oldest order still open here, not just to the last sync: an old order that moved is listed under its old date.
import type {
  CoupangExchangeRequest, CoupangOrderSheet, CoupangOrderSheetStatus, CoupangPage, CoupangReturnQuery, CoupangReturnRequest,
} from '../../../providers/coupang';
import { CoupangClient } from '../../../providers/coupang';
import { ProviderError } from '../../../providers/errors';
import type { KeyLease } from '../../../keyring/keyring';
import { Marketplace, OrderStatus } from '../../../platform/graphql/enums';
import type { MarketplaceDeps } from '../marketplaces/types';
import type { SyncResult } from '../schema/types';
import { OPEN_CLAIM_STATUSES, ClaimStatus, ClaimType } from '../schema/claims';
import { exchangeRecord, mergeClaimRecords, readCoupangClaims, receiptRecord, type CoupangClaimRecord } from './coupang-claims';
import { COUPANG_STATUSES, coupangOrders, coupangStatusRank, readCoupangData } from './coupang-mapping';
import { claimOrderStatus } from './naver-claims';
import { readSyncedUntil, upsertOrders, writeSyncedUntil, type IncomingOrder } from './store';

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

interface StoredOrder { externalId: string; status: string; orderedAt: Date; shipmentBoxIds: number[]; claims: CoupangClaimRecord[] }

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
    claims: readCoupangClaims(row.marketplace_data),
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

/** Every page of one listing, each page one call through the key resolver; a repeated token is Coupang's fault. */
async function allPages<T>(what: string, page: (nextToken: string) => Promise<CoupangPage<T>>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let nextToken = '';
  do {
    const answer = await page(nextToken);
    items.push(...answer.items);
    if (answer.nextToken !== '' && seen.has(answer.nextToken)) {
      throw new ProviderError({ provider: 'coupang', kind: 'server', message: `Coupang repeated nextToken ${answer.nextToken} listing ${what}` });
    }
    seen.add(answer.nextToken);
    nextToken = answer.nextToken;
  } while (nextToken !== '');
  return items;
}

/** The returnRequests listings that together show every receipt: each documented status code, and the cancellations. */
const RECEIPT_LISTINGS: Array<Pick<CoupangReturnQuery, 'status' | 'cancelType'>> = [
  { status: 'RU' }, { status: 'UC' }, { status: 'PR' }, { status: 'CC' }, { cancelType: 'CANCEL' },
];
/** Coupang answers at most 7 days of exchange requests per listing (교환요청 목록 조회). */
const EXCHANGE_RANGE_MS = 7 * DAY_MS;

/** `yyyy-MM-ddTHH:mm:ss` on the Korean clock, as the exchange listing takes it. */
function kstSecond(at: Date): string {
  return new Date(at.getTime() + KST_MS).toISOString().slice(0, 19);
}

/** Every cancellation, return and exchange Coupang filed since `from`, as claim records by orderId. */
async function listClaims(deps: CoupangDeps, tenantId: string, from: Date, until: Date) {
  const receipts = new Map<number, CoupangReturnRequest>();
  for (const range of dateRanges(from, until)) {
    for (const listing of RECEIPT_LISTINGS) {
      const found = await allPages(`return requests (${listing.status ?? listing.cancelType})`, (nextToken) =>
        callCoupang(deps, tenantId, 'listReturnRequests', (client) => client.listReturnRequests({ ...range, ...listing, maxPerPage: PAGE_SIZE, nextToken })));
      for (const receipt of found) receipts.set(receipt.receiptId, receipt);
    }
  }
  const exchanges = new Map<number, CoupangExchangeRequest>();
  // Whole seconds, inclusive: the last window ends on the second after `until`, so a request filed in until's second is in.
  const end = until.getTime() + 1000;
  for (let start = from.getTime(); start < end; start += EXCHANGE_RANGE_MS) {
    const window = { createdAtFrom: kstSecond(new Date(start)), createdAtTo: kstSecond(new Date(Math.min(start + EXCHANGE_RANGE_MS - 1000, end))) };
    const found = await allPages('exchange requests', (nextToken) =>
      callCoupang(deps, tenantId, 'listExchangeRequests', (client) => client.listExchangeRequests({ ...window, maxPerPage: PAGE_SIZE, nextToken })));
    for (const exchange of found) exchanges.set(exchange.exchangeId, exchange);
  }
  const byOrder = new Map<string, { records: CoupangClaimRecord[]; boxIds: number[] }>();
  const add = (orderId: number, record: CoupangClaimRecord, boxIds: Array<number | undefined>) => {
    const entry = byOrder.get(String(orderId)) ?? { records: [], boxIds: [] };
    entry.records.push(record);
    entry.boxIds.push(...boxIds.filter((id): id is number => typeof id === 'number'));
    byOrder.set(String(orderId), entry);
  };
  for (const receipt of receipts.values()) add(receipt.orderId, receiptRecord(receipt), receipt.returnItems.map((item) => item.shipmentBoxId));
  for (const exchange of exchanges.values()) add(exchange.orderId, exchangeRecord(exchange), exchange.exchangeItemDtoV1s.map((item) => item.originalShipmentBoxId));
  return byOrder;
}

/**
 * The order with its claims: the stored ones updated by those listed now. An open claim sets the status (the seller
 * has to answer); a completed return of a live order makes it RETURNED.
 */
export function withCoupangClaims(order: IncomingOrder, records: CoupangClaimRecord[]): IncomingOrder {
  if (records.length === 0) return order;
  const claims = records.map((record) => record.claim);
  const returned = claims.some((claim) => claim.type === ClaimType.RETURN && claim.status === ClaimStatus.COMPLETED) && order.status !== (OrderStatus.CANCELLED as string);
  const status = claimOrderStatus(claims) ?? (returned ? OrderStatus.RETURNED : order.status);
  return { ...order, status, claims, marketplaceData: { ...order.marketplaceData, claims: records } };
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
  // Claims are listed by the date they were filed: back to the oldest claim still open here, so its end is seen.
  const claimFrom = recent
    .flatMap((order) => order.claims)
    .filter((record) => OPEN_CLAIM_STATUSES.has(record.claim.status))
    .reduce((oldest, record) => (new Date(record.claim.requestedAt) < oldest ? new Date(record.claim.requestedAt) : oldest), sinceLast);
  const claims = await listClaims(deps, tenantId, claimFrom, until);
  // A claim on an order none of whose boxes was listed (delivered long ago): its boxes are looked up one by one.
  const storedByExternal = new Map(recent.map((order) => [order.externalId, order]));
  const listedOrders = new Set([...listed.values()].map((box) => String(box.orderId)));
  const toLookUp: StoredOrder[] = [...claims]
    .filter(([orderId]) => !listedOrders.has(orderId))
    .map(([orderId, entry]) => ({
      externalId: orderId, status: '', orderedAt: until, claims: [],
      shipmentBoxIds: [...new Set([...(storedByExternal.get(orderId)?.shipmentBoxIds ?? []), ...entry.boxIds])],
    }));
  const vanished = await lookUpVanished(deps, tenantId, [...inWindow, ...toLookUp], listed);
  // Stored once everything is read, so an order is never stored with some of its boxes missing; and the mark
  // moves only after that: a sync failing above starts again from the old mark and loses nothing.
  const built = coupangOrders([...listed.values(), ...vanished]);
  const storedClaims = await storedClaimRecords(deps, tenantId, built.map((order) => order.externalId));
  const orders = built.map((order) => {
    const records = mergeClaimRecords(storedClaims.get(order.externalId) ?? [], claims.get(order.externalId)?.records ?? []);
    return withCoupangClaims(order, records);
  });
  const counts = await upsertOrders(deps, tenantId, Marketplace.COUPANG, orders);
  await writeSyncedUntil(deps.db, tenantId, Marketplace.COUPANG, until);
  return { marketplace: Marketplace.COUPANG, fetched: orders.length, ...counts };
}

/** The claim records stored on these orders, by external id. */
async function storedClaimRecords(deps: CoupangDeps, tenantId: string, externalIds: string[]): Promise<Map<string, CoupangClaimRecord[]>> {
  if (externalIds.length === 0) return new Map();
  const rows: Array<{ external_id: string; marketplace_data: Record<string, unknown> | null }> = await deps.db.query(
    'SELECT external_id, marketplace_data FROM orders WHERE tenant_id = $1 AND marketplace = $2 AND external_id = ANY($3)',
    [tenantId, Marketplace.COUPANG, externalIds],
  );
  return new Map(rows.map((row) => [row.external_id, readCoupangClaims(row.marketplace_data)]));
}
