// Cafe24's item statuses onto opsgraph's claim model: every documented C, R and E order_status, and the order status.
import type { Cafe24Order, Cafe24OrderItem } from '../../../providers/cafe24';
import { OrderStatus } from '../../../platform/graphql/enums';
import { ClaimStatus, ClaimType } from '../schema/claims';
import { CAFE24_CLAIM_STATUS, cafe24ClaimedStatus, cafe24ItemClaim, isClaimStatus } from './cafe24-claims';
import { toIncoming } from './cafe24';

const { CANCEL, RETURN, EXCHANGE } = ClaimType;
const { REQUESTED, COLLECTING, COLLECTED, IN_PROGRESS, COMPLETED, REJECTED } = ClaimStatus;

/** Retrieve a list of orders, order_status: every C, R and E code the page lists, and the claim it is. */
const DOCUMENTED: Record<string, [ClaimType, ClaimStatus]> = {
  C00: [CANCEL, REQUESTED], C10: [CANCEL, IN_PROGRESS], C11: [CANCEL, REJECTED],
  C34: [CANCEL, IN_PROGRESS], C35: [CANCEL, IN_PROGRESS], C36: [CANCEL, IN_PROGRESS],
  C40: [CANCEL, COMPLETED], C41: [CANCEL, COMPLETED], C42: [CANCEL, COMPLETED], C43: [CANCEL, COMPLETED],
  C47: [CANCEL, COMPLETED], C48: [CANCEL, COMPLETED], C49: [CANCEL, COMPLETED],
  R00: [RETURN, REQUESTED], R10: [RETURN, COLLECTING], R11: [RETURN, REJECTED], R12: [RETURN, IN_PROGRESS],
  R13: [RETURN, COLLECTED], R20: [RETURN, COLLECTED], R30: [RETURN, COLLECTING], R31: [RETURN, COLLECTED],
  R34: [RETURN, IN_PROGRESS], R36: [RETURN, IN_PROGRESS],
  R40: [RETURN, COMPLETED], R41: [RETURN, COMPLETED], R42: [RETURN, COMPLETED], R43: [RETURN, COMPLETED],
  E00: [EXCHANGE, REQUESTED], E10: [EXCHANGE, COLLECTING], E11: [EXCHANGE, REJECTED], E12: [EXCHANGE, IN_PROGRESS],
  E13: [EXCHANGE, COLLECTED], E20: [EXCHANGE, IN_PROGRESS], E30: [EXCHANGE, COLLECTING], E31: [EXCHANGE, COLLECTED],
  E32: [EXCHANGE, IN_PROGRESS], E33: [EXCHANGE, IN_PROGRESS], E34: [EXCHANGE, IN_PROGRESS], E35: [EXCHANGE, IN_PROGRESS],
  E36: [EXCHANGE, IN_PROGRESS], E40: [EXCHANGE, COMPLETED], E41: [EXCHANGE, REJECTED], E50: [EXCHANGE, REJECTED], E51: [EXCHANGE, REJECTED],
};

const item = (over: Partial<Cafe24OrderItem> = {}): Cafe24OrderItem => ({
  item_no: 1, order_item_code: '20190607-0000018-01', product_no: 14, product_code: 'P000000N', product_name: 'iPhone X', quantity: 1,
  product_price: '30000.00', order_status: 'N20', shipping_company_code: null, shipping_company_name: null, tracking_no: null, ...over,
});

const order = (items: Cafe24OrderItem[]): Cafe24Order => ({
  shop_no: 1, currency: 'KRW', order_id: '20190607-0000018', market_id: 'self', member_id: 'm', billing_name: 'Test', payment_method: ['card'],
  paid: 'T', canceled: 'F', order_date: '2019-06-07T15:55:51+09:00', payment_date: null, payment_amount: '30000.00', shipping_status: 'F',
  order_place_id: 'self', initial_order_amount: {}, actual_order_amount: { payment_amount: '30000.00' }, items,
});

const ORDERED = new Date('2019-06-07T06:55:51Z');

