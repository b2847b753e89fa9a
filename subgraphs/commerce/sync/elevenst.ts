// 11st (11번가) order sync, providers/elevenst/README.md "Order queries": 11st has no "changed since" query, so a sync
// lists each of the four order states over the window since the last sync (minus an overlap), in ≤7-day queries.
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { ElevenstClient, splitQueryWindow, type ElevenstClaim, type ElevenstClaimList, type ElevenstOrder, type ElevenstOrderState } from '../../../providers/elevenst';
import type { Keyring, KeyLease } from '../../../keyring/keyring';
import { ErrorCode } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import type { SyncResult } from '../schema/types';
import type { OrderEvents } from '../events';
import type { StoredPayment } from '../entities/order';
import { ELEVENST_STATES, elevenstIncoming, elevenstStoredLines, groupElevenstLines, mergeElevenstLines, type ElevenstGroup, type ElevenstStoredLine } from './elevenst-mapping';
import { readSyncedUntil, upsertOrders, writeSyncedUntil, type IncomingOrder } from './store';
import { elevenstClaimRecord, mergeElevenstClaims, readElevenstClaims, type ElevenstClaimRecord } from './elevenst-claims';

export interface ElevenstCredentials { apiKey: string }

export interface ElevenstSyncDeps {
  db: DataSource;
  events: OrderEvents;
  keyring: Keyring;
  baseUrl: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** A month of history on the first sync: 5 queries per state, 20 calls, about 4 s at 11st's 5 calls/s. */
const FIRST_SYNC_DAYS = 30;
/** 11st filters by the minute; the overlap covers a state change stamped a little before our clock read it. */
const OVERLAP_MS = 10 * MINUTE_MS;
/**
 * 11st's throttle reply carries no Retry-After, so the key rests a fixed second (providers/elevenst/errors.ts),
 * and the key resolver gives up with RATE_LIMITED once its 2 s wait would be exceeded, which one throttle reply
 * after a wait for a rate slot already does. A throttled call did nothing at 11st, so it is safe to ask again:
 * a sync of up to 20 calls waits that out instead of throwing away the windows it already read.
 */
const THROTTLE_RETRIES = 3;

export function elevenstClient(baseUrl: string, lease: KeyLease<ElevenstCredentials>): ElevenstClient {
  return new ElevenstClient({ baseUrl, apiKey: lease.credentials.apiKey });
}

/** `202601072359` (KST) → the instant; splitQueryWindow's own output, read back. */
function fromElevenstMinute(text: string): Date {
  const [, y, mo, d, h, mi] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text)!;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:00+09:00`);
}

/** The ≤7-day windows the client would split [from, to] into, so that each becomes its own paced call. */
export function elevenstQueryWindows(from: Date, to: Date): Array<{ from: Date; to: Date }> {
  return splitQueryWindow(from, to).map(({ start, end }) => ({ from: fromElevenstMinute(start), to: fromElevenstMinute(end) }));
}

const isRateLimited = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError && error.extensions?.code === ErrorCode.RATE_LIMITED;

export async function waitingOutThrottle<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRateLimited(error) || attempt >= THROTTLE_RETRIES) throw error;
      const seconds = Number(error.extensions.retryAfter ?? 1);
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, seconds) * 1000));
    }
  }
}

function listWindow(deps: ElevenstSyncDeps, tenantId: string, state: ElevenstOrderState, window: { from: Date; to: Date }) {
  return waitingOutThrottle(() =>
    deps.keyring.call<ElevenstCredentials, ElevenstOrder[]>(
      { tenantId, provider: 'ELEVENST', operation: 'listOrders' },
      (lease) => elevenstClient(deps.baseUrl, lease).listOrders(state, window.from, window.to),
    ),
  );
}

/**
 * Every claim list, each read over the whole sync window (30 days per query): requests, the finished ones and
 * the withdrawn ones, so a claim's end is seen as well as its start. UNVERIFIED: which date 11st filters the
 * lists by (the request's or the last change's); the sandbox uses the last change.
 */
export const ELEVENST_CLAIM_LISTS: readonly ElevenstClaimList[] = [
  'cancelorders', 'canceledorders', 'withdrawcanceledorders', 'returnorders', 'returnedorders', 'exchangeorders', 'exchangedorders',
];

function listClaims(deps: ElevenstSyncDeps, tenantId: string, list: ElevenstClaimList, from: Date, to: Date) {
  return waitingOutThrottle(() =>
    deps.keyring.call<ElevenstCredentials, ElevenstClaim[]>(
      { tenantId, provider: 'ELEVENST', operation: 'listClaims' },
      (lease) => elevenstClient(deps.baseUrl, lease).listClaims(list, from, to),
    ),
  );
}

interface StoredElevenstOrder { lines: ElevenstStoredLine[]; claims: ElevenstClaimRecord[]; buyerName: string; payment: StoredPayment | null }

async function readStored(db: DataSource, tenantId: string, ordNos: string[]): Promise<Map<string, StoredElevenstOrder>> {
  if (ordNos.length === 0) return new Map();
  const rows: Array<{ external_id: string; marketplace_data: Record<string, unknown> | null; buyer_name: string; payment: StoredPayment | null }> = await db.query(
    'SELECT external_id, marketplace_data, buyer_name, payment FROM orders WHERE tenant_id = $1 AND marketplace = $2 AND external_id = ANY($3)',
    [tenantId, Marketplace.ELEVENST, ordNos],
  );
  return new Map(rows.map((row) => [row.external_id, {
    lines: elevenstStoredLines(row.marketplace_data), claims: readElevenstClaims(row.marketplace_data), buyerName: row.buyer_name, payment: row.payment,
  }]));
}

/** Claims by ordNo, as records. */
async function readClaims(deps: ElevenstSyncDeps, tenantId: string, from: Date, to: Date): Promise<Map<string, ElevenstClaimRecord[]>> {
  const byOrder = new Map<string, ElevenstClaimRecord[]>();
  for (const list of ELEVENST_CLAIM_LISTS) {
    for (const claim of await listClaims(deps, tenantId, list, from, to)) {
      byOrder.set(claim.ordNo, mergeElevenstClaims(byOrder.get(claim.ordNo) ?? [], [elevenstClaimRecord(claim)]));
    }
  }
  return byOrder;
}

/**
 * The orders to store: every ordNo with listed lines, and every stored order with a listed claim (its lines
 * did not move, as a cancelled line leaves the lists): rebuilt from what was stored.
 */
function incomingOrders(groups: Map<string, ElevenstGroup>, claims: Map<string, ElevenstClaimRecord[]>, stored: Map<string, StoredElevenstOrder>): IncomingOrder[] {
  const orders: IncomingOrder[] = [];
  for (const [ordNo, group] of groups) {
    const before = stored.get(ordNo);
    const records = mergeElevenstClaims(before?.claims ?? [], claims.get(ordNo) ?? []);
    orders.push(elevenstIncoming(group.header, mergeElevenstLines(before?.lines ?? [], group.lines), records));
  }
  for (const [ordNo, listed] of claims) {
    const before = stored.get(ordNo);
    if (groups.has(ordNo) || !before || before.lines.length === 0) continue;
    const header = { ordNo, ordDt: '', ordStlEndDt: '', ordNm: before.buyerName };
    orders.push(elevenstIncoming(header, before.lines, mergeElevenstClaims(before.claims, listed), before.payment));
  }
  return orders;
}

/**
 * Every line is read before anything is stored: the lines of one order may sit in different state lists, and
 * an order stored from some of them would briefly lack items. A sync failing part-way stores nothing and
 * leaves the mark where it was, so the next one reads the same window again.
 */
export async function syncElevenst(deps: ElevenstSyncDeps, tenantId: string): Promise<SyncResult> {
  const until = new Date();
  const last = await readSyncedUntil(deps.db, tenantId, Marketplace.ELEVENST);
  const since = last ? new Date(last.getTime() - OVERLAP_MS) : new Date(until.getTime() - FIRST_SYNC_DAYS * DAY_MS);
  const lines: ElevenstOrder[] = [];
  for (const state of ELEVENST_STATES) {
    for (const window of elevenstQueryWindows(since, until)) lines.push(...(await listWindow(deps, tenantId, state, window)));
  }
  const claims = await readClaims(deps, tenantId, since, until);
  const groups = groupElevenstLines(lines);
  const stored = await readStored(deps.db, tenantId, [...new Set([...groups.keys(), ...claims.keys()])]);
  const incoming = incomingOrders(groups, claims, stored);
  const counts = await upsertOrders(deps, tenantId, Marketplace.ELEVENST, incoming);
  await writeSyncedUntil(deps.db, tenantId, Marketplace.ELEVENST, until);
  return { marketplace: Marketplace.ELEVENST, fetched: incoming.length, ...counts };
}
