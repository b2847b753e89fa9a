// Coupang WING Open API, providers/coupang/README.md (Order sheets, Pagination): the daily-paged list (nextToken),
// the minute window (searchType=timeFrame, ≤24h, unpaged) and the single box.
import { json, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { DAY_MS } from '../time';
import { businessError } from './errors';
import { cancelUnacknowledged } from './generate';
import { presentSheet } from './present';
import { coupangStore, ORDER_SHEET_STATUSES, type OrderSheet, type OrderSheetStatus } from './store';

const DEFAULT_PER_PAGE = 50;
/** Largest page and longest daily range (UNVERIFIED upstream: 100 per a third-party copy, 31 days assumed). */
const MAX_PER_PAGE = 100;
const MAX_RANGE_DAYS = 31;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export const ok = (data: unknown, extra: Record<string, unknown> = {}): Reply => json(200, { code: 200, message: 'OK', data, ...extra });

/** A yyyy-MM-dd or yyyy-MM-ddTHH:mm parameter, read on the Korean clock. */
function kstParam(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00+09:00` : `${text}:00+09:00`);
}

interface Window {
  from: number;
  to: number; // exclusive
  paged: boolean;
}

export function readWindow(req: SandboxRequest): Window | Reply {
  const from = req.query.get('createdAtFrom') ?? '';
  const to = req.query.get('createdAtTo') ?? '';
  const timeFrame = req.query.get('searchType') === 'timeFrame';
  const format = timeFrame ? MINUTE : DATE;
  const shape = timeFrame ? "yyyy-MM-dd'T'HH:mm" : 'yyyy-MM-dd';
  for (const [name, value] of [['createdAtFrom', from], ['createdAtTo', to]]) {
    if (!format.test(value) || Number.isNaN(kstParam(value))) return businessError(400, `${name} must be ${shape}, but got "${value}".`);
  }
  const window = { from: kstParam(from), to: kstParam(to) + (timeFrame ? 0 : DAY_MS), paged: !timeFrame };
  if (window.to <= window.from) return businessError(400, 'createdAtFrom must be before createdAtTo.');
  const longest = timeFrame ? DAY_MS : MAX_RANGE_DAYS * DAY_MS;
  if (window.to - window.from > longest) {
    return businessError(400, timeFrame ? 'The search window must be 24 hours or less.' : `The search range must be ${MAX_RANGE_DAYS} days or less.`);
  }
  return window;
}

function readStatus(req: SandboxRequest): OrderSheetStatus | Reply {
  const status = req.query.get('status') ?? '';
  if ((ORDER_SHEET_STATUSES as readonly string[]).includes(status)) return status as OrderSheetStatus;
  return businessError(400, `status must be one of ${ORDER_SHEET_STATUSES.join(', ')}, but got "${status}".`);
}

export function readPaging(req: SandboxRequest): { perPage: number; after: number } | Reply {
  const perPageText = req.query.get('maxPerPage');
  const perPage = perPageText === null ? DEFAULT_PER_PAGE : Number(perPageText);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    return businessError(400, `maxPerPage must be an integer from 1 to ${MAX_PER_PAGE}, but got "${perPageText}".`);
  }
  const token = req.query.get('nextToken') ?? '';
  if (token !== '' && !/^\d+$/.test(token)) return businessError(400, `nextToken "${token}" is not valid.`);
  return { perPage, after: token === '' ? 0 : Number(token) };
}

export const isReply = (value: unknown): value is Reply => typeof value === 'object' && value !== null && 'status' in value && typeof (value as Reply).status === 'number';

export function listOrderSheets(state: SandboxState, req: SandboxRequest): Reply {
  cancelUnacknowledged(state);
  const window = readWindow(req);
  if (isReply(window)) return window;
  const status = readStatus(req);
  if (typeof status !== 'string') return status;
  const matching = [...coupangStore(state).sheets.values()]
    .filter((s) => s.vendorId === req.params.vendorId && s.status === status && s.canceledAt === null)
    .filter((s) => s.orderedAt >= window.from && s.orderedAt < window.to)
    .sort((a, b) => a.shipmentBoxId - b.shipmentBoxId);
  if (!window.paged) return ok(matching.map(presentSheet));
  const paging = readPaging(req);
  if (isReply(paging)) return paging;
  // The token is the first shipmentBoxId of the next page: stable while boxes change status between pages.
  const rest = matching.filter((s) => s.shipmentBoxId >= paging.after);
  const page = rest.slice(0, paging.perPage);
  const next = rest[paging.perPage];
  return ok(page.map(presentSheet), { nextToken: next ? String(next.shipmentBoxId) : '' });
}

export function findSheet(state: SandboxState, vendorId: string, shipmentBoxId: unknown): OrderSheet | undefined {
  const sheet = coupangStore(state).sheets.get(Number(shipmentBoxId));
  return sheet && sheet.vendorId === vendorId ? sheet : undefined;
}

export function getOrderSheet(state: SandboxState, req: SandboxRequest): Reply {
  cancelUnacknowledged(state);
  const sheet = /^\d+$/.test(req.params.shipmentBoxId) ? findSheet(state, req.params.vendorId, req.params.shipmentBoxId) : undefined;
  // UNVERIFIED: the not-found status and text of the single lookup.
  if (!sheet) return businessError(404, `shipmentBoxId (${req.params.shipmentBoxId}) is not found.`);
  return ok(presentSheet(sheet));
}