test('every documented C, R and E order_status maps to its claim', () => {
  expect(CAFE24_CLAIM_STATUS).toEqual(DOCUMENTED);
  for (const [code, [type, status]] of Object.entries(DOCUMENTED)) {
    expect(isClaimStatus(code)).toBe(true);
    expect(cafe24ItemClaim(item({ order_status: code }), ORDERED)).toMatchObject({ type, status, marketplaceStatus: code });
  }
  // A code Cafe24 adds later reads as requested, of its letter's type: shown, never taken for finished.
  expect(cafe24ItemClaim(item({ order_status: 'R99' }), ORDERED)).toMatchObject({ type: RETURN, status: REQUESTED });
  // N codes (N01 is the replacement item of an exchange) are no claim.
  for (const code of ['N00', 'N01', 'N10', 'N20', 'N40']) expect(isClaimStatus(code)).toBe(false);
});

test("a claim's reason, date (the request date, Korean time) and item code", () => {
  const claimed = item({ order_status: 'C00', claim_code: 'C20190610-0000001', claim_reason_type: 'A', claim_reason: '단순 변심', cancel_request_date: '2019-06-10T10:00:00+09:00' });
  expect(cafe24ItemClaim(claimed, ORDERED)).toEqual({
    type: CANCEL, status: REQUESTED, marketplaceStatus: 'C00', reason: 'A: 단순 변심', requestedAt: '2019-06-10T01:00:00.000Z', externalLineId: '20190607-0000018-01',
  });
  // Without a request date the order's date stands in.
  expect(cafe24ItemClaim(item({ order_status: 'R00' }), ORDERED)).toMatchObject({ reason: null, requestedAt: ORDERED.toISOString() });
});

test('the order status: an open claim asks the seller, all items cancelled is CANCELLED, a refused claim leaves the items as they were', () => {
  const open = toIncoming(order([item({ order_status: 'C00', order_status_before_cs: 'N10' }), item({ item_no: 2, order_item_code: '20190607-0000018-02', order_status: 'C00', order_status_before_cs: 'N10' })]));
  expect(open).toMatchObject({
    status: OrderStatus.CANCEL_REQUESTED, marketplaceStatus: 'C00',
    marketplaceData: { claimItems: [{ orderItemCode: '20190607-0000018-01', quantity: 1, status: 'C00' }, { orderItemCode: '20190607-0000018-02', quantity: 1, status: 'C00' }] },
  });
  expect(toIncoming(order([item({ order_status: 'C40' })])).status).toBe(OrderStatus.CANCELLED);
  // One item of two cancelled: the other one's status stands.
  expect(toIncoming(order([item({ order_status: 'C40' }), item({ item_no: 2, order_item_code: 'x-02', order_status: 'N20' })])).status).toBe(OrderStatus.PREPARING);
  expect(toIncoming(order([item({ order_status: 'C11', order_status_before_cs: 'N10' })])).status).toBe(OrderStatus.PAID);
  expect(toIncoming(order([item({ order_status: 'R10', order_status_before_cs: 'N40' })])).status).toBe(OrderStatus.RETURN_REQUESTED);
  expect(toIncoming(order([item({ order_status: 'R40', order_status_before_cs: 'N40' })])).status).toBe(OrderStatus.RETURNED);
  expect(toIncoming(order([item({ order_status: 'R11', order_status_before_cs: 'N40' })])).status).toBe(OrderStatus.DELIVERED);
  expect(toIncoming(order([item({ order_status: 'E00', order_status_before_cs: 'N40' })])).status).toBe(OrderStatus.EXCHANGE_REQUESTED);
  expect(cafe24ClaimedStatus(OrderStatus.DELIVERED, [cafe24ItemClaim(item({ order_status: 'E40' }), ORDERED)], 1)).toBe(OrderStatus.EXCHANGED);
  // Without claims: no claims and no claim records.
  expect(toIncoming(order([item()]))).toMatchObject({ status: OrderStatus.PREPARING, claims: [], marketplaceData: {} });
});
