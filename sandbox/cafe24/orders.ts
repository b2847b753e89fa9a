// Cafe24 order search (providers/cafe24/README.md "Orders" and "Pagination"): date window of at most 3 months,
// date_type, limit/offset paging, embed=items; also /orders/count and /orders/{order_id}.
import { json, type Reply, type SandboxRequest } from '../http';
import type { Order, SandboxState } from '../state';
import { addKstMonths, DAY_MS, parseKstDateParam } from '../time';
import { adminError } from './errors';
import { presentOrder } from './present';
import { itemStatus } from './claims';

const DATE_FIELDS = {
  order_date: (o: Order) => o.orderDate,
  pay_date: (o: Order) => o.paymentDate,
  updated_date: (o: Order) => o.updatedDate,
  shipbegin_date: (o: Order) => o.shipBeginDate,
  shipend_date: (o: Order) => o.shipEndDate,
} as const;
type DateType = keyof typeof DATE_FIELDS;

interface OrderSearch {
  dateOf: (o: Order) => number | null;
  from?: number;
  until?: number; // exclusive
  orderIds?: Set<string>;
  statuses?: Set<string>;
  limit: number;
  offset: number;
}

const invalid = (field: string, rule: string) => adminError(422, `Invalid parameter. (${field}) ${rule}`);
const csv = (value: string | null) => (value ? new Set(value.split(',').map((s) => s.trim()).filter(Boolean)) : undefined);

function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number | Reply {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? value : invalid(name, `must be an integer from ${min} to ${max}`);
}

function parseSearch(q: URLSearchParams): OrderSearch | Reply {
  const dateType = (q.get('date_type') ?? 'order_date') as DateType;
  if (!(dateType in DATE_FIELDS)) return invalid('date_type', `must be one of ${Object.keys(DATE_FIELDS).join(', ')}`);
  const limit = intParam(q, 'limit', 10, 1, 1000);
  if (typeof limit !== 'number') return limit;
  const offset = intParam(q, 'offset', 0, 0, 15000);
  if (typeof offset !== 'number') return offset;
  const orderIds = csv(q.get('order_id'));
  const search: OrderSearch = { dateOf: DATE_FIELDS[dateType], orderIds, statuses: csv(q.get('order_status')), limit, offset };
  const startRaw = q.get('start_date');
  const endRaw = q.get('end_date');
  // Cafe24 requires the window unless specific orders are asked for by id.
  if (!orderIds && (!startRaw || !endRaw)) return invalid(startRaw ? 'end_date' : 'start_date', 'is required');
  if (!startRaw || !endRaw) return search;
  const start = parseKstDateParam(startRaw);
  if (!start) return invalid('start_date', 'must be YYYY-MM-DD or an ISO 8601 datetime');
  const end = parseKstDateParam(endRaw);
  if (!end) return invalid('end_date', 'must be YYYY-MM-DD or an ISO 8601 datetime');
  // A date-only end_date means "through that whole day".
  const until = end.dateOnly ? end.ms + DAY_MS : end.ms + 1;
  if (until <= start.ms) return invalid('end_date', 'must not be before start_date');
  if (until - 1 > addKstMonths(start.ms, 3) + (end.dateOnly ? DAY_MS : 0)) return invalid('end_date', 'the search period cannot exceed 3 months');
  return { ...search, from: start.ms, until };
}

function matching(state: SandboxState, s: OrderSearch): Order[] {
  return state.orders
    .filter((o) => {
      const at = s.dateOf(o);
      if (s.from !== undefined && (at === null || at < s.from || at >= s.until!)) return false;
      if (s.orderIds && !s.orderIds.has(o.orderId)) return false;
      if (s.statuses && !o.items.some((i) => s.statuses!.has(itemStatus(state, o, i)))) return false;
      return true;
    })
    .sort((a, b) => (s.dateOf(a) ?? 0) - (s.dateOf(b) ?? 0) || a.orderId.localeCompare(b.orderId));
}

const embedsItems = (q: URLSearchParams) => (q.get('embed') ?? '').split(',').includes('items');

export function listOrders(state: SandboxState, req: SandboxRequest): Reply {
  const search = parseSearch(req.query);
  if ('status' in search) return search;
  const page = matching(state, search).slice(search.offset, search.offset + search.limit);
  return json(200, { orders: page.map((o) => presentOrder(state, o, embedsItems(req.query))) });
}

export function countOrders(state: SandboxState, req: SandboxRequest): Reply {
  const search = parseSearch(req.query);
  if ('status' in search) return search;
  return json(200, { count: matching(state, search).length });
}

export function getOrder(state: SandboxState, req: SandboxRequest): Reply {
  const order = state.ordersById.get(req.params.order_id);
  if (!order) return adminError(404, `No order found with order_id ${req.params.order_id}.`);
  return json(200, { order: presentOrder(state, order, embedsItems(req.query)) });
}
