// Cafe24 claims, providers/cafe24/README.md "Claims": an item's claim shows as its order_status (C, R, E codes) with
// claim_code and reason; Create multiple order cancellations / returns and Reject a cancellation / return request
// answer them; `POST /__sandbox/orders` kinds cancel_request, return_request, exchange_request, return_collected make
// buyers (and the carrier) act. UNVERIFIED: the HTTP status of the claim writes (201 for creations, 200 for the
// rejections, as Cafe24's other writes answer) and that a refused request leaves the item in C11 / R11.
import { json, type Reply, type SandboxRequest } from '../http';
import type { Order, OrderItem, SandboxState } from '../state';
import { kstCompactDate } from '../time';
import { adminError } from './errors';
import { cafe24Store, type Cafe24Claim } from './store';

const invalid = (field: string, rule: string) => adminError(422, `Invalid parameter. (${field}) ${rule}`);
export const itemCode = (orderId: string, itemNo: number) => `${orderId}-${String(itemNo).padStart(2, '0')}`;

export function claimOf(state: SandboxState, order: Order, item: OrderItem): Cafe24Claim | undefined {
  return cafe24Store(state).claims.get(itemCode(order.orderId, item.itemNo));
}

/** The item's order_status as Cafe24 prints it: its claim's code while it has one. */
export const itemStatus = (state: SandboxState, order: Order, item: OrderItem): string => claimOf(state, order, item)?.status ?? item.status;

function newClaimCode(state: SandboxState, letter: Cafe24Claim['kind']): string {
  const store = cafe24Store(state);
  store.claimSeq += 1;
  return `${letter}${kstCompactDate(state.clock.now())}-${String(store.claimSeq).padStart(7, '0')}`;
}

function fileClaim(state: SandboxState, order: Order, kind: Cafe24Claim['kind'], status: string, reason: [string, string]): string {
  const now = state.clock.now();
  const claimCode = newClaimCode(state, kind);
  for (const item of order.items) {
    cafe24Store(state).claims.set(itemCode(order.orderId, item.itemNo), {
      kind, status, claimCode, reasonType: reason[0], reason: reason[1], quantity: item.quantity, requestedAt: now, doneAt: null, before: item.status,
    });
  }
  order.updatedDate = now;
  return order.orderId;
}

/** Orders without a claim whose every item is in one of `statuses`, the newest change first. */
function candidates(state: SandboxState, statuses: string[], count: number): Order[] {
  return state.orders
    .filter((o) => o.items.every((item) => !claimOf(state, o, item) && statuses.includes(item.status)))
    .sort((a, b) => b.updatedDate - a.updatedDate || b.orderId.localeCompare(a.orderId))
    .slice(0, count);
}

/** The buyer asks to cancel paid orders not shipped yet: 취소신청 (C00) on every item. */
export const requestCafe24Cancellations = (state: SandboxState, count: number) =>
  candidates(state, ['N10', 'N20'], count).map((o) => fileClaim(state, o, 'C', 'C00', ['A', '단순 변심']));

/** The buyer returns delivered orders: 반품신청 (R00) on every item. */
export const requestCafe24Returns = (state: SandboxState, count: number) =>
  candidates(state, ['N40'], count).map((o) => fileClaim(state, o, 'R', 'R00', ['E', '상품 불만족']));

/** The buyer asks to exchange delivered orders: 교환신청 (E00). */
export const requestCafe24Exchanges = (state: SandboxState, count: number) =>
  candidates(state, ['N40'], count).map((o) => fileClaim(state, o, 'E', 'E00', ['A', '사이즈 변경']));

/** The carrier brings accepted returns back (반품접수 R10 → 반품 수거 완료 R20), the oldest first. */
export function collectCafe24Returns(state: SandboxState, count: number): string[] {
  const store = cafe24Store(state);
  const orders = state.orders.filter((o) => o.items.some((item) => claimOf(state, o, item)?.status === 'R10')).slice(0, count);
  for (const order of orders) {
    for (const item of order.items) {
      const claim = claimOf(state, order, item);
      if (claim?.status === 'R10') store.claims.set(itemCode(order.orderId, item.itemNo), { ...claim, status: 'R20' });
    }
    order.updatedDate = state.clock.now();
  }
  return orders.map((o) => o.orderId);
}

type Requests = Array<Record<string, unknown>>;

function requestsOf(req: SandboxRequest): Requests | Reply {
  let body: { requests?: unknown };
  try {
    body = JSON.parse(req.body || '{}') as typeof body;
  } catch {
    return adminError(400, 'The request body is not valid JSON.');
  }
  if (!Array.isArray(body.requests) || body.requests.length === 0) return invalid('requests', 'is required');
  if (body.requests.length > 100) return invalid('requests', 'can hold at most 100 requests');
  return body.requests as Requests;
}

/** The items a request names (`items[{order_item_code, quantity}]` or `order_item_code[]`), or why not. */
function namedItems(state: SandboxState, request: Record<string, unknown>, codes: unknown): { order: Order; items: OrderItem[] } | Reply {
  const order = typeof request.order_id === 'string' ? state.ordersById.get(request.order_id) : undefined;
  if (!order) return adminError(404, `No order found with order_id ${String(request.order_id)}.`);
  if (!Array.isArray(codes) || codes.length === 0) return invalid('order_item_code', 'is required');
  const items = codes.map((code) => order.items.find((item) => itemCode(order.orderId, item.itemNo) === code));
  if (items.some((item) => !item)) return invalid('order_item_code', `must be item codes of order ${order.orderId}`);
  return { order, items: items as OrderItem[] };
}

const isReply = (value: unknown): value is Reply => typeof value === 'object' && value !== null && 'status' in value && 'json' in value;

/**
 * Runs every request's check first and changes nothing if one fails (Cafe24 answers the call as a whole), then
 * applies them; each `apply` returns the request's answer.
 */
function batch(req: SandboxRequest, check: (r: Record<string, unknown>) => Reply | (() => unknown), status: number, key: string): Reply {
  const requests = requestsOf(req);
  if (!Array.isArray(requests)) return requests;
  const applies: Array<() => unknown> = [];
  for (const request of requests) {
    const checked = check(request);
    if (isReply(checked)) return checked;
    applies.push(checked);
  }
  const answers = applies.map((apply) => apply());
  return json(status, { [key]: answers });
}

const codesOfItems = (request: Record<string, unknown>) =>
  Array.isArray(request.items) ? request.items.map((i: { order_item_code?: unknown }) => i?.order_item_code) : request.items;

const CANCEL_STATUS: Record<string, string> = { accepted: 'C10', canceling: 'C34', canceled: 'C40' };

/** Create multiple order cancellations: a requested (C00, C10) item or one not shipped yet (N00-N20). */
export function createCancellations(state: SandboxState, req: SandboxRequest): Reply {
  return batch(req, (request) => {
    const code = CANCEL_STATUS[String(request.status)];
    if (!code) return invalid('status', 'must be accepted, canceling or canceled');
    const named = namedItems(state, request, codesOfItems(request));
    if (isReply(named)) return named;
    const blocked = named.items.find((item) => !['C00', 'C10', 'C34', 'N00', 'N10', 'N20'].includes(itemStatus(state, named.order, item)));
    if (blocked) return adminError(422, `The order item ${itemCode(named.order.orderId, blocked.itemNo)} cannot be cancelled in status ${itemStatus(state, named.order, blocked)}.`);
    return () => settle(state, named.order, named.items, 'C', code, code === 'C40', { status: request.status });
  }, 201, 'cancellation');
}

/** Create multiple order returns: a requested or accepted (R00-R31) return, or a shipped item the seller takes back. */
export function createReturns(state: SandboxState, req: SandboxRequest): Reply {
  return batch(req, (request) => {
    const collected = request.pickup_completed === 'T';
    const code = { accepted: collected ? 'R13' : 'R10', processing: collected ? 'R31' : 'R30', returned: 'R40' }[String(request.status)];
    if (!code) return invalid('status', 'must be accepted, processing or returned');
    const named = namedItems(state, request, codesOfItems(request));
    if (isReply(named)) return named;
    const blocked = named.items.find((item) => !['R00', 'R10', 'R12', 'R13', 'R20', 'R30', 'R31', 'N30', 'N40'].includes(itemStatus(state, named.order, item)));
    if (blocked) return adminError(422, `The order item ${itemCode(named.order.orderId, blocked.itemNo)} cannot be returned in status ${itemStatus(state, named.order, blocked)}.`);
    return () => settle(state, named.order, named.items, 'R', code, code === 'R40', { status: request.status, pickup_completed: collected ? 'T' : 'F' });
  }, 201, 'return');
}

/** Reject a cancellation / return request: only a buyer's request still unanswered (C00 / R00). */
function rejectRequests(state: SandboxState, req: SandboxRequest, requested: string, refused: string, key: string, extra: (codes: string[]) => object): Reply {
  return batch(req, (request) => {
    if (request.undone !== 'T') return invalid('undone', 'must be T');
    const named = namedItems(state, request, request.order_item_code);
    if (isReply(named)) return named;
    const blocked = named.items.find((item) => itemStatus(state, named.order, item) !== requested);
    if (blocked) return adminError(422, `The order item ${itemCode(named.order.orderId, blocked.itemNo)} has no request to reject (status ${itemStatus(state, named.order, blocked)}).`);
    return () => {
      const codes = named.items.map((item) => itemCode(named.order.orderId, item.itemNo));
      settle(state, named.order, named.items, refused[0] as Cafe24Claim['kind'], refused, true, {});
      return { shop_no: 1, order_id: named.order.orderId, undone: 'T', order_item_code: codes, ...extra(codes) };
    };
  }, 200, key);
}

export const rejectCancellationRequests = (state: SandboxState, req: SandboxRequest) => rejectRequests(state, req, 'C00', 'C11', 'cancellationrequests', () => ({}));
export const rejectReturnRequests = (state: SandboxState, req: SandboxRequest) =>
  rejectRequests(state, req, 'R00', 'R11', 'returnrequests', (codes) => ({ additional_payment_gateway_cancel: { success: codes, fail: null } }));

/** Moves the items' claim (or a new one the seller opens) to `status`; answers the documented result element. */
function settle(state: SandboxState, order: Order, items: OrderItem[], kind: Cafe24Claim['kind'], status: string, done: boolean, echo: Record<string, unknown>) {
  const store = cafe24Store(state);
  const now = state.clock.now();
  const existing = claimOf(state, order, items[0]);
  const claimCode = existing?.claimCode ?? newClaimCode(state, kind);
  for (const item of items) {
    const claim = claimOf(state, order, item);
    store.claims.set(itemCode(order.orderId, item.itemNo), {
      kind, claimCode, reasonType: claim?.reasonType ?? 'I', reason: claim?.reason ?? '', quantity: item.quantity,
      requestedAt: claim?.requestedAt ?? now, before: claim?.before ?? item.status, status, doneAt: done ? now : null,
    });
  }
  order.updatedDate = now;
  return {
    shop_no: 1, order_id: order.orderId, ...echo, claim_code: claimCode,
    items: items.map((item) => ({ order_item_code: itemCode(order.orderId, item.itemNo), quantity: item.quantity })),
  };
}
